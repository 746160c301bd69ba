"""park_cppc: T/CPPC《工业园区清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Everything the standard says lives in ``data/``; this module only names the Python parts (formulas,
checks, report renderers), imported when their hooks first run.
"""
from __future__ import annotations

from cpframework.api import DataPlugin

from .formulas import FORMULAS

plugin = DataPlugin(__package__, formulas=FORMULAS, checks=".checks:CHECKS", renderers=".report:RENDERERS",
                    validate=".analysis:validate", evaluate=".analysis:evaluate")

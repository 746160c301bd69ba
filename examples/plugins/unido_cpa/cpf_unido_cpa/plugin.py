"""The entry point ``unido_cpa``: data files plus formulas, report renderers and status checks."""
from __future__ import annotations

from cpframework.api import DataPlugin

from .checks import CHECKS
from .formulas import FORMULAS
from .report import RENDERERS

plugin = DataPlugin(__package__, formulas=FORMULAS, renderers=RENDERERS, checks=CHECKS)

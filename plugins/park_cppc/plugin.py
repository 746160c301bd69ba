"""park_cppc: T/CPPC《工业园区清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Everything the standard says lives in ``data/``; this module only wires formulas, report
renderers and the park-specific checks to the hooks.
"""
from __future__ import annotations

from typing import Any

from cpframework.plugin import DataPlugin
from cpframework.service import selection_problems

from . import analysis
from .formulas import FORMULAS


def evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    return {
        "focus_candidates": analysis.focus_candidates(evaluation),
        "targets": analysis.target_rows(standard, project, evaluation),
        "selection_problems": [p.text() for p in selection_problems(standard, project)],
    }


plugin = DataPlugin(__package__, formulas=FORMULAS, checks=analysis.CHECKS, renderers=".report:RENDERERS",
                    validate=analysis.validate, evaluate=evaluate)

"""park_cppc: T/CPPC《工业园区清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Everything the standard says lives in ``data/``; this module only wires formulas, report
renderers and the park-specific checks to the hooks.
"""
from __future__ import annotations

from typing import Any

from cpframework import hookimpl
from cpframework.plugin import DataPlugin
from cpframework.service import selection_problems

from . import analysis
from .formulas import FORMULAS

STANDARD = "park_cppc"


def _renderers() -> dict[str, Any]:
    from .report import RENDERERS  # imported lazily: report code pulls in python-docx helpers

    return RENDERERS


class ParkPlugin(DataPlugin):
    @hookimpl
    def cpf_section_renderers(self):  # type: ignore[override]
        self.renderers = _renderers()
        yield from super().cpf_section_renderers()

    @hookimpl
    def cpf_validate_project(self, standard: Any, project: Any) -> list[Any] | None:
        if standard.id != STANDARD:
            return None
        return analysis.validate(standard, project)

    @hookimpl
    def cpf_evaluate(self, standard: Any, project: Any, evaluation: Any) -> dict[str, Any] | None:
        if standard.id != STANDARD:
            return None
        return {
            "focus_candidates": analysis.focus_candidates(evaluation),
            "targets": analysis.target_rows(standard, project, evaluation),
            "selection_problems": [p.text() for p in selection_problems(standard, project)],
        }


plugin = ParkPlugin(__package__, formulas=FORMULAS, checks=analysis.CHECKS)

"""industry_cppc: T/CPPC XXXX-2024《行业整体清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Stages, tables, focus rules and the industry evaluation system are data (``data/``).  The per-enterprise
evaluation does not use the core ``cpf_indicators`` mechanism (one subject per project): it runs in
``cpf_evaluate`` over all enterprises at once (:func:`evaluation.evaluate_enterprises`, vectorised).
"""
from __future__ import annotations

from typing import Any

from cpframework import hookimpl
from cpframework.plugin import DataPlugin

from . import analysis
from .checks import CHECKS

STANDARD = "industry_cppc"


def _renderers() -> dict[str, Any]:
    from .report import RENDERERS  # lazily: report code pulls in python-docx helpers

    return RENDERERS


class IndustryPlugin(DataPlugin):
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
        return analysis.views(analysis.run(project))


plugin = IndustryPlugin(__package__, checks=CHECKS)

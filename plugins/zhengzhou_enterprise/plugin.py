"""zhengzhou_enterprise: DB4101/T 61—2023《工业企业清洁生产审核 报告编制技术规范》.

The standard lives in ``data/`` (stages, table schemas, report outlines, typesetting); this module
wires the computations (consumption, options, roll-ups, targets), checks and report renderers.
"""
from __future__ import annotations

from typing import Any

from cpframework import hookimpl
from cpframework.plugin import DataPlugin

from . import analysis, views

STANDARD = "zhengzhou_enterprise"


class EnterprisePlugin(DataPlugin):
    @hookimpl
    def cpf_section_renderers(self):  # type: ignore[override]
        from .report import RENDERERS  # lazily: report code pulls in python-docx helpers

        self.renderers = RENDERERS
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
        return views.evaluate(project)


plugin = EnterprisePlugin(__package__, checks=analysis.CHECKS)

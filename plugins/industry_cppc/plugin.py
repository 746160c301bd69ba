"""industry_cppc: T/CPPC XXXX-2024《行业整体清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Stages, tables, focus rules and the industry evaluation systems are data (``data/``, ``data/systems/``).
The evaluation systems are declared through ``cpf_indicator_systems`` (``cpaudit show industry_cppc`` lists
them); each enterprise of the project is graded by the core's 通则 method in ``cpf_evaluate``
(:func:`evaluation.evaluate_enterprises`, vectorised), and ``cpaudit screen`` runs the same grading.
"""
from __future__ import annotations

from cpframework.api import DataPlugin

from .formulas import FORMULAS

plugin = DataPlugin(__package__, formulas=FORMULAS, checks=".checks:CHECKS", renderers=".report:RENDERERS",
                    validate=".analysis:validate", evaluate=".analysis:evaluate",
                    systems=".system:bundled_systems", screener=".screening:SCREENER")

"""industry_cppc: T/CPPC XXXX-2024《行业整体清洁生产审核指南》(征求意见稿) as a cpframework plugin.

Stages, tables, focus rules and the industry evaluation system are data (``data/``).  The per-enterprise
evaluation does not use the core ``cpf_indicators`` mechanism (one subject per project): it runs in
``cpf_evaluate`` over all enterprises at once (:func:`evaluation.evaluate_enterprises`, vectorised).
"""
from __future__ import annotations

from cpframework.api import DataPlugin

plugin = DataPlugin(__package__, checks=".checks:CHECKS", renderers=".report:RENDERERS",
                    validate=".analysis:validate", evaluate=".analysis:evaluate")

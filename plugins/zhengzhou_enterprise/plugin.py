"""zhengzhou_enterprise: DB4101/T 61—2023《工业企业清洁生产审核 报告编制技术规范》.

The standard lives in ``data/`` (stages, table schemas, report outlines, typesetting); the computations
(consumption, options, roll-ups, targets), checks and report renderers are imported when first used.
"""
from __future__ import annotations

from cpframework.api import DataPlugin

plugin = DataPlugin(__package__, checks=".analysis:CHECKS", renderers=".report:RENDERERS",
                    validate=".analysis:validate", evaluate=".views:cpf_evaluate")

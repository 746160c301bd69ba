"""yunnan_park: 云南省环境科学学会团体标准《产业园区清洁生产审核指南》（据编制说明重建）.

Data in ``data/``; formulas in :mod:`.formulas` (reusing park_cppc's), the key-enterprise list in
:mod:`.keylist` (pure), results in :mod:`.results`, step checks in :mod:`.checks`, CLI commands in
:mod:`.commands`, report renderers in :mod:`.report`.
"""
from __future__ import annotations

from cpframework.api import DataPlugin

from .formulas import FORMULAS

plugin = DataPlugin(__package__, formulas=FORMULAS, checks=".checks:CHECKS", renderers=".report:RENDERERS",
                    validate=".analysis:validate", evaluate=".evaluation:evaluate", commands=".commands:COMMANDS",
                    screener=".screening:SCREENER")

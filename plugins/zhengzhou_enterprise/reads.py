"""Which workbook tables the calculation helpers read, for the ``@uses`` declarations of renderers and
status checks (the standard contract: every table is used by something that says so)."""
from __future__ import annotations

TARGETS = ("D.24", "benefits", "D.12")                    # targets.targets: 表D.24, 预期效益, 折标系数（节能）
EXCEEDANCES = ("D.18", "D.20", "D.23")                    # targets.exceedances: 超标、超总量
FOCUS = ("focus_weights", "focus_scores")                 # targets.focus_ranking
FEASIBLE = ("options", "feasibility")                     # options.feasibility / feasible_options
SUMMARY = (*FEASIBLE, "benefits", "D.12")                 # rollups.implementation_summary / sums（节能折标）

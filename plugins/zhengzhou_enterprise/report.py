"""Section renderers of the two report kinds (data/reports/audit.toml, acceptance.toml)."""
from __future__ import annotations

from . import report_accept as ac
from . import report_audit as au
from . import report_e4 as e4
from . import report_env as ev
from . import report_numbering as nb
from . import report_pre as pr

RENDERERS = {
    "previous_options": pr.previous_options, "teams": pr.teams, "work_plan": pr.work_plan, "basic_info": pr.basic_info,
    # materials also writes 表D.9 (toxic flag) and the heavy-metal balance (heavy_metal flag), 6.5.1.2.4 c)
    "equipment": pr.equipment, "products": pr.products, "materials": pr.materials, "water": pr.water, "energy": pr.energy,
    "comprehensive": pr.comprehensive,
    "compliance": ev.compliance, "measures": ev.measures, "wastewater": ev.wastewater, "exhaust": ev.exhaust,
    "solid_waste": ev.solid_waste, "noise": ev.noise, "totals": ev.totals, "cp_level": ev.cp_level,
    "cp_level_after": ev.cp_level_after, "focus_candidates": ev.focus_candidates, "focus": ev.focus,
    "targets": ev.targets, "pre_options": ev.pre_options, "audit_options": ev.audit_options,
    "meters": au.meters, "balances": au.balances, "diagnosis": au.diagnosis, "expert_opinions": au.expert_opinions,
    "classification": au.classification, "screening": au.screening, "development": au.development,
    "feasibility": au.feasibility, "expected_completion": au.expected_completion, "implemented_results": au.implemented_results,
    "schedule": au.schedule, "summary_table": au.summary_table, "archive": au.archive,
    "implementation": ac.implementation, "low_results": ac.low_results, "high_results": ac.high_results,
    "benefit_summary": ac.benefit_summary, "before_after": ac.before_after, "target_completion": ac.target_completion,
    "continuous_plan": ac.continuous_plan, "commitment_company": ac.commitment_company, "expert_info": ac.expert_info,
    "commitment_consultant": ac.commitment_consultant, "certificates": ac.certificates,
    "numbering_note": nb.numbering_note, "suggestions": ac.suggestions, "site_log": ac.site_log, "expert_form": ac.expert_form, "performance": e4.performance,
}

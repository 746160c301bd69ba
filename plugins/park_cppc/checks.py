"""The checks that mark steps of 5.1–5.4 done (``done_when`` kind ``check`` in ``data/stages.toml``): each
returns None when the step's analysis is complete, else what is missing, in Chinese."""
from __future__ import annotations

from typing import Any

from .analysis import LEVELS
from .carriers import check_enterprise_carriers
from .findings import check_findings_aspects, check_flows_computed, check_suggestion_levels
from .survey import check_survey_tables
from .team import check_team_enterprises


def check_focus_levels(project: Any, ev: Any) -> str | None:
    data = project.tables.get("focus")
    got = {r.get("level") for r in (data.rows if data else [])}
    missing = [lv for lv in LEVELS if lv not in got]
    return None if not missing else f"审核重点缺少{'、'.join(missing)}"


def check_targets_terms(project: Any, ev: Any) -> str | None:
    data = project.tables.get("targets")
    rows = data.rows if data else []
    if not rows:
        return "尚未设置清洁生产目标"
    partial = [str(r.get("name")) for r in rows if r.get("mid") is None or r.get("long") is None]
    return None if not partial else f"以下目标缺中期或远期目标值：{'、'.join(partial[:3])}"


def check_options_levels(project: Any, ev: Any) -> str | None:
    data = project.tables.get("options")
    got = {r.get("level") for r in (data.rows if data else [])}
    missing = [lv for lv in LEVELS if lv not in got]
    return None if not missing else f"方案汇总缺少{'、'.join(missing)}的方案"


def check_options_screened(project: Any, ev: Any) -> str | None:
    data = project.tables.get("options")
    rows = data.rows if data else []
    if not rows:
        return "尚无方案"
    open_ = [str(r.get("name")) for r in rows if r.get("feasible") in (None, "待研究")]
    return None if not open_ else f"{len(open_)} 项方案尚未给出筛选结论：{'、'.join(open_[:3])}"


def check_selection(project: Any, ev: Any) -> str | None:
    bad = [r for r in ev.extra.get("selection_problems", [])]
    return None if not bad else f"指标选择不满足附件1 规则（{len(bad)} 处），运行 cpaudit check 查看"


def _open(ev: Any, *codes: str) -> list[Any]:
    return [p for p in ev.problems if p.code in codes]


def check_enterprise_list(project: Any, ev: Any) -> str | None:
    if not ev.extra.get("industries"):
        return "尚未填写“企业清单”，无法按行业、企业层面分析"
    missing = _open(ev, "park_total")
    return None if not missing else f"企业清单对应的园区总量缺 {len(missing)} 项"


def check_focus_justified(project: Any, ev: Any) -> str | None:
    bad = _open(ev, "focus") + [p for p in _open(ev, "target") if "短板" in p.message]
    return None if not bad else f"{len(bad)} 项短板指标或占比居首的行业未列为审核重点，运行 cpaudit check 查看"


def check_targets_linked(project: Any, ev: Any) -> str | None:
    bad = _open(ev, "target")
    return None if not bad else f"目标有 {len(bad)} 处问题（与审核重点的关联、逐期改善或取值），运行 cpaudit check 查看"


def check_options_linked(project: Any, ev: Any) -> str | None:
    from .options import option_problems

    bad = option_problems(None, project)
    return None if not bad else f"方案有 {len(bad)} 处问题（对应审核重点、效益数值），运行 cpaudit check 查看"


CHECKS = {
    "survey_tables": check_survey_tables,
    "enterprise_carriers": check_enterprise_carriers,
    "team_enterprises": check_team_enterprises,
    "flows_computed": check_flows_computed,
    "findings_aspects": check_findings_aspects,
    "suggestion_levels": check_suggestion_levels,
    "enterprise_list": check_enterprise_list,
    "focus_justified": check_focus_justified,
    "targets_linked": check_targets_linked,
    "options_linked": check_options_linked,
    "focus_levels": check_focus_levels,
    "targets_terms": check_targets_terms,
    "options_levels": check_options_levels,
    "options_screened": check_options_screened,
    "selection_rules": check_selection,
}

"""Status checks (``cpaudit status``): ``func(project, evaluation) -> None | what is missing``."""
from __future__ import annotations

from typing import Any

from cpframework.api import uses

from . import focus as focus_rules
from .analysis import PLAN_WORK
from .system import DIMENSIONS


def _rows(project: Any, table: str) -> list[dict[str, Any]]:
    data = project.tables.get(table)
    return list(data.rows) if data is not None else []


def statistical_period(project: Any, ev: Any) -> str | None:
    m = project.manifest
    return None if m.baseline == m.audit_year - 1 else f"统计期 {m.baseline} 年不是上一自然年（{m.audit_year - 1} 年）"


@uses("team")
def team_leader(project: Any, ev: Any) -> str | None:
    return None if any(r.get("role") == "组长" for r in _rows(project, "team")) else "表A.1 没有组长"


@uses("plan")
def plan_rows(project: Any, ev: Any) -> str | None:
    done = {r.get("work") for r in _rows(project, "plan") if r.get("finish") and r.get("owner")}
    missing = [w for w in PLAN_WORK if w not in done]
    return None if not missing else f"表A.2 缺少：{'、'.join(missing[:4])}" + ("等" if len(missing) > 4 else "")


@uses("checklist")
def checklist_complete(project: Any, ev: Any) -> str | None:
    data = project.tables.get("checklist")
    rows = {r["id"]: r for r in (data.rows if data else [])}
    schema = data.schema if data else None
    items = schema.items if schema else ()
    no = [i.id for i in items if rows.get(i.id, {}).get("value") is not True]
    no_evidence = [i.id for i in items if rows.get(i.id, {}).get("value") is True and not rows[i.id].get("note")]
    msgs = []
    if no:
        msgs.append(f"附录B 未收集：{'、'.join(no)}")
    if no_evidence:
        msgs.append(f"附录B 已收集但未注明佐证材料：{'、'.join(no_evidence)}")
    return "；".join(msgs) or None


@uses("focus")
def focus_covered(project: Any, ev: Any) -> str | None:
    m = project.manifest
    missing = focus_rules.missing_focus(m.flags, m.subject, _rows(project, "focus"))
    return "；".join(missing) or None


def enterprises_graded(project: Any, ev: Any) -> str | None:
    data = ev.extra.get("industry_evaluation")
    if not data:
        return "尚未完成企业评价（检查评价指标体系文件与“评价指标取值”表）"
    if not data["enterprises"]:
        return "企业一览表为空"
    ungraded = [e["id"] for e in data["enterprises"] if e.get("level") == "无法评定"]
    missing = [e["id"] for e in data["enterprises"] if e.get("missing")]  # graded 未达 only for want of data
    msgs = ([f"{len(ungraded)} 家企业无法评定：{'、'.join(ungraded[:5])}"] if ungraded else []) + \
           ([f"{len(missing)} 家企业有指标缺少取值（运行 cpaudit check 查看）：{'、'.join(missing[:5])}"] if missing else [])
    return "；".join(msgs) or None


@uses("findings")
def findings_dimensions(project: Any, ev: Any) -> str | None:
    rows = _rows(project, "findings")
    got = {r.get("dimension") for r in rows}
    missing = [d for d in DIMENSIONS if d not in got]
    no_method = sum(1 for r in rows if not r.get("method"))
    msgs = ([f"诊断发现缺少：{'、'.join(missing)}"] if missing else []) + \
           ([f"{no_method} 条诊断发现未注明方法"] if no_method else [])
    return "；".join(msgs) or None


@uses("focus", "targets")
def targets_linked(project: Any, ev: Any) -> str | None:
    focus_ids = {str(r.get("id")) for r in _rows(project, "focus")}
    bad = [str(r.get("seq")) for r in _rows(project, "targets")
           if str(r.get("focus")) not in focus_ids or not r.get("reference")]
    return None if not bad else f"目标 {'、'.join(bad)} 未对应审核重点或缺参照依据（5.3.1）"


@uses("options")
def options_levels(project: Any, ev: Any) -> str | None:
    got = {r.get("level") for r in _rows(project, "options")}
    missing = [lv for lv in ("行业层面", "企业层面") if lv not in got]
    return None if not missing else f"缺少{'、'.join(missing)}的方案"


@uses("options")
def options_screened(project: Any, ev: Any) -> str | None:
    """附录C 2.4.3: every option assessed (技术/经济/环境) and screened (确定/备选/否决)."""
    lacking = [str(r.get("id")) for r in _rows(project, "options")
               if not all(r.get(f) for f in ("technical", "economic", "environmental", "decision"))]
    return None if not lacking else f"方案 {'、'.join(lacking)} 未完成技术、经济、环境评估或筛选（确定/备选/否决）"


@uses("options")
def common_problems_addressed(project: Any, ev: Any) -> str | None:
    data = ev.extra.get("industry_evaluation") or {}
    covered = set()
    for r in _rows(project, "options"):
        if r.get("level") == "行业层面":
            covered |= {x.upper() for x in focus_rules.split_list(r.get("indicators"))}
    lacking = [c for c in data.get("common_problems", []) if c.upper() not in covered]
    return None if not lacking else f"共性问题指标 {'、'.join(lacking)} 没有针对它的行业层面方案"


@uses("options")
def individual_problems_addressed(project: Any, ev: Any) -> str | None:
    data = ev.extra.get("industry_evaluation") or {}
    covered = set()
    for r in _rows(project, "options"):
        if r.get("status") != "已取消":
            covered |= {x.upper() for x in focus_rules.split_list(r.get("indicators"))}
    lacking = [c for c in data.get("individual_problems", []) if c.upper() not in covered]
    return None if not lacking else f"个性问题指标 {'、'.join(lacking)} 没有针对它的方案"


@uses("options", "tracking")
def options_tracked(project: Any, ev: Any) -> str | None:
    opts = _rows(project, "options")
    if not opts:
        return "尚无方案"
    tracked = {str(r.get("option")) for r in _rows(project, "tracking") if r.get("evidence")}
    lacking = [str(r.get("id")) for r in opts if str(r.get("id")) not in tracked and r.get("status") != "已取消"]
    return None if not lacking else f"方案 {'、'.join(lacking[:5])} 无跟踪记录"


CHECKS = {
    "statistical_period": statistical_period, "team_leader": team_leader, "plan_rows": plan_rows,
    "checklist_complete": checklist_complete, "focus_rules": focus_covered, "enterprises_graded": enterprises_graded,
    "findings_dimensions": findings_dimensions, "targets_linked": targets_linked, "options_levels": options_levels, "options_screened": options_screened,
    "common_problems_addressed": common_problems_addressed,
    "individual_problems_addressed": individual_problems_addressed, "options_tracked": options_tracked,
}

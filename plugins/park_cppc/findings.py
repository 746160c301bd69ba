"""5.3.2 主要问题及原因 (five aspects, infrastructure and management among them) and 5.3.3 建议 by level:
the 问题与建议 table tied to the audit focus, its checks, and the report parts of chapters 5.2 / 5.3
(the flow analyses with their Sankey diagrams and node balances, then the findings and suggestions)."""
from __future__ import annotations

import difflib
from typing import Any

from cpframework.api import Problem, fmt

from .analysis import LEVELS

ASPECTS = ("空间布局与产业结构", "资源能源利用效率", "低碳发展路径", "公共基础设施", "生态环境管理")
REQUIRED_ASPECTS = ("公共基础设施", "生态环境管理")   # 5.3.2 (4)(5): asked of every park


def _rows(project: Any, table: str) -> tuple[Any, list[dict[str, Any]]]:
    data = project.tables.get(table)
    return (data, list(data.rows)) if data is not None and data.present else (None, [])


def findings_problems(std: Any, project: Any) -> list[Problem]:
    data, rows = _rows(project, "findings")
    if data is None:
        return []
    fname, sheet = project.manifest.workbook, data.schema.sheet
    focus, focus_rows = _rows(project, "focus")
    names = [str(r.get("focus")) for r in focus_rows]
    out = []
    for r, n in zip(rows, data.sheet_rows):
        name = r.get("focus")
        if name is not None and names and str(name) not in names:
            close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.5)
            out.append(Problem(file=fname, sheet=sheet, row=n, field="对应审核重点", value=name, code="findings",
                               message=f"“{name}”不是“审核重点”中的审核重点。" + (f"是否想写“{close[0]}”？" if close else "")))
    found = {str(r.get("focus")) for r in rows}
    for r, n in zip(focus_rows, focus.sheet_rows if focus is not None else []):
        if str(r.get("focus")) not in found:
            out.append(Problem(file=fname, sheet=focus.schema.sheet, row=n, field="审核重点",
                               value=r.get("focus"), level="warning", code="findings",
                               message=f"没有针对这项审核重点的问题分析：请在“{sheet}”中填写它的主要问题、原因和建议（5.3.2、5.3.3）"))
    return out


def check_findings_aspects(project: Any, ev: Any) -> str | None:
    _d, rows = _rows(project, "findings")
    if not rows:
        return "尚未填写“问题与建议”"
    missing = [a for a in REQUIRED_ASPECTS if a not in {r.get("aspect") for r in rows}]
    bad = findings_problems(None, project)
    if missing:
        return f"问题表缺少{'、'.join(missing)}方面的分析"
    return None if not bad else f"问题与建议有 {len(bad)} 处问题，运行 cpaudit check 查看"


def check_suggestion_levels(project: Any, ev: Any) -> str | None:
    _d, rows = _rows(project, "findings")
    missing = [lv for lv in LEVELS if lv not in {r.get("level") for r in rows if r.get("suggestion")}]
    return None if not missing else f"清洁生产建议缺少{'、'.join(missing)}"


def check_flows_computed(project: Any, ev: Any) -> str | None:
    from .flows import ANALYSES, all_flows

    got = all_flows(project)
    missing = [title for key, title, _u, _b in ANALYSES if key not in got]
    return None if not missing else f"缺少计算{'、'.join(missing)}所需的现状调查数据"


# ---------------------------------------------------------------- report


def flow_analysis(ctx: Any, w: Any) -> None:
    """Each flow as a Sankey diagram, then the balance of its intermediate nodes and the efficiencies."""
    from cpframework import api

    from .flows import all_flows
    from .levels import _park_total

    analyses = all_flows(ctx.project)
    if not analyses:
        return
    year = ctx.evaluation.baseline_year
    w.paragraph(f"按 GB/T 38903《工业园区物质流分析技术导则》的方法，以 {year} 年现状调查数据（能源消费结构、温室气体清单、"
                "水资源利用、原辅料和产品）和企业清单计算园区的能量流、碳流、水资源流和物质流，分别绘制桑基图；"
                "图中各股流的宽度与流量成正比。")
    rows = []
    for key, a in analyses.items():
        w.chart(api.charts.flow_chart, f"{year}年园区{a['title']}图（{a['unit']}）", a["flows"], unit=a["unit"])
        for b in api.calc.flows.node_balances(a["flows"], unit=a["unit"]):
            if b.role == "中间":
                rows.append([a["title"], b.node, fmt(b.inflow), fmt(b.outflow), fmt(b.difference), a["unit"]])
    from .flows import T_UNITS
    from .survey import rows as survey_rows

    left_out = [f"{r.get('name')}（{r.get('unit')}）" for r in survey_rows(ctx.project, "materials")
                if str(r.get("unit") or "").strip() not in T_UNITS]
    w.table(["分析", "节点", "流入", "流出", "差值", "单位"], rows, caption="各流分析中间节点的收支平衡",
            col_widths=[2.0, 4.6, 2.6, 2.6, 2.0, 1.6],
            notes="差值 = 流入 − 流出；未列入企业清单的企业按园区总量减企业清单合计计。"
                  + (f"物质流只计以 t 为单位的原辅料和产品，未计入：{'、'.join(left_out)}。" if left_out else ""))
    results = []
    mats = analyses.get("material")
    if mats:
        hub_in = sum(v for s, t, v in mats["flows"] if t == "园区生产过程")
        useful = sum(v for s, t, v in mats["flows"] if s == "园区生产过程" and t in ("产品", "副产品"))
        if hub_in and useful <= hub_in:
            results.append(api.calc.flows.efficiency(useful, hub_in, name="原辅料产出率", useful_label="产品与副产品",
                                                total_label="原辅料投入"))
    waste, used = _park_total(ctx.project, "sw_generated"), _park_total(ctx.project, "sw_used")
    stock = _park_total(ctx.project, "sw_stock_used") or 0.0
    if waste and used is not None and 0 <= used - stock <= waste:
        results.append(api.calc.flows.efficiency(used - stock, waste, name="当年产生固体废物的综合利用率",
                                            useful_label="综合利用量（不含往年贮存量）", total_label="产生量"))
    for res in results:
        w.trace(res.trace)


def findings_tables(ctx: Any, w: Any) -> None:
    """5.3.2: problems and causes by aspect, infrastructure and management each in a table of its own."""
    rows = sorted(ctx.rows("findings"), key=lambda r: r.get("seq") or 0)
    order = {lv: i for i, lv in enumerate(LEVELS)}
    for aspect in ASPECTS:
        mine = sorted([r for r in rows if r.get("aspect") == aspect], key=lambda r: order.get(r.get("level"), 9))
        if not mine:
            continue
        w.table(["序号", "层面", "对应审核重点", "主要问题", "原因分析", "数据依据"],
                [[r.get("seq"), r.get("level"), r.get("focus"), r.get("problem"), r.get("cause"), r.get("evidence")]
                 for r in mine], caption=f"{aspect}方面的主要问题及原因", col_widths=[1.0, 1.8, 2.6, 3.8, 3.8, 3.0])


def suggestion_tables(ctx: Any, w: Any) -> None:
    """5.3.3: suggestions by level, each with the audit focus and the problem it answers."""
    rows = sorted(ctx.rows("findings"), key=lambda r: r.get("seq") or 0)
    for level in LEVELS:
        mine = [r for r in rows if r.get("level") == level and r.get("suggestion")]
        if not mine:
            continue
        w.table(["问题序号", "对应审核重点", "清洁生产建议"],
                [[r.get("seq"), r.get("focus"), r.get("suggestion")] for r in mine],
                caption=f"清洁生产建议（{level}）", col_widths=[1.6, 4.4, 10.0])

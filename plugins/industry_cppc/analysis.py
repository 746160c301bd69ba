"""Industry-specific results and checks: the evaluation hook's views, cross-table validation and
the status checks of 5.1–5.3."""
from __future__ import annotations

import re
from typing import Any

from cpframework.api import CalcError, calc, fmt
from cpframework.api import Problem

from . import focus as focus_rules
from . import consistency, trust
# pandas-based modules (evaluation, frames) are imported inside the functions: the plugin is loaded at every
# cpaudit start-up (plugin discovery), and pandas alone costs ~0.6 s there
from .system import project_system

PLAN_WORK = {  # 附录A 表A.2 的固定行：工作内容 → 阶段
    "明确审核任务": "前期准备", "组建审核小组": "前期准备", "宣传教育与能力建设": "前期准备",
    "资料收集": "审核诊断", "现场考察": "审核诊断", "确定审核诊断重点": "审核诊断", "清洁生产水平诊断": "审核诊断",
    "设置清洁生产审核目标": "报告编制", "提出清洁生产方案": "报告编制", "编制清洁生产审核报告": "报告编制"}
MULTI_TABLES = ("production", "materials", "water", "energy", "pollutants", "permits", "indicator_values", "site_visits")
GBT4754 = re.compile(r"^[A-T]?\d{2,4}$")


def options(project: Any) -> tuple[float, int]:
    opts = project.manifest.options or {}
    share = float(opts.get("common_problem_share", 0.3))
    level = int(opts.get("problem_level", 3))
    if not 0 < share <= 1 or level not in (1, 2, 3):
        raise CalcError("项目清单 [options]：common_problem_share 须在 (0, 1] 之间，problem_level 须为 1、2 或 3")
    return share, level


def run(std: Any, project: Any) -> dict[str, Any]:
    """Everything the evaluation shows, as DataFrames (used by the hook and the report)."""
    from .evaluation import evaluate_enterprises, industry_summary
    from . import diagnosis
    from .evaluation import level_order
    from .frames import enterprise_classes, enterprise_frame, output_keys, unit_values

    system = project_system(project)
    share, level = options(project)
    names = enterprise_frame(project)
    uv = unit_values(std, project, system)
    keys = output_keys(project, system, uv.values.index)
    result = evaluate_enterprises(uv.values, system, problem_level=level, split_keys=keys)
    summary = industry_summary(result, system, common_share=share, problem_level=level)
    classes = enterprise_classes(project, names)
    order = level_order(system)
    return {"system": system, "values": uv.values, "traces": uv.traces, "result": result, "names": names,
            "share": share, "problem_level": level, "split_keys": keys, **summary, "classes": classes,
            "peers": diagnosis.peer_statistics(uv.values, system), "gaps": diagnosis.advanced_gaps(uv.values, system),
            "breakdown": {c: diagnosis.level_breakdown(result, classes[c], order, level) for c in classes.columns},
            "ranks": {c: diagnosis.percentile_ranks(uv.values, system, classes[c]) for c in ("规模", "类型", "地区")},
            "class_medians": {c: diagnosis.class_medians(uv.values, system, classes[c]) for c in ("规模", "类型", "地区")}}


def _pct(x: float) -> str:
    import pandas as pd

    return "—" if pd.isna(x) else f"{fmt(100 * float(x), 1)}%"


def views(r: dict[str, Any]) -> dict[str, Any]:
    import pandas as pd

    from .evaluation import problem_label

    system = r["system"]
    res, names = r["result"], r["names"]
    label = problem_label(r["problem_level"])
    name_of = names["name"].astype(str).to_dict() if "name" in names.columns else {}
    scale_of = names["scale"].astype(str).to_dict() if "scale" in names.columns else {}
    ent_rows = [[eid, name_of.get(eid, ""), scale_of.get(eid, ""),
                 fmt(row.Y1, 1), fmt(row.Y2, 1), fmt(row.Y3, 1), row.level, row.short_boards or "—", row.limiting_failed or "—"]
                for eid, row in zip(res.index, res.itertuples())]
    n = int(r["distribution"]["count"].sum())
    dist_rows = [[lv, int(row["count"]), _pct(row["share"])] for lv, row in r["distribution"].iterrows()]
    dist_rows.append(["合计", n, _pct(1.0) if n else "—"])
    att = r["attainment"]
    att_rows = [[i, row["name"] + ("*" if row["limiting"] else ""), row["dimension"], int(row["assessed"]),
                 _pct(row["rate_1"]), _pct(row["rate_2"]), _pct(row["rate_3"]), int(row["problems"])]
                for i, row in att.iterrows()]
    pr = r["problems"]
    prob_rows = [[row["kind"], i, row["name"], row["dimension"], f"{int(row['problems'])}/{int(row['assessed'])}",
                  _pct(row["problem_share"]), row["enterprises"]] for i, row in pr.iterrows()]
    warn = "【示意体系】本评价所用指标体系为示意数据，不代表已发布的行业体系。" if system.illustrative else ""
    return {
        "enterprise_levels": {"title": f"企业清洁生产等级（{system.title}，通则方法）",
                              "columns": ["企业编号", "企业名称", "规模", "YⅠ", "YⅡ", "YⅢ", "等级", f"短板指标（{label}）", "未达Ⅲ级的限定性指标"],
                              "rows": ent_rows, "note": warn},
        "level_distribution": {"title": "行业清洁生产等级分布", "columns": ["等级", "企业数", "占比"], "rows": dist_rows},
        "indicator_attainment": {"title": "各指标达标率（*为限定性指标；不适用的企业不计）",
                                 "columns": ["代码", "指标", "诊断方面", "参评企业", "达Ⅰ级", "达Ⅱ级", "达Ⅲ级", f"{label}企业数"],
                                 "rows": att_rows},
        "industry_problems": {"title": f"行业共性问题与企业个性问题（{label}企业占比 ≥ {_pct(r['share'])} 为共性问题，5.3.2）",
                              "columns": ["性质", "代码", "指标", "诊断方面", "问题企业/参评", "占比", "涉及企业"],
                              "rows": prob_rows},
        "industry_evaluation": {
            "system": {"id": system.id, "name": system.title, "source": system.source, "illustrative": system.illustrative},
            "common_problem_share": r["share"], "problem_level": r["problem_level"],
            "enterprises": [{"id": eid, **{k: (None if pd.isna(v) else v) for k, v in row.items()}}
                            for eid, row in res.to_dict("index").items()],
            "distribution": {lv: int(c) for lv, c in r["distribution"]["count"].items()},
            "attainment": [{"id": i, **{k: (None if pd.isna(v) else (v.item() if hasattr(v, "item") else v))
                                        for k, v in row.items()}} for i, row in att.iterrows()],
            "common_problems": [i for i, row in pr.iterrows() if row["kind"] == "共性问题"],
            "individual_problems": [i for i, row in pr.iterrows() if row["kind"] == "个性问题"],
        },
    }


# ---------------------------------------------------------------- validation (cpaudit check)


def _ids(text: Any) -> list[str]:
    return [x.upper() for x in focus_rules.split_list(text)]


def validate(std: Any, project: Any) -> list[Problem]:
    from .evaluation import coded
    from .frames import unit_values

    fname = project.manifest.workbook
    out: list[Problem] = []

    def problem(table: str, n: int | None, field: str, value: Any, message: str, level: str = "error") -> None:
        sheet = std.tables[table].sheet if table in std.tables else table
        out.append(Problem(file=fname, sheet=sheet, row=n, field=field, value=value, message=message, level=level))

    m = project.manifest
    if m.baseline != m.audit_year - 1:
        out.append(Problem(file="project.toml", field="baseline_year", value=m.baseline, level="warning",
                           message=f"5.1.1：统计期原则上为上一自然年（{m.audit_year - 1} 年），现为 {m.baseline} 年"))
    try:
        system = project_system(project)
        options(project)
    except CalcError as exc:
        return out + [Problem(file="project.toml", field="options", message=str(exc))]
    ents = project.tables.get("enterprises")
    codes = {i.id for i in system.indicators}
    known: set[str] = set()
    for row, n in zip(ents.rows if ents else [], ents.sheet_rows if ents else []):
        eid = str(row.get("id") or "")
        known.add(eid)  # a repeated 企业编号 is the table key's duplicate error
        if eid in codes:
            problem("enterprises", n, "企业编号", eid,
                    f"与评价指标体系“{system.title}”的指标代码“{eid}”（{system.indicator(eid).name}）相同，"
                    "报告中的企业和指标会被混淆；请改用不会与指标代码相同的编号（如 QY01）")
        code = str(row.get("industry_code") or "").replace(" ", "")
        if code and not GBT4754.match(code):
            problem("enterprises", n, "行业代码（GB/T 4754）", code, "应为 GB/T 4754 代码，如 C3360 或 3360")
        elif code and system.industry_codes and code.lstrip("ABCDEFGHIJKLMNOPQRST") not in \
                {c.lstrip("ABCDEFGHIJKLMNOPQRST") for c in system.industry_codes}:
            problem("enterprises", n, "行业代码（GB/T 4754）", code, level="warning",
                    message=f"不属于评价指标体系“{system.title}”适用的行业（{'、'.join(system.industry_codes)}）")
    for table in MULTI_TABLES:
        data = project.tables.get(table)
        for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
            eid = row.get("enterprise")
            if eid is not None and str(eid) not in known:
                problem(table, n, "企业编号", eid, "不在“企业一览表”中")
    iv = project.tables.get("indicator_values")
    codes = {i.id for i in system.indicators}
    for row, n in zip(iv.rows if iv else [], iv.sheet_rows if iv else []):
        code = str(row.get("indicator") or "").strip()
        if code not in codes:
            problem("indicator_values", n, "指标代码", code, f"不是评价指标体系“{system.title}”的指标代码")
        elif system.indicator(code).formula and str(row.get("value") or "").strip() not in calc.grading.NA_WORDS:
            problem("indicator_values", n, "指标代码", code,
                    "该指标由数据表计算，此处只能填“不适用”（该企业无此项时）；填写的数值不参与评价", "warning")
    uv = unit_values(std, project, system)
    values = uv.values
    out += consistency.target_problems(std, project, system)
    for check in (trust.missing_problems, trust.applicability_problems, trust.bound_problems, trust.permit_problems,
                  trust.output_problems):
        out += check(uv, system, std, project)  # missing is never "not applicable"; 不适用 and 是 agree with the data
    import pandas as pd

    bad = pd.DataFrame(coded(system, values).bad, index=values.index, columns=[i.id for i in system.indicators])
    stacked = bad.stack()
    for (eid, code) in stacked[stacked].index:
        ind = system.indicator(code)
        want = "是/否" if ind.direction == "yes" else ("Ⅰ/Ⅱ/Ⅲ/未达" if ind.direction == "level" else "数值")
        problem("indicator_values", None, f"{eid} {code} {ind.name}", values.loc[eid, code], f"应填{want}（或“不适用”）")
    plan = project.tables.get("plan")
    works = {}
    for row, n in zip(plan.rows if plan else [], plan.sheet_rows if plan else []):
        w = row.get("work")
        if w in PLAN_WORK and row.get("stage") and row["stage"] != PLAN_WORK[w]:
            problem("plan", n, "阶段", row["stage"], f"表A.2 中“{w}”属于“{PLAN_WORK[w]}”阶段")
        works[w] = n
    focus_rows = project.tables["focus"].rows if "focus" in project.tables else []
    for msg in focus_rules.missing_focus(m.flags, m.subject, focus_rows):
        problem("focus", None, "重点类型", None, msg, "warning")
    focus_ids = {str(r.get("id")) for r in focus_rows}
    for table, field, label in (("focus", "indicators", "关联指标代码"), ("targets", "indicator", "关联指标代码"),
                                ("options", "indicators", "针对的指标代码")):
        data = project.tables.get(table)
        for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
            for c in _ids(row.get(field)):
                if c not in codes:
                    problem(table, n, label, c, f"不是评价指标体系“{system.title}”的指标代码")
            if table == "targets" and row.get("focus") is not None and str(row["focus"]) not in focus_ids:
                problem(table, n, "对应重点编号", row["focus"], "不在“审核诊断重点”表中（5.3.1：目标须与审核重点相对应）")
            if table == "options":
                for e in _ids(row.get("enterprises")):
                    if e not in {k.upper() for k in known} and e != "全部":
                        problem(table, n, "实施企业编号", e, "不在“企业一览表”中")
                _option_problems(row, n, problem, system)
    _expert_problems(project, problem, codes, {k.upper() for k in known})
    opt_ids = {str(r.get("id")) for r in (project.tables["options"].rows if "options" in project.tables else [])}
    tr = project.tables.get("tracking")
    for row, n in zip(tr.rows if tr else [], tr.sheet_rows if tr else []):
        if str(row.get("option")) not in opt_ids:
            problem("tracking", n, "方案编号", row.get("option"), "不在“清洁生产方案”表中")
    return out


def _option_problems(row: dict, n: int, problem: Any, system: Any) -> None:
    """方案筛选 (附录C 2.4.3): 确定 only when technically, economically and environmentally 可行; a forecast
    names one of the option's indicators, a quantitative one, together with its expected value."""
    bad = [label for f, label in (("technical", "技术"), ("economic", "经济"), ("environmental", "环境"))
           if row.get(f) == "不可行"]
    if row.get("decision") == "确定" and bad:
        problem("options", n, "筛选结果", "确定", f"方案 {row.get('id')} 的{'、'.join(bad)}评估为“不可行”，不能“确定”；请改为“备选”或“否决”")
    code, value = str(row.get("forecast_indicator") or "").strip().upper(), row.get("forecast_value")
    if code and value is None:
        problem("options", n, "实施后预期值", None, f"写了预测指标 {code}，须填实施后的预期值")
    elif value is not None and not code:
        problem("options", n, "预测指标代码", None, "填了实施后预期值，须写明是哪项指标的值")
    elif code:
        quant = {i.id.upper() for i in system.indicators if i.direction in ("higher", "lower")}
        if code not in quant:
            problem("options", n, "预测指标代码", code, "应为评价指标体系中的定量指标代码")
        elif code not in _ids(row.get("indicators")):
            problem("options", n, "预测指标代码", code, "应为本方案“针对的指标代码”之一")


def _expert_problems(project: Any, problem: Any, codes: set[str], known: set[str]) -> None:
    """专家经验法 (5.2.3): records name known enterprises and indicators; a finding made by 专家经验法 needs a
    record sharing one of its indicators or enterprises (the judgement, its reason and author on file)."""
    ex = project.tables.get("expert")
    records = list(zip(ex.rows, ex.sheet_rows)) if ex else []
    for row, n in records:
        for e in _ids(row.get("enterprises")):
            if e != "全部" and e not in known:
                problem("expert", n, "涉及企业编号", e, "不在“企业一览表”中")
        for c in _ids(row.get("indicators")):
            if c not in codes:
                problem("expert", n, "关联指标代码", c, "不是评价指标体系的指标代码")
    fi = project.tables.get("findings")
    for row, n in zip(fi.rows if fi else [], fi.sheet_rows if fi else []):
        if row.get("method") != "专家经验法":
            continue
        inds, ents = set(_ids(row.get("indicators"))), set(_ids(row.get("enterprises")))
        if not any(inds & set(_ids(r.get("indicators"))) or ents & set(_ids(r.get("enterprises"))) for r, _ in records):
            problem("findings", n, "诊断方法", "专家经验法",
                    "用了专家经验法，但“专家经验判断”表中没有涉及同一指标或企业的判断记录；请补记判断、理由和专家")


def evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    """cpf_evaluate for the industry standard: per-enterprise grading and the industry views.

    The core's ``summary`` counts project-level indicators, which this standard has none of; it is
    replaced by the industry's own (enterprises graded, levels, common problems) so that
    ``evaluate --format json`` does not report ``evaluated: 0`` after grading every enterprise."""
    r = run(standard, project)
    out = views(r)
    evaluation.problems.extend(consistency.classification_problems(standard, project, r))
    data = out["industry_evaluation"]
    graded = [e for e in data["enterprises"] if e.get("level") != calc.grading.NOT_GRADABLE]
    evaluation.summary.clear()
    evaluation.summary.update({
        "unit": "企业", "enterprises": len(data["enterprises"]), "evaluated": len(graded),
        "indicators": len(r["system"].indicators), "selected": len(r["system"].indicators),
        "missing_values": sum(1 for e in data["enterprises"] if e.get("missing")),
        "errors": sum(1 for e in data["enterprises"] if e.get("missing")),
        "levels": data["distribution"], "short_boards": data["common_problems"]})
    return out


"""表E.4 审核绩效汇总表 (7.6.2), computed from the workbook; carbon per 表E.4 注b."""
from __future__ import annotations

import re

from cpframework.api import CalcError
from cpframework.api import uses

from . import levels
from . import options as op
from . import reads as rd
from . import rollups as ru
from . import targets as tg

POLLUTANTS = (  # E.4 rows in the seed's order (all kept, zero or not), 效益项, factor to the row's unit
    ("废水", "减排废水", "吨", 1.0), ("化学需氧量", "减排COD", "吨", 0.001), ("氨氮", "减排氨氮", "吨", 0.001),
    ("总氮", "减排总氮", "吨", 0.001), ("总磷", "减排总磷", "吨", 0.001), ("废气", "减排废气量", "万m³", 1.0),
    ("粉尘", "减排颗粒物", "吨", 0.001), ("二氧化硫", "减排SO2", "吨", 0.001), ("氮氧化物", "减排NOx", "吨", 0.001),
    ("挥发性有机物", "减排VOCs", "吨", 0.001), ("重金属", "减排重金属", "吨", 0.001),
    ("一般固体废物产生", "减少固体废物", "吨", 1.0), ("危险废物产生", "减少危险废物", "吨", 1.0),
)
EXTRA = (("非甲烷总烃", "减排非甲烷总烃", "吨", 0.001),)   # 注a: other pollutants, rows added when present
NATURES = ("国有", "集体", "民营", "港澳台资", "中外合资", "外商独资")
_CODE = re.compile(r"^(.*?)[\s（(]*([A-Z]?)(\d{4})[）)]?\s*$")


def industry_parts(text: str) -> tuple[str, str]:
    """“汽车零部件及配件制造 C3670” → (“汽车零部件及配件制造”, “3670”): 表E.4 asks for the category and its
    4-digit code apart."""
    m = _CODE.match(str(text or "").strip())
    return (m.group(1).strip(), m.group(3)) if m else (str(text or ""), "")


def nature_boxes(text: str) -> str:
    hit = next((n for n in NATURES if n in str(text or "")), None)
    other = "" if hit else f"其他（√）{text}" if text else "其他（　）＿＿"
    return "  ".join(_box(n == hit, n) for n in NATURES) + ("  其他（　）" if hit else "  " + other)
RESOURCES = (("节水", "节水", "吨"), ("节电", "节电", "度"), ("节煤", "节煤", "吨"), ("节油", "节油", "吨"),
             ("节天然气", "节天然气", "m³"), ("节蒸汽", "节蒸汽", "吨"), ("减少有毒有害物质使用", "减少有毒有害物质使用", "吨"))
def _box(on: bool, text: str) -> str:
    """表E.4 的勾选框，写作“强制审核（√）”（☑/☐ 在常见中文字体中缺字形）。"""
    return f"{text}（{'√' if on else '　'}）"


def _item(project, key):
    d = project.tables.get("E.4")
    row = d.item(key) if d else None
    return (row or {}).get("value")


@uses("E.4", "D.4", "cp_level", *rd.SUMMARY, *rd.FOCUS, *rd.TARGETS)
def performance(ctx, w):
    p, m = ctx.project, ctx.project.manifest
    s = m.subject
    impl = ru.implemented(p)
    during, annual = ru.sums(p, "核定", impl, "during"), ru.sums(p, "核定", impl, "annual")
    summ = ru.implementation_summary(p, "核定")
    d4 = p.tables.get("D.4")
    d4v = {r["id"]: r.get("value") for r in (d4.rows if d4 else [])}
    mand = m.flag("mandatory_audit")
    rk = None
    try:
        rk = tg.focus_ranking(p)
    except CalcError:
        pass
    rows = [
        ["企业基本情况", "企业名称", (m.name, 2), "统一社会信用代码", (s.get("credit_code"), 2)],
        [None, "通讯地址", (s.get("address"), 2), "审核类型", (f"{_box(mand, '强制审核')}  {_box(not mand, '自愿审核')}", 2)],
        [None, "企业性质", (nature_boxes(d4v.get("nature") or s.get("unit_nature")), 5)],
        [None, "主要产品及产量", (s.get("products"), 2), "上年度年产值（万元）", (d4v.get("output_value"), 2)],
        [None, "企业名单发布序号", (s.get("list_number") if mand else "/", 2), "法人代表", (s.get("legal_rep"), 2)],
        [None, "行业类别", industry_parts(s.get("industry"))[0], "行业代码", industry_parts(s.get("industry"))[1] or "（4位行业代码）",
         "联系人/电话", f"{s.get('contact') or ''} {s.get('phone') or ''}"],
        [None, "咨询单位名称", (s.get("consultant"), 2), "法人代表", (s.get("consultant_legal_rep"), 2)],
        [None, "咨询单位通讯地址", (s.get("consultant_address"), 2), "专职人员数", (s.get("consultant_staff"), 2)],
        [None, "项目负责人/电话", (f"{s.get('consultant_contact') or ''} {s.get('consultant_phone') or ''}", 5)],
        ["时间节点", "信息公示时间", _item(p, "disclosure_date"), "审核启动时间", _item(p, "start_date"), "评估时间", _item(p, "assessment_date")],
        [None, "验收时间", (_item(p, "acceptance_date"), 5)],
        ["清洁生产方案实施数量", "无/低费（个）", str(summ[op.LOW]["done"]), "中/高费（个）", str(summ[op.HIGH]["done"]), "总数（个）", str(summ["合计"]["done"])],
        ["清洁生产方案投资费用", "无/低费（万元）", summ[op.LOW]["actual"], "中/高费（万元）", summ[op.HIGH]["actual"], "总投资（万元）", summ["合计"]["actual"]],
        ["审核期间经济效益", "无/低费（万元）", ru.econ_total(during[op.LOW]), "中/高费（万元）", ru.econ_total(during[op.HIGH]), "总效益（万元）", ru.econ_total(during["合计"])],
        ["年度经济效益", "无/低费（万元）", ru.econ_total(annual[op.LOW]), "中/高费（万元）", ru.econ_total(annual[op.HIGH]), "总效益（万元）", ru.econ_total(annual["合计"])],
        ["本轮审核重点", ("、".join(rk.first) if rk else "", 2), "审核目标指标名称", ("、".join(t.name for t in tg.targets(p)), 3)],
    ]
    boxes = ("国际领先水平", "国内先进水平", "国内一般水平")
    for label, key in (("审核前清洁生产水平", "level_before"), ("审核后清洁生产水平", "level_after")):
        res = levels.overall(p, key.removeprefix("level_"))   # 6.5.3.1 computed; a typed value is checked
        val = res.value if res is not None else _item(p, key)
        rows.append([label, ("  ".join(_box(val == lv, lv) for lv in boxes) + f"  {_box(val == '其他', '其他')}", 6)])
    rows = [[c if c is not None else None for c in r] for r in rows]
    w.paragraph("审核单位（盖章）：")
    w.paragraph(f"填表人：{_item(p, 'filled_by') or ''}　　审核人（审核单位）：{_item(p, 'reviewed_by') or ''}")
    w.table([("审核绩效汇总表", 7)], [_fix(r) for r in rows], caption="审核绩效汇总表", empty="")
    # 成果汇总：every row the seed draws is kept (zero is 0, not dropped); 注a rows added for other items
    how = _methods(p, impl)
    listed = POLLUTANTS + tuple(x for x in EXTRA if annual["合计"].get(x[1]))
    prow = [[name + ("ᵃ" if (name, item, unit, f) in EXTRA else ""), unit, during["合计"].get(item, 0) * f,
             annual["合计"].get(item, 0) * f, how.get(item, "/"), ""] for name, item, unit, f in listed]
    w.table(["污染物排放量削减指标", "单位", "审核期间环境效益", "折成年度环境效益", "年度效益核算的具体方法说明", "其他需要说明的具体情况"],
            prow, caption="企业清洁生产审核成果汇总（污染物削减）")
    try:
        carbon = ru.carbon_items(p, dict(annual["合计"]))
    except CalcError as exc:
        carbon = {}
        w.notice(str(exc))
    rrow = [[name, unit, during["合计"].get(item, 0), annual["合计"].get(item, 0),
             carbon[item].value if item in carbon else ("/" if item in ("节水", "节蒸汽", "减少有毒有害物质使用") else 0),
             how.get(item, "/"), ""]
            for name, item, unit in RESOURCES]
    w.table(["资源能源节约指标", "单位", "审核期间环境效益", "折成年度环境效益", "折合碳减排量（tCO₂/年）", "年度效益核算的具体方法说明", "其他需要说明的具体情况"],
            rrow, caption="企业清洁生产审核成果汇总（资源能源节约）",
            notes=["注：“填表人”为项目负责人，“审核人”为审核单位审核人。",
                   "ᵃ 指企业在实施清洁生产过程中削减的具有行业特性的其他污染物或有毒有害排放物，按实际名称和计量单位填写。",
                   "碳减排量按《关于报送清洁生产审核工作总结的通知》（环办科财函〔2022〕136号）核算，计算过程如下。"])
    for r in carbon.values():
        w.trace(r.trace)


def _methods(p, impl) -> dict[str, str]:
    """年度效益核算的具体方法说明 per 效益项: the options' own 计算过程 (方案效益表, 核定)."""
    numbers = {o.number for o in impl}
    out: dict[str, list[str]] = {}
    for r in ru.benefit_rows(p, "核定"):
        n = str(r["number"]).strip().upper()
        if n in numbers:
            out.setdefault(r["item"], []).append(f"{n}：{r.get('calculation') or '核定效益'}")
    return {k: "；".join(v) for k, v in out.items()}


def _fix(r):
    """Pad a row to 7 grid columns (a leading None is the merged 分组 cell, written empty)."""
    out = ["" if c is None else c for c in r]
    width = sum(c[1] if isinstance(c, tuple) else 1 for c in out)
    if width < 7:
        out.append(("", 7 - width))
    return out

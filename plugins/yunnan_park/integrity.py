"""What ``check`` guarantees for this standard beyond the core's table checks (keys, required cells,
year series, ``data/rules.toml``): completeness, definitional bounds and cross-table consistency.

* **完整** — every enterprise of 企业名录 has its row in 能源水资源, 统计数据 and 固体废物 (a missing
  row is an error, never "not applicable"); an enterprise under 重点/简化管理 with no emission row is a
  warning; every indicator of the system has its row in 指标选择.
* **定义约束** (error): a part never exceeds its whole — 可再生能源、化石能源 ≤ 综合能耗, 工业增加值 ≤
  工业总产值, 综合利用量 ≤ 产生量 (warning: may include stock of earlier years).
* **合理性** (warning, thresholds in ``data/plausibility.toml`` with their source): purchased power and
  fossil energy against the comprehensive energy, actual emission far below the permitted amount.
* **跨表一致** — the stated key-enterprise count and audited count against the computed list (error);
  the stated counts of permit holders / reports on time against 企业名录 (error); a permit exceedance
  against Y11 总量控制全部完成 = 是 (error) and Y12 稳定达标 = 是 (warning: an annual tonnage over the
  permit does not by itself prove concentration exceedances).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from cpframework.api import Problem, fmt


@attrs.frozen(kw_only=True)
class Plausibility:
    """data/plausibility.toml."""

    electricity_tce_per_10mwh: float
    energy_tolerance: float
    permitted_ratio_min: float
    source: dict[str, str] = attrs.field(factory=dict)


@lru_cache(maxsize=None)
def plausibility() -> Plausibility:
    from cpframework.api import load_data
    return load_data(resources.files(__package__) / "data" / "plausibility.toml", Plausibility)


def _letter(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _col(schema: Any, field_id: str) -> str:
    ids = [f.id for f in schema.fields]
    return _letter(ids.index(field_id) + 1) if field_id in ids else ""


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


class _Out:
    def __init__(self, project: Any) -> None:
        self.fname = project.manifest.workbook
        self.items: list[Problem] = []

    def add(self, data: Any, row: int | None, field: str, message: str, value: Any = None, level: str = "error",
            code: str = "") -> None:
        spec = next((f for f in data.schema.fields if f.id == field), None)
        self.items.append(Problem(file=self.fname, sheet=data.schema.sheet, row=row, column=_col(data.schema, field),
                                  field=spec.label if spec else field, value=value, level=level,
                                  message=message, code=code or "yunnan"))


def _rows(project: Any, tid: str) -> list[tuple[dict[str, Any], int | None]]:
    data = project.tables.get(tid)
    if data is None:
        return []
    return list(zip(data.rows, data.sheet_rows or [None] * len(data.rows)))


def completeness(project: Any, out: _Out, *, chains_too: bool = True) -> None:
    ent = project.tables.get("enterprises")
    if ent is None:
        return
    listed = [(r.get("ent_id"), r, n) for r, n in _rows(project, "enterprises") if r.get("ent_id") is not None]
    for tid in ("energy_water", "statistics", "solid_waste"):
        data = project.tables.get(tid)
        if data is None:
            continue
        have = {r.get("ent_id") for r in data.rows}
        for eid, r, n in listed:
            if eid not in have:
                out.add(ent, n, "ent_id", f"企业 {eid}（{r.get('name') or ''}）在工作表“{data.schema.sheet}”中没有 {r.get('year')} 年的数据行："
                        f"每家企业都要填一行（确无的数量填 0），缺行不会按“不适用”处理", value=eid, code="missing_row")
    chains = project.tables.get("chains")
    if chains_too and chains is not None and chains.present:
        judged = {r.get("chain") for r in chains.rows}
        for name in sorted({str(r.get("chain")) for _e, r, _n in listed if r.get("chain")} - judged):
            out.items.append(Problem(file=out.fname, sheet=chains.schema.sheet, field="产业链/产业集群", value=name,
                                     level="warning", code="yunnan",
                                     message=f"企业名录中的产业链/产业集群“{name}”在本表中没有判定行（步骤7 未完成，报告中显示为“未判定”）"))
    emitted = {r.get("ent_id") for r, _n in _rows(project, "emissions")}
    for eid, r, n in listed:
        if r.get("permit_class") in ("重点管理", "简化管理") and eid not in emitted:
            out.add(ent, n, "permit_class", f"企业 {eid} 为排污许可{r.get('permit_class')}，但“许可排放量”中没有它 {r.get('year')} 年的排放量；"
                    "请按执行报告年报补填（确无排放的污染物不填）", value=r.get("permit_class"), level="warning")


def selection_complete(std: Any, project: Any, out: _Out) -> None:
    sel = project.tables.get("indicator_selection")
    if sel is None or not sel.present:
        return
    have = {r.get("code") for r in sel.rows}
    for ind in std.indicators:
        if ind.id not in have:
            out.items.append(Problem(file=out.fname, sheet=sel.schema.sheet, field="代码", value=ind.id, code="yunnan",
                                     message=f"指标选择表缺少指标 {ind.id}（{ind.name}）这一行：每项指标都要写明是否选用"))


def items_present(project: Any, out: _Out) -> None:
    """A data item whose row was deleted from an items sheet is an error (a blank value is the user's choice)."""
    for data in project.tables.values():
        if data.schema.kind != "items" or not data.present:
            continue
        have = {r.get("id") for r in data.rows}
        for it in data.schema.items:
            if it.id not in have:
                out.items.append(Problem(file=out.fname, sheet=data.schema.sheet, field=it.label, value=it.id, code="yunnan",
                                         message=f"工作表缺少数据项“{it.label}”（代码 {it.id}）这一行；请从 cpaudit init 生成的模板"
                                                 "补回这一行（无数据时数值留空）"))


def bounds(project: Any, out: _Out) -> None:
    pl = plausibility()
    ew = project.tables.get("energy_water")
    for r, n in _rows(project, "energy_water"):
        e = _num(r.get("energy_tce"))
        if e is None:
            continue
        for f, name in (("renewable_tce", "可再生能源使用量"), ("fossil_tce", "化石能源消费量")):
            v = _num(r.get(f))
            if v is not None and v > e * (1 + 1e-9):
                out.add(ew, n, f, f"企业 {r.get('ent_id')} 的{name} {fmt(v)} tce 大于其综合能源消费量 {fmt(e)} tce；"
                        "前者是后者的一部分，请核对数值和单位", value=v)
        el, fo = _num(r.get("electricity")) or 0.0, _num(r.get("fossil_tce")) or 0.0
        parts = el * pl.electricity_tce_per_10mwh + fo
        if parts > e * (1 + pl.energy_tolerance) + 1e-9:
            out.add(ew, n, "energy_tce", f"企业 {r.get('ent_id')} 的外购电力 {fmt(el)} 万kWh 折 {fmt(el * pl.electricity_tce_per_10mwh)} tce"
                    f"（{pl.source.get('electricity', '当量值')}）加化石能源 {fmt(fo)} tce，共 {fmt(parts)} tce，"
                    f"超过综合能源消费量 {fmt(e)} tce 的 {fmt(pl.energy_tolerance * 100)}% 以上；请核对三者的数值和单位"
                    "（对外供能的企业请在综合能耗中扣除外供量后核对）", value=e, level="warning")
    st = project.tables.get("statistics")
    for r, n in _rows(project, "statistics"):
        va, ov = _num(r.get("value_added")), _num(r.get("output_value"))
        if va is not None and ov is not None and va > ov * (1 + 1e-9):
            out.add(st, n, "value_added", f"企业 {r.get('ent_id')} 的工业增加值 {fmt(va)} 万元大于工业总产值 {fmt(ov)} 万元；"
                    "增加值是总产值的一部分，请核对", value=va)
    sw = project.tables.get("solid_waste")
    for r, n in _rows(project, "solid_waste"):
        for part, whole, name in (("general_utilised", "general_generated", "一般工业固体废物"),
                                  ("hazardous_treated", "hazardous_generated", "危险废物")):
            p, w = _num(r.get(part)), _num(r.get(whole))
            if p is not None and w is not None and p > w * (1 + 1e-9):
                out.add(sw, n, part, f"企业 {r.get('ent_id')} 的{name}利用处置量 {fmt(p)} t 大于产生量 {fmt(w)} t；"
                        "若含往年贮存量请在说明中注明，否则请核对", value=p, level="warning")
    em = project.tables.get("emissions")
    for r, n in _rows(project, "emissions"):
        p, a = _num(r.get("permitted")), _num(r.get("actual"))
        if p and a is not None and a > 0 and a < p * pl.permitted_ratio_min:
            out.add(em, n, "permitted", f"企业 {r.get('ent_id')} 的{r.get('pollutant')}实际排放量 {fmt(a)} t/a 仅为许可排放量 "
                    f"{fmt(p)} t/a 的 {fmt(a / p * 100)}%，低于 {fmt(pl.permitted_ratio_min * 100)}%；请核对两者的单位（t 与 kg）",
                    value=p, level="warning")


def _item(project: Any, tid: str, item: str, year: int | None = None) -> tuple[Any, int | None, Any]:
    data = project.tables.get(tid)
    if data is None:
        return None, None, None
    row = data.item(item)
    v = row.get("value") if row else None
    if isinstance(v, dict):
        v = v.get(year)
    return v, data.item_row(item), data


def _item_problem(out: _Out, data: Any, row: int | None, item: str, message: str, value: Any, level: str = "error") -> None:
    spec = next((i for i in data.schema.items if i.id == item), None)
    out.items.append(Problem(file=out.fname, sheet=data.schema.sheet, row=row, field=spec.label if spec else item,
                             value=value, level=level, message=message, code="yunnan"))


def stated_counts(project: Any, key_ids: list[str] | None, out: _Out) -> None:
    year = project.manifest.baseline
    ents = [r for r, _n in _rows(project, "enterprises") if r.get("ent_id") is not None]
    holders = [r for r in ents if r.get("permit_class") in ("重点管理", "简化管理")]
    checks = [("permit_holders", len(holders), "企业名录中排污许可重点管理和简化管理的企业"),
              ("reports_on_time", sum(1 for r in holders if r.get("report_on_time") is True),
               "其中“执行报告按时提交”为是的企业")]
    if key_ids is not None:
        audited = {r.get("ent_id") for r in ents if r.get("cp_audited") is True}
        checks += [("key_total", len(key_ids), "按企业数据计算的审核分级清单重点企业"),
                   ("key_audited", len(set(key_ids) & audited), "其中“近五年开展过清洁生产审核”为是的重点企业")]
    for item, computed, what in checks:
        v, row, data = _item(project, "park_data", item, year)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v - computed) > 1e-9:
            _item_problem(out, data, row, item, f"{year}年填的是 {fmt(v)} 家，而{what}共 {computed} 家；"
                          "指标按填写值计算，两者须一致：请更正此数或企业名录", v)


def permit_vs_compliance(project: Any, exceedances: list[dict[str, Any]], out: _Out) -> None:
    if not exceedances:
        return
    shown = "、".join(f"{e['ent_id']} {e['pollutant']} {fmt(e['actual'])} t/a（许可 {fmt(e['permitted'])} t/a）"
                      for e in exceedances[:3]) + ("等" if len(exceedances) > 3 else "")
    for item, level, why in (("total_control", "error", "总量控制指标不能判为全部完成"),
                             ("sources_compliant", "warning", "请核对是否仍能判为稳定达标排放")):
        v, row, data = _item(project, "checks", item)
        if v is True:
            _item_problem(out, data, row, item, f"填“是”，但“许可排放量”中有 {len(exceedances)} 项实际排放量超过许可排放量"
                          f"（{shown}），{why}（第5章 执行报告非现场审核）", "是", level)


def mechanisms_run(project: Any, out: _Out) -> None:
    """5.5(8): a mechanism is 已建立 when it has run — a dated row in 机制运行记录, not a status alone."""
    data = project.tables.get("mechanisms")
    runs = [r for r, _n in _rows(project, "mechanism_runs") if r.get("date")]
    for r, n in _rows(project, "mechanisms"):
        mine = sorted(x["date"] for x in runs if x.get("mechanism") == r.get("mechanism"))
        if r.get("status") == "已建立" and not mine:
            out.add(data, n, "status", f"“{r.get('mechanism')}”填“已建立”，但“机制运行记录”中没有它的运行记录；"
                    "请登记每次运行的日期、内容和结果（尚未运行的请填“建设中”）", value="已建立", level="warning")
        elif mine and r.get("last_run") and r["last_run"] != mine[-1]:
            out.add(data, n, "last_run", f"“{r.get('mechanism')}”的最近一次运行填的是 {r['last_run']}，而“机制运行记录”中"
                    f"最近一次是 {mine[-1]}；请使两处一致（或清空本格，以运行记录为准）", value=r["last_run"], level="warning")


def blank_year_duplicates(project: Any, out: _Out) -> None:
    """A row with a blank 年份 is a base-year row: the same key written once blank and once with the base
    year is a duplicate (the core compares the cells as typed, blank ≠ 2024)."""
    from .analysis import YEAR_TABLES, row_year

    base = project.manifest.baseline
    for tid in (*YEAR_TABLES, "enterprise_levels"):
        data = project.tables.get(tid)
        if data is None:
            continue
        keys = [k.strip() for k in (data.schema.key or "").split(",") if k.strip() and k.strip() != "year"]
        seen: dict[tuple[Any, ...], tuple[int | None, bool]] = {}
        for r, n in _rows(project, tid):
            key = (*(r.get(k) for k in keys), row_year(r, base))
            blank = r.get("year") is None
            if key in seen and (blank or seen[key][1]):
                out.add(data, n, "year", f"与第 {seen[key][0]} 行是同一企业{'、同一污染物和类别' if tid == 'emissions' else ''}"
                        f"的 {base} 年数据（年份留空即审核基准期 {base} 年）；重复的行不会累加，请删去一行或更正年份",
                        value=key[-1], code="duplicate_key")
            seen.setdefault(key, (n, blank))


def discharge(project: Any, out: _Out) -> None:
    """Direct vs indirect discharge (permit 排放去向): only wastewater goes to a treatment plant; a park with
    its own plant whose other enterprises leave 排放去向 blank is asked to declare it (their wastewater is
    the plant's inflow); a stated park total equal to direct + indirect is the double count itself."""
    em = project.tables.get("emissions")
    rows = _rows(project, "emissions")
    for r, n in rows:
        if r.get("destination") == "间接排放" and r.get("medium") == "废气":
            out.add(em, n, "destination", f"企业 {r.get('ent_id')} 的{r.get('pollutant')}为废气，不能填“间接排放”"
                    "（间接排放只指废水排入污水处理厂）", value="间接排放")
    from .analysis import plants as plants_of

    plants = plants_of(project)
    discharging = {r.get("ent_id") for r, _n in rows if r.get("ent_id") in plants and r.get("medium") == "废水"}
    if discharging:
        blank = sorted({str(r.get("ent_id")) for r, _n in rows if r.get("medium") == "废水" and not r.get("destination")
                        and r.get("ent_id") not in plants})
        if blank:
            first = next(n for r, n in rows if str(r.get("ent_id")) == blank[0] and r.get("medium") == "废水")
            names = "、".join(sorted(str(p) for p in discharging))
            out.add(em, first, "destination", f"园区有污水处理厂（{names}）且填了它的废水排放量，而 {len(blank)} 家企业"
                    f"（{'、'.join(blank[:5])}{'等' if len(blank) > 5 else ''}）的废水“排放去向”未填：排入污水处理厂的请填"
                    "“间接排放”，否则它们的排放与污水处理厂的排放重复计算（留空按直接排放计）", level="warning")
    year = project.manifest.baseline
    for item, pollutant in (("cod", "化学需氧量"), ("nh3", "氨氮"), ("tn", "总氮"), ("tp", "总磷")):
        stated, row, data = _item(project, "park_data", item, year)
        mine = [r for r, _n in rows if r.get("pollutant") == pollutant and _num(r.get("actual")) is not None]
        indirect = sum(r["actual"] for r in mine if r.get("destination") == "间接排放")
        direct = sum(r["actual"] for r in mine if r.get("destination") != "间接排放")
        if _num(stated) is None or not indirect or abs(stated - direct) <= 1e-4 * max(abs(direct), 1e-9):
            continue
        if abs(stated - direct - indirect) <= 1e-4 * (direct + indirect):
            _item_problem(out, data, row, item, f"{year}年填的是 {fmt(stated)} t，等于直接排放 {fmt(direct)} t 加间接排放 "
                          f"{fmt(indirect)} t：间接排放是污水处理厂的进水，已含在污水处理厂的排放量中，这样重复计算了；"
                          f"园区合计只计直接排放（{fmt(direct)} t）", stated)


def problems(std: Any, project: Any, key_ids: list[str] | None, exceedances: list[dict[str, Any]]) -> list[Problem]:
    """Every enterprise-table check runs once per year of data (the base year's rules and counts once)."""
    from .analysis import at_year, data_years

    out = _Out(project)
    for year in data_years(project) or [project.manifest.baseline]:
        view = at_year(project, year)
        completeness(view, out, chains_too=year == project.manifest.baseline)
        bounds(view, out)
        discharge(view, out)
    blank_year_duplicates(project, out)
    selection_complete(std, project, out)
    items_present(project, out)
    stated_counts(at_year(project), key_ids, out)
    permit_vs_compliance(project, exceedances, out)
    mechanisms_run(project, out)
    return out.items

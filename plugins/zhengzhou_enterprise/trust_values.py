"""``check`` rules on values (see :mod:`.trust` for the guarantees): targets (6.5.5), the denominators of unit
consumption (6.5.1.2.3–6), energy names and coefficients (6.5.1.2.7), settings that change a conclusion,
target denominators, and target baselines recomputed from the source each declares."""
from __future__ import annotations

from typing import Any

from cpframework.api import Problem, fmt

from .trust import _differs, _far, _num, _p, _pairs, _suggest


# ---------------------------------------------------------------- 6.5.5 目标


def target_problems(project: Any) -> list[Problem]:
    out: list[Problem] = []
    for r, n in _pairs(project, "D.24"):
        name, direction = str(r.get("indicator") or ""), r.get("direction") or "降低"
        base = _num(r.get("baseline"))
        percent = str(r.get("unit") or "").strip() == "%"
        for f, label in (("near_rel", "近期目标相对值"), ("mid_rel", "中（远）期目标相对值")):
            v = _num(r.get(f))
            if v is not None and direction == "降低" and v > 100:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 超过 100%：降低率不能超过 100%", n, label + "（%）", v))
            elif v is not None and v <= 0:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 不是改善：相对值为相对基准期的改善幅度，须大于 0"
                              "（6.5.5 b)）；请核对目标值或方向", n, label + "（%）", v))
        values = (("baseline", "基准期值"), ("near_abs", "近期目标绝对值"), ("mid_abs", "中（远）期目标绝对值"),
                  ("expected", "预期完成值"), ("achieved", "审核后实际值"))
        for f, label in values:
            v = _num(r.get(f))
            if v is None:
                continue
            if percent and v > 100:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)}% 超过 100%：单位为 % 的比率不能超过 100%", n, label, v))
            elif f != "baseline" and base is not None and _far(abs(v), abs(base)):
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)} 与基准期值 {fmt(base)} 相差 {fmt(max(v, base) / min(v, base))} 倍；"
                              "请核对数值和单位", n, label, v, level="warning"))
        for f, label in (("near_abs", "近期目标值"), ("mid_abs", "中（远）期目标值")):
            v = _num(r.get(f))
            if v is None or base is None:
                continue
            worse = v >= base if direction == "降低" else v <= base
            if worse:
                out.append(_p(project, "D.24", f"{name}{label} {fmt(v)} 不优于基准期值 {fmt(base)}（方向：{direction}）：目标须比现状有所改善"
                              "（6.5.5 b)）；请核对目标值或方向", n, label, v))
    return out


# ---------------------------------------------------------------- 6.5.1.2.3–7 单耗分母、能源品种


def _typed_error_at(project: Any, sheet: str, row: int | None, year: int | None = None) -> bool:
    """The workbook reader already refused a cell of this row (and year): its consequences are not repeated."""
    return any(p.level == "error" and p.sheet == sheet and p.row == row and (year is None or str(year) in f"{p.field}{p.column}")
               for p in project.problems)


def consumption_problems(project: Any) -> list[Problem]:
    """Every unit consumption of D.7/D.10/D.11 has its denominator: the product named (or the first of D.6)
    exists, and its output is given for every year the consumption is — a missing output is an error at
    the D.6 cell, said once however many lines divide by it (never “not applicable”)."""
    out: list[Problem] = []
    prods = [(r, n) for r, n in _pairs(project, "D.6") if r.get("name")]
    names = [str(r["name"]).strip() for r, _ in prods]
    need: dict[str, dict[int, list[str]]] = {}
    from .allocation import rule_of
    share_need: dict[str, dict[int, list[str]]] = {}   # 按产量/按产值: every product's output or value is needed
    for tid, label_field in (("D.7", "name"), ("D.10", "category"), ("D.11", "category"), ("D.12", "name")):
        seen: dict[str, int | None] = {}
        for r, n in _pairs(project, tid):
            label = str(r.get(label_field) or "").strip()
            if tid in ("D.10", "D.11") and not r.get("product") and label:   # the key check skips a blank product
                if label in seen:
                    out.append(_p(project, tid, f"与第 {seen[label]} 行重复（{label}，未填产品）：同一项目只能填一行，"
                                                "重复的行不会被累加；请删除或合并其中一行", n, label_field == "category" and
                                  ("水资源类别" if tid == "D.10" else "能源类别") or label_field, label))
                    continue
                seen[label] = n
            if tid == "D.12" and r.get("kind") != "耗能工质":
                continue
            rule, why = rule_of(project, r)
            if why:
                out.append(_p(project, tid, why, n, "分摊方式"))
                continue
            pname = str(r.get("product") or "").strip() or (names[0] if names else "")
            if rule == "计量" and r.get("product") and pname not in names:
                out.append(_p(project, tid, f"产品“{pname}”不在表D.6 中（{_suggest(pname, names)}）：它是本行单耗的分母", n,
                              "产品/单元" if tid == "D.7" else ("耗能工质对应产品" if tid == "D.12" else "单耗对应产品"), pname))
                continue
            if rule == "按产量" and len({str(p.get("unit") or "").strip() for p, _ in prods}) > 1:
                out.append(_p(project, tid, "各产品产量单位不同，不能按产量分摊：请改为“按产值”或分别计量", n, "分摊方式", rule))
                continue
            series = r.get("quantity" if tid == "D.12" else "total") or {}
            for y, v in series.items():
                if v is None:
                    continue
                label = str(r.get(label_field) or "")
                for name in ([pname] if rule == "计量" else names):
                    need.setdefault(name, {}).setdefault(y, []).append(label)
                if rule == "按产值":
                    for name in names:
                        share_need.setdefault(name, {}).setdefault(y, []).append(label)
    sheet = project.tables["D.6"].schema.sheet if "D.6" in project.tables else "D.6"
    for (r, n), name in zip(prods, names):
        for y, users in sorted(need.get(name, {}).items()):
            v = (r.get("output") or {}).get(y)
            if v not in (None, 0) or _typed_error_at(project, sheet, n, y):
                continue
            what = "为空" if v is None else "为 0"
            out.append(_p(project, "D.6", f"{name} {y}年产量{what}：它是 {'、'.join(users[:6])}{' 等' if len(users) > 6 else ''}的单耗分母，"
                          "缺失不能当作不适用；请填写产量", n, f"{y}年产量"))
        for y, users in sorted(share_need.get(name, {}).items()):
            v = (r.get("value") or {}).get(y)
            if v is not None or _typed_error_at(project, sheet, n, y):
                continue
            out.append(_p(project, "D.6", f"{name} {y}年产值为空：{'、'.join(dict.fromkeys(users))}按产值在各产品间分摊，"
                          "缺少任一产品的产值就无法分摊；请填写产值", n, f"{y}年产值"))
    return out


def energy_problems(project: Any, carriers: dict[str, Any]) -> list[Problem]:
    """A D.11 energy name that GB/T 2589 does not list and D.12 gives no coefficient for: error where it was
    typed, with the nearest listed name."""
    over = {str(r.get("name") or "").strip() for r, _ in _pairs(project, "D.12") if r.get("coefficient") is not None}
    known = list(carriers)
    ids = {getattr(c, "id", "") for c in carriers.values()}
    out = []
    for r, n in _pairs(project, "D.12"):
        coef, c = _num(r.get("coefficient")), carriers.get(str(r.get("name") or "").strip())
        lo, hi = (getattr(c, "coefficient_min", None), getattr(c, "coefficient_max", None)) if c is not None else (None, None)
        if coef is not None and lo is not None and hi is not None and not lo - 1e-12 <= coef <= hi + 1e-12:
            out.append(_p(project, "D.12", f"{c.name}折标准煤系数 {fmt(coef)} 超出 GB/T 2589 给出的 {fmt(lo)}～{fmt(hi)} {c.coef_unit} 范围；"
                          "请核对实测低位发热量和单位", n, "折标准煤系数", coef,
                          level="error" if getattr(c, "strict_range", False) else "warning"))
    for r, n in _pairs(project, "D.11"):
        name = str(r.get("category") or "").strip()
        if name and name not in carriers and name not in ids and name not in over:
            out.append(_p(project, "D.11", f"能源类别“{name}”不在 GB/T 2589 参考系数表中（{_suggest(name, known)}）；"
                          "如确为其他能源，请在“D.12 综合能耗参数”工作表填写它的折标准煤系数", n, "能源类别", name))
    return out


def settings_problems(project: Any, params: dict[str, Any], high_cost_options: list[str]) -> list[Problem]:
    """A setting that changes a conclusion is required: 中费/高费 payback norms depend on high_cost_min."""
    if params.get("high_cost_min") is None and high_cost_options:
        return [Problem(file="project.toml", field="options.high_cost_min", code="setting",
                        message=f"未设定中费与高费方案的投资划分界限（[options] high_cost_min，万元）：中/高费方案 {'、'.join(high_cost_options)} "
                                "的投资偿还期须按中费（3 年）或高费（10 年）判定，缺少界限会改变可行性结论；请在 project.toml 中填写")]
    return []


UNIT_STEPS = {("kg", "t"): 1000.0, ("kgce", "tce"): 1000.0, ("m³", "万m³"): 1e4, ("kWh", "万kWh"): 1e4}


def denominator_problems(project: Any, benefit_units: dict[str, str]) -> list[Problem]:
    """表D.24 换算分母 (6.5.5, 表D.33): for a per-product target (unit “…/万件”) the baseline output of the
    product with that unit; for a total it converts the benefit's unit into the target's (kg → t: 1000)."""
    prods = {str(r.get("unit") or "").strip(): (str(r.get("name")), (r.get("output") or {}).get(project.manifest.baseline))
             for r, _n in _pairs(project, "D.6") if r.get("name")}
    out = []
    for r, n in _pairs(project, "D.24"):
        den, unit, item = _num(r.get("denominator")), str(r.get("unit") or "").strip(), str(r.get("benefit") or "").strip()
        if den is None or not item:
            continue
        want, why = None, ""
        if "/" in unit and unit.split("/", 1)[1] in prods:
            pname, output = prods[unit.split("/", 1)[1]]
            if output is not None:
                want, why = float(output), f"基准期 {pname} 产量"
        elif item in benefit_units:
            a, b = benefit_units[item], unit.removesuffix("/a")
            want = 1.0 if a == b else UNIT_STEPS.get((a, b))
            why = f"{a} 换算为 {b}"
        if want is not None and _differs(den, want):
            out.append(_p(project, "D.24", f"{r.get('indicator')}的换算分母 {fmt(den)} 应为 {fmt(want)}（{why}）；分母错了预期完成值也会错",
                          n, "换算分母", den))
    return out


# ---------------------------------------------------------------- 6.5.5 a) 基准期值由数据推导


def derived_baseline(project: Any, source: str, cons: Any) -> tuple[float | None, str]:
    """(value, how) of a D.24 基准期值来源 in the baseline year; (None, why) when the data do not hold it."""
    y = project.manifest.baseline
    kind, _, name = (source.replace("：", ":").partition(":"))
    kind, name = kind.strip(), name.strip()
    if kind in ("单位产品综合能耗", "综合能耗"):
        et = cons.comprehensive_energy(project)
        r = (et.unit_value if kind == "单位产品综合能耗" else et.total).get(y)
        return (None, f"{y}年{kind}无法由 D.11、D.6 计算") if r is None else (r.value, f"{y}年{kind}（表D.12）")
    if kind in ("单耗", "总耗"):
        main = cons.main_product(project)
        first = str(main["name"]).strip() if main else ""
        for tid, field in (("D.7", "name"), ("D.10", "category"), ("D.11", "category")):
            lines = [ln for ln in cons.unit_lines(project, tid, field) if ln.label.strip() == name]
            if lines:  # a row split among products: the main product's line
                ln = min(lines, key=lambda ln: ln.product.strip() != first)
                v = ln.unit_values.get(y) if kind == "单耗" else ln.totals.get(y)
                v = getattr(v, "value", v)
                return (None, f"{y}年“{name}”的{kind}缺少数据") if v is None else (float(v), f"{y}年{name}{kind}（表{tid}）")
        return None, f"D.7、D.10、D.11 中没有“{name}”"
    if kind == "占比":
        rows = [r for r, _ in _pairs(project, "D.10")]
        vals = {str(r.get("category") or "").strip(): (r.get("total") or {}).get(y) for r in rows}
        if name not in vals or vals[name] is None:
            return None, f"D.10 中没有“{name}”的{y}年用水量"
        total = sum(v for v in vals.values() if v is not None)
        return (vals[name] / total * 100, f"{y}年{name}占总用水量比例（表D.10）") if total else (None, "D.10 总用水量为 0")
    if kind == "排放量":
        for r, _ in _pairs(project, "D.23"):
            if str(r.get("pollutant") or "").strip() == name and _num(r.get("emission")) is not None:
                return float(r["emission"]), f"{name}基准期排放总量（表D.23）"
        return None, f"D.23 中没有“{name}”的排放总量"
    if kind == "产生量":
        vals = [_num(r.get("generated")) for r, _ in _pairs(project, "D.21")
                if name in (str(r.get("category") or "").strip(), str(r.get("name") or "").strip())]
        vals = [v for v in vals if v is not None]
        return (sum(vals), f"{name}产生量之和（表D.21）") if vals else (None, f"D.21 中没有“{name}”的产生量")
    return None, f"无法识别的基准期值来源“{source}”"


SOURCES = ("D.6", "D.7", "D.10", "D.11", "D.12", "D.21", "D.23")


def baseline_problems(project: Any, cons: Any, found: list[Problem]) -> list[Problem]:
    """A typed 基准期值 that its declared source in the workbook contradicts (more than 0.5 %) is an error —
    unless a source table already has an error (``found`` or the reader's): that is the root cause, said once."""
    sheets = {project.tables[t].schema.sheet for t in SOURCES if t in project.tables}
    if any(p.level == "error" and p.sheet in sheets for p in [*project.problems, *found]):
        return []
    out = []
    for r, n in _pairs(project, "D.24"):
        source, base = str(r.get("derive") or "").strip(), _num(r.get("baseline"))
        if not source or base is None:
            continue
        value, how = derived_baseline(project, source, cons)
        if value is None:
            out.append(_p(project, "D.24", f"{r.get('indicator')}的基准期值无法核对：{how}；请补齐数据或改正“基准期值来源”", n, "基准期值来源", source))
        elif abs(value - base) > 0.005 * max(abs(value), abs(base)):
            out.append(_p(project, "D.24", f"{r.get('indicator')}基准期值 {fmt(base)} 与数据计算的 {how} {fmt(value)} 不符；请核对", n, "基准期值", base))
    return out

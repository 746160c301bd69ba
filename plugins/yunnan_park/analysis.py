"""From the project's enterprise tables to the key-list inputs; configuration; cross-table checks.

Everything here reads a loaded project; the calculations themselves are in :mod:`.keylist` (pure).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from cpframework.api import CalcError
from cpframework.api import Problem

ENTERPRISE_TABLES = ("emissions", "energy_water", "statistics", "solid_waste", "enterprise_levels")
YEAR_TABLES = ("enterprises", "emissions", "energy_water", "statistics", "solid_waste")  # keyed by 年份
GRADES = {"A", "B", "C"}


def row_year(row: dict[str, Any], base: int) -> int:
    """The year of an enterprise-table row: its 年份, or the project's base year when blank (a project
    written before the tables had a year is read as one year of data, the base year)."""
    y = row.get("year")
    return y if isinstance(y, int) and not isinstance(y, bool) else base


def data_years(project: Any) -> list[int]:
    """The years that have enterprise data (企业名录 rows), oldest first."""
    base = project.manifest.baseline
    data = project.tables.get("enterprises")
    return sorted({row_year(r, base) for r in (data.rows if data is not None else [])})


_VIEWS: dict[tuple[int, int], tuple[tuple[Any, ...], Any]] = {}


def at_year(project: Any, year: int | None = None) -> Any:
    """The project with its enterprise tables cut to one year (default: the base year); every other
    table is the project's own.  Sheet row numbers are kept, so messages still point at the workbook.
    Blank years are written in (the view's rows all carry its year) and the view's base year is its year.
    The view is cached by the identity of the tables it was cut from (check and evaluate share it)."""
    year = project.manifest.baseline if year is None else year
    sources = (project.manifest, *(project.tables.get(t) for t in YEAR_TABLES))
    hit = _VIEWS.get((id(project), year))
    if hit is not None and all(a is b for a, b in zip(hit[0], sources)) and len(hit[0]) == len(sources):
        return hit[1]
    base = project.manifest.baseline
    tables = dict(project.tables)
    for tid in YEAR_TABLES:
        data = tables.get(tid)
        if data is None:
            continue
        keep = [i for i, r in enumerate(data.rows) if row_year(r, base) == year]
        numbers = data.sheet_rows or [None] * len(data.rows)
        rows = [data.rows[i] if data.rows[i].get("year") == year else {**data.rows[i], "year": year} for i in keep]
        tables[tid] = attrs.evolve(data, rows=rows, sheet_rows=[numbers[i] for i in keep])
    # the view's base year is its year, so cutting it again is the identity
    manifest = project.manifest if year == base else attrs.evolve(project.manifest, baseline_year=year)
    view = attrs.evolve(project, manifest=manifest, tables=tables)
    if len(_VIEWS) > 16:
        _VIEWS.clear()
    _VIEWS[(id(project), year)] = (sources, view)
    return view


def levels_at(project: Any, year: int) -> dict[Any, tuple[str, int | None, int]]:
    """Step 8 judgements in force in ``year``: enterprise → (level, sheet row, year judged), the latest
    judgement of that year or before (a blank 判定年份 is the project's base year)."""
    data = project.tables.get("enterprise_levels")
    base = project.manifest.baseline
    out: dict[Any, tuple[str, int | None, int]] = {}
    if data is None:
        return out
    for r, n in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
        y = row_year(r, base)
        if r.get("ent_id") is None or not r.get("level") or y > year:
            continue
        if r["ent_id"] not in out or out[r["ent_id"]][2] <= y:
            out[r["ent_id"]] = (str(r["level"]), n, y)
    return out


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


@attrs.frozen(kw_only=True)
class LoadSpec:
    """A fixed load of the key list: a table field summed per enterprise, or a derived one (co2)."""

    id: str
    label: str
    unit: str
    table: str = ""
    field: str = ""
    derived: str = ""

    def __attrs_post_init__(self) -> None:
        _check(self.derived in ("", "co2"), f"derived 只能为 co2，现为 {self.derived}")
        _check(bool(self.derived) or bool(self.table and self.field), "须给出 table 与 field，或 derived")


LEVELS = ("Ⅰ级", "Ⅱ级", "Ⅲ级", "未达Ⅲ级", "无适用标准")


@attrs.frozen(kw_only=True)
class LevelRule:
    """keylist.toml [level_rule]: step 8 levels into the list (重建 R15).  ``min_grade``: level → the grade the
    enterprise is listed at least at; ``scope_classes``: permit classes whose enterprises must all be judged
    (with every enterprise the loads put on the list)."""

    scope_classes: list[str] = attrs.field(factory=lambda: ["重点管理"])
    min_grade: dict[str, str] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        _check(set(self.min_grade) <= set(LEVELS), f"min_grade 的水平只能是 {'、'.join(LEVELS)}")
        _check(set(self.min_grade.values()) <= {"A", "B"}, "min_grade 的分级只能是 A 或 B（判定水平使企业列入清单）")
        _check(set(self.scope_classes) <= {"重点管理", "简化管理", "登记管理"}, "scope_classes 只能是排污许可管理类别")


@attrs.frozen(kw_only=True)
class KeylistData:
    """data/keylist.toml: key-list settings (overridable in project.toml [options])."""

    threshold: float
    grading: str
    grade_a_loads: int
    grid_factor: str | float
    grades: dict[str, str]
    audit_mode: dict[str, str]
    load: list[LoadSpec]
    level_rule: LevelRule = attrs.field(factory=LevelRule)

    def __attrs_post_init__(self) -> None:
        _check(0 < self.threshold <= 1, f"threshold 应在 0～1 之间，现为 {self.threshold}")
        _check(self.grading in ("loads", "permit"), f"grading 只能为 loads 或 permit，现为 {self.grading}")
        _check(self.grade_a_loads >= 1, "grade_a_loads 至少为 1")
        _check(set(self.grades) == GRADES and set(self.audit_mode) == GRADES, "grades 与 audit_mode 须各有 A、B、C 三项")


@attrs.frozen(kw_only=True)
class EvaluationData:
    """data/evaluation.toml: the names of the 附录D levels (the method, category weights and rule set are
    the standard's main system in standard.toml)."""

    levels: dict[str, str]


def _data(name: str, cls: type) -> Any:
    from cpframework.api import load_data
    return load_data(resources.files(__package__) / "data" / name, cls)


@lru_cache(maxsize=None)
def keylist() -> KeylistData:
    return _data("keylist.toml", KeylistData)


@lru_cache(maxsize=None)
def evaluation() -> EvaluationData:
    return _data("evaluation.toml", EvaluationData)


@attrs.frozen
class Config:
    threshold: float
    grading: str
    grade_a_loads: int
    grid_factor: float
    grid_label: str
    rules: str


def config(project: Any) -> Config:
    """Key-list and carbon settings: data/keylist.toml, overridden by project.toml [options]."""
    from cpframework.api import calc
    lookup_grid = calc.carbon.grid_factor

    base = keylist()
    opts = dict(project.manifest.options or {})
    threshold = opts.get("key_threshold", base.threshold)
    if isinstance(threshold, (int, float)) and 1 < threshold <= 100:
        threshold = threshold / 100.0  # 80 → 0.8
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0 < threshold <= 1:
        raise CalcError(f"project.toml [options] key_threshold = {threshold!r} 无效，应为 0–1 之间的小数（如 0.8）或百分数（如 80）")
    gf = opts.get("grid_factor", base.grid_factor)
    try:
        g = lookup_grid(gf, year=project.manifest.baseline)
    except CalcError as exc:
        raise CalcError(f"project.toml [options] grid_factor：{exc}") from None
    rules = opts.get("grading_rules", "default")
    return Config(threshold=float(threshold), grading=str(opts.get("key_grading", base.grading)),
                  grade_a_loads=int(opts.get("key_grade_a_loads", base.grade_a_loads)),
                  grid_factor=g.value, grid_label=g.label(), rules=str(rules))


def frame(project: Any, table_id: str, year: int | None = None) -> Any:
    """A table as a DataFrame; an enterprise table holds one year's rows (default: the base year)."""
    import pandas as pd

    if table_id in YEAR_TABLES:
        project = at_year(project, year)
    data = project.tables.get(table_id)
    return data.frame() if data is not None and data.rows else pd.DataFrame()


def enterprises(project: Any, year: int | None = None) -> Any:
    """One year's 企业名录 (default: the base year) indexed by enterprise id (duplicates dropped; reported
    by :func:`validate`)."""
    import pandas as pd

    f = frame(project, "enterprises", year)
    if f.empty or "ent_id" not in f:
        return pd.DataFrame(columns=["name", "permit_class", "industry", "chain"])
    f = f.dropna(subset=["ent_id"]).drop_duplicates("ent_id")
    return f.set_index("ent_id")


def _sum_by(f: Any, field: str, index: Any) -> Any:
    import pandas as pd

    if f.empty or field not in f:
        return pd.Series(float("nan"), index=index)
    s = pd.to_numeric(f[field], errors="coerce")
    return s.groupby(f["ent_id"]).sum(min_count=1).reindex(index)


def loads(project: Any, cfg: Config) -> tuple[Any, dict[str, str]]:
    """The loads frame (rows = enterprises of 企业名录, columns = load labels) and label → unit.

    Fixed loads per data/keylist.toml; one load per pollutant reported in 许可排放量 (actual emissions).
    Water pollutants are counted where they arise: an enterprise discharging indirectly counts what it sends
    to the wastewater plant, and the plant's own discharge of a pollutant its feeders send is not added on
    top (it is the same pollutant after treatment; counting both is the double count of issue #19).
    Loads with a zero park total are left out (nothing to rank)."""
    import pandas as pd

    from .keylist import enterprise_co2

    ent = enterprises(project)
    idx = ent.index
    cols: dict[str, Any] = {}
    units: dict[str, str] = {}
    for spec in keylist().load:
        if spec.derived == "co2":
            ew = frame(project, "energy_water")
            col = pd.Series(enterprise_co2(_sum_by(ew, "electricity", idx), _sum_by(ew, "fossil_tce", idx),
                                           cfg.grid_factor), index=idx)
        else:
            col = _sum_by(frame(project, spec.table), spec.field, idx)
        cols[spec.label], units[spec.label] = col, spec.unit
    em = frame(project, "emissions")
    if not em.empty and {"pollutant", "actual"} <= set(em):
        em = em.dropna(subset=["pollutant"])
        if "destination" in em:
            em = em[~received(project, em)]
        em["actual"] = pd.to_numeric(em["actual"], errors="coerce")
        wide = em.pivot_table(index="ent_id", columns="pollutant", values="actual", aggfunc="sum")
        order = [p for p in project.tables["emissions"].schema.fields[1].choices if p in wide.columns]
        for p in order + [p for p in wide.columns if p not in order]:
            cols[p], units[p] = wide[p].reindex(idx), "t/a"
    out = pd.DataFrame(cols, index=idx)
    keep = [c for c in out.columns if out[c].fillna(0).sum() > 0]
    return out[keep], {k: units[k] for k in keep}


PLANT = ("污水处理", "4620")   # 污水处理及其再生利用 (GB/T 4754 4620)


def plants(project: Any) -> set[Any]:
    """Enterprises of the (year's) 企业名录 that are wastewater treatment plants."""
    data = at_year(project).tables.get("enterprises")
    return {r.get("ent_id") for r in (data.rows if data is not None else [])
            if any(k in f"{r.get('industry') or ''}{r.get('industry_code') or ''}" for k in PLANT)}


def received(project: Any, em: Any) -> Any:
    """The boolean mask of emission rows to leave out of the loads: a plant's rows of a pollutant that some
    enterprise discharges indirectly (to it)."""
    indirect = set(em.loc[em["destination"] == "间接排放", "pollutant"])
    return em["ent_id"].isin(plants(project)) & em["pollutant"].isin(indirect)


def permit_exceedances(project: Any, year: int | None = None) -> list[dict[str, Any]]:
    """Rows of 许可排放量 of one year (default: the base year) whose actual emission exceeds the permitted
    amount (a 5.5(5) finding)."""
    project = at_year(project, year)
    data = project.tables.get("emissions")
    names = {r.get("ent_id"): r.get("name") for r in (project.tables["enterprises"].rows if "enterprises" in project.tables else [])}
    out = []
    for row in (data.rows if data else []):
        p, a = row.get("permitted"), row.get("actual")
        if isinstance(p, (int, float)) and isinstance(a, (int, float)) and a > p + 1e-9:
            out.append({"ent_id": row.get("ent_id"), "name": names.get(row.get("ent_id"), ""),
                        "pollutant": row.get("pollutant"), "permitted": p, "actual": a,
                        "ratio": a / p * 100.0 if p else None})
    return out


def validate(std: Any, project: Any) -> list[Problem]:
    """Cross-table consistency (企业编号 known to 企业名录) and everything in :mod:`.integrity`.  Duplicate
    keys are the core's (``key`` in tables.toml), so a repeated 企业编号 is said once."""
    from . import integrity, results

    out: list[Problem] = []
    fname = project.manifest.workbook
    base = project.manifest.baseline
    listed = project.tables["enterprises"].rows if "enterprises" in project.tables else []
    known = {(r.get("ent_id"), row_year(r, base)) for r in listed}
    ever = {eid for eid, _y in known}
    for tid in ENTERPRISE_TABLES:
        data = project.tables.get(tid)
        for row, n in zip(data.rows if data else [], data.sheet_rows if data else []):
            eid = row.get("ent_id")
            if eid is None:
                continue
            if tid not in YEAR_TABLES and eid not in ever:
                out.append(Problem(file=fname, sheet=data.schema.sheet, row=n, field="企业编号", value=eid, column="A",
                                   message="企业名录中没有这个企业编号，请先在“企业名录”登记"))
            elif tid in YEAR_TABLES and (eid, row_year(row, base)) not in known:
                y = row_year(row, base)
                message = ("企业名录中没有这个企业编号，请先在“企业名录”登记" if eid not in ever else
                           f"企业名录中没有这家企业 {y} 年的行：每年的企业名录各填一组行（年份列），请补上它 {y} 年的名录行或更正本行年份")
                out.append(Problem(file=fname, sheet=data.schema.sheet, row=n, field="企业编号", value=eid, column="A",
                                   message=message))
    out += level_problems(project)
    from .experience import problems as experience_problems
    out += experience_problems(project)
    try:
        kr = results.key_results(project)
        key_ids: list[str] | None = [str(i) for i in kr["screened"].index[kr["screened"]["key"]]]
    except CalcError:
        key_ids = None
    return out + integrity.problems(std, project, key_ids, permit_exceedances(project))


def level_problems(project: Any) -> list[Problem]:
    """Step 8 → step 9 (重建 R15): every enterprise the level rule covers in a year of data needs a judgement
    in force that year; the message points at its 企业名录 row."""
    from . import results

    out: list[Problem] = []
    rule = keylist().level_rule
    for year in data_years(project):
        missing = set(results.level_missing(project, year))
        if not missing:
            continue
        data = at_year(project, year).tables["enterprises"]
        for r, n in zip(data.rows, data.sheet_rows or [None] * len(data.rows)):
            eid = r.get("ent_id")
            if str(eid) not in missing:
                continue
            missing.discard(str(eid))
            why = (f"为排污许可{r.get('permit_class')}企业" if r.get("permit_class") in rule.scope_classes
                   else f"按负荷列入了 {year} 年审核分级清单")
            out.append(Problem(file=project.manifest.workbook, sheet=data.schema.sheet, row=n, field="企业编号", value=eid,
                               column="A", code="yunnan",
                               message=f"企业 {eid}（{r.get('name') or ''}）{why}，审核分级清单要用它的第8步清洁生产水平判定"
                                       f"（编制说明 5.5(4)“依据水平分析的结果”），但“企业水平”表中没有它 {year} 年或以前的判定行；"
                                       "请补一行判定（没有适用的行业标准时填“无适用标准”）"))
    return out


def missing_ids(project: Any) -> list[str]:
    base = project.manifest.baseline
    listed = project.tables["enterprises"].rows if "enterprises" in project.tables else []
    known = {(r.get("ent_id"), row_year(r, base)) for r in listed}
    ever = {eid for eid, _y in known}
    bad = []
    for tid in ENTERPRISE_TABLES:
        data = project.tables.get(tid)
        for r in (data.rows if data else []):
            ok = (r.get("ent_id"), row_year(r, base)) in known if tid in YEAR_TABLES else r.get("ent_id") in ever
            if not ok:
                bad.append(str(r.get("ent_id")))
    return bad

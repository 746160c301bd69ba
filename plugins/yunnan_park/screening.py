"""Screener for ``yunnan_park`` (云南园区指南 编制说明 5.5(4) 审核分级清单): the key-enterprise lists of a
park (or of a whole region's parks) — per load the fewest enterprises whose cumulative share reaches the
threshold (default 80 %), their union, and the A/B/C grading — with the plugin's pure functions
(``cpf_yunnan_park.keylist.key_enterprises`` / ``coverage`` / ``enterprise_co2``).

``partial`` (row-local, chunk-safe): header matching, numeric loads, CO₂ = 外购电力 × 10 × EF + 化石能源 × 2.7725.
``combine`` (global): one load vector per enterprise (the base year, or the mean over the years), then the
Pareto step — a global sort of the per-enterprise totals per load — and the grading, distribution, coverage.
"""
from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pandas as pd

from cpframework.api import Column, Screener, ScreenResult, Table, screening

ENT, NAME, YEAR, UsageErrorMessage = screening.ENT, screening.NAME, screening.YEAR, screening.UsageErrorMessage
base_year, check_keys, check_unique = screening.base_year, screening.check_keys, screening.check_unique
float_option, int_option, keys, marker_mask = screening.float_option, screening.int_option, screening.keys, screening.marker_mask
raise_bad, rename = screening.raise_bad, screening.rename

STANDARD = "yunnan_park"
TITLE = "云南园区清洁生产审核：审核分级清单（重点企业筛查）"
FIXED = (("综合能耗", "tce", ("energy_tce",)), ("新鲜水", "m³", ("fresh_water",)),
         ("一般工业固废", "t", ("general_waste",)), ("危险废物", "t", ("hazardous_waste",)))
ELECTRICITY = Column("外购电力", "外购电力，万kWh（与化石能源一起算二氧化碳负荷）", required=False, aliases=("electricity",))
FOSSIL = Column("化石能源", "化石能源消费量，tce", required=False, aliases=("fossil_tce",))
PERMIT = Column("排污许可管理类别", "重点管理 / 简化管理 / 登记管理；--option grading=permit 时必需", required=False,
                aliases=("permit_class",))
PARK = Column("园区", "园区名称：有此列时按园区分别形成清单（一个地区多个园区一起筛查）", required=False, aliases=("park",))
POLLUTANT_PREFIXES = ("排放量:", "排放量：")
CO2 = "二氧化碳"
TABLES = ("enterprises", "key_lists", "distribution", "coverage", "concentration")
TITLES = {"enterprises": "企业分级清单", "key_lists": "各负荷重点名单", "distribution": "分级分布", "coverage": "负荷覆盖率",
          "concentration": "负荷集中度"}
COLUMNS = (ENT, NAME, YEAR, *(Column(n, f"{n}，{u}", required=False, aliases=a) for n, u, a in FIXED),
           ELECTRICITY, FOSSIL,
           Column("排放量:<污染物>", "各污染物实际排放量，t/a，每种一列，如“排放量:COD”“排放量:氨氮”", required=False),
           PERMIT, PARK)
OPTIONS = {"threshold": "累计占比阈值（默认 0.8）", "grading": "分级方式：loads（按负荷项数，默认）或 permit（按排污许可类别）",
           "grade_a_loads": "loads 方式下一级重点的负荷项数下限（默认 3）",
           "grid_factor": "电网排放因子：calc 数据中的编号或数值 tCO₂/MWh（默认 yunnan_2022）",
           "year": "基准年（默认为数据中最晚的年份）", "basis": "负荷口径：base（基准年，默认）或 mean（各年平均）"}


@attrs.frozen
class Options:
    threshold: float = 0.8
    grading: str = "loads"
    grade_a_loads: int = 3
    grid_factor: float = 0.1073
    year: int | None = None
    basis: str = "base"


def options(raw: dict[str, str]) -> Options:
    from cpframework.api import calc
    grid_factor = calc.carbon.grid_factor

    check_keys(raw, OPTIONS)
    gf_raw = raw.get("grid_factor", "yunnan_2022")
    try:
        gf = grid_factor(float(gf_raw) if _is_number(gf_raw) else gf_raw).value
    except Exception as exc:  # CalcError with the list of known ids
        raise UsageErrorMessage(f"--option grid_factor={gf_raw}：{exc}") from None
    threshold = float_option(raw, "threshold", 0.8)
    if not 0 < threshold <= 1:
        raise UsageErrorMessage(f"--option threshold={raw.get('threshold')}：须在 0～1 之间（如 0.8）")
    grading, basis = raw.get("grading", "loads"), raw.get("basis", "base")
    if grading not in ("loads", "permit"):
        raise UsageErrorMessage(f"--option grading={grading}：应为 loads 或 permit")
    if basis not in ("base", "mean"):
        raise UsageErrorMessage(f"--option basis={basis}：应为 base 或 mean")
    a = int_option(raw, "grade_a_loads", 3)
    if a is None or a < 1:
        raise UsageErrorMessage("--option grade_a_loads 须为正整数")
    return Options(threshold=threshold, grading=grading, grade_a_loads=a, grid_factor=gf,
                   year=int_option(raw, "year", None), basis=basis)


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def load_columns(columns: Any) -> list[str]:
    """Loads present in a (renamed) frame, in the documented order; CO₂ when electricity or fossil is."""
    cols = [str(c) for c in columns]
    out = [n for n, _u, _a in FIXED if n in cols]
    if ELECTRICITY.name in cols or FOSSIL.name in cols:
        out.append(CO2)
    out += [c for c in cols if c.startswith(POLLUTANT_PREFIXES)]
    return out


def partial(frame: pd.DataFrame, opts: Options, *, offset: int = 0, source: str = "") -> pd.DataFrame:
    frame = rename(frame, (c for c in COLUMNS if "<" not in c.name), source)
    loads = load_columns(frame.columns)
    if not loads:
        raise UsageErrorMessage(f"{('文件 ' + source) if source else '输入数据'}没有任何负荷列：应至少有"
                                f"{'、'.join(n for n, _u, _a in FIXED)}、外购电力/化石能源或“排放量:污染物”之一")
    if opts.grading == "permit" and PERMIT.name not in frame.columns:
        raise UsageErrorMessage(f"{('文件 ' + source) if source else '输入数据'}缺少必需的列：{PERMIT.name}"
                                "（--option grading=permit 时按排污许可管理类别分级）")
    ent, year = keys(frame, offset, source)
    out: dict[str, Any] = {"ent": ent, "year": year}
    bad: dict[str, np.ndarray] = {}
    unknown: dict[str, np.ndarray] = {}

    def num(col: str) -> np.ndarray:
        raw = frame[col]
        v = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
        b = np.isnan(v) & raw.notna().to_numpy(bool)
        if b.any():  # blanks written as spaces are "no data", anything else is an error
            b[b] = raw[b].astype(str).str.strip().to_numpy() != ""
        bad[col] = b | (v < 0)
        # "no value" written in the cell (#N/A, NULL …): the load is unknown, so the lists cannot be ranked
        unknown[col] = marker_mask(raw)
        return v

    for col in loads:
        if col == CO2:
            e = num(ELECTRICITY.name) if ELECTRICITY.name in frame.columns else np.zeros(len(frame))
            f = num(FOSSIL.name) if FOSSIL.name in frame.columns else np.zeros(len(frame))
            from cpf_yunnan_park.keylist import enterprise_co2

            out[CO2] = enterprise_co2(e, f, opts.grid_factor)
        else:
            out[col.removeprefix("排放量:").removeprefix("排放量：") if col.startswith(POLLUTANT_PREFIXES) else col] = num(col)
    raise_bad(frame, bad, offset, source, what={c: "不是非负数值" for c in bad})
    raise_bad(frame, unknown, offset, source, what={c: "是“无数据”标记：负荷未知则无法排序；请填写数值，没有该负荷请填 0"
                                                    for c in unknown})
    if opts.basis == "base" and len(year):
        # Only base-year rows' loads are used.  Without a given year the base is the latest in the data,
        # so a row older than the latest of its own chunk can never be one: its loads are not kept (sparse
        # columns store the kept values only — 10⁷ rows × 9 loads in a third of the memory).
        keep = year == (opts.year if opts.year is not None else year.max())
        if not keep.all():
            for col in [c for c in out if c not in ("ent", "year")]:
                out[col] = pd.arrays.SparseArray(np.where(keep, out[col], np.nan), fill_value=np.nan)
    for col, key in ((NAME.name, "name"), (PERMIT.name, "permit"), (PARK.name, "park")):
        if col in frame.columns and (key != "permit" or opts.grading == "permit"):  # keep the partials small
            out[key] = screening.latest_in_chunk(screening.text(frame[col]), ent, year)  # combine takes the latest
    return pd.DataFrame(out, copy=False)  # copy=False: the columns stay separate arrays (see screening.gather)


def combine(parts: pd.DataFrame, opts: Options) -> ScreenResult:
    from cpf_yunnan_park.keylist import GRADES, coverage, key_enterprises

    pop = screening.pop  # each column of the partials is freed once used (10⁷ rows in bounded memory)
    years = pop(parts, "year").to_numpy()
    ent, ids = screening.enterprise_index(pop(parts, "ent"))
    n_ent = len(ids)
    check_unique(ent, ids, years)
    by = base_year(years, opts.year)
    year_span = (int(years.min()), int(years.max()))
    names = screening.latest_text(pop(parts, "name"), years, ent, n_ent)
    permit = screening.latest_text(pop(parts, "permit"), years, ent, n_ent) if opts.grading == "permit" else None
    park = screening.latest_text(pop(parts, "park"), years, ent, n_ent) if "park" in parts.columns else None
    loads = list(parts.columns)
    ids = pd.Index(ids.astype("str"), name="ent")
    if opts.basis == "base":
        pos = screening.row_of_year(ent, years, by, n_ent)
        matrix = np.empty((n_ent, len(loads)), order="F")  # one column-major block: to_numpy() is a view
        for j, c in enumerate(loads):
            matrix[:, j] = screening.take(pop(parts, c).to_numpy(dtype=float), pos)
        frame = pd.DataFrame(matrix, index=ids, columns=loads, copy=False)
    else:
        frame = parts.groupby(ent, sort=False).mean().reindex(range(n_ent)).set_axis(ids)
    ranked = [c for c in frame.columns if np.nansum(frame[c].to_numpy()) > 0]  # a load nobody has cannot be ranked
    if len(ranked) < frame.shape[1]:
        frame = frame[ranked]
    dropped = [c for c in loads if c not in frame.columns]
    groups = _park_groups(park, ids)
    scrs, covs = [], []
    for pname, where in groups:  # 编制说明 5.5(4): the list is a park's — each park ranked against its own totals
        sub = frame if where is None else frame.iloc[where]
        sc = key_enterprises(sub, threshold=opts.threshold, grading=opts.grading, grade_a_loads=opts.grade_a_loads,
                             permit_class=None if permit is None else permit.set_axis(ids).iloc[where if where is not None else slice(None)])
        scrs.append(sc)
        covs.append(coverage(sub, sc).assign(park=pname))
    scr = scrs[0] if len(scrs) == 1 else pd.concat(scrs).reindex(ids)
    cov = pd.concat(covs)
    ent_table = pd.DataFrame({"企业编号": pd.Series(ids, copy=False),
                              "企业名称": names}, copy=False)
    if park is not None:
        ent_table["园区"] = park.reset_index(drop=True)
    del ent, years, parts  # the per-row arrays are no longer needed
    for c in frame.columns:
        ent_table[c] = frame[c].reset_index(drop=True)  # shares the numbers (no copy)
    for c in frame.columns:
        ent_table[f"重点:{c}"] = screening.label_column(("", "是"), scr[c].to_numpy(bool).view(np.int8))
    ent_table["重点负荷数"] = scr["key_loads"].to_numpy()
    ent_table["最大负荷占比(%)"] = scr["max_share"].to_numpy()
    ent_table["分级代码"] = scr["grade_code"].reset_index(drop=True)
    ent_table["分级"] = scr["grade"].reset_index(drop=True)
    lists = pd.concat([pareto_lists(frame if w is None else frame.iloc[w], sc).assign(园区=p) for (p, w), sc in zip(groups, scrs)])
    dists = []
    for (p, w), sc in zip(groups, scrs):
        codes = sc["grade_code"].to_numpy()
        d = pd.DataFrame({"园区": p, "分级代码": list(GRADES), "分级": list(GRADES.values()),
                          "企业数": [int((codes == c).sum()) for c in GRADES]})
        d["占比(%)"] = d["企业数"] / max(len(codes), 1) * 100.0
        dists.append(d)
    dist = pd.concat(dists, ignore_index=True)
    cov_t = cov.reset_index().rename(columns={"load": "负荷", "total": "合计", "n_list": "本负荷名单企业数",
                                              "list_share": "本负荷名单占比(%)", "union_share": "重点企业合计占比(%)",
                                              "park": "园区"})
    if park is None:
        lists, dist, cov_t = lists.drop(columns="园区"), dist.drop(columns="园区"), cov_t.drop(columns="园区")
    tables = {"enterprises": Table(TITLES["enterprises"], ent_table), "key_lists": Table(TITLES["key_lists"], lists),
              "distribution": Table(TITLES["distribution"], dist), "coverage": Table(TITLES["coverage"], cov_t)}
    basis = f"{by} 年（基准年）" if opts.basis == "base" else f"{year_span[0]}–{year_span[1]} 年平均"
    notes = [f"负荷口径：{basis}；累计占比阈值 {opts.threshold * 100:g}%；共 {n_ent} 家企业"
             + (f"，{len(groups)} 个园区，各园区分别形成清单" if park is not None else "")]
    conc: list[dict[str, Any]] = []
    for (pname, w), sc in zip(groups, scrs):
        sub = frame if w is None else frame.iloc[w]
        head = f"{pname}：" if park is not None else ""
        notes.append(head + f"重点企业 {int(sc['key'].sum())} 家：" + "，".join(
            f"{g} {int((sc['grade_code'] == c).sum())} 家" for c, g in GRADES.items()))
        rows = concentration_rows(sub, sc)
        conc += [dict(r, **({"园区": pname} if park is not None else {})) for r in rows]
        notes += [head + r["说明"] for r in rows]
        notes.append(head + grading_note(sc, opts))
    if dropped:
        notes.append(f"以下负荷合计为 0，未排序：{'、'.join(dropped)}")
    cols = ["负荷", "企业数", "前10%企业数", "前10%企业占比(%)", "名单企业数", "名单企业占企业数(%)", "名单最后一家占比(%)", "说明"]
    conc_t = pd.DataFrame(conc, columns=cols + (["园区"] if park is not None else []))
    tables["concentration"] = Table(TITLES["concentration"], conc_t)   # the sentences travel with the file
    return ScreenResult(STANDARD, tables, notes)


def _park_groups(park: pd.Series | None, ids: pd.Index) -> list[tuple[str, np.ndarray | None]]:
    """(park name, positions) per park in order of first appearance; one group of everything without a 园区 column."""
    if park is None:
        return [("", None)]
    labels = park.fillna("（未填园区）").to_numpy()
    names = list(dict.fromkeys(labels))
    return [(str(p), np.flatnonzero(labels == p)) for p in names]


def concentration_rows(frame: pd.DataFrame, scr: pd.DataFrame) -> list[dict[str, Any]]:
    """Per load: enterprises, the share of the top 10 % of them, how many the list needs and the share of its
    last enterprise (a long tail means a long list), with the plain sentence (:func:`concentration`)."""
    out = []
    for c in frame.columns:
        v = np.sort(np.nan_to_num(frame[c].to_numpy(dtype=float)))[::-1]
        total = v.sum()
        if total <= 0:
            continue
        k = int(scr[c].sum())
        top = max(1, int(np.ceil(len(v) * 0.1)))
        row = {"负荷": c, "企业数": len(v), "前10%企业数": top, "前10%企业占比(%)": v[:top].sum() / total * 100,
               "名单企业数": k, "名单企业占企业数(%)": k / len(v) * 100,
               "名单最后一家占比(%)": v[k - 1] / total * 100 if k else None}
        row["说明"] = (f"{c}：{len(v)} 家中前 {top} 家（10%）占 {row['前10%企业占比(%)']:.1f}%；"
                     f"累计达到阈值需 {k} 家，其中第 {k} 家只占 {row['名单最后一家占比(%)']:.2f}%" if k else f"{c}：名单为空")
        out.append(row)
    return out


def concentration(frame: pd.DataFrame, scr: pd.DataFrame) -> list[str]:
    """Per load, in plain words (see :func:`concentration_rows`)."""
    return [r["说明"] for r in concentration_rows(frame, scr)]


def grading_note(scr: pd.DataFrame, opts: Options) -> str:
    """The A/B/C rule, labelled as reconstruction, and why no enterprise is A when none is."""
    n_loads = len([c for c in scr.columns if c not in ("key_loads", "key", "max_share", "grade_code", "grade")])
    if opts.grading == "loads":
        rule = f"分级规则（重建：编制说明只要求形成分级清单、未规定分级规则，本工具据此拟定，使用前请与主管部门确认）：为 ≥{opts.grade_a_loads} 项负荷的重点企业为A类，其余重点企业为B类"
        if not (scr["grade_code"] == "A").any():
            why = (f"只有 {n_loads} 项负荷，少于A类所需的 {opts.grade_a_loads} 项，不可能有A类企业" if n_loads < opts.grade_a_loads
                   else f"没有企业同时是 {opts.grade_a_loads} 项以上负荷的重点企业")
            rule += f"；本次没有A类：{why}"
    else:
        rule = "分级规则（重建：编制说明未规定，本工具拟定，使用前请与主管部门确认）：排污许可重点管理的重点企业为A类，其余重点企业为B类"
    return rule


def pareto_lists(frame: pd.DataFrame, scr: pd.DataFrame) -> pd.DataFrame:
    """Long table of every load's list in Pareto order (value desc, id asc): rank, id, value, share, cumulative.
    Built column by column (one take of the ids, the load as a categorical): no copy of the whole table."""
    from cpframework.api import calc

    ids, loads = frame.index, list(frame.columns)
    rows, which, values, totals = [], [], [], []
    for n, c in enumerate(loads):
        v = np.nan_to_num(frame[c].to_numpy(dtype=float))
        sel = np.flatnonzero(scr[c].to_numpy(bool))
        order = sel[calc.pareto.pareto_order(v[sel], ids[sel])]
        rows.append(order)
        which.append(np.full(len(order), n, dtype=np.int16))
        values.append(v[order])
        totals.append(np.full(len(order), v.sum()))
    if not rows:
        return pd.DataFrame()
    v, total = np.concatenate(values), np.concatenate(totals)
    rank = np.concatenate([np.arange(1, len(r) + 1) for r in rows])
    cum = np.concatenate([np.cumsum(x) for x in values]) / total * 100.0
    return pd.DataFrame({"负荷": screening.label_column(loads, np.concatenate(which)), "序号": rank,
                         "企业编号": pd.Series(ids.take(np.concatenate(rows)).astype("str"), copy=False),
                         "数值": v, "占比(%)": v / total * 100.0, "累计占比(%)": cum}, copy=False)


SCREENER = Screener(standard=STANDARD, title=TITLE, columns=COLUMNS, options=OPTIONS, parse_options=options,
                    partial=partial, combine=combine, tables=TABLES, table_titles=TITLES)

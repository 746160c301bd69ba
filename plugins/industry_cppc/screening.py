"""Screener for ``industry_cppc`` (T/CPPC 行业整体清洁生产审核指南 5.2.3): every enterprise-year graded by
the 通则 method with the industry evaluation system of the plugin (``cpf_industry_cppc.system``).

Input: one row per enterprise and year; one column per indicator of the system (id such as ``E05`` or the
indicator's full name).  Cells as in the plugin's 评价指标取值 table: numbers; 是/否 (具备/不具备, 达标/未达标);
Ⅰ/Ⅱ/Ⅲ/未达 for graded qualitative indicators; 不适用 or blank = not applicable (``missing`` option).  A "no
value" marker (``#N/A``, ``NULL``, ``nan``, ``-`` …) is a missing value, never 不适用: it counts as 未达Ⅲ级.

``partial`` (row-local, chunk-safe): clean the cells and grade each row → Y_Ⅰ/Y_Ⅱ/Y_Ⅲ, level code, levels
per indicator, short-board bit masks.  ``combine`` (global): base-year row per enterprise, level per year,
level distribution per year, attainment rates and common/individual problems (5.3.2) over the base year.
"""
from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pandas as pd

from cpframework.api import Column, ScreenError, ScreenResult, Table
from cpframework.screen.common import ENT, NAME, YEAR, base_year, check_keys, check_unique, first_text, float_option, int_option, \
    keys, marker_mask, raise_bad, rename
from cpframework.screen.kernel import Kernel, compile_kernel, grade_levels, levels, mask, mask_text

STANDARD = "industry_cppc"
TITLE = "行业整体清洁生产审核：逐企业分级评价"
COLUMNS = (ENT, NAME, YEAR,
           Column("<指标编号>", "评价指标体系的每项指标一列（如 E01…E16，或写指标全称）；数值、是/否、Ⅰ/Ⅱ/Ⅲ/未达，"
                                "“不适用”或空白为不适用；体系由 --option system= 指定（默认内置 electroplating 示意体系）"))
OPTIONS = {"system": "评价指标体系：内置名称或 .toml 文件路径（默认 electroplating）",
           "year": "基准年（默认为数据中最晚的年份）",
           "missing": "缺值处理：not_applicable（不适用，默认）或 fail（按未达Ⅲ级计）",
           "problem_level": "问题判定：3 = 未达Ⅲ级（默认），2 = 未达Ⅱ级",
           "common_share": "共性问题阈值：问题企业占参评企业比例 ≥ 该值（默认 0.3）"}
NO_BASE = "基准年无数据"
NO_YEAR = "无该年数据"
TABLES = ("enterprises", "distribution", "attainment")


@attrs.frozen
class Options:
    system: Any
    kernel: Kernel
    year: int | None = None
    missing: str = "not_applicable"
    problem_level: int = 3
    common_share: float = 0.3


def options(raw: dict[str, str]) -> Options:
    from cpf_industry_cppc.system import DEFAULT_SYSTEM, load_system

    from cpframework.screen.common import UsageErrorMessage

    check_keys(raw, OPTIONS)
    system = load_system(raw.get("system", DEFAULT_SYSTEM), None)
    missing = raw.get("missing", "not_applicable")
    if missing not in ("not_applicable", "fail"):
        raise UsageErrorMessage(f"--option missing={missing}：应为 not_applicable 或 fail")
    share = float_option(raw, "common_share", 0.3)
    if not 0 < share <= 1:
        raise UsageErrorMessage("--option common_share 须在 (0, 1] 之间")
    return Options(system=system, kernel=compile_kernel(system.indicators, system.rules),
                   year=int_option(raw, "year", None), missing=missing,
                   problem_level=int_option(raw, "problem_level", 3, (2, 3)) or 3, common_share=share)


def _table(raw: Any) -> dict[Any, float]:
    return {k: float(v) for k, v in raw.items()}


def _coded(col: pd.Series, table: dict[Any, float], na_words: set[str]) -> tuple[np.ndarray, np.ndarray]:
    """Qualitative cells → codes via the plugin's tables, looked up once per distinct value."""
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    mapped = np.full(len(uniq) + 1, np.nan)
    bad_u = np.zeros(len(uniq) + 1, dtype=bool)
    for n, u in enumerate(uniq.tolist()):
        key = u.strip() if isinstance(u, str) else u
        if isinstance(key, str) and (key in na_words or key == ""):
            continue
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        v = table.get(key)
        if v is None:
            bad_u[n] = True
        else:
            mapped[n] = v
    return mapped[codes], bad_u[codes]


def clean(frame: pd.DataFrame, k: Kernel) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Indicator cells → n × m float matrix (qualitative coded) and the bad-cell mask per column."""
    from cpf_industry_cppc.evaluation import _LEVEL_IN, _YES_IN, NOT_APPLICABLE

    yes = {key: (1.0 if v else 0.0) for key, v in _YES_IN.items()}
    lvl = _table(_LEVEL_IN)
    out = np.full((len(frame), len(k.kinds)), np.nan)
    bad: dict[str, np.ndarray] = {}
    for j, (ind, kind) in enumerate(zip(k.indicators, k.kinds)):  # per indicator (column), not per row
        col = frame[ind.id]
        if kind in (0, 2):
            v, b = _coded(col, yes if kind == 0 else lvl, NOT_APPLICABLE)
        elif pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
            v, b = col.to_numpy(dtype=float, na_value=np.nan), np.zeros(len(col), dtype=bool)
        else:  # text cells: parse all at once; only cells that did not parse are looked at again
            v = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan, copy=True)
            b = np.isnan(v) & col.notna().to_numpy(bool)
            if b.any():
                s = col[b].astype(str).str.strip()
                ok = (s.isin(NOT_APPLICABLE) | (s == "")).to_numpy(bool)
                again = pd.to_numeric(s.where(~ok), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
                v[b] = again
                b[b] = np.isnan(again) & ~ok
        out[:, j] = v
        bad[ind.id] = b
    return out, bad


def partial(frame: pd.DataFrame, opts: Options, *, offset: int = 0, source: str = "") -> pd.DataFrame:
    k = opts.kernel
    by_name = {i.name: i.id for i in k.indicators}
    frame = frame.rename(columns={c: by_name.get(str(c).strip(), c) for c in frame.columns})
    frame = rename(frame, (ENT, NAME, YEAR, *(Column(i.id, i.name) for i in k.indicators)), source)
    ent, year = keys(frame, offset, source)
    values, bad = clean(frame, k)
    raise_bad(frame, bad, offset, source, what={i.id: f"（{i.name}）无法识别" for i in k.indicators})
    lv = levels(k, values)
    markers = np.column_stack([marker_mask(frame[i.id]) for i in k.indicators]) if len(frame) else np.zeros(lv.shape, bool)
    lv[markers] = 4.0  # "no value" written in the cell: missing, never 不适用 — it cannot lift the enterprise
    g = grade_levels(k, lv, missing=opts.missing)
    lv = g["lv"]
    with np.errstate(invalid="ignore"):
        failed = mask(k, lv == 4)
        above_i = mask(k, lv > 1)
        problem = failed if opts.problem_level == 3 else mask(k, lv > opts.problem_level)
    lim_bits = int(mask(k, k.limiting[None, :])[0])
    cols = {"ent": ent, "year": year, "Y1": g["Y1"], "Y2": g["Y2"], "Y3": g["Y3"], "code": g["code"],
            "failed": failed, "lim_failed": failed & lim_bits, "problem": problem, "below_I": above_i & lim_bits,
            "markers": mask(k, markers)}
    if NAME.name in frame.columns:
        cols["name"] = frame[NAME.name].astype("string").reset_index(drop=True)
    lv8 = np.nan_to_num(lv, nan=0.0).astype(np.int8)
    for j, i in enumerate(k.indicators):
        cols["lv_" + i.id] = lv8[:, j]
    out = pd.DataFrame(cols)
    return out


def combine(parts: pd.DataFrame, opts: Options) -> ScreenResult:
    k = opts.kernel
    parts = parts.reset_index(drop=True)
    years = parts["year"].to_numpy()
    check_unique(parts["ent"], years)
    by = base_year(years, opts.year)
    names = k.level_names()
    ents = pd.Index(pd.unique(parts["ent"]), name="ent")
    base = parts[years == by].set_index("ent").reindex(ents)
    has = base["code"].notna().to_numpy()
    code = base["code"].fillna(len(names)).to_numpy().astype(int)
    label_all = np.array(names + [NO_BASE], dtype=object)
    ids = [i.id for i in k.indicators]
    ent_table = pd.DataFrame({"企业编号": ents.astype(str), "企业名称": first_text(parts, "name", ents).to_numpy(),
                              "基准年": by, "Y_Ⅰ": base["Y1"].to_numpy(), "Y_Ⅱ": base["Y2"].to_numpy(),
                              "Y_Ⅲ": base["Y3"].to_numpy(), "等级": label_all[code]})
    all_years = sorted(set(years.tolist()))
    if len(all_years) > 1:
        wide = parts.pivot(index="ent", columns="year", values="code").reindex(ents)
        for y in all_years:
            c = wide[y].to_numpy()
            ent_table[f"{y}年等级"] = np.where(np.isnan(c), "", label_all[np.nan_to_num(c, nan=0).astype(int)])
    for col, title in (("problem", "短板指标" if opts.problem_level == 3 else "未达Ⅱ级指标"),
                       ("lim_failed", "限定性指标未达Ⅲ级"), ("below_I", "限定性指标未达Ⅰ级")):
        text = mask_text(k, base[col].fillna(0).to_numpy().astype(np.int64))
        ent_table[title] = np.where(has, text, "")
    lv = base[["lv_" + x for x in ids]].fillna(0).to_numpy().astype(np.int8)
    for j, x in enumerate(ids):
        ent_table[f"{x}级别"] = np.where(lv[:, j] > 0, lv[:, j], np.nan)
    dist = pd.DataFrame({"等级": names + [NO_YEAR]})
    for y in all_years:
        c = parts["code"].to_numpy()[years == y].astype(int)
        dist[f"{y}年企业数"] = np.bincount(c, minlength=len(names)).tolist() + [len(ents) - len(c)]
    if not dist.iloc[-1, 1:].any():
        dist = dist.iloc[:-1]
    n_base = len(ents)
    dist["基准年占比(%)"] = dist[f"{by}年企业数"] / n_base * 100.0 if n_base else np.nan
    attain = _attainment(k, lv[has], opts)
    tables = {"enterprises": Table("企业评价结果", ent_table), "distribution": Table("等级分布", dist),
              "attainment": Table("指标达标率与共性问题", attain)}
    marked = base["markers"].fillna(0).to_numpy().astype(np.int64) if "markers" in base.columns else np.zeros(len(ents), np.int64)
    if marked.any():
        ent_table["无数据标记的指标"] = np.where(has, mask_text(k, marked), "")
    common = attain.loc[attain["问题类型"] == "共性问题", "指标名称"].tolist()
    notes = [f"评价指标体系：{opts.system.name}" + ("（示意体系，非已发布体系）" if opts.system.illustrative else ""),
             f"基准年 {by}：{int(has.sum())} 家企业参评，共 {len(ents)} 家企业、{len(parts)} 行数据",
             "等级分布（基准年）：" + "，".join(f"{a} {int(b)} 家" for a, b in zip(dist["等级"], dist[f"{by}年企业数"])),
             "共性问题：" + ("、".join(common) if common else "无")]
    if marked.any():
        notes.append(f"{int((marked != 0).sum())} 家企业的基准年数据中有“无数据”标记（#N/A、NULL、- 等），"
                     "相应指标按未达Ⅲ级计（见“无数据标记的指标”列）；请补齐数据，确实不适用的写“不适用”")
    return ScreenResult(STANDARD, tables, notes)


def _attainment(k: Kernel, lv: np.ndarray, opts: Options) -> pd.DataFrame:
    """Per indicator over the base year: as :func:`cpf_industry_cppc.evaluation.industry_summary` (in %)."""
    assessed = (lv > 0).sum(axis=0)
    denom = np.maximum(assessed, 1)
    rate = {s: np.where(assessed > 0, ((lv > 0) & (lv <= s)).sum(axis=0) / denom * 100.0, np.nan) for s in (1, 2, 3)}
    problems = (lv > opts.problem_level).sum(axis=0)
    share = np.where(assessed > 0, problems / denom, 0.0)
    kind = np.where(problems == 0, "", np.where(share >= opts.common_share - 1e-12, "共性问题", "个性问题"))
    return pd.DataFrame({"指标编号": k.ids, "指标名称": [i.name for i in k.indicators],
                         "一级指标": [i.group for i in k.indicators],
                         "限定性": ["是" if i.limiting else "" for i in k.indicators], "参评企业数": assessed,
                         "Ⅰ级达标率(%)": rate[1], "Ⅱ级达标率(%)": rate[2], "Ⅲ级达标率(%)": rate[3],
                         "问题企业数": problems, "问题企业占比(%)": share * 100.0, "问题类型": kind})


__all__ = ["STANDARD", "TITLE", "COLUMNS", "OPTIONS", "Options", "options", "partial", "combine", "ScreenError"]

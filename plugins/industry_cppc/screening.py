"""Screener for ``industry_cppc`` (T/CPPC 行业整体清洁生产审核指南 5.2.3): every enterprise-year graded by
the 通则 method with the industry evaluation system of the plugin (``cpf_industry_cppc.system``).

Input: one row per enterprise and year; one column per indicator of the system (id such as ``E05`` or the
indicator's full name).  Cells as in the plugin's 评价指标取值 table: numbers; 是/否 (具备/不具备, 达标/未达标);
Ⅰ/Ⅱ/Ⅲ/未达 for graded qualitative indicators; 不适用 = the indicator does not apply to the enterprise.  A
blank cell or a "no value" marker (``#N/A``, ``NULL``, ``nan`` …) is a missing value, never 不适用: it counts
as 未达Ⅲ级 (``--option missing=not_applicable`` relaxes that) and is listed in the 缺值指标 column either way.

``partial`` (row-local, chunk-safe): clean the cells and grade each row → Y_Ⅰ/Y_Ⅱ/Y_Ⅲ, level code, levels
per indicator, short-board bit masks.  ``combine`` (global): base-year row per enterprise, level per year,
level distribution per year, attainment rates and common/individual problems (5.3.2) over the base year.
"""
from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pandas as pd

from cpframework.api import Column, Screener, ScreenError, ScreenResult, Table, calc, screening

ENT, NAME, YEAR = screening.ENT, screening.NAME, screening.YEAR
MAX_INDICATORS = 62  # bit masks of indicators per row

STANDARD = "industry_cppc"
TITLE = "行业整体清洁生产审核：逐企业分级评价"
COLUMNS = (ENT, NAME, YEAR,
           Column("<指标编号>", "评价指标体系的每项指标一列（如 E01…E16，或写指标全称）；数值、是/否、Ⅰ/Ⅱ/Ⅲ/未达，"
                                "“不适用”表示该企业无此项；空白为缺值；体系由 --option system= 指定（默认内置 electroplating 示意体系）"),
           Column("产量（<产品>）", "体系中有按产品产量分配权重的指标时：该企业该产品的产量，每个产品一列（如“产量（镀锌件）”）",
                  required=False))
OPTIONS = {"system": "评价指标体系：内置名称或 .toml 文件路径（默认 electroplating）",
           "year": "基准年（默认为数据中最晚的年份）",
           "missing": "缺值处理：fail（按未达Ⅲ级计，默认）或 not_applicable（按不适用处理）；两种方式下缺值都列在结果的“缺值指标”列",
           "problem_level": "问题判定：3 = 未达Ⅲ级（默认），2 = 未达Ⅱ级",
           "common_share": "共性问题阈值：问题企业占参评企业比例 ≥ 该值（默认 0.3）"}
NO_BASE = "基准年无数据"
NO_YEAR = "无该年数据"
TABLES = ("enterprises", "distribution", "attainment")
TITLES = {"enterprises": "企业评价结果", "distribution": "等级分布", "attainment": "指标达标率与共性问题"}


@attrs.frozen
class Options:
    system: Any
    compiled: Any
    year: int | None = None
    missing: str = "fail"
    problem_level: int = 3
    common_share: float = 0.3


def products(system: Any) -> dict[str, str]:
    from cpf_industry_cppc.system import products as of

    return of(system)


def options(raw: dict[str, str]) -> Options:
    from cpf_industry_cppc.system import DEFAULT_SYSTEM, load_system

    usage = screening.UsageErrorMessage
    screening.check_keys(raw, OPTIONS)
    system = load_system(raw.get("system", DEFAULT_SYSTEM), None)
    if len(system.indicators) > MAX_INDICATORS:
        raise usage(f"批量筛查最多支持 {MAX_INDICATORS} 项指标，体系“{system.title}”有 {len(system.indicators)} 项")
    missing = raw.get("missing", "fail")
    if missing not in ("fail", "not_applicable"):
        raise usage(f"--option missing={missing}：应为 fail 或 not_applicable")
    share = screening.float_option(raw, "common_share", 0.3)
    if not 0 < share <= 1:
        raise usage("--option common_share 须在 (0, 1] 之间")
    return Options(system=system, compiled=calc.grading.compile_system(system),
                   year=screening.int_option(raw, "year", None), missing=missing,
                   problem_level=screening.int_option(raw, "problem_level", 3, (2, 3)) or 3, common_share=share)


def partial(frame: pd.DataFrame, opts: Options, *, offset: int = 0, source: str = "") -> pd.DataFrame:
    """Row-local: code the cells and grade each enterprise-year with the core's 通则 method."""
    g, c = calc.grading, opts.compiled
    by_name = {i.name: i.id for i in c.indicators}
    frame = frame.rename(columns={col: by_name.get(str(col).strip(), col) for col in frame.columns})
    made = products(opts.system)
    outputs = {p: Column(f"产量（{p}）", f"{p}的产量") for p in dict.fromkeys(made.values())}
    frame = screening.rename(frame, (ENT, NAME, YEAR, *(Column(i.id, i.name) for i in c.indicators), *outputs.values()),
                             source)
    ent, year = screening.keys(frame, offset, source)
    cells = g.code_cells(c, frame.reset_index(drop=True))
    screening.raise_bad(frame, {i.id: cells.bad[:, j] for j, i in enumerate(c.indicators)}, offset, source,
                        what={i.id: f"（{i.name}）无法识别" for i in c.indicators})
    keys = None
    if made:  # per-product weighting (通则 §3.2 4): each product's output is the weight key of its indicators
        amounts = {p: pd.to_numeric(frame[col.name], errors="coerce").to_numpy(float) for p, col in outputs.items()}
        screening.raise_bad(frame, {col.name: np.isnan(amounts[p]) & frame[col.name].notna().to_numpy()
                                    for p, col in outputs.items()}, offset, source,
                            what={col.name: "不是数值" for col in outputs.values()})
        keys = np.full((len(frame), len(c.indicators)), np.nan)
        for j, i in enumerate(c.indicators):
            if i.id in made:
                keys[:, j] = amounts[made[i.id]]
    graded = g.grade_weighted(opts.system, cells, missing=opts.missing, compiled=c, split_keys=keys)
    lv = graded.codes + 1.0
    lv[np.isnan(lv)] = 0.0
    lv = lv.astype(np.int8)      # 1–3 levels, 4 = 未达Ⅲ级, 0 = not applicable
    cols: dict[str, Any] = {"ent": ent, "year": year, "Y1": graded.scores[:, 0], "Y2": graded.scores[:, 1],
                            "Y3": graded.scores[:, 2], "code": graded.level_index,
                            "missing": screening.bit_masks(graded.missing).astype(np.int32 if len(c.indicators) <= 31 else np.int64)}
    if NAME.name in frame.columns:
        cols["name"] = screening.text(frame[NAME.name])
    for j, i in enumerate(c.indicators):
        cols["lv_" + i.id] = lv[:, j]
    return pd.DataFrame(cols, copy=False)  # copy=False: the columns stay separate arrays (see screening.gather)


def combine(parts: pd.DataFrame, opts: Options) -> ScreenResult:
    c = opts.compiled
    pop = screening.pop  # each column of the partials is freed once used (10⁷ rows in bounded memory)
    years = pop(parts, "year").to_numpy()
    ent, ids = screening.enterprise_index(pop(parts, "ent"))
    n_ent = len(ids)
    screening.check_unique(ent, ids, years)
    by = screening.base_year(years, opts.year)
    names = calc.grading.level_names(opts.system.rules)
    ind_names = [i.name for i in c.indicators]
    pos = screening.row_of_year(ent, years, by, n_ent)
    has = pos >= 0
    code_all = pop(parts, "code").to_numpy()
    code = np.where(has, code_all[pos], len(names))
    label_all = names + [NO_BASE]
    base = {k: screening.take(pop(parts, k).to_numpy(), pos) for k in ("Y1", "Y2", "Y3")}
    ent_table = pd.DataFrame({"企业编号": pd.Series(ids.astype("str"), copy=False),
                              "企业名称": screening.latest_text(pop(parts, "name"), years, ent, n_ent),
                              "基准年": np.full(n_ent, by, dtype=np.int64), "Ⅰ级综合评价指数": base["Y1"], "Ⅱ级综合评价指数": base["Y2"],
                              "Ⅲ级综合评价指数": base["Y3"], "等级": screening.label_column(label_all, code)}, copy=False)
    all_years = sorted(set(np.unique(years).tolist()))
    if len(all_years) > 1:
        for y in all_years:
            pos_y = pos if y == by else screening.row_of_year(ent, years, y, n_ent)
            ent_table[f"{y}年等级"] = screening.label_column(names + [""], np.where(pos_y >= 0, code_all[pos_y], len(names)))
    ids_lv = ["lv_" + x for x in c.ids]
    lv = np.zeros((n_ent, len(ids_lv)), dtype=np.int8, order="F")
    for j, col in enumerate(ids_lv):
        lv[:, j] = screening.take(pop(parts, col).to_numpy(), pos, 0)
    failed, lim = screening.bit_masks(lv == 4), int(screening.bit_masks(c.limiting[None, :])[0])
    problem = failed if opts.problem_level == 3 else screening.bit_masks(lv > opts.problem_level)
    masks = {"problem": problem, "lim_failed": failed & lim, "below_I": screening.bit_masks(lv > 1) & lim,
             "missing": screening.take(pop(parts, "missing").to_numpy(), pos, 0)}
    for col, title in (("problem", "短板指标" if opts.problem_level == 3 else "未达Ⅱ级指标"),
                       ("lim_failed", "限定性指标未达Ⅲ级"), ("below_I", "限定性指标未达Ⅰ级"), ("missing", "缺值指标")):
        ent_table[title] = screening.mask_text(ind_names, np.where(has, masks[col], 0))  # no base row: ""
    for j, x in enumerate(c.ids):
        ent_table[f"{x}级别"] = np.where(lv[:, j] > 0, lv[:, j], np.nan)
    dist = pd.DataFrame({"等级": names + [NO_YEAR]})
    yidx = np.searchsorted(np.array(all_years), years)
    counts = np.bincount(yidx * len(names) + code_all, minlength=len(all_years) * len(names)).reshape(len(all_years), -1)
    for k, y in enumerate(all_years):
        dist[f"{y}年企业数"] = counts[k].tolist() + [n_ent - int(counts[k].sum())]
    if not dist.iloc[-1, 1:].any():
        dist = dist.iloc[:-1]
    dist["基准年占比(%)"] = dist[f"{by}年企业数"] / n_ent * 100.0 if n_ent else np.nan
    attain = _attainment(c, lv[has], opts)
    tables = {"enterprises": Table(TITLES["enterprises"], ent_table), "distribution": Table(TITLES["distribution"], dist),
              "attainment": Table(TITLES["attainment"], attain)}
    common = attain.loc[attain["问题类型"] == "共性问题", "指标名称"].tolist()
    n_missing = int((masks["missing"] != 0).sum())
    notes = [f"评价指标体系：{opts.system.title}" + ("（示意体系，非已发布体系）" if opts.system.illustrative else ""),
             f"基准年 {by}：{int(has.sum())} 家企业参评，共 {n_ent} 家企业、{len(years)} 行数据",
             "等级分布（基准年）：" + "，".join(f"{a} {int(b)} 家" for a, b in zip(dist["等级"], dist[f"{by}年企业数"])),
             "共性问题：" + ("、".join(common) if common else "无")]
    if n_missing:
        how = "按未达Ⅲ级计" if opts.missing == "fail" else "按不适用处理"
        notes.append(f"注意：基准年有 {n_missing} 家企业存在缺值指标（{how}），见结果的“缺值指标”列；请补齐数据或填写“不适用”")
    return ScreenResult(STANDARD, tables, notes)


def _attainment(k: Any, lv: np.ndarray, opts: Options) -> pd.DataFrame:
    """Per indicator over the base year: as :func:`cpf_industry_cppc.evaluation.industry_summary` (in %)."""
    assessed = (lv > 0).sum(axis=0)
    denom = np.maximum(assessed, 1)
    rate = {s: np.where(assessed > 0, ((lv > 0) & (lv <= s)).sum(axis=0) / denom * 100.0, np.nan) for s in (1, 2, 3)}
    problems = (lv > opts.problem_level).sum(axis=0)
    share = np.where(assessed > 0, problems / denom, 0.0)
    kind = np.where(problems == 0, "", np.where(share >= opts.common_share - 1e-12, "共性问题", "个性问题"))
    return pd.DataFrame({"指标编号": k.ids, "指标名称": [i.name for i in k.indicators],
                         "一级指标": [i.category for i in k.indicators],
                         "限定性": ["是" if i.limiting else "" for i in k.indicators], "参评企业数": assessed,
                         "Ⅰ级达标率(%)": rate[1], "Ⅱ级达标率(%)": rate[2], "Ⅲ级达标率(%)": rate[3],
                         "问题企业数": problems, "问题企业占比(%)": share * 100.0, "问题类型": kind})


SCREENER = Screener(standard=STANDARD, title=TITLE, columns=COLUMNS, options=OPTIONS, parse_options=options,
                    partial=partial, combine=combine, tables=TABLES, table_titles=TITLES)

__all__ = ["SCREENER", "STANDARD", "TITLE", "COLUMNS", "OPTIONS", "Options", "options", "partial", "combine", "ScreenError"]

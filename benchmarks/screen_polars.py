"""The two screens in Polars expressions — a second peer implementation for the benchmark (``pip install polars``).

Same method and the same result tables as ``screen_duckdb.py`` (see there): industry 通则 grading of every
enterprise-year on coded numeric cells (a blank cell is missing, below Ⅲ), then the base-year table, the
level per year, the distribution per year and the attainment per indicator; yunnan key lists per load by
cumulative share (value desc, id asc), A/B/C grades and coverage.  Polars runs on all cores (lazy queries).
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def _levels(system: Any) -> list[Any]:
    import polars as pl

    out = []
    for i in system.indicators:
        x = pl.col(i.id)
        missing = x.is_null() | x.is_nan()
        if i.direction == "yes":
            e = pl.when(missing).then(4).when(x > 0).then(1).otherwise(4)
        elif i.direction == "level":
            e = pl.when(missing).then(4).when(x.is_in([1.0, 2.0, 3.0])).then(x.cast(pl.Int32)).otherwise(4)
        else:
            s = 1.0 if i.direction == "higher" else -1.0
            t = [float(i.thresholds[k].value) for k in ("I", "II", "III")]
            e = (pl.when(missing).then(4).when(s * x >= s * t[0]).then(1).when(s * x >= s * t[1]).then(2)
                 .when(s * x >= s * t[2]).then(3).otherwise(4))
        out.append(e.cast(pl.Int32).alias(f"l_{i.id}"))
    return out


def industry(src: pd.DataFrame, system: Any) -> dict[str, pd.DataFrame]:
    import polars as pl

    from cpframework.calc.grading import compile_system

    c = compile_system(system)
    inds = list(system.indicators)
    w, gw, gidx = [float(x) for x in c.weights], [float(x) for x in c.group_weights], [int(g) for g in c.group]
    groups = sorted(set(gidx))
    lf = pl.from_pandas(src).lazy().select(pl.col("企业编号").alias("ent"), pl.col("年份").alias("year"), *_levels(system))
    # every cell has a level here (blank = below Ⅲ), so each group's applicable weight is the full group
    gs = {g: pl.sum_horizontal([pl.when(pl.col(f"l_{i.id}").is_not_null()).then(w[n]).otherwise(0.0)
                                for n, i in enumerate(inds) if gidx[n] == g]) for g in groups}
    lf = lf.with_columns(*(e.alias(f"gs{g}") for g, e in gs.items()))
    lf = lf.with_columns(pl.sum_horizontal([pl.when(pl.col(f"gs{g}") > 0).then(gw[g]).otherwise(0.0) for g in groups]).alias("gtot"))
    lf = lf.with_columns(*(pl.when(pl.col(f"l_{i.id}").is_not_null() & (pl.col(f"gs{gidx[n]}") > 0) & (pl.col("gtot") > 0))
                           .then(w[n] / pl.col(f"gs{gidx[n]}") * gw[gidx[n]] / pl.col("gtot")).otherwise(0.0).alias(f"e_{i.id}")
                           for n, i in enumerate(inds)))
    lf = lf.with_columns(*((100 * pl.sum_horizontal([pl.when(pl.col(f"l_{i.id}") <= k).then(pl.col(f"e_{i.id}")).otherwise(0.0)
                                                     for i in inds])).round(9).alias(f"y{k}") for k in (1, 2, 3)),
                         pl.max_horizontal([pl.col(f"l_{i.id}").fill_null(0) for i in inds if i.limiting] + [pl.lit(0)]).alias("worst_lim"),
                         pl.max_horizontal([pl.col(f"l_{i.id}").fill_null(0) for i in inds if not i.limiting] + [pl.lit(0)]).alias("worst_oth"))
    level = pl.when(pl.sum_horizontal([pl.col(f"e_{i.id}") for i in inds]) <= 0).then(pl.lit("无法评定"))
    for r in system.rules.rules:
        cond = pl.col(f"y{r.score_level}") >= r.min_score - 1e-9
        if r.limiting_level is not None:
            cond = cond & (pl.col("worst_lim") <= r.limiting_level)
        if r.others_level is not None:
            cond = cond & (pl.col("worst_oth") <= r.others_level)
        level = level.when(cond).then(pl.lit(r.level))
    level = level.otherwise(pl.lit(system.rules.fallback))
    short = pl.concat_str([pl.when(pl.col(f"l_{i.id}") == 4).then(pl.lit(i.name)) for i in inds], separator="、",
                          ignore_nulls=True)
    graded = lf.with_columns(level.alias("level"), short.alias("short")) \
        .select("ent", "year", "y1", "y2", "y3", "level", "short", *(f"l_{i.id}" for i in inds)).collect()
    by = graded["year"].max()
    base = graded.filter(pl.col("year") == by)
    wide = graded.pivot(on="year", index="ent", values="level", aggregate_function="first")
    wide = wide.rename({c: f"yr{c}" for c in wide.columns if c != "ent"})
    ent = base.select("ent", "y1", "y2", "y3", "level", "short").join(wide, on="ent", how="left")
    dist = graded.group_by("year", "level").len(name="n").sort("year", "level")
    attain = base.select(*(e for i in inds for e in (
        pl.col(f"l_{i.id}").count().alias(f"{i.id}|assessed"), (pl.col(f"l_{i.id}") <= 1).sum().alias(f"{i.id}|n1"),
        (pl.col(f"l_{i.id}") <= 2).sum().alias(f"{i.id}|n2"), (pl.col(f"l_{i.id}") <= 3).sum().alias(f"{i.id}|n3"),
        (pl.col(f"l_{i.id}") > 3).sum().alias(f"{i.id}|problems")))).row(0, named=True)
    cols = ["assessed", "n1", "n2", "n3", "problems"]
    attain_df = pd.DataFrame([[attain[f"{i.id}|{k}"] for k in cols] for i in inds], index=[i.id for i in inds], columns=cols)
    return {"ent": ent.to_pandas(), "dist": dist.to_pandas(), "attain": attain_df}


def yunnan(src: pd.DataFrame, grid_factor: float, threshold: float = 0.8, grade_a_loads: int = 3) -> dict[str, pd.DataFrame]:
    import polars as pl

    cols = [str(c) for c in src.columns]
    df = pl.from_pandas(src).lazy()
    by = pl.col("年份").max()
    sel = [pl.col(c).fill_null(0.0).alias(c) for c in ("综合能耗", "新鲜水", "一般工业固废", "危险废物") if c in cols]
    if "外购电力" in cols or "化石能源" in cols:
        sel.append((pl.col("外购电力").fill_null(0.0) * 10.0 * grid_factor + pl.col("化石能源").fill_null(0.0) * 2.7725).alias("二氧化碳"))
    sel += [pl.col(c).fill_null(0.0).alias(c[4:]) for c in cols if c.startswith("排放量:")]
    base = df.filter(pl.col("年份") == by).select(pl.col("企业编号").alias("ent"), *sel).collect()
    loads = [c for c in base.columns if c != "ent"]
    long = base.unpivot(index="ent", on=loads, variable_name="load", value_name="v")
    ranked = long.sort(["load", "v", "ent"], descending=[False, True, False]).with_columns(
        pl.col("v").cum_sum().over("load").alias("cum"), pl.col("v").sum().over("load").alias("total"))
    ranked = ranked.with_columns(pl.col("cum").shift(1, fill_value=0.0).over("load").alias("prev"))
    lists = ranked.filter((pl.col("total") > 0) & (pl.col("prev") / pl.col("total") < threshold - 1e-12)) \
        .with_columns(pl.int_range(1, pl.len() + 1).over("load").alias("rank"))
    counts = lists.group_by("ent").len(name="n")
    grades = base.select("ent").join(counts, on="ent", how="left").with_columns(
        pl.when(pl.col("n").fill_null(0) >= grade_a_loads).then(pl.lit("A")).when(pl.col("n") > 0).then(pl.lit("B"))
        .otherwise(pl.lit("C")).alias("grade")).select("ent", "grade")
    keyed = long.join(grades, on="ent")
    own = lists.group_by("load").agg(pl.len().alias("n_list"), pl.col("v").sum().alias("v_list"))
    coverage = keyed.group_by("load").agg(pl.col("v").sum().alias("total"),
                                          pl.col("v").filter(pl.col("grade") != "C").sum().alias("v_key")) \
        .filter(pl.col("total") > 0).join(own, on="load").select(
        "load", "total", "n_list", (pl.col("v_list") / pl.col("total") * 100).alias("list_share"),
        (pl.col("v_key") / pl.col("total") * 100).alias("union_share"))
    return {"lists": lists.select("load", "ent", "rank").to_pandas(), "grades": grades.to_pandas(),
            "coverage": coverage.to_pandas()}

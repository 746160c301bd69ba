"""The two screens in DuckDB SQL — a peer implementation for the benchmark (``pip install duckdb``).

Industry: 通则 grading generated from the evaluation system (one CASE per indicator, weights re-normalised
over applicable indicators per group, level rules), on coded numeric cells (a blank cell is missing and
graded below Ⅲ, as ``missing=fail``); then the same result tables as the screener: base-year Y_Ⅰ/Y_Ⅱ/Y_Ⅲ,
level, short boards and the level of every year per enterprise, the distribution per year, the attainment
per indicator.  Yunnan: base-year loads, UNPIVOT, a window sum per load ordered by value desc / id asc,
members while the previous cumulative share is below the threshold, the A/B/C grades and the coverage.
Results are returned as pandas frames for the equality checks (``bench_screen.verify``).
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def industry_sql(system: Any) -> str:
    inds = list(system.indicators)
    # weights exactly as the core normalises them (share-of-total weights divided by the group weight)
    from cpframework.calc.grading import compile_system

    c = compile_system(system)
    w, gw = [float(x) for x in c.weights], [float(x) for x in c.group_weights]
    gidx = [int(g) for g in c.group]
    groups = sorted(set(gidx))
    lv = []
    for i in inds:
        x = f"(CASE WHEN {_q(i.id)} IS NULL OR isnan({_q(i.id)}) THEN NULL ELSE {_q(i.id)} END)"
        if i.direction == "yes":  # a blank cell is missing: below Ⅲ (missing=fail)
            e = f"CASE WHEN {x} IS NULL THEN 4 WHEN {x} > 0 THEN 1 ELSE 4 END"
        elif i.direction == "level":
            e = f"CASE WHEN {x} IS NULL THEN 4 WHEN {x} IN (1, 2, 3) THEN CAST({x} AS INTEGER) ELSE 4 END"
        else:
            s = 1 if i.direction == "higher" else -1
            t = [float(i.thresholds[k].value) for k in ("I", "II", "III")]
            e = (f"CASE WHEN {x} IS NULL THEN 4 WHEN {s} * {x} >= {s * t[0]!r} THEN 1 "
                 f"WHEN {s} * {x} >= {s * t[1]!r} THEN 2 WHEN {s} * {x} >= {s * t[2]!r} THEN 3 ELSE 4 END")
        lv.append(f"{e} AS l_{i.id}")
    gs = [f"({' + '.join(f'(CASE WHEN l_{i.id} IS NULL THEN 0 ELSE {w[n]!r} END)' for n, i in enumerate(inds) if gidx[n] == g)}) AS gs{g}"
          for g in groups]
    gtot = " + ".join(f"(CASE WHEN gs{g} > 0 THEN {gw[g]!r} ELSE 0 END)" for g in groups)
    eff = [f"(CASE WHEN l_{i.id} IS NOT NULL AND gs{gidx[n]} > 0 AND gtot > 0 "
           f"THEN {w[n]!r} / gs{gidx[n]} * {gw[gidx[n]]!r} / gtot ELSE 0 END) AS e_{i.id}" for n, i in enumerate(inds)]
    ys = [f"round(100 * ({' + '.join(f'(CASE WHEN l_{i.id} <= {k} THEN e_{i.id} ELSE 0 END)' for i in inds)}), 9) AS y{k}"
          for k in (1, 2, 3)]
    lim = [i for i in inds if i.limiting]
    oth = [i for i in inds if not i.limiting]
    worst = (f"greatest(0, {', '.join(f'coalesce(l_{i.id}, 0)' for i in lim)}) AS worst_lim, "
             f"greatest(0, {', '.join(f'coalesce(l_{i.id}, 0)' for i in oth)}) AS worst_oth")
    rules = []
    for r in system.rules.rules:
        c = f"y{r.score_level} >= {r.min_score - 1e-9!r}"
        if r.limiting_level is not None:
            c += f" AND worst_lim <= {r.limiting_level}"
        if r.others_level is not None:
            c += f" AND worst_oth <= {r.others_level}"
        rules.append(f"WHEN {c} THEN {_lit(r.level)}")
    level = (f"CASE WHEN ({' + '.join(f'e_{i.id}' for i in inds)}) <= 0 THEN '无法评定' {' '.join(rules)} "
             f"ELSE {_lit(system.rules.fallback)} END AS level")
    short = "concat_ws('、', " + ", ".join(f"CASE WHEN l_{i.id} = 4 THEN {_lit(i.name)} END" for i in inds) + ") AS short"
    return f"""
WITH lv AS (SELECT {_q('企业编号')} AS ent, {_q('年份')} AS year, {', '.join(lv)} FROM src),
g AS (SELECT *, {', '.join(gs)} FROM lv),
g2 AS (SELECT *, {gtot} AS gtot FROM g),
e AS (SELECT *, {', '.join(eff)}, {worst} FROM g2),
y AS (SELECT *, {', '.join(ys)} FROM e)
SELECT ent, year, CASE WHEN level = '无法评定' THEN NULL ELSE y1 END AS y1,
       CASE WHEN level = '无法评定' THEN NULL ELSE y2 END AS y2,
       CASE WHEN level = '无法评定' THEN NULL ELSE y3 END AS y3, level, short, {', '.join(f'l_{i.id}' for i in inds)}
FROM (SELECT *, {level}, {short} FROM y)
"""


def industry(src: pd.DataFrame, system: Any, con: Any = None) -> dict[str, pd.DataFrame]:
    """``ent`` (base-year Y, level, short boards, level per year ``yr<year>``), ``dist`` (year, level, n),
    ``attain`` (indicator, assessed, n1, n2, n3 = enterprises at or above Ⅰ/Ⅱ/Ⅲ, problems = below Ⅲ)."""
    import duckdb

    con = con or duckdb.connect()
    con.register("src", src)
    con.execute(f"CREATE OR REPLACE TEMP TABLE graded AS {industry_sql(system)}")
    con.execute("CREATE OR REPLACE TEMP TABLE base AS SELECT * FROM graded WHERE year = (SELECT max(year) FROM graded)")
    years = [r[0] for r in con.execute("SELECT DISTINCT year FROM graded ORDER BY 1").fetchall()]
    per_year = ", ".join(f"max(level) FILTER (WHERE year = {y}) AS yr{y}" for y in years)
    ent = con.execute(f"""SELECT b.ent, b.y1, b.y2, b.y3, b.level, b.short, p.* EXCLUDE (ent) FROM base b
                          JOIN (SELECT ent, {per_year} FROM graded GROUP BY ent) p USING (ent)""").df()
    dist = con.execute("SELECT year, level, count(*) AS n FROM graded GROUP BY ALL ORDER BY ALL").df()
    ids = [i.id for i in system.indicators]
    row = con.execute("SELECT " + ", ".join(f"count(l_{x}), count_if(l_{x} <= 1), count_if(l_{x} <= 2), "
                                            f"count_if(l_{x} <= 3), count_if(l_{x} > 3)" for x in ids) + " FROM base").fetchall()[0]
    attain = pd.DataFrame([row[5 * j:5 * j + 5] for j in range(len(ids))], index=ids,
                          columns=["assessed", "n1", "n2", "n3", "problems"])
    con.unregister("src")
    return {"ent": ent, "dist": dist, "attain": attain}


def yunnan_base_sql(columns: list[str], grid_factor: float) -> tuple[str, list[str]]:
    """Base-year loads per enterprise (blank = 0; CO₂ from electricity and fossil energy) and the load names."""
    fixed = [c for c in ("综合能耗", "新鲜水", "一般工业固废", "危险废物") if c in columns]
    sel = [f"coalesce({_q(c)}, 0) AS {_q(c)}" for c in fixed]
    loads = list(fixed)
    if "外购电力" in columns or "化石能源" in columns:
        sel.append(f"coalesce({_q('外购电力')}, 0) * 10.0 * {grid_factor!r} + coalesce({_q('化石能源')}, 0) * 2.7725 AS {_q('二氧化碳')}")
        loads.append("二氧化碳")
    for c in columns:
        if c.startswith("排放量:"):
            sel.append(f"coalesce({_q(c)}, 0) AS {_q(c[4:])}")
            loads.append(c[4:])
    return (f"SELECT {_q('企业编号')} AS ent, {', '.join(sel)} FROM src "
            f"WHERE {_q('年份')} = (SELECT max({_q('年份')}) FROM src)"), loads


def yunnan_lists_sql(loads: list[str], threshold: float) -> str:
    return f"""
WITH long AS (UNPIVOT yn_base ON {', '.join(_q(c) for c in loads)} INTO NAME load VALUE v),
r AS (SELECT load, ent, v,
             sum(v) OVER (PARTITION BY load ORDER BY v DESC, ent ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum,
             sum(v) OVER (PARTITION BY load) AS total
      FROM long),
r2 AS (SELECT *, coalesce(lag(cum) OVER (PARTITION BY load ORDER BY v DESC, ent ASC), 0) AS prev FROM r)
SELECT load, ent, v, row_number() OVER (PARTITION BY load ORDER BY v DESC, ent ASC) AS rank
FROM r2 WHERE total > 0 AND prev / total < {threshold!r} - 1e-12
"""


def yunnan(src: pd.DataFrame, grid_factor: float, threshold: float = 0.8, grade_a_loads: int = 3,
           con: Any = None) -> dict[str, pd.DataFrame]:
    """``lists`` (load, ent, rank), ``grades`` (ent, grade A/B/C), ``coverage`` (load, total, n_list,
    list_share, union_share in %)."""
    import duckdb

    con = con or duckdb.connect()
    con.register("src", src)
    base_sql, loads = yunnan_base_sql([str(c) for c in src.columns], grid_factor)
    con.execute(f"CREATE OR REPLACE TEMP TABLE yn_base AS {base_sql}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE lists AS {yunnan_lists_sql(loads, threshold)}")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE grades AS
        SELECT b.ent, CASE WHEN coalesce(k.n, 0) >= {int(grade_a_loads)} THEN 'A' WHEN k.n > 0 THEN 'B' ELSE 'C' END AS grade
        FROM yn_base b LEFT JOIN (SELECT ent, count(*) AS n FROM lists GROUP BY ent) k USING (ent)""")
    coverage = con.execute(f"""
        WITH long AS (UNPIVOT yn_base ON {', '.join(_q(c) for c in loads)} INTO NAME load VALUE v),
        own AS (SELECT load, count(*) AS n_list, sum(v) AS v_list FROM lists GROUP BY load)
        SELECT l.load, sum(l.v) AS total, any_value(o.n_list) AS n_list, any_value(o.v_list) / sum(l.v) * 100 AS list_share,
               coalesce(sum(l.v) FILTER (WHERE g.grade <> 'C'), 0) / sum(l.v) * 100 AS union_share
        FROM long l JOIN grades g USING (ent) JOIN own o USING (load) GROUP BY l.load""").df()
    lists = con.execute("SELECT load, ent, rank FROM lists ORDER BY load, rank").df()
    grades = con.execute("SELECT * FROM grades").df()
    con.unregister("src")
    return {"lists": lists, "grades": grades, "coverage": coverage}

"""Batch-screening benchmark: python benchmarks/bench_screen.py [--runs 3] [--full]

For N enterprises × 3 years (synthetic, numpy, seeded) and both screens (industry_cppc grading,
yunnan_park key lists), in one run so the ratios are meaningful on a noisy machine:

  vectorised   cpframework.screen (in-memory frame → all result tables)
  per-row      benchmarks/screen_reference.py (plain Python loops; only up to --ref-max)
  duckdb       benchmarks/screen_duckdb.py (the same result tables in SQL)
  polars       benchmarks/screen_polars.py (the same result tables in Polars expressions)
  file         the CLI path: CSV on disk → chunked read → screen → result tables (no write)

Every measurement runs in a fresh child process (data generated outside the timing); the --runs rounds
are interleaved (vectorised, peers, vectorised, peers …) so the load of a shared machine hits all alike;
median wall time, and the peak resident-memory increase of the computation (Linux VmHWM reset through
/proc/self/clear_refs).  Before timing, all implementations' tables are compared (``verify``) and the
benchmark stops if they differ.  N = 1M only with --full.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def data(std: str, n: int):
    from screen_synthetic import industry_frame, yunnan_frame

    return industry_frame(n, text=False) if std == "industry" else yunnan_frame(n)


def job(impl: str, std: str, n: int, tmp: str):
    """A zero-argument callable for one measurement (data prepared outside it)."""
    from cpf_industry_cppc.screening import SCREENER as industry
    from cpf_yunnan_park.screening import SCREENER as yunnan
    from cpframework.screen import screen
    import screen_reference as reference

    mod = industry if std == "industry" else yunnan
    opts = mod.parse_options({})
    df = data(std, n)
    if impl == "vectorised":
        return lambda: screen(mod, df, opts)
    if impl == "per-row":
        rows = df.to_dict("records")
        if std == "industry":
            return lambda: reference.industry(rows, opts.system)
        return lambda: reference.yunnan(rows, grid_factor=opts.grid_factor)
    if impl in ("duckdb", "polars"):
        peer = __import__(f"screen_{impl}")
        if std == "industry":
            return lambda: peer.industry(df, opts.system)
        return lambda: peer.yunnan(df, opts.grid_factor)
    if impl == "file":
        from cpframework.screen.engine import run_local

        path = Path(tmp) / f"{std}-{n}.csv"
        if not path.exists():
            df.to_csv(path, index=False)
        return lambda: run_local(mod, path, opts)
    raise ValueError(impl)


def child(impl: str, std: str, n: int, runs: int, tmp: str) -> None:
    import gc

    fn = job(impl, std, n, tmp)
    gc.collect()
    base = _rss_kb("VmRSS")
    peak_ok = _reset_peak()
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        if i == 0:
            peak = (_rss_kb("VmHWM") - base) / 1024 if peak_ok else float("nan")
    print(json.dumps({"time": statistics.median(times), "peak_mb": peak}))


def measure(impl: str, std: str, n: int, runs: int, tmp: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", impl, std, str(n), str(runs), tmp],
                         capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{impl} {std} {n} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def check_industry(vec: Any, peer: dict, name: str) -> None:
    """A peer's industry tables equal the screener's (levels, Y, short boards, years, distribution, attainment)."""
    import numpy as np

    ent = vec.tables["enterprises"].frame.set_index("企业编号")
    got = peer["ent"].set_index("ent").reindex(ent.index)
    assert (got["level"] == ent["等级"]).all(), f"industry: {name} levels differ"
    for k, col in (("y1", "Ⅰ级综合评价指数"), ("y2", "Ⅱ级综合评价指数"), ("y3", "Ⅲ级综合评价指数")):
        assert np.allclose(got[k].astype(float), ent[col], atol=1e-8, equal_nan=True), f"industry: {name} {col} differs"
    assert (got["short"].fillna("") == ent["短板指标"]).all(), f"industry: {name} short boards differ"
    years = [c for c in got.columns if c.startswith("yr")]
    assert years and all((got[c].fillna("") == ent[f"{c[2:]}年等级"]).all() for c in years), f"industry: {name} years differ"
    dist = vec.tables["distribution"].frame.set_index("等级")
    for r in peer["dist"].itertuples():
        assert dist.at[r.level, f"{r.year}年企业数"] == r.n, f"industry: {name} distribution differs"
    att = vec.tables["attainment"].frame.set_index("指标编号")
    a = peer["attain"].reindex(att.index)
    assert (a["assessed"] == att["参评企业数"]).all() and (a["problems"] == att["问题企业数"]).all(), f"industry: {name} attainment"
    for k, col in (("n1", "Ⅰ级达标率(%)"), ("n2", "Ⅱ级达标率(%)"), ("n3", "Ⅲ级达标率(%)")):
        assert np.allclose(a[k] / a["assessed"] * 100.0, att[col]), f"industry: {name} {col} differs"


def check_yunnan(vec: Any, peer: dict, name: str) -> None:
    """A peer's key lists (in order), grades and coverage equal the screener's."""
    import numpy as np

    ent = vec.tables["enterprises"].frame.set_index("企业编号")
    kl = vec.tables["key_lists"].frame
    vlists = {k: g["企业编号"].tolist() for k, g in kl.groupby("负荷", sort=False)}
    plists = {k: g.sort_values("rank")["ent"].tolist() for k, g in peer["lists"].groupby("load")}
    assert plists == vlists, f"yunnan: {name} lists differ"
    assert peer["grades"].set_index("ent")["grade"].reindex(ent.index).eq(ent["分级代码"]).all(), f"yunnan: {name} grades"
    cov = vec.tables["coverage"].frame.set_index("负荷")
    pc = peer["coverage"].set_index("load").reindex(cov.index)
    assert (pc["n_list"] == cov["本负荷名单企业数"]).all(), f"yunnan: {name} coverage counts"
    for k, col in (("total", "合计"), ("list_share", "本负荷名单占比(%)"), ("union_share", "重点企业合计占比(%)")):
        assert np.allclose(pc[k], cov[col], rtol=1e-9), f"yunnan: {name} coverage {col}"


def peers() -> list[str]:
    import importlib.util

    return [p for p in ("duckdb", "polars") if importlib.util.find_spec(p) is not None]


def verify(n: int) -> None:
    """The screener, the per-row loop and the peers (DuckDB, Polars) give the same tables."""
    import screen_reference as reference
    from cpf_industry_cppc.screening import SCREENER as industry
    from cpf_yunnan_park.screening import SCREENER as yunnan
    from cpframework.screen import screen

    opts = industry.parse_options({})
    df = data("industry", n)
    vec = screen(industry, df, opts)
    ent = vec.tables["enterprises"].frame.set_index("企业编号")
    ref = reference.industry(df.to_dict("records"), opts.system)
    assert all(ent.at[e, "等级"] == r["level"] for e, r in ref.items()), "industry: per-row differs"
    yo = yunnan.parse_options({})
    dy = data("yunnan", n)
    res = screen(yunnan, dy, yo)
    grades, lists = reference.yunnan(dy.to_dict("records"), grid_factor=yo.grid_factor)
    kl = res.tables["key_lists"].frame
    assert res.tables["enterprises"].frame.set_index("企业编号")["分级代码"].to_dict() == grades, "yunnan: per-row grades"
    assert {k: g["企业编号"].tolist() for k, g in kl.groupby("负荷", sort=False)} == lists, "yunnan: per-row lists"
    for name in peers():
        mod = __import__(f"screen_{name}")
        check_industry(vec, mod.industry(df, opts.system), name)
        check_yunnan(res, mod.yunnan(dy, yo.grid_factor), name)


def _x(ratio: float) -> str:
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--full", action="store_true", help="also N = 1 000 000 (vectorised and DuckDB only)")
    ap.add_argument("--ref-max", type=int, default=100_000, help="largest N for the per-row loop")
    ap.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        impl, std, n, runs, tmp = args.child
        child(impl, std, int(n), int(runs), tmp)
        return
    impls = ["vectorised", "per-row", *peers(), "file"]
    if peers():
        verify(2000)
        print(f"一致性检查（N=2000）：向量化、逐行、{'、'.join(peers())} 的全部结果表一致（等级、Y 值、短板、各年等级、分布、"
              "达标率；各负荷名单及顺序、分级、覆盖率）。\n")
    sizes = [int(x) for x in args.sizes.split(",")] + ([1_000_000] if args.full else [])
    tmp = tempfile.mkdtemp()
    for std, title in (("industry", "industry_cppc 逐企业分级（16 项指标）"), ("yunnan", "yunnan_park 重点企业名单（9 项负荷）")):
        print(f"### {title}，N 家企业 × 3 年\n")
        print("| N | 向量化 (s) | 峰值内存 (MB) | 逐行 (s) | 加速 | DuckDB (s) | Polars (s) | 向量化/DuckDB | 向量化/Polars | 读 CSV 全流程 (s) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for n in sizes:
            todo = [i for i in impls if not (i == "per-row" and n > args.ref_max) and not (i == "file" and n > 100_000)]
            runs: dict[str, list] = {i: [] for i in todo}
            for _ in range(args.runs if n > 1000 else 1):  # interleaved: the load of the machine hits all alike
                for i in todo:
                    if i == "per-row" and runs[i]:
                        continue
                    runs[i].append(measure(i, std, n, 1, tmp))
            r = {i: {"time": statistics.median(x["time"] for x in v), "peak_mb": v[0]["peak_mb"]} for i, v in runs.items()}
            v = r["vectorised"]["time"]
            row = f"{r['per-row']['time']:.2f}" if "per-row" in r else "—"
            speed = _x(r["per-row"]["time"] / v) if "per-row" in r else "—"
            peer = {k: r.get(k, {}).get("time") for k in ("duckdb", "polars")}
            cells = [f"{'—' if t is None else f'{t:.3f}'}" for t in peer.values()]
            ratios = [f"{'—' if t is None else f'{v / t:.2f}'}" for t in peer.values()]
            file_t = f"{r['file']['time']:.2f}" if "file" in r else "—"
            print(f"| {n:,} | {v:.3f} | {r['vectorised']['peak_mb']:.0f} | {row} | {speed} | {' | '.join(cells)} | "
                  f"{' | '.join(ratios)} | {file_t} |", flush=True)
        print()

if __name__ == "__main__":
    main()

"""Run every benchmark and print one markdown report: python benchmarks/run_all.py [--full] [--quick]

  --quick        fewer runs and sizes up to 10k (for a smoke test)
  --full         screening also at 1 000 000 enterprises × 3 years, and the 10M-row streaming run
                 (bench_stream.py, Parquet and CSV, both standards; ~3 GB RAM, +15–25 min)
  --quiet-check  before measuring, wait (up to --wait minutes) for the 1-minute load average to fall below
                 half the cores; the report says whether it did.  Absolute times are only comparable
                 between quiet runs; the ratios (measured interleaved in one run) are meaningful either way.

Without --full it takes about 5–8 minutes on a quiet 2-core machine.

Needs the benchmark extra for the DuckDB comparison: pip install -e '.[bench]'.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import duckdb

        duck = f"DuckDB {duckdb.__version__}"
    except ImportError:
        duck = "DuckDB 未安装"
    try:
        import polars

        duck += f"，Polars {polars.__version__}"
    except ImportError:
        duck += "，Polars 未安装"
    import numpy
    import pandas

    mem = ""
    try:
        kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        mem = f"，{kb / 2**20:.0f} GB 内存"
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} 核 {cpu or platform.processor()}{mem}，Python {platform.python_version()}，"
            f"pandas {pandas.__version__}，numpy {numpy.__version__}，{duck}，{platform.system()}")


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"负载（1 分钟/5 分钟平均）{one:.1f}/{five:.1f}，{os.cpu_count()} 核"


def wait_for_quiet(minutes: float) -> bool:
    import time

    limit = (os.cpu_count() or 1) / 2
    deadline = time.time() + minutes * 60
    while os.getloadavg()[0] >= limit:
        if time.time() > deadline:
            return False
        time.sleep(15)
    return True


def run(script: str, *args: str) -> None:
    sys.stdout.flush()
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
    print()


def main() -> None:
    import time

    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--quiet-check", action="store_true")
    ap.add_argument("--wait", type=float, default=10.0, help="minutes to wait for a quiet machine")
    args = ap.parse_args()
    quiet = wait_for_quiet(args.wait) if args.quiet_check else None
    t0 = time.time()
    print(f"# cpframework 基准测试\n\n机器：{machine()}\n\n开始时{load()}"
          + ("" if quiet is None else "（安静）" if quiet else f"（等待 {args.wait:g} 分钟后仍不安静：绝对时间偏大）")
          + "\n")
    print("## CLI 启动\n")
    run("bench_startup.py", "--runs", "3" if args.quick else "9", "--importtime")
    print("## 批量筛查\n")
    screen_args = ["--runs", "1" if args.quick else "3", "--ref-max", "10000"]  # the per-row loop at 10⁵: minutes, no news
    if args.quick:
        screen_args += ["--sizes", "1000,10000"]
    if args.full:
        screen_args.append("--full")
    run("bench_screen.py", *screen_args)
    print("## 报告生成\n")
    # 10 tables × 50 rows: the cell-by-cell comparison is quadratic (10 × 100 rows took 13 min at load 10)
    run("bench_report.py", "--runs", "1" if args.quick else "3", "--rows", "30" if args.quick else "50")
    if args.full:
        print("## 流式筛查（1000 万企业-年）\n")
        run("bench_stream.py")
    print(f"结束时{load()}；用时 {(time.time() - t0) / 60:.1f} 分钟。")


if __name__ == "__main__":
    main()

"""Run every benchmark and print one markdown report: python benchmarks/run_all.py [--full] [--quick]

  --quick   fewer runs and sizes up to 10k (a couple of minutes less; for a smoke test)
  --full    screening also at 1 000 000 enterprises × 3 years (vectorised and DuckDB; ~3 GB RAM)

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
    import numpy
    import pandas

    return (f"{os.cpu_count()} 核 {cpu or platform.processor()}，Python {platform.python_version()}，"
            f"pandas {pandas.__version__}，numpy {numpy.__version__}，{duck}，{platform.system()}")


def run(script: str, *args: str) -> None:
    sys.stdout.flush()
    subprocess.run([sys.executable, str(HERE / script), *args], check=True)
    print()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", action="store_true")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    print(f"# cpframework 基准测试\n\n机器：{machine()}\n")
    print("## CLI 启动\n")
    run("bench_startup.py", "--runs", "3" if args.quick else "7", "--importtime")
    print("## 批量筛查\n")
    screen_args = ["--runs", "1" if args.quick else "3"]
    if args.quick:
        screen_args += ["--sizes", "1000,10000"]
    if args.full:
        screen_args.append("--full")
    run("bench_screen.py", *screen_args)
    print("## 报告生成\n")
    run("bench_report.py", "--runs", "1" if args.quick else "3", *(["--rows", "30"] if args.quick else []))


if __name__ == "__main__":
    main()

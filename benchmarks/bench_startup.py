"""CLI start-up benchmark: python benchmarks/bench_startup.py [--runs 7]

Wall time of fresh processes (subprocess, median of --runs after one warm-up) in one run:
``python -c pass`` (the interpreter alone), ``cpaudit --help`` and ``cpaudit standards`` (plugin discovery:
every entry-point plugin is imported and its standard.toml read).  With --importtime, the ten slowest
imports of ``cpaudit standards`` (``python -X importtime``) are listed.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = [("python -c pass", [sys.executable, "-c", "pass"]),
            ("cpaudit --help", [sys.executable, "-m", "cpframework", "--help"]),
            ("cpaudit standards", [sys.executable, "-m", "cpframework", "standards"]),
            ("cpaudit screen --help", [sys.executable, "-m", "cpframework", "screen", "--help"])]


def wall(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, capture_output=True, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def slowest_imports(n: int = 10) -> list[tuple[int, str]]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "cpframework", "standards"],
                         capture_output=True, text=True, check=True).stderr
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args()
    base = None
    print("| 命令 | 中位时间 (s) | 减去解释器启动 (s) |\n|---|---|---|")
    for name, cmd in COMMANDS:
        t = wall(cmd, args.runs)
        base = t if base is None else base
        print(f"| `{name}` | {t:.3f} | {t - base:.3f} |")
    if args.importtime:
        print("\n`cpaudit standards` 最慢的导入（累计 ms）：\n")
        for us, name in slowest_imports():
            print(f"- {us / 1000:.0f} ms {name.strip()}")


if __name__ == "__main__":
    main()

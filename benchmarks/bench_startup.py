"""CLI start-up benchmark: python benchmarks/bench_startup.py [--runs 9] [--importtime]

Wall time and CPU time (user + system of the child) of fresh processes, median of --runs, the commands
interleaved round by round (a load peak hits all of them alike): ``python -c pass`` (the interpreter
alone), ``cpaudit --help`` and ``cpaudit standards`` as usually run (nothing installed or edited since the
last run: the kept output, see ``cli/output_cache.py``), with discovery cached but the output not kept
(``CPF_OUTPUT_CACHE=0``: click and rich imported) and without any cache (``CPF_DISCOVERY_CACHE=0``: every
plugin imported, every standard.toml read).  On a loaded machine the wall time is mostly waiting for a
core; the CPU time is close to what a quiet machine's wall time would be.
With --importtime, the slowest imports of ``cpaudit standards`` with and without the caches.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CLI = [sys.executable, "-m", "cpframework"]
COMMANDS = [("python -c pass", [sys.executable, "-c", "pass"], {}),
            ("cpaudit --help", CLI + ["--help"], {}),
            ("cpaudit standards", CLI + ["standards"], {}),
            ("cpaudit --help（不用保存的输出）", CLI + ["--help"], {"CPF_OUTPUT_CACHE": "0"}),
            ("cpaudit standards（不用保存的输出）", CLI + ["standards"], {"CPF_OUTPUT_CACHE": "0"}),
            ("cpaudit --help（无发现缓存）", CLI + ["--help"], {"CPF_DISCOVERY_CACHE": "0"}),
            ("cpaudit standards（无发现缓存）", CLI + ["standards"], {"CPF_DISCOVERY_CACHE": "0"}),
            ("cpaudit screen --help", CLI + ["screen", "--help"], {})]


def _env(extra: dict[str, str], cache: str) -> dict[str, str]:
    return dict(os.environ, CPF_CACHE_DIR=cache, **extra)


def _child_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(runs: int, cache: str) -> dict[str, tuple[float, float]]:
    for _ in range(2):  # warm the file cache, the discovery cache, then the kept outputs
        for _name, cmd, extra in COMMANDS:
            subprocess.run(cmd, capture_output=True, check=True, env=_env(extra, cache))
    times: dict[str, list[float]] = {name: [] for name, _c, _e in COMMANDS}
    cpu: dict[str, list[float]] = {name: [] for name, _c, _e in COMMANDS}
    for _ in range(runs):
        for name, cmd, extra in COMMANDS:
            env = _env(extra, cache)
            t0, c0 = time.perf_counter(), _child_cpu()
            subprocess.run(cmd, capture_output=True, check=True, env=env)
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(_child_cpu() - c0)
    return {name: (statistics.median(times[name]), statistics.median(cpu[name])) for name in times}


def slowest_imports(extra: dict[str, str], cache: str, n: int = 8) -> list[tuple[int, str]]:
    cmd = [sys.executable, "-X", "importtime", "-m", "cpframework", "standards"]
    subprocess.run(cmd, capture_output=True, check=True, env=_env(extra, cache))  # fills the discovery cache
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=_env(extra, cache)).stderr
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit() and not parts[2].startswith("   "):
            rows.append((int(parts[1]), parts[2].rstrip()))  # top-level imports only (cumulative)
    return sorted(rows, reverse=True)[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()[0]
    cache = tempfile.mkdtemp(prefix="cpf-bench-cache-")
    result = measure(args.runs, cache)
    base, base_cpu = result["python -c pass"]
    print(f"（开始时负载 {load:.1f}，结束时 {os.getloadavg()[0]:.1f}，{os.cpu_count()} 核；{args.runs} 轮交错，中位数）\n")
    print("| 命令 | 墙钟 (s) | CPU (s) | CPU 减去解释器 (s) | 目标 ≤ 0.2 s（按 CPU） |\n|---|---|---|---|---|")
    for name, (t, c) in result.items():
        goal = "" if name.startswith(("python", "cpaudit screen")) else ("达到" if c <= 0.2 else "未达到")
        print(f"| `{name}` | {t:.3f} | {c:.3f} | {c - base_cpu:.3f} | {goal} |")
    if args.importtime:
        for label, extra in (("保存的输出", {}), ("不用保存的输出", {"CPF_OUTPUT_CACHE": "0"}),
                             ("无发现缓存", {"CPF_DISCOVERY_CACHE": "0"})):
            print(f"\n`cpaudit standards`（{label}）最慢的顶层导入（累计 ms）：\n")
            for us, name in slowest_imports(extra, cache):
                print(f"- {us / 1000:.0f} ms {name.strip()}")


if __name__ == "__main__":
    main()

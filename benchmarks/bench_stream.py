"""Streaming benchmark: python benchmarks/bench_stream.py [--rows 10000000] [--formats parquet,csv]

Screens a file far larger than one chunk — ``--rows`` enterprise-years (N/3 enterprises × 3 years, synthetic,
written block by block so the generator never holds the file) — the way ``cpaudit screen`` does: chunks of
``--chunk`` rows through the screener's ``partial``, the partials gathered, ``combine`` once.  Each (standard,
format) runs in a fresh child process; reported are the wall time and the process's peak resident memory
(VmHWM: everything, interpreter and libraries included).  The Parquet and CSV runs of one standard must give
identical tables (a digest of every table is compared); chunked == whole on smaller files is tested in
tests/test_screen.py.  Files are kept in --dir (default: a temporary folder) for reruns.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def write_file(std: str, rows: int, path: Path, block: int = 300_000) -> None:
    """The synthetic input written block by block (Parquet row groups or CSV appends)."""
    from screen_synthetic import industry_frame, yunnan_frame

    if path.exists():
        return
    tmp = path.with_suffix(path.suffix + ".part")
    n_ent, writer = rows // 3, None
    for k, start in enumerate(range(0, n_ent, block)):
        n = min(block, n_ent - start)
        df = industry_frame(n, text=False, seed=10 + k, start=start) if std == "industry" else \
            yunnan_frame(n, seed=20 + k, start=start)
        if path.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            writer = writer or pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        else:
            df.to_csv(tmp, index=False, mode="a", header=k == 0)
    if writer is not None:
        writer.close()
    tmp.rename(path)


def child(std: str, path: str, chunk: int) -> None:
    import hashlib

    import pandas as pd

    from cpframework.screen.engine import run_local

    if std == "industry":
        from cpf_industry_cppc.screening import SCREENER as mod
    else:
        from cpf_yunnan_park.screening import SCREENER as mod
    opts = mod.parse_options({})
    t0 = time.perf_counter()
    res = run_local(mod, Path(path), opts, chunksize=chunk)
    elapsed = time.perf_counter() - t0
    peak = next(int(x.split()[1]) for x in Path("/proc/self/status").read_text().splitlines() if x.startswith("VmHWM"))
    digest = hashlib.sha256()
    for key, t in res.tables.items():
        digest.update(key.encode())
        digest.update(pd.util.hash_pandas_object(t.frame.astype(str), index=False).to_numpy().tobytes())
    n_ent = len(res.tables["enterprises"].frame)
    print(json.dumps({"time": elapsed, "peak_mb": peak / 1024, "digest": digest.hexdigest(), "enterprises": n_ent}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000_000)
    ap.add_argument("--chunk", type=int, default=200_000)
    ap.add_argument("--formats", default="parquet,csv")
    ap.add_argument("--standards", default="industry,yunnan")
    ap.add_argument("--dir", default=None)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return
    folder = Path(args.dir or tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    print(f"| 标准 | 格式 | 行数（企业-年） | 文件大小 (MB) | 时间 (s) | 峰值内存 (MB) | 企业数 |")
    print("|---|---|---|---|---|---|---|")
    for std in args.standards.split(","):
        digests = {}
        for fmt in args.formats.split(","):
            path = folder / f"{std}-{args.rows}.{fmt}"
            write_file(std, args.rows, path)
            out = subprocess.run([sys.executable, __file__, "--child", std, str(path), str(args.chunk)],
                                 capture_output=True, text=True, check=False)
            if out.returncode:
                raise SystemExit(f"{std} {fmt} failed:\n{out.stderr}")
            r = json.loads(out.stdout.strip().splitlines()[-1])
            digests[fmt] = r["digest"]
            print(f"| {std} | {fmt} | {args.rows:,} | {path.stat().st_size / 2**20:.0f} | {r['time']:.1f} | "
                  f"{r['peak_mb']:.0f} | {r['enterprises']:,} |", flush=True)
        if len(set(digests.values())) > 1:
            raise SystemExit(f"{std}: the Parquet and CSV runs give different tables")
    print(f"\nParquet 与 CSV 的结果表逐一相同（摘要比较）；分块大小 {args.chunk:,} 行。")


if __name__ == "__main__":
    main()

"""``--engine dask`` on a ``dask.distributed`` LocalCluster with worker processes: the partials are computed
in other processes (the screener, its options and the partial function travel by pickle) and the results
equal the local engine's, through the Python API and through the CLI's --scheduler address."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask.dataframe", reason="dask 未安装（pip install 'cpframework[dask]'）")
distributed = pytest.importorskip("distributed", reason="dask.distributed 未安装（pip install 'cpframework[dask]'）")

from cpf_industry_cppc.screening import SCREENER as industry  # noqa: E402
from cpf_yunnan_park.screening import SCREENER as yunnan  # noqa: E402
from cpframework.cli.commands import main  # noqa: E402
from cpframework.screen import screen  # noqa: E402
from cpframework.screen.engine import run_dask, to_dask  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from screen_synthetic import industry_frame, yunnan_frame  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as c:
        yield c


def test_worker_processes_give_the_local_results(cluster, tmp_path):
    with distributed.Client(cluster) as client:
        assert set(client.run(os.getpid).values()).isdisjoint({os.getpid()})  # really other processes
        for mod, df in ((industry, industry_frame(50, seed=7)), (yunnan, yunnan_frame(70, seed=8))):
            opts = mod.parse_options({})
            local = screen(mod, df, opts)
            path = tmp_path / f"{mod.standard}.csv"
            df.to_csv(path, index=False)
            remote = run_dask(mod, to_dask(path, blocksize=2_000), opts, source=str(path))  # several partitions
            for key, t in local.tables.items():
                pd.testing.assert_frame_equal(t.frame, remote.tables[key].frame, check_dtype=False)
            assert local.notes == remote.notes


def test_cli_scheduler_address(cluster, tmp_path, capsys):
    path = tmp_path / "yn.csv"
    yunnan_frame(40, seed=9).to_csv(path, index=False)
    out = tmp_path / "r.json"
    code = main(["screen", "-s", "yunnan_park", str(path), "-o", str(out), "--engine", "dask",
                 "--scheduler", cluster.scheduler_address])
    assert code == 0, capsys.readouterr().err
    local = tmp_path / "l.json"
    assert main(["screen", "-s", "yunnan_park", str(path), "-o", str(local)]) == 0
    assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")


def test_unreachable_scheduler_is_a_chinese_error(tmp_path, capsys):
    path = tmp_path / "yn.csv"
    yunnan_frame(10, seed=9).to_csv(path, index=False)
    code = main(["screen", "-s", "yunnan_park", str(path), "-o", str(tmp_path / "r.csv"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 1 and "无法连接 Dask 调度器" in err and "Traceback" not in err

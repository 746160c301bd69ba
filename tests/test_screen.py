"""cpaudit screen: CLI end to end on small generated files, the vectorised screens against the per-row
reference and the core grader, chunked == whole, Dask == local."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cpf_industry_cppc.screening import SCREENER as industry
from cpf_yunnan_park.screening import SCREENER as yunnan
from cpframework.cli.commands import main
from cpframework.screen import screen, screener
from cpframework.screen.engine import dask_available, run_local

# the per-row reference implementations and the synthetic data generators live with the benchmarks
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import screen_reference as reference  # noqa: E402
from screen_synthetic import industry_frame, yunnan_frame  # noqa: E402

HAS_ARROW = pytest.importorskip is not None and __import__("importlib").util.find_spec("pyarrow") is not None


def run(capsys, *args):
    code = main(["screen", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def ind_df():
    return industry_frame(40, seed=5)


@pytest.fixture(scope="module")
def yn_df():
    return yunnan_frame(60, seed=6)


# ---------------------------------------------------------------- the numbers


def test_industry_equals_per_row_reference(ind_df):
    opts = industry.parse_options({})
    got = screen(industry, ind_df, opts).tables["enterprises"].frame.set_index("企业编号")
    ref = reference.industry(ind_df.to_dict("records"), opts.system)
    assert set(got.index) == set(ref)
    for ent, r in ref.items():
        row = got.loc[ent]
        assert row["等级"] == r["level"]
        assert row["Ⅰ级综合评价指数"] == pytest.approx(r["Y1"], abs=1e-8)
        assert row["Ⅲ级综合评价指数"] == pytest.approx(r["Y3"], abs=1e-8)
        assert row["短板指标"] == r["short_boards"]
        assert all(row[f"{y}年等级"] == lv for y, lv in r["years"].items())
    assert got["等级"].nunique() >= 3  # the data exercises several levels, not one


def test_industry_equals_core_grader_and_plugin_summary(ind_df):
    from cpf_industry_cppc.evaluation import evaluate_enterprises, industry_summary

    opts = industry.parse_options({"missing": "fail"})
    res = screen(industry, ind_df, opts)
    got = res.tables["enterprises"].frame.set_index("企业编号")
    base = ind_df[ind_df["年份"] == 2024].set_index("企业编号")
    ref = evaluate_enterprises(base[[i.id for i in opts.system.indicators]], opts.system, missing="fail")
    assert (got["等级"] == ref["level"]).all()
    np.testing.assert_allclose(got["Ⅱ级综合评价指数"], ref["Y2"], atol=1e-8)
    assert (got["限定性指标未达Ⅰ级"] == ref["limiting_below_I"]).all()
    summ = industry_summary(ref, opts.system)
    dist = res.tables["distribution"].frame.set_index("等级")
    assert dist["2024年企业数"].to_dict() == summ["distribution"]["count"].to_dict()
    att = res.tables["attainment"].frame.set_index("指标编号")
    np.testing.assert_allclose(att["Ⅲ级达标率(%)"], summ["attainment"]["rate_3"] * 100, equal_nan=True)
    assert (att.loc[att["问题类型"] != "", "问题类型"] == summ["problems"]["kind"].reindex(
        att.index[att["问题类型"] != ""])).all()


def test_yunnan_equals_per_row_reference_and_plugin(yn_df):
    from cpf_yunnan_park.keylist import key_enterprises

    opts = yunnan.parse_options({"threshold": "0.75"})
    res = screen(yunnan, yn_df, opts)
    grades, lists = reference.yunnan(yn_df.to_dict("records"), threshold=0.75, grid_factor=opts.grid_factor)
    ent = res.tables["enterprises"].frame.set_index("企业编号")
    assert ent["分级代码"].to_dict() == grades
    kl = res.tables["key_lists"].frame
    assert {k: g["企业编号"].tolist() for k, g in kl.groupby("负荷", sort=False)} == lists
    assert {"A", "B", "C"} <= set(grades.values())
    loads = ent[[c for c in ent.columns if f"重点:{c}" in ent.columns]]
    plugin = key_enterprises(loads, threshold=0.75)
    assert (plugin["grade_code"] == ent["分级代码"]).all()
    assert res.tables["coverage"].frame["本负荷名单占比(%)"].ge(75 - 1e-9).all()


def test_chunked_equals_whole(tmp_path, ind_df, yn_df):
    for mod, df, opts in ((industry, ind_df, industry.parse_options({})), (yunnan, yn_df, yunnan.parse_options({}))):
        path = tmp_path / f"{mod.standard}.csv"
        df.to_csv(path, index=False)
        whole = run_local(mod, path, opts, chunksize=None)
        chunked = run_local(mod, path, opts, chunksize=7)
        for key, t in whole.tables.items():
            pd.testing.assert_frame_equal(t.frame, chunked.tables[key].frame)
        assert whole.notes == chunked.notes


@pytest.mark.skipif(not HAS_ARROW, reason="pyarrow 未安装（pip install 'cpframework[parquet]'）")
@pytest.mark.parametrize("basis", ["base", "mean"])
def test_streamed_parquet_equals_in_memory(tmp_path, basis):
    """The streaming path (row groups sliced into chunks, sparse partials, gathered) == the whole in memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    for mod, df, raw in ((industry, industry_frame(90, seed=11, text=False), {}),
                         (yunnan, yunnan_frame(90, seed=12), {"basis": basis})):
        path = tmp_path / f"{mod.standard}.parquet"
        pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, row_group_size=100)  # 3 row groups
        opts = mod.parse_options(raw)
        whole = screen(mod, df, opts, chunksize=None)
        for chunk in (7, 64, None):
            streamed = run_local(mod, path, opts, chunksize=chunk)
            for key, t in whole.tables.items():
                pd.testing.assert_frame_equal(t.frame, streamed.tables[key].frame, check_dtype=False)
            assert whole.notes == streamed.notes


@pytest.mark.skipif(not dask_available(), reason="dask 未安装（pip install 'cpframework[dask]'）")
def test_dask_engine_equals_local(tmp_path, yn_df, ind_df):
    import dask.dataframe as dd

    from cpframework.screen.engine import run_dask

    for mod, df, opts in ((industry, ind_df, industry.parse_options({})), (yunnan, yn_df, yunnan.parse_options({}))):
        local = screen(mod, df, opts)
        ddf = dd.from_pandas(df, npartitions=4)
        remote = run_dask(mod, ddf, opts, source="内存", scheduler="synchronous")
        for key, t in local.tables.items():
            pd.testing.assert_frame_equal(t.frame, remote.tables[key].frame, check_dtype=False)
    path = tmp_path / "yn.csv"
    yn_df.to_csv(path, index=False, encoding="utf-8-sig")
    assert main(["screen", "-s", "yunnan_park", str(path), "-o", str(tmp_path / "d.json"), "--engine", "dask"]) == 0
    assert json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))["standard"] == "yunnan_park"


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize("bom", [True, False])
def test_cli_csv_with_and_without_bom(tmp_path, capsys, ind_df, bom):
    src = tmp_path / "in.csv"
    ind_df.to_csv(src, index=False, encoding="utf-8-sig" if bom else "utf-8")
    out = tmp_path / "out.csv"
    code, text, err = run(capsys, "-s", "industry_cppc", src, "-o", out)
    assert code == 0, err
    assert "基准年 2024：40 家企业参评" in text
    got = pd.read_csv(out, encoding="utf-8-sig", dtype={"企业编号": str})
    assert len(got) == 40 and got.columns[0] == "企业编号"
    assert (tmp_path / "out-等级分布.csv").exists() and (tmp_path / "out-指标达标率与共性问题.csv").exists()


def test_cli_xlsx_in_and_out_json_and_formula_cells(tmp_path, capsys, yn_df):
    df = yn_df.copy()
    df.loc[df["企业编号"] == "E0000001", "企业名称"] = "=HYPERLINK(\"http://x\")"
    yn_df.to_excel(tmp_path / "in.xlsx", index=False)
    code, text, err = run(capsys, "-s", "yunnan_park", tmp_path / "in.xlsx", "-o", tmp_path / "plain.xlsx")
    assert code == 0, err
    src = tmp_path / "in.csv"  # (an .xlsx written by pandas would store the text as a formula)
    df.to_csv(src, index=False)
    code, text, err = run(capsys, "-s", "yunnan_park", src, "-o", tmp_path / "out.xlsx")
    assert code == 0, err
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    assert wb.sheetnames == ["企业分级清单", "各负荷重点名单", "分级分布", "负荷覆盖率", "负荷集中度"]
    names = [c.value for c in wb["企业分级清单"]["B"]]
    assert "'=HYPERLINK(\"http://x\")" in names and not any(str(v).startswith("=") for v in names)
    code, _t, err = run(capsys, "-s", "yunnan_park", src, "-o", tmp_path / "out.json")
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert code == 0 and list(doc["tables"]) == ["enterprises", "key_lists", "distribution", "coverage", "concentration"]
    assert sum(r[2] for r in doc["tables"]["distribution"]["rows"]) == 60


@pytest.mark.skipif(not HAS_ARROW, reason="pyarrow 未安装（pip install 'cpframework[parquet]'）")
def test_cli_parquet_in_and_out(tmp_path, capsys):
    ind_df = industry_frame(40, seed=5, text=False)  # typed columns: 是/否 as 1/0, Ⅰ/Ⅱ/Ⅲ/未达 as 1–4, 不适用 as null
    src = tmp_path / "in.parquet"
    ind_df.to_parquet(src, index=False)
    code, _t, err = run(capsys, "-s", "industry_cppc", src, "-o", tmp_path / "r.parquet", "--chunk-size", "25")
    assert code == 0, err
    got = pd.read_parquet(tmp_path / "r.parquet")
    want = screen(industry, ind_df, industry.parse_options({})).tables["enterprises"].frame
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


def test_cli_refuses_overwrite(tmp_path, capsys, yn_df):
    src = tmp_path / "in.csv"
    yn_df.to_csv(src, index=False)
    out = tmp_path / "r.csv"
    (tmp_path / "r-负荷覆盖率.csv").write_text("keep", encoding="utf-8")
    code, _t, err = run(capsys, "-s", "yunnan_park", src, "-o", out)
    assert code == 2 and "已存在" in err and "--force" in err
    assert not out.exists() and (tmp_path / "r-负荷覆盖率.csv").read_text(encoding="utf-8") == "keep"
    code, _t, err = run(capsys, "-s", "yunnan_park", src, "-o", out, "--force")
    assert code == 0 and "负荷" in (tmp_path / "r-负荷覆盖率.csv").read_text(encoding="utf-8-sig")


def test_cli_gbk_csv_gets_chinese_message(tmp_path, capsys, yn_df):
    src = tmp_path / "gbk.csv"
    yn_df.to_csv(src, index=False, encoding="gbk")
    code, _t, err = run(capsys, "-s", "yunnan_park", src, "-o", tmp_path / "r.csv")
    assert code == 1 and "不是 UTF-8 编码" in err and "GBK" in err and str(src) in err
    assert not (tmp_path / "r.csv").exists()
    code, _t, err = run(capsys, "-s", "yunnan_park", src, "-o", tmp_path / "r.csv", "--encoding", "gbk")
    assert code == 0, err


def test_cli_unknown_or_unsupported_standard(tmp_path, capsys, yn_df):
    src = tmp_path / "in.csv"
    yn_df.to_csv(src, index=False)
    code, _t, err = run(capsys, "-s", "yunnan", src)
    assert code == 2 and "未知的标准“yunnan”" in err and "yunnan_park" in err
    code, _t, err = run(capsys, "-s", "park_cppc", src)
    assert code == 2 and "不支持批量筛查" in err and "industry_cppc、yunnan_park" in err


def test_cli_missing_column_and_bad_cell(tmp_path, capsys, ind_df):
    src = tmp_path / "in.csv"
    ind_df.drop(columns=["E07"]).to_csv(src, index=False)
    code, _t, err = run(capsys, "-s", "industry_cppc", src, "-o", tmp_path / "r.csv")
    assert code == 1 and "缺少必需的列：E07" in err and str(src) in err
    bad = ind_df.astype({"E05": object})
    bad.loc[4, "E05"] = "很多"
    bad.to_csv(src, index=False)
    code, _t, err = run(capsys, "-s", "industry_cppc", src, "-o", tmp_path / "r.csv")
    assert code == 1 and "“E05”列" in err and "第 6 行“很多”" in err
    assert not (tmp_path / "r.csv").exists()


def test_columns_option_documents_every_column_and_option():
    from click.testing import CliRunner

    from cpframework.cli.commands import cli

    for std_id, mod in (("industry_cppc", industry), ("yunnan_park", yunnan)):
        text = CliRunner().invoke(cli, ["screen", "-s", std_id, "--columns"]).output
        for col in mod.columns:
            assert col.name.split("<")[0].split(":")[0] in text, col.name
        for key in mod.options:
            assert key in text, key


def test_every_screener_is_declared_through_the_hook():
    from cpframework.host.registry import get_registry
    from cpframework.screen import supported_ids

    assert supported_ids(get_registry()) == ["industry_cppc", "yunnan_park"]


@pytest.mark.parametrize("seed", range(8))
def test_names_kept_per_chunk_give_the_same_latest_names(tmp_path, seed):
    """Partials keep a name only on each enterprise's latest row of the chunk (memory); the enterprises'
    names — the latest year's that has one — are the same as from every row, whatever the chunking,
    with names changing over the years, missing in some years and rows in any order."""
    rng = np.random.default_rng(seed)
    df = yunnan_frame(25, seed=seed).sample(frac=1, random_state=seed).reset_index(drop=True)
    df["企业名称"] = [f"{e}-{y}-改名" if rng.random() < 0.5 else e for e, y in zip(df["企业名称"], df["年份"])]
    df.loc[rng.random(len(df)) < 0.3, "企业名称"] = None
    path = tmp_path / "yn.csv"
    df.to_csv(path, index=False)
    opts = yunnan.parse_options({})
    whole = screen(yunnan, df, opts, chunksize=None)
    expected = (df.dropna(subset=["企业名称"]).sort_values("年份").groupby("企业编号")["企业名称"].last())
    got = whole.tables["enterprises"].frame.set_index("企业编号")["企业名称"]
    assert got.dropna().to_dict() == expected.to_dict()
    for chunk in (1, 4, 13):
        chunked = run_local(yunnan, path, opts, chunksize=chunk)
        pd.testing.assert_frame_equal(whole.tables["enterprises"].frame, chunked.tables["enterprises"].frame,
                                      check_dtype=False)


def test_latest_in_chunk_keeps_only_each_enterprises_latest_name():
    from cpframework.screen.common import latest_in_chunk

    names = pd.Series(["a22", "a23", None, "b22", "c24", "c23"], dtype="string")
    ent = pd.Series(["A", "A", "A", "B", "C", "C"])
    years = np.array([2022, 2023, 2024, 2022, 2024, 2023], dtype=np.int16)
    kept = latest_in_chunk(names, ent, years)
    assert kept.tolist() == [pd.NA, "a23", pd.NA, "b22", "c24", pd.NA]


def test_charts_folder_holds_one_picture_per_table_chart_and_is_never_overwritten(tmp_path, capsys):
    """``--charts``: the distribution and one concentration chart per load, drawn from the written tables; a second
    run without --force is refused before it writes anything."""
    from cpframework.report.charts import cjk_font

    if cjk_font() is None:
        pytest.skip("没有中文字体")
    src = tmp_path / "y.csv"
    yunnan_frame(80, seed=9).to_csv(src, index=False)
    assert main(["screen", "-s", "yunnan_park", str(src), "-o", str(tmp_path / "a.xlsx"), "--charts", str(tmp_path / "图")]) == 0
    out = capsys.readouterr().out
    lists = pd.read_excel(tmp_path / "a.xlsx", sheet_name=None)
    loads = next(f for f in lists.values() if {"负荷", "累计占比(%)"} <= set(f.columns))["负荷"].unique()
    pngs = sorted((tmp_path / "图").glob("*.png"))
    assert [p.name for p in pngs] == ["01-分级分布.png", *(f"{n:02d}-{load}.png" for n, load in enumerate(loads, 2))]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs) and f"{pngs[1]}（{loads[0]}：重点企业" in out
    before = pngs[0].stat().st_mtime_ns
    assert main(["screen", "-s", "yunnan_park", str(src), "-o", str(tmp_path / "b.xlsx"), "--charts", str(tmp_path / "图")]) == 2
    assert "已存在" in capsys.readouterr().err and not (tmp_path / "b.xlsx").exists()
    assert pngs[0].stat().st_mtime_ns == before


def test_charts_without_a_cjk_font_say_so_once_and_write_the_tables(tmp_path, capsys, monkeypatch):
    from cpframework.report import charts

    monkeypatch.setitem(charts._state, "families", (None, ["DejaVu Serif"]))
    src = tmp_path / "y.csv"
    yunnan_frame(40, seed=4).to_csv(src, index=False)
    assert main(["screen", "-s", "yunnan_park", str(src), "-o", str(tmp_path / "a.xlsx"), "--charts", str(tmp_path / "图")]) == 0
    out = capsys.readouterr().out
    assert out.count("未写出图") == 1 and "fonts-noto-cjk" in out and (tmp_path / "a.xlsx").exists()
    assert not (tmp_path / "图").exists()

"""The demo end to end: evaluate (key list, coverage, grade), status, admission, CSV import, reports read back."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpframework.testing import cpaudit_cli as cli
from cpframework.testing import cpaudit_main as main


def run_main(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"


@pytest.fixture(scope="module")
def evaluated():
    from cpframework.api import load_project
    from cpframework.api import get_registry
    from cpframework.api import evaluate_project

    project, std = load_project(DEMO)
    return project, std, evaluate_project(get_registry(), std, project)


def test_demo_key_list_is_neither_trivial_nor_whole(evaluated):
    project, _std, ev = evaluated
    raw = ev.extra["yunnan"]
    n, k = raw["enterprise_count"], len(raw["key_enterprises"])
    assert n >= 60 and 5 < k < n
    for c in raw["coverage"]:
        assert c["list_share"] >= 80 - 1e-9 and c["union_share"] >= c["list_share"] - 1e-9
    assert {"yunnan_key_list", "yunnan_coverage", "yunnan_park_grade"} <= set(ev.extra)
    assert raw["grid_factor"] == pytest.approx(0.1073)


def test_demo_grade_is_consistent_with_indicator_levels(evaluated):
    _p, _s, ev = evaluated
    grade = ev.extra["yunnan"]["park_grade"]
    below = [r.indicator.name for r in ev.selected() if r.level == "below"]
    assert (grade["level"] == "未达Ⅲ级") == bool(below)
    assert 0 <= grade["Y1"] <= grade["Y2"] <= grade["Y3"] <= 100


def test_evaluate_and_status_commands():
    r = CliRunner().invoke(cli, ["evaluate", str(DEMO)])
    assert r.exit_code == 0, r.output
    assert "审核分级清单" in r.output and "清单（并集）覆盖占比" in r.output and "综合评价" in r.output
    r = CliRunner().invoke(cli, ["status", str(DEMO)])
    assert "20/20" in r.output


@pytest.mark.parametrize("args, code, word", [
    (["--industry", "锂离子电池制造", "--energy-intensity", "0.2", "--water-intensity", "5", "--cp-level", "Ⅱ级",
      "--project", "示例储能科技5GWh电池项目"], 0, "结论：准入"),
    # the same project without its recorded manual check: the general 其他要求 is open, so no 准入 (issue #19)
    (["--industry", "锂离子电池制造", "--energy-intensity", "0.2", "--water-intensity", "5", "--cp-level", "Ⅱ级"], 1,
     "其他要求尚未人工核对"),
    (["--industry", "锂离子电池制造", "--energy-intensity", "0.31", "--water-intensity", "5", "--cp-level", "Ⅱ级"], 1, "不予准入"),
    (["--industry", "工业硅冶炼"], 1, "不予准入"),
    (["--industry", "锂离子电池制造", "--energy-intensity", "0.2"], 1, "补充"),
])
def test_admission(args, code, word):
    r = CliRunner().invoke(cli, ["yunnan-admission", str(DEMO), *args])
    assert r.exit_code == code, r.output
    assert word in r.output


def test_admission_unknown_industry(capsys):
    code, out = run_main(capsys, "yunnan-admission", str(DEMO), "--industry", "不存在的行业")
    assert code != 0 and "准入清单中没有行业" in out


@pytest.fixture()
def copy(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def test_csv_import_utf8_bom_and_gbk(copy, tmp_path, capsys):
    from cpframework.api import load_project

    csv_text = "企业编号,污染物,类别,许可排放量（t/a）,实际排放量（t/a）,数据来源\nE067,颗粒物,废气,2,1.5,执行报告年报\n"
    good = tmp_path / "a.csv"
    good.write_bytes(csv_text.encode("utf-8-sig"))
    before = len(load_project(copy)[0].tables["emissions"].rows)
    r = CliRunner().invoke(cli, ["yunnan-import", str(copy), str(good), "--table", "emissions"])
    assert r.exit_code == 0, r.output
    assert len(load_project(copy)[0].tables["emissions"].rows) == before + 1
    gbk = tmp_path / "b.csv"
    gbk.write_bytes(csv_text.encode("gbk"))
    code, out = run_main(capsys, "yunnan-import", str(copy), str(gbk), "--table", "emissions")
    assert code != 0 and "已经存在" in out   # GBK is read (issue #19); the same row again is refused
    bad = tmp_path / "c.csv"
    bad.write_text("ent_id,pollutant,actual\nE001,汞,abc\n", encoding="utf-8")
    code, out = run_main(capsys, "yunnan-import", str(copy), str(bad), "--table", "emissions", "--replace")
    assert code != 0 and "第 2 行" in out
    assert len(load_project(copy)[0].tables["emissions"].rows) == before + 1   # nothing written


@pytest.mark.parametrize("kind, needles", [
    ("audit", ["审核分级清单", "各负荷的重点企业覆盖情况", "园区清洁生产水平综合评价", "企业层级改进方案", "帕累托图",
               "园区基本情况", "46.5 km²"]),
    ("annual", ["年度清洁生产主要数据", "园区评价指标年度对比", "方案实施效果评估", "0.1073"]),
])
def test_reports_read_back(tmp_path, kind, needles):
    import docx

    out = tmp_path / f"{kind}.docx"
    r = CliRunner().invoke(cli, ["report", str(DEMO), "--kind", kind, "-o", str(out)])
    assert r.exit_code == 0, r.output
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    for n in needles:
        assert n in text + cells, n


def test_platform_export_in_gbk_with_unknown_columns(copy, tmp_path, capsys):
    """Issue #19: a permit-platform export (排污单位名称, 许可证编号, 实际排放量(t), individual heavy metals, GBK,
    columns the table does not have) is imported; the 企业编号 comes from 企业名录 by 许可证编号 or name."""
    from cpframework.api import load_project

    project, _std = load_project(copy)
    ent = next(r for r in project.tables["enterprises"].rows if r.get("permit_no"))
    text = ("排污单位名称,许可证编号,污染物种类,排放类别,实际排放量(t),许可排放量(t),排放口编号\n"
            f"{ent['name']},{ent['permit_no']},铅,废水,0.012,0.05,DW001\n"
            f"{ent['name']},{ent['permit_no']},氟化物,废气,0.3,0.9,DA002\n")
    f = tmp_path / "平台导出.csv"
    f.write_bytes(text.encode("gbk"))
    code, out = run_main(capsys, "yunnan-import", str(copy), str(f), "--table", "emissions")
    assert code == 0, out
    assert "排放口编号" in out and "未导入" in out
    rows = load_project(copy)[0].tables["emissions"].rows
    got = {(r["ent_id"], r["pollutant"], r["medium"]): r["actual"] for r in rows}
    assert got[(ent["ent_id"], "铅", "废水")] == 0.012 and got[(ent["ent_id"], "氟化物", "废气")] == 0.3
    unknown = tmp_path / "未登记.csv"
    unknown.write_text("排污单位名称,污染物种类,实际排放量(t)\n不存在的公司,颗粒物,1\n", encoding="utf-8")
    code, out = run_main(capsys, "yunnan-import", str(copy), str(unknown), "--table", "emissions")
    assert code != 0 and "企业名录中没有" in out


def test_effects_are_per_year_never_summed_across_years(copy):
    """Issue #19: a second year's row for an option does not add to the first year's saving."""
    from cpframework.api import load_project
    from cpf_yunnan_park.results import effects_summary
    from cpframework.testing import append_rows

    project, _ = load_project(copy)
    before = effects_summary(project)
    row = next(r for r in project.tables["effects"].rows if r.get("energy_saved"))
    append_rows(copy / "data.xlsx", "实施效果", [{"方案编号": row["code"], "评估年份": before["year"] + 1,
                                                "节能量": row["energy_saved"]}])
    project, _ = load_project(copy)
    assert effects_summary(project, before["year"])["energy_saved"] == before["energy_saved"]
    later = effects_summary(project)
    assert later["year"] == before["year"] + 1 and later["energy_saved"] == row["energy_saved"]


def test_chain_shares_show_the_region_constraint_pollutants(evaluated):
    """Issue #19: the region's constraints (总磷、氨氮, ozone → VOCs and NOx) get their shares per chain."""
    from cpf_yunnan_park import results

    project, _std, _ev = evaluated
    kr = results.key_results(project)
    cols = results.chain_view(kr, project, for_report=True)["columns"]
    assert cols[6:10] == ["总磷占比", "氨氮占比", "挥发性有机物占比", "氮氧化物占比"], cols
    assert {f"{c}占比" for c in kr["loads"].columns} <= set(results.chain_view(kr, project)["columns"])

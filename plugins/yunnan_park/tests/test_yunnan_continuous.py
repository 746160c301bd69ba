"""Issue #19 build item 1, yunnan_park: continuous cleaner production year after year (编制说明 5.5(7)–(8)).

Enterprise tables are keyed by 年份 (blank = the base year); the key list is per year; its dynamics name
entrants, exits and grade changes with the loads that caused them; effects, mechanism runs and admission
checks belong to one year; the annual report is about one stated year.  The demo holds 2024 and 2025
(``yunnan_demo``: base year 2024; ``yunnan_demo_2025``: the same park one year on)."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from cpframework.testing import append_rows
from cpframework.testing import cpaudit_main as main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"
NEXT = DEMO.with_name("yunnan_demo_2025")


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main([*argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture()
def copy(tmp_path):
    def make(src: Path = DEMO) -> Path:
        dst = tmp_path / src.name
        shutil.copytree(src, dst)
        return dst
    return make


def sheet_rows(book: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(book, data_only=True)[sheet]
    head = [str(c.value or "").lstrip("*").split("（")[0] for c in ws[1]]
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] is not None]


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + ["｜".join(c.text for c in r.cells) for t in d.tables for r in t.rows])


def test_dynamics_name_entrant_exit_and_regrade_with_shares_redone_from_the_workbook():
    from cpframework.api import load_project
    from cpf_yunnan_park import results

    project, _ = load_project(NEXT)
    dyn = results.list_dynamics(project)
    by = {r["ent_id"]: r for r in dyn["rows"]}
    # the demo's story: E004 stopped in 2025, E068 entered, and the counts add up
    assert by["E004"]["change"] == "退出" and "不在企业名录" in by["E004"]["why"]
    assert by["E068"]["change"] == "新进入" and by["E068"]["prev"] == "未入园"
    assert dyn["key_prev"] + dyn["entrants"] - dyn["exits"] == dyn["key_now"]
    # E068's energy share, by hand from the workbook's 2025 rows (an oracle independent of the plugin)
    energy = [r for r in sheet_rows(NEXT / "data.xlsx", "能源水资源") if r["年份"] == 2025]
    share = next(r["综合能源消费量"] for r in energy if r["企业编号"] == "E068") / sum(r["综合能源消费量"] for r in energy) * 100
    printed = by["E068"]["why"].split("综合能耗 — → ")[1].split("%")[0]
    assert abs(float(printed) - share) < 0.006
    # every grade change says which loads changed
    assert all("项变为" in r["why"] for r in dyn["rows"] if r["change"] == "分级变化")
    # the first year has no dynamics (nothing to compare)
    assert results.list_dynamics(load_project(DEMO)[0]) is None


def test_two_consecutive_annual_reports_are_each_about_their_year(tmp_path, capsys):
    texts = {}
    for demo, year in ((DEMO, 2024), (NEXT, 2025)):
        out = tmp_path / f"{year}.docx"
        code, msg = run(capsys, "report", str(demo), "--kind", "annual", "-o", str(out))
        assert code == 0, msg
        texts[year] = docx_text(out)
    t24, t25 = texts[2024], texts[2025]
    assert "2024 年（企业数据、指标数据、方案实施效果和机制运行均为该年度）" in t24
    assert "2023年没有企业数据，2024年是审核分级清单的第一年" in t24
    assert "2024年已评估方案 2 项" in t24 and "2025年已评估方案" not in t24      # 2024 effects only
    assert "审核分级清单变化（2024年 → 2025年）" in t25
    assert "E068" in t25 and "E004" in t25 and "新进入" in t25 and "退出" in t25
    assert "2025年已评估方案 5 项" in t25 and "2024年已评估方案" not in t25
    assert "2025年机制运行记录" in t25 and "2024年机制运行记录" in t24


def test_effects_of_one_year_never_include_another_years_rows():
    from cpframework.api import load_project
    from cpf_yunnan_park.results import effects_summary

    project, _ = load_project(DEMO)
    rows = project.tables["effects"].rows
    for year in (2024, 2025):
        by_hand = sum(r.get("energy_saved") or 0 for r in rows if r["year"] == year)
        assert effects_summary(project, year)["energy_saved"] == pytest.approx(by_hand)


def test_old_one_year_project_reads_as_its_base_year(copy, capsys):
    """A project written before the 年份 column: `cpaudit upgrade` adds the column, blank years are the base
    year, and the list is the same as with explicit 2024 rows."""
    from cpframework.api import load_project
    from cpf_yunnan_park import results

    root = copy()
    book = root / "data.xlsx"
    wb = openpyxl.load_workbook(book)
    for sheet, label in (("企业名录", "年份"), ("许可排放量", "年份"), ("能源水资源", "年份"), ("统计数据", "年份"),
                         ("固体废物", "年份"), ("企业水平", "判定年份")):
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index(label) + 1
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, col).value == 2025:
                ws.delete_rows(r)
        ws.delete_cols(col)   # the old layout: no 年份 column at all
    wb.save(book)
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "缺少列“年份”" in out and "缺少列“判定年份”" in out and "cpaudit upgrade" in out
    assert run(capsys, "upgrade", str(root))[0] == 0
    code, out = run(capsys, "check", str(root))
    assert code == 0, out
    old, _ = load_project(root)
    new, _ = load_project(DEMO)
    key = lambda p: set(results.key_results(p)["screened"].query("key").index)  # noqa: E731
    assert key(old) == key(new) and len(key(old)) == 41


def test_blank_year_row_repeating_a_base_year_row_is_a_duplicate(copy, capsys):
    root = copy()
    e001 = next(r for r in sheet_rows(root / "data.xlsx", "能源水资源") if r["企业编号"] == "E001" and r["年份"] == 2024)
    append_rows(root / "data.xlsx", "能源水资源", [{"企业编号": "E001", "综合能源消费量": e001["综合能源消费量"],
                                                "新鲜水取用量": e001["新鲜水取用量"]}])
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "年份留空即审核基准期 2024 年" in out and "重复的行不会累加" in out


def test_a_year_row_of_an_enterprise_missing_from_that_years_directory_is_an_error(copy, capsys):
    root = copy()
    append_rows(root / "data.xlsx", "统计数据", [{"企业编号": "E004", "工业增加值": 100, "年份": 2025}])
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "企业名录中没有这家企业 2025 年的行" in out


def test_park_total_is_reconciled_with_the_same_years_enterprise_rows(copy, capsys):
    root = copy(NEXT)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["能源水资源"]
    head = [c.value for c in ws[1]]
    year_col, energy_col = head.index("年份") + 1, next(i for i, h in enumerate(head, 1) if "综合能源消费量" in str(h))
    # a 2024 row changes: the 2025 total (this project's base year) is unaffected
    r24 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, year_col).value == 2024)
    ws.cell(r24, energy_col).value = ws.cell(r24, energy_col).value * 3
    wb.save(root / "data.xlsx")
    assert run(capsys, "check", str(root))[0] == 0
    r25 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, year_col).value == 2025)
    ws.cell(r25, energy_col).value = ws.cell(r25, energy_col).value * 3
    wb.save(root / "data.xlsx")
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "各企业综合能源消费量之和" in out


def test_mechanism_without_a_dated_run_is_not_established(copy, capsys):
    root = copy()
    book = root / "data.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["机制运行记录"]
    for r in range(ws.max_row, 1, -1):
        if ws.cell(r, 1).value == "审核机制":
            ws.delete_rows(r)
    wb.save(book)
    code, out = run(capsys, "check", str(root))
    assert "“审核机制”填“已建立”，但“机制运行记录”中没有它的运行记录" in out
    code, out = run(capsys, "status", str(root))
    assert "20/20" not in out and "审核机制" in out


def test_admission_with_a_manual_item_found_not_met_is_refused(copy, capsys):
    root = copy()
    append_rows(root / "data.xlsx", "准入核对记录", [{"拟入园项目": "示例新项目", "准入清单行业": "*", "其他要求核对结果": "不符合",
                                                  "核对人": "王丽", "核对日期": __import__("datetime").date(2025, 11, 3)}])
    code, out = run(capsys, "yunnan-admission", str(root), "--industry", "锂离子电池制造", "--energy-intensity", "0.2",
                    "--water-intensity", "5", "--cp-level", "Ⅱ级", "--project", "示例新项目")
    assert code == 1 and "结论：不予准入" in out and "不符合（王丽，2025年11月3日核对）" in out


# ---------------------------------------------------------------- build item 2: direct vs indirect discharge

def test_plant_and_its_feeders_are_not_counted_twice():
    """The demo's wastewater plant E055 receives every other enterprise's wastewater (排放去向 间接排放): the COD
    load of the key list is the feeders' (where it arises), without the plant's effluent on top; the park
    total is the direct discharge (the plant's effluent)."""
    from cpframework.api import load_project
    from cpf_yunnan_park import results

    project, _ = load_project(DEMO)
    rows = [r for r in sheet_rows(DEMO / "data.xlsx", "许可排放量") if r["年份"] == 2024 and r["污染物"] == "化学需氧量"]
    feeders = sum(r["实际排放量"] for r in rows if r["排放去向"] == "间接排放")
    plant = sum(r["实际排放量"] for r in rows if r["企业编号"] == "E055")
    assert plant > 0 and feeders > 0
    loads = results.key_results(project)["loads"]
    assert loads["化学需氧量"].sum() == pytest.approx(feeders)
    assert "E055" not in loads.index[loads["化学需氧量"].fillna(0) > 0]


def test_park_total_with_feeders_added_to_the_plant_is_the_double_count(copy, capsys):
    from cpframework.testing import set_cells

    root = copy()
    rows = [r for r in sheet_rows(root / "data.xlsx", "许可排放量") if r["年份"] == 2024 and r["污染物"] == "化学需氧量"]
    both = round(sum(r["实际排放量"] for r in rows), 3)
    set_cells(root / "data.xlsx", "园区指标数据", {("cod", "2024年"): both})
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "等于直接排放" in out and "重复计算" in out


def test_blank_destination_in_a_park_with_a_plant_is_asked_for(copy, capsys):
    from cpframework.testing import set_cells

    root = copy()
    rows = sheet_rows(root / "data.xlsx", "许可排放量")
    feeder = next(r for r in rows if r["排放去向"] == "间接排放" and r["年份"] == 2024)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["许可排放量"]
    head = [c.value for c in ws[1]]
    col = head.index("排放去向") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == feeder["企业编号"] and ws.cell(r, col).value == "间接排放":
            ws.cell(r, col).value = None
    wb.save(root / "data.xlsx")
    code, out = run(capsys, "check", str(root))
    assert "排放去向”未填" in out and feeder["企业编号"] in out
    del set_cells


def test_indirect_discharge_of_air_pollutants_is_an_error(copy, capsys):
    root = copy()
    append_rows(root / "data.xlsx", "许可排放量", [{"企业编号": "E001", "污染物": "氟化物", "类别": "废气", "实际排放量": 1.0,
                                                "排放去向": "间接排放", "年份": 2024}])
    code, out = run(capsys, "check", str(root))
    assert code == 1 and "不能填“间接排放”" in out


# ---------------------------------------------------------------- issue #21: every plugin command's help example runs as printed

@pytest.mark.parametrize("command", ["yunnan-import", "yunnan-admission", "yunnan-keylist"])
def test_help_example_runs_as_printed(command, tmp_path, monkeypatch, capsys):
    import shlex

    code, text = run(capsys, command, "--help")
    assert code == 0 and "示例：" in text
    examples = [ln.strip() for ln in text.split("示例：", 1)[1].splitlines() if ln.strip().startswith("cpaudit ")]
    assert examples
    shutil.copytree(DEMO, tmp_path / "examples" / "yunnan_demo")
    monkeypatch.chdir(tmp_path)
    # the file the import example names, in the shape its help describes
    (tmp_path / "排放量.csv").write_text("企业编号,污染物,类别,实际排放量,年份\nE001,二氧化硫,废气,380.5,2024\n", encoding="utf-8")
    for example in examples:
        code, out = run(capsys, *shlex.split(example)[1:])
        assert code == 0, (example, out)
    if command == "yunnan-import":   # the row was replaced, not added: one E001 SO₂ row of 2024, with the new value
        from cpframework.api import load_project

        project, _ = load_project(tmp_path / "examples" / "yunnan_demo")
        hits = [r for r in project.tables["emissions"].rows
                if r["ent_id"] == "E001" and r["pollutant"] == "二氧化硫" and r.get("year") == 2024]
        assert [r["actual"] for r in hits] == [380.5]


# ---------------------------------------------------------------- build item 4: the key list at its own stage (step 9)

def test_key_list_prints_when_only_enterprise_data_exist(copy, capsys, tmp_path):
    """Park indicator data still blank: report refuses, but the key list (step 9) prints from the enterprise
    tables, and status shows step 9 done — the two agree."""
    root = copy()
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["园区指标数据"]
    for r in range(2, ws.max_row + 1):
        for c in range(4, ws.max_column + 1):
            if str(ws.cell(1, c).value or "").endswith("年"):
                ws.cell(r, c).value = None
    wb.save(root / "data.xlsx")
    assert run(capsys, "report", str(root), "-o", str(tmp_path / "r.docx"))[0] == 1
    code, out = run(capsys, "yunnan-keylist", str(root))
    assert code == 0, out
    assert "园区企业 67 家，重点企业 41 家" in out
    code, out = run(capsys, "status", str(root), "--format", "json")
    import json

    steps = {st["id"]: st for stage in json.loads(out)["stages"] for st in stage["steps"]}
    assert steps["key_list"]["done"], steps["key_list"]


def test_key_list_refuses_with_an_enterprise_data_error(copy, capsys):
    root = copy()
    append_rows(root / "data.xlsx", "能源水资源", [{"企业编号": "E001", "综合能源消费量": 1, "新鲜水取用量": 1, "年份": 2024}])
    code, out = run(capsys, "yunnan-keylist", str(root))
    assert code == 1 and "能源水资源" in out and "重点企业" not in out


# ---------------------------------------------------------------- build item 5: audit elements of Yunnan's core industries

@pytest.mark.parametrize("industry, row", [
    ("常用有色金属冶炼", "有色金属冶炼"), ("铝冶炼", "有色金属冶炼"), ("铜冶炼", "有色金属冶炼"), ("铅锌冶炼", "有色金属冶炼"),
    ("锡冶炼", "有色金属冶炼"), ("炼钢", "钢铁"), ("钢压延加工", "钢铁"), ("甘蔗制糖", "制糖"), ("机制纸及纸板制造", "造纸"),
    ("磷肥及磷化工", "磷化工"), ("黄磷", "磷化工"), ("电池材料（磷酸铁锂正极）", "新能源电池材料"), ("精细化工", "化工"),
    ("工业硅冶炼", "工业硅"), ("家具制造", "通用"),
])
def test_core_industries_have_their_own_audit_elements(industry, row):
    from cpf_yunnan_park.elements import for_enterprise

    got = for_enterprise(industry)
    assert got.industry == row
    if row in ("有色金属冶炼", "钢铁", "制糖", "造纸", "磷化工"):
        assert "重建" in got.reference   # labelled as reconstructed: 附录C1's text is not available


def test_both_annual_reports_are_written_out_and_their_narratives_match_their_year(tmp_path, capsys):
    """The demos' annual chapters carry the consultant's narrative (no placeholder, no draft left), and the
    figures the narrative states are the ones computed for that year."""
    from cpframework.api import load_project
    from cpframework.testing import deliverable_problems
    from cpf_yunnan_park import results

    texts = {}
    for root, year in ((DEMO, 2024), (NEXT, 2025)):
        out = tmp_path / f"annual{year}.docx"
        code, msg = run(capsys, "report", str(root), "--kind", "annual", "-o", str(out))
        assert code == 0, msg
        text = docx_text(out)
        assert "【待编写】" not in text and "【草稿" not in text
        assert deliverable_problems(out) == []
        texts[year] = text
    project, _ = load_project(NEXT)
    n24 = int(results.key_results(project, 2024)["screened"]["key"].sum())
    n25 = int(results.key_results(project, 2025)["screened"]["key"].sum())
    dyn = results.list_dynamics(project)
    assert f"中 {n24} 家列入审核分级清单" in texts[2024]
    assert f"清单由 {n24} 家变为 {n25} 家" in texts[2025]
    assert f"退出 {dyn['exits']} 家" in texts[2025] and f"新进入 {dyn['entrants']} 家" in texts[2025]
    assert f"年节能 {results.fmt(results.effects_summary(project, 2025)['energy_saved'])} tce" in texts[2025]

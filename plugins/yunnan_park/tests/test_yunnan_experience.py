"""Issue #19 build item 5, yunnan_park: 经验方案 reuse (编制说明 5.5(7)“将治理方案及效果评估作为经验方案用到于
支撑园区后续整改”; matching rule reconstructed, README R17)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpframework.testing import cpaudit_main as main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"
NEXT = DEMO.with_name("yunnan_demo_2025")


def _by(props):
    return {(p["ent_id"], p["item"]["code"]): p for p in props}


def test_own_implemented_option_is_offered_to_the_same_industry_not_to_itself():
    from cpframework.api import load_project
    from cpf_yunnan_park import experience

    project, _ = load_project(NEXT)
    got = _by(experience.proposals(project))
    f08 = got[("E033", "F08")]            # E034's dryer heat recovery → the other 磷化工 enterprise, key for energy
    assert f08["why"].startswith("磷化工；") and "综合能耗" in f08["why"]
    assert f08["status"] == "已采纳为方案 F09"
    # the effect is the measured one of the report year, written out by hand from the 实施效果 row
    assert f08["item"]["effect"] == "节能 1450 tce/a；节约化石能源 1450 tce/a；年经济效益 210 万元（2025年实测）"
    assert ("E034", "F08") not in got                     # never offered to the enterprise that did it
    assert ("E024", "J01") not in got                     # nor a library entry of its own
    assert got[("E037", "J03")]["status"] == "已采纳为方案 F10"
    assert all(p["status"] == "参考" for k, p in got.items() if k not in {("E033", "F08"), ("E037", "J03")})
    # matched on a load the enterprise is key for: every proposal names one of its key loads or its level
    from cpf_yunnan_park import results
    sc = results.key_results(project)["screened"]
    for p in got.values():
        row = sc.loc[p["ent_id"]]
        assert any(bool(row[c]) and c in p["why"] for c in p["item"]["addresses"] if c in sc.columns) or "第8步" in p["why"]


def test_the_library_of_a_year_holds_only_what_was_known_by_then():
    from cpframework.api import load_project
    from cpf_yunnan_park import experience

    project, _ = load_project(DEMO)
    lib = {e["code"]: e for e in experience.library(project, 2024)}
    assert lib["F08"]["effect"].endswith("（2024年实测）") and "节能 640 tce/a" in lib["F08"]["effect"]
    assert "F04" not in lib and "F05" not in lib          # chain-level option; effect first measured in 2025
    assert set(lib) >= {"J01", "J02", "J03"}
    assert "J01" not in {e["code"] for e in experience.library(project, 2022)}


@pytest.fixture()
def proj(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


@pytest.mark.parametrize("sheet, column, value, words", [
    ("改进方案", "采纳的经验方案", "J99", "经验方案 J99 既不在“经验方案库”中"),
    ("经验方案库", "附录C1行业", "有色冶炼", "不是附录C1 的行业名称"),
    ("经验方案库", "针对的负荷", "VOCs", "“VOCs”不是审核分级清单的负荷"),
])
def test_a_broken_link_or_name_is_an_error_naming_the_row(proj, capsys, sheet, column, value, words):
    import openpyxl

    book = proj / "data.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb[sheet]
    col = next(c for c in range(1, ws.max_column + 1) if str(ws.cell(1, c).value or "").lstrip("*").startswith(column))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col).value not in (None, ""))
    ws.cell(row, col).value = value
    wb.save(book)
    code = main(["check", str(proj)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1
    line = next(x for x in text.splitlines() if words in x)
    assert f"工作表“{sheet}”" in line and f"第 {row} 行" in line


def test_reports_propose_marked_as_reference_and_keep_the_link(tmp_path):
    import docx

    from cpframework.testing import deliverable_problems

    out = tmp_path / "annual.docx"
    assert main(["report", str(NEXT), "--kind", "annual", "-o", str(out)]) == 0
    d = docx.Document(str(out))
    text = "\n".join([p.text for p in d.paragraphs] + ["｜".join(c.text for c in r.cells) for t in d.tables for r in t.rows])
    assert "经验方案参考（2025年重点企业）" in text
    assert "干燥尾气余热回收（采纳经验方案 F08）" in text and "已采纳为方案 F09" in text
    assert "｜参考" in text
    assert deliverable_problems(out) == []

"""Issue #19 build item 5, yunnan_park: step 8 levels feed the key list (编制说明 5.5(3)“找出水平较差的企业，
为确定园区的审核重点及审核对象奠定基础”, 5.5(4)“一方面依据水平分析的结果”; rule reconstructed, README R15).

A worked example by hand for the pure rule, the demo's story (a plant listed by its level, an enterprise
raised by it, a re-judgement that moves the list the next year), and ``check`` naming the 企业名录 row of an
enterprise the rule needs a level for."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpframework.testing import cpaudit_main as main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"
NEXT = DEMO.with_name("yunnan_demo_2025")


def test_level_floor_by_hand():
    import pandas as pd

    from cpf_yunnan_park.keylist import apply_levels, key_enterprises

    # energy: 50, 30, 15, 5 → the 80 % list is a, b (80 %); water: a alone (90 %)
    loads = pd.DataFrame({"能耗": [50.0, 30.0, 15.0, 5.0], "水": [90.0, 4.0, 3.0, 3.0]}, index=["a", "b", "c", "d"])
    sc = key_enterprises(loads, grade_a_loads=2)
    assert list(sc["grade_code"]) == ["A", "B", "C", "C"]
    out = apply_levels(sc, {"a": "未达Ⅲ级", "b": "未达Ⅲ级", "c": "Ⅲ级", "d": "Ⅱ级"}, {"未达Ⅲ级": "A", "Ⅲ级": "B"})
    # a: already A (kept, not by level); b: B → A by level; c: C → listed as B; d: Ⅱ级 has no floor
    assert list(out["grade_code"]) == ["A", "A", "B", "C"]
    assert list(out["by_level"]) == [False, True, True, False]
    assert list(out["key"]) == [True, True, True, False]
    assert list(out["key_loads"]) == [2, 1, 0, 0]          # the loads are not rewritten
    assert sc["grade_code"].tolist() == ["A", "B", "C", "C"]  # input untouched


def test_demo_levels_list_and_raise_with_the_reason_said():
    from cpframework.api import load_project
    from cpf_yunnan_park import results

    project, _ = load_project(DEMO)
    view, _cov, raw = results.key_views(results.key_results(project))
    by = {r[1]: r for r in view["rows"]}
    plant = by["E055"]   # the wastewater plant: no load puts it on the list (its COD is its feeders'), Ⅲ级 does
    assert plant[-1] == "二级重点（B类）" and plant[6] == "0"
    assert "第8步判定清洁生产水平Ⅲ级，据此列入清单（B类）" in plant[5]
    raised = by["E020"]  # one load (危险废物) → B, 未达Ⅲ级 → A
    assert raised[-1] == "一级重点（A类）" and raised[6] == "1" and "据此提为A类" in raised[5]
    ordinary = by["E001"]
    assert "第8步" not in ordinary[5]
    assert "因清洁生产水平列入 1 家" in view["note"] and "提高分级 1 家" in view["note"]
    assert {e["ent_id"] for e in raw["key_enterprises"] if e["by_level"]} == {"E020", "E055"}


def test_a_re_judgement_moves_the_next_years_list_and_dynamics_say_why():
    from cpframework.api import load_project
    from cpf_yunnan_park import results

    project, _ = load_project(NEXT)
    dyn = {r["ent_id"]: r for r in results.list_dynamics(project)["rows"]}
    assert dyn["E055"]["change"] == "退出" and "Ⅲ级 → Ⅱ级" in dyn["E055"]["why"]
    assert dyn["E013"]["change"] == "分级变化" and dyn["E013"]["now"] == "A类"
    assert "Ⅱ级 → 未达Ⅲ级（本年据此列入清单或提高分级）" in dyn["E013"]["why"]
    # E002 was re-judged Ⅱ级 in 2025: the later judgement is the one in force, the earlier one stays for 2024
    from cpf_yunnan_park.analysis import levels_at
    assert levels_at(project, 2025)["E002"][0] == "Ⅱ级" and levels_at(project, 2024)["E002"][0] == "Ⅲ级"


@pytest.fixture()
def proj(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def _delete_level_rows(book: Path, eid: str) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb["企业水平"]
    for r in sorted((r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == eid), reverse=True):
        ws.delete_rows(r)
    wb.save(book)


@pytest.mark.parametrize("eid, why", [("E051", "为排污许可重点管理企业"),      # in scope by its permit class
                                      ("E007", "按负荷列入了 2024 年审核分级清单")])  # 简化管理, in scope as load-key
def test_missing_level_is_an_error_naming_the_enterprise_row(proj, capsys, eid, why):
    _delete_level_rows(proj / "data.xlsx", eid)
    code = main(["check", str(proj)])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1
    line = next(x for x in text.splitlines() if f"企业 {eid}" in x and "第8步" in x)
    assert "企业名录" in line and "第 " in line and why in line and "无适用标准" in line
    # the key list is not printed without it (step 9 depends on step 8)
    code = main(["yunnan-keylist", str(proj)])
    out = capsys.readouterr()
    assert code == 1 and "第8步" in out.out + out.err


def test_level_of_an_enterprise_outside_the_rule_changes_nothing(proj, capsys):
    """登记管理, not key: its judgement is shown in 2.4 but does not list it (so deleting it is harmless)."""
    from cpframework.api import load_project
    from cpframework.testing import append_rows
    from cpf_yunnan_park import results

    before = results.key_results(load_project(proj)[0])["screened"]["grade_code"].to_dict()
    append_rows(proj / "data.xlsx", "企业水平", [{"企业编号": "E060", "清洁生产水平": "未达Ⅲ级", "判定年份": 2024}])
    assert main(["check", str(proj)]) == 0
    capsys.readouterr()
    after = results.key_results(load_project(proj)[0])["screened"]["grade_code"].to_dict()
    assert after == before


def test_report_shows_the_judgements_in_force_in_its_year(tmp_path):
    """2.4 of the 2025 audit report: E002's 2025 re-judgement (not both rows), E004 (gone in 2025) not at all."""
    import docx

    out = tmp_path / "audit.docx"
    assert main(["report", str(NEXT), "-o", str(out)]) == 0
    d = docx.Document(str(out))
    table = next(t for t in d.tables if [c.text for c in t.rows[0].cells][3:5] == ["清洁生产水平", "判定年份"])
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert [r.cells[0].text for r in table.rows[1:]].count("E002") == 1
    assert rows["E002"][3:5] == ["Ⅱ级", "2025年"] and rows["E003"][3:5] == ["未达Ⅲ级", "2024年"]
    assert "E004" not in rows and "E068" in rows

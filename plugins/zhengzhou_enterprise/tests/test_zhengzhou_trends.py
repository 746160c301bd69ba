"""#16 item 10: 双超 trends over the review period (6.5.1.3.3 d), 6.5.1.3.4 d)) — exceedance multiples and the
change by hand, the cross-checks with D.23 through the CLI, and the one sentence on the fixed numbering."""
from __future__ import annotations

import copy
import functools
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpf_zhengzhou_enterprise import trends as tr
from cpframework.api import load_project
from cpframework.testing import cpaudit_main, text_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@functools.cache
def _demo():
    return load_project(DEMO)[0]


def test_demo_trends_by_hand():
    ts = {t.row["pollutant"]: t for t in tr.trends(_demo())}
    assert set(ts) == {"COD", "氨氮", "VOCs（非甲烷总烃）", "NOx", "颗粒物"}
    assert not any(t.multiples for t in ts.values())                       # the demo is not 双超
    assert ts["VOCs（非甲烷总烃）"].change.value == pytest.approx((5.184 - 6.9) / 6.9 * 100)


def test_exceedance_multiple_by_hand():
    m = tr.multiple(45.0, 30.0, "COD排放量")
    assert m.value == pytest.approx(0.5) and "(45 − 30) ÷ 30" in m.trace.substitution


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 1e4), st.floats(0.01, 1e4))
def test_multiple_is_positive_exactly_when_over_the_limit(value, limit):
    q = copy.deepcopy(_demo())
    row = q.tables["emission_trend"].rows[0]
    row["value"] = {y: value for y in row["value"]}
    row["limit"] = limit
    [t] = [t for t in tr.trends(q) if t.row is row]
    assert set(t.multiples) == ({y for y in row["value"]} if value > limit else set())
    assert all(m.value > 0 for m in t.multiples.values())


def _copy(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def _check(root, capsys):
    capsys.readouterr()
    code = cpaudit_main(["check", "--format", "json", str(root)])
    problems = json.loads(capsys.readouterr().out)["problems"]
    for p in problems:
        assert p["file"] == "project.toml" or text_problems(p["message"]) == [], p["message"]
    return code, problems


def _cell(ws, header, pollutant):
    col = next(c.column for c in ws[1] if c.value and str(c.value).lstrip("*").startswith(header))
    pcol = next(c.column for c in ws[1] if c.value and str(c.value).lstrip("*") == "污染物")
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, pcol).value == pollutant)
    return ws.cell(row, col)


def test_baseline_year_against_d23_is_an_error(tmp_path, capsys):
    root = _copy(tmp_path)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["考察期排放趋势"]
    cell = _cell(ws, "2024", "COD")
    cell.value = 29.5
    wb.save(root / "data.xlsx")
    code, problems = _check(root, capsys)
    assert code == 1
    [p] = problems
    assert p["sheet"] == "考察期排放趋势" and p["row"] == cell.row and "27" in p["message"] and "29.5" in p["message"]


def test_trend_over_limit_without_the_flag_is_a_warning(tmp_path, capsys):
    root = _copy(tmp_path)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["考察期排放趋势"]
    _cell(ws, "2023", "NOx").value = 4.4          # a past year over the permit: a trend, not (yet) 双超
    _cell(ws, "标准限值", "颗粒物").value = 0.4     # baseline year over: contradicts D.23's quota and the flag
    wb.save(root / "data.xlsx")
    code, problems = _check(root, capsys)
    assert code == 1
    assert {(p["level"], p["field"]) for p in problems} == {("error", "标准限值或许可排放量"), ("warning", "2024年排放值")}


def test_double_exceed_needs_the_trend_of_the_exceeded_pollutant(tmp_path, capsys):
    root = _copy(tmp_path)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["考察期排放趋势"]
    pcol = next(c.column for c in ws[1] if str(c.value).lstrip("*") == "污染物")
    ws.delete_rows(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, pcol).value == "COD"))
    wb.save(root / "data.xlsx")
    code, problems = _check(root, capsys)
    assert code == 0 and [p["value"] for p in problems] == ["COD"]      # warning: a pollutant of D.23 left out


def test_numbering_sentence_names_the_unused_numbers(tmp_path):
    from docx import Document
    root = _copy(tmp_path)
    toml = (root / "project.toml").read_text(encoding="utf-8").replace("has_previous_round = true", "has_previous_round = false")
    (root / "project.toml").write_text(toml, encoding="utf-8")
    out = tmp_path / "a.docx"
    assert cpaudit_main(["report", str(root), "--kind", "audit", "-o", str(out)]) in (0, 1)
    text = "\n".join(p.text for p in Document(out).paragraphs)
    [line] = [t for t in text.splitlines() if t.startswith("说明：本报告的章节和附件编号")]
    assert "第二章 审核回顾" in line and "4.1.3.7 土壤及地下水现状分析" in line and text_problems(line) == []

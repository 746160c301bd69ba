"""Issue #19: what a regulator reading the two consecutive annual reports page by page objected to.

The cover names the year; the grade chart runs A, B, C like the text; shares in a column have the same
decimals; one year's effects table fits a portrait page (no 年份 column), lists options in order and names
pollutants in Chinese; the CO₂ trace prints no zero term; each 经验方案 is one row with all its enterprises.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from cpframework.testing import cpaudit_main as main

ROOT = Path(__file__).resolve().parents[3] / "examples"


@pytest.fixture(scope="module")
def annual(tmp_path_factory):
    import docx

    out = {}
    for demo, year in (("yunnan_demo", 2024), ("yunnan_demo_2025", 2025)):
        path = tmp_path_factory.mktemp(demo) / "annual.docx"
        assert main(["report", str(ROOT / demo), "--kind", "annual", "-o", str(path)]) == 0
        out[year] = docx.Document(str(path))
    return out


def _text(d) -> str:
    return "\n".join(p.text for p in d.paragraphs)


def _table(d, first_header: str, contains: str):
    return next(t for t in d.tables if t.rows[0].cells[0].text == first_header
                and any(contains in c.text for r in t.rows for c in r.cells))


@pytest.mark.parametrize("year", [2024, 2025])
def test_cover_names_the_year_the_report_is_about(annual, year):
    cover = "\n".join(p.text for p in annual[year].paragraphs[:8])
    assert f"{year}年度清洁生产报告" in cover


def test_grade_chart_runs_a_b_c_whatever_the_counts():
    from cpf_yunnan_park.report_annual import grade_counts

    s = pd.Series(["一般企业（C类）"] * 27 + ["一级重点（A类）"] * 26 + ["二级重点（B类）"] * 14)
    assert list(grade_counts(s)) == ["一级重点（A类）", "二级重点（B类）", "一般企业（C类）"]
    assert sum(grade_counts(s).values()) == len(s)


@pytest.mark.parametrize("year", [2024, 2025])
def test_coverage_shares_have_two_decimals(annual, year):
    t = _table(annual[year], "负荷", "综合能耗")
    shares = [r.cells[i].text for r in t.rows[1:] for i in (4, 5)]
    assert shares and all(re.fullmatch(r"\d+\.\d\d%", s) for s in shares), shares


@pytest.mark.parametrize("year", [2024, 2025])
def test_one_years_effects_table(annual, year):
    d = annual[year]
    t = _table(d, "方案", "实际投资（万元）")
    header = [c.text for c in t.rows[0].cells]
    assert "年份" not in header
    codes = [r.cells[0].text for r in t.rows[1:]]
    assert codes == sorted(codes)
    body = " ".join(c.text for r in t.rows for c in r.cells)
    assert not re.search(r"\b(COD|NOx|VOCs|SO₂)\b", body)
    assert not re.search(r"节电 0 万kWh ×|节约化石能源 0 tce ×", _text(d))


@pytest.mark.parametrize("year", [2024, 2025])
def test_each_experience_option_is_one_row(annual, year):
    t = _table(annual[year], "经验方案", "参考")
    codes = [r.cells[0].text.split()[0] for r in t.rows[1:]]
    assert codes and len(codes) == len(set(codes))


@pytest.mark.parametrize(("demo", "year", "shown"), [("yunnan_demo", 2024, False), ("yunnan_demo_2025", 2025, True)])
def test_a_later_audit_reports_list_changes_since_last_year(tmp_path, demo, year, shown):
    import docx

    path = tmp_path / "audit.docx"
    assert main(["report", str(ROOT / demo), "-o", str(path)]) == 0
    d = docx.Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    assert (f"审核分级清单变化（{year - 1}年 → {year}年）" in text) is shown
    if shown:
        t = _table(d, "变化", "E068")
        assert any("新入园" in c.text for r in t.rows for c in r.cells)


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_dash_for_last_years_indicator_value_is_explained(annual, year):
    d = annual[year]
    t = _table(d, "代码", "Y01")
    dashes = [r.cells[0].text for r in t.rows[1:] if r.cells[2].text == "—"]
    explained = any(f"{year - 1}年为“—”的指标" in p.text for p in d.paragraphs)
    assert explained == bool(dashes), dashes

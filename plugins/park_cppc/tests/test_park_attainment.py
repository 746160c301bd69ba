"""Issue #17 item 6 (rest): the feasible options' quantified benefits against every near / mid / long-term
target with a matching quantity — by hand on the demo, properties in memory, the warnings through the CLI."""
import copy
import shutil
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.api import evaluate_project, get_registry, load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


@pytest.fixture(scope="module")
def demo():
    return load_project(DEMO)[0]


@pytest.fixture(scope="module")
def ev(demo):
    return _evaluate(demo)


def _evaluate(project):
    reg = get_registry()
    return evaluate_project(reg, reg.standard("park_cppc"), project)


def _with_rows(project, table: str, rows: list[dict]):
    p = copy.copy(project)
    p.tables = dict(project.tables)
    p.tables[table] = attrs.evolve(project.tables[table], rows=rows, sheet_rows=list(range(2, len(rows) + 2)),
                                   present=True)
    return p


def _compare(project):
    from cpf_park_cppc.analysis import target_rows
    from cpf_park_cppc.attainment import comparisons

    std = get_registry().standard("park_cppc")
    e = _evaluate(project)
    targets = target_rows(std, project, e)
    return std, targets, comparisons(std, project, e, targets)


def test_demo_targets_by_hand(ev):
    """Baseline 2024: energy 520 000 tce, renewable 41 000 tce, wastewater 5 100 000 t, value added 1 310 000 万元.
    Feasible options finished by 2026: energy saving 11 000 + 4 200, renewable 8 111 (photovoltaics, 2025–2026),
    wastewater 380 000 + 21 000."""
    got = {(c["indicator"], c["term"]): c for c in ev.extra["option_benefits"]["targets"]}
    assert got[("I07", "近期")]["expected"] == pytest.approx((520_000 - 15_200) / 1_310_000)
    assert got[("I07", "近期")]["reachable"] and not got[("I07", "中期")]["reachable"]       # 0.3853 > 0.34
    assert got[("I07", "中期")]["gap"] == pytest.approx((520_000 - 15_200) / 1_310_000 - 0.34)
    assert got[("I08", "近期")]["expected"] == pytest.approx((41_000 + 8_111) / (520_000 - 15_200) * 100)
    assert got[("I15", "近期")]["expected"] == pytest.approx((5_100_000 - 401_000) / 1_310_000)
    assert sorted(got[("I15", "近期")]["options"]) == [6, 11]
    # the targets with no matching quantity (I03 growth, I21 audits, I25 completeness) are not compared
    assert {c["indicator"] for c in ev.extra["option_benefits"]["targets"]} == {"I07", "I08", "I15"}
    assert not [p for p in ev.problems if p.code == "target"]


def test_a_park_total_target_is_compared_with_its_benefits(demo):
    """A total target (no indicator): COD 420 t in 2024, option 11 cuts 1.6 t/a by 2025."""
    rows = [dict(r) for r in demo.tables["targets"].rows]
    rows.append({"seq": len(rows) + 1, "name": "化学需氧量排放量", "unit": "t", "quantity": "园区工业废水化学需氧量排放量",
                 "near": 419, "mid": 400, "long": 380, "near_year": 2026, "mid_year": 2028, "long_year": 2030})
    std, targets, got = _compare(_with_rows(demo, "targets", rows))
    cod = {c["term"]: c for c in got if c["name"] == "化学需氧量排放量"}
    assert cod["近期"]["current"] == 420 and cod["近期"]["expected"] == pytest.approx(418.4)
    assert cod["近期"]["reachable"] and cod["中期"]["gap"] == pytest.approx(18.4) and not cod["中期"]["reachable"]


@settings(max_examples=30, deadline=None)
@given(ends=st.lists(st.sampled_from([2025, 2026, 2027, 2028, 2029, 2030, 2031]), min_size=12, max_size=12))
def test_later_terms_count_at_least_the_options_of_earlier_ones(demo, ends):
    """Whatever the options' finishing years, each term counts exactly the options finished by its year,
    so a lower-is-better indicator expected later is never worse than expected earlier."""
    from cpf_park_cppc.attainment import finish_year

    rows = [dict(r, period=str(y)) for r, y in zip(demo.tables["options"].rows, ends)]
    _std, _t, got = _compare(_with_rows(demo, "options", rows))
    by = {}
    for c in got:
        by.setdefault(c["indicator"], {})[c["term"]] = c
    for terms in by.values():
        for c in terms.values():
            counted = {r["seq"] for r in rows if r.get("feasible") == "可行" and finish_year(r) <= c["year"]}
            assert set(c["options"]) <= counted
        near, mid, long = (terms[k]["expected"] for k in ("近期", "中期", "远期"))
        if terms["近期"]["lower"]:
            assert near >= mid - 1e-12 and mid >= long - 1e-12
        else:
            assert near <= mid + 1e-12 and mid <= long + 1e-12


def test_a_target_no_option_supports_is_a_warning_naming_its_row(demo):
    from cpf_park_cppc.attainment import attainment_problems

    rows = [dict(r) for r in demo.tables["targets"].rows]
    rows.append({"seq": len(rows) + 1, "indicator": "I17", "name": "园区空气质量优良率", "unit": "%", "near": 85,
                 "mid": 90, "long": 95, "near_year": 2026, "mid_year": 2028, "long_year": 2030})
    std, targets, got = _compare(_with_rows(demo, "targets", rows))
    out = attainment_problems(std, _with_rows(demo, "targets", rows), targets, got)
    assert [(p.row, p.level) for p in out] == [(len(rows) + 1, "warning")]
    assert "园区空气质量优良率" in out[0].message and out[0].sheet == "清洁生产目标"


def test_an_option_without_a_year_is_flagged(demo):
    from cpf_park_cppc.attainment import period_problems

    rows = [dict(r) for r in demo.tables["options"].rows]
    rows[0]["period"] = "近期"
    out = period_problems(_with_rows(demo, "options", rows))
    assert [(p.row, p.field) for p in out] == [(2, "实施时间")]


def test_too_few_options_for_a_near_term_target_through_the_cli(tmp_path, capsys):
    park = tmp_path / "park"
    shutil.copytree(DEMO, park)
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["B.3 方案汇总"]
    cols = {str(c.value).lstrip("*").split("（")[0]: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["方案名称"]).value == "屋顶分布式光伏整体开发")
    ws.cell(row, cols["实施时间"]).value = "2025–2027"   # photovoltaics now finish after the near-term year 2026
    wb.save(park / "data.xlsx")
    capsys.readouterr()
    code = cpaudit_main(["check", str(park)])
    out = capsys.readouterr().out.replace("\n", "")
    assert code == 0                                      # a warning: the data are right, the plan falls short
    targets = load_project(park)[0].tables["targets"]
    i08 = targets.sheet_rows[[r.get("indicator") for r in targets.rows].index("I08")]
    assert f"工作表“清洁生产目标” 第 {i08} 行" in out and "近期目标 9.5%（2026）" in out and "不足以达到" in out

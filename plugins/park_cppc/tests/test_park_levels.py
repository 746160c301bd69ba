"""#17 step 1: the 企业清单 by industry and enterprise (3(3), 5.2.1, 5.2.3), checked against independent
oracles (the core's Pareto key list, sums by hand) and through the real CLI."""
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.api import calc, check_project, get_registry, load_project
from cpframework.testing import cpaudit_main
from cpf_park_cppc.levels import LOADS, industries, pareto, pareto_lists

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"

values = st.dictionaries(st.from_regex(r"E[0-9]{2}", fullmatch=True),
                         st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=30)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_pareto_is_the_core_key_list(vals):
    if sum(vals.values()) <= 0:
        assert pareto(vals)[0] == []
        return
    chosen, total = pareto(vals)
    frame = pd.DataFrame({"x": list(vals.values())}, index=list(vals))
    core = calc.pareto.key_list(frame, threshold=0.8)
    assert set(chosen) == set(core.members.index[core.members["x"]])
    assert total == pytest.approx(sum(vals.values()))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(values, st.randoms())
def test_pareto_ignores_row_order(vals, rnd):
    items = list(vals.items())
    rnd.shuffle(items)
    assert pareto(dict(items)) == pareto(vals)


@pytest.fixture(scope="module")
def demo():
    reg = get_registry()
    project, std = load_project(DEMO, reg)
    return reg, std, project


def test_industry_totals_and_shares_by_hand(demo):
    _reg, _std, project = demo
    rows = project.tables["enterprises"].rows
    inds = industries(project)
    assert sum(i["enterprises"] for i in inds) == len(rows) == 42 and len(inds) == 5
    park = project.tables["indicator_data"].item("energy_total")["value"][project.manifest.baseline]
    for i in inds:
        mine = [r for r in rows if r["industry"] == i["industry"]]
        assert i["energy"] == pytest.approx(sum(r["energy"] for r in mine))
        assert i["energy_share"] == pytest.approx(i["energy"] / park * 100)
    assert [i["energy_share"] for i in inds] == sorted((i["energy_share"] for i in inds), reverse=True)


def test_pareto_lists_reach_80_percent_with_the_fewest(demo):
    _reg, _std, project = demo
    lists = pareto_lists(project)
    assert set(lists) == set(LOADS)
    for item in lists.values():
        cums = [m["cumulative"] for m in item["members"]]
        assert cums[-1] >= 80 - 1e-9 and (len(cums) == 1 or cums[-2] < 80)


def test_evaluate_reports_industries_and_lists(demo):
    reg, std, project = demo
    problems, ev = check_project(reg, std, project)
    assert not problems
    assert ev.extra["industries"][0]["industry"] == "新材料"
    assert ev.extra["pareto"]["energy"]["members"][0]["name"] == "金石复合材料有限公司"


@pytest.fixture()
def park(tmp_path):
    dst = tmp_path / "park"
    shutil.copytree(DEMO, dst)
    return dst


def _cli_check(park, capsys):
    capsys.readouterr()
    code = cpaudit_main(["check", str(park)])
    return code, capsys.readouterr().out


def test_top_industry_left_out_of_focus_is_a_warning(park, capsys):
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["审核重点"]
    row = next(r for r in range(2, ws.max_row + 1) if "新材料" in str(ws.cell(r, 2).value))
    ws.delete_rows(row)
    wb.save(park / "data.xlsx")
    _code, out = _cli_check(park, capsys)   # (the option naming that focus is an error too)
    assert "“新材料”行业的综合能耗占园区 27.21%，居各行业首位" in out, out


def test_list_reconciled_with_park(park, capsys):
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["企业清单"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*").startswith("综合能耗"))
    ws.cell(2, col).value = ws.cell(2, col).value * 100     # a value typed in kgce instead of tce
    ws.delete_rows(5)                                        # an enterprise dropped from the list
    wb.save(park / "data.xlsx")
    code, out = _cli_check(park, capsys)
    assert code == 1
    assert "各企业综合能耗之和" in out and "不应大于" in out
    assert "“纳入“企业清单”调查的企业数量”为 42，应等于工作表“企业清单”企业行数 41" in out, out


def test_status_follows_the_analyses_not_the_text(park, capsys):
    """#17 item 7: 5.2.3 is not done while the top industry by energy is left out of the focus."""
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["审核重点"]
    ws.delete_rows(next(r for r in range(2, ws.max_row + 1) if "新材料" in str(ws.cell(r, 2).value)))
    wb.save(park / "data.xlsx")
    capsys.readouterr()
    cpaudit_main(["status", str(park)])
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "确定审核重点" in ln)
    assert "未完成" in line and "占比居首的行业未列为审核重点" in out, out


def test_own_best_year_by_hand(demo):
    """5.2.2: each year evaluated as the baseline; the best by the indicator's direction, ties to the latest."""
    from cpf_park_cppc.benchmark import best_year, own_history

    _reg, std, project = demo
    hist = own_history(std, project)
    va = project.tables["indicator_data"].item("industrial_va")["value"]
    energy = project.tables["indicator_data"].item("energy_total")["value"]
    assert hist["I07"] == pytest.approx({y: energy[y] / va[y] for y in (2021, 2022, 2023, 2024)})
    assert set(hist["I03"]) == {2024}                 # the others lack the year three years before
    assert "I25" not in hist                          # 定性与核查项 hold the baseline only
    ind = {i.id: i for i in std.indicators}
    assert best_year(ind["I07"], {2022: 0.5, 2023: 0.4, 2024: 0.4}) == (2024, 0.4)
    assert best_year(ind["I08"], {2022: 9.0, 2023: 7.0}) == (2022, 9.0)


def test_peer_value_outside_its_definition(park, capsys):
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["对标园区"]
    col = next(c.column for c in ws[1] if str(c.value).lstrip("*").startswith("指标值"))
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "I08")
    ws.cell(row, col).value = 1250
    wb.save(park / "data.xlsx")
    code, out = _cli_check(park, capsys)
    assert code == 1 and "1250 超出指标 8 可再生能源使用比例 按定义可能的范围（0–100%）" in out, out

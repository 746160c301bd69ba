"""Issue #17 items 2, 5 (5.1.2), 3 and 6 (2.6.2) for park_cppc: the 5.2.1 survey tables, the team rule, the
flows and the findings — worked examples by hand on the demo, the checks through the real CLI."""
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


@pytest.fixture()
def park(tmp_path):
    dst = tmp_path / "park"
    shutil.copytree(DEMO, dst)
    return dst


@pytest.fixture(scope="module")
def demo():
    return load_project(DEMO)[0]


def _check(park, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cpaudit_main(["check", str(park)])
    out = capsys.readouterr()
    return code, out.out + out.err


def _edit(park: Path, sheet: str, match: dict, updates: dict | None = None, delete: bool = False) -> int:
    """Change (or delete) the first row of ``sheet`` whose cells under the given headers read ``match``;
    headers are matched without the leading * and the trailing （unit）.  Returns the sheet row."""
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb[sheet]
    cols = {str(c.value).lstrip("*").split("（")[0]: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1)
               if all(str(ws.cell(r, cols[h]).value) == str(v) for h, v in match.items()))
    if delete:
        ws.delete_rows(row)
    for h, v in (updates or {}).items():
        ws.cell(row, cols[h]).value = v
    wb.save(park / "data.xlsx")
    return row


# ---------------------------------------------------------------- 5.2.1 survey tables


def test_demo_survey_figures_by_hand(demo):
    from cpf_park_cppc import survey

    energy = survey.energy_structure(demo)
    assert sum(e["tce"] for e in energy) == pytest.approx(520_000, rel=0.01)           # = 园区综合能耗 2024
    assert sum(e["tce"] for e in energy if e["renewable"]) == pytest.approx(41_000, rel=0.01)
    assert energy[0]["carrier"] == "外购电力"
    o3 = next(r for r in survey.env_quality(demo) if r["factor"].startswith("臭氧"))
    assert not o3["compliant"] and o3["exceed"] == pytest.approx((168 - 160) / 160)   # 超标 0.05 倍
    do = next(r for r in survey.env_quality(demo) if r["factor"] == "溶解氧")
    assert do["compliant"] and do["exceed"] is None                                     # 下限 5，6.1 达标
    cod = next(t for t in survey.pollutant_totals(demo) if t["pollutant"] == "化学需氧量")
    assert cod["direct"] == 300 and cod["indirect"] == 65                               # 间接排放不重复计入
    inv = survey.ghg_inventory(demo)
    assert inv["categories"]["能源活动"] == pytest.approx(1_480_000, rel=0.01)          # = 园区二氧化碳排放量


def test_a_carrier_left_out_of_the_energy_structure_is_an_error(park, capsys):
    _edit(park, "能源消费结构", {"能源品种": "柴油"}, delete=True)
    code, out = _check(park, capsys)
    assert code == 1
    line = next(ln for ln in out.splitlines() if "各能源品种折标准煤量之和" in ln)
    assert "应等于" in line and "520,000" in line and "能源消费结构" in line


def test_a_stated_tce_that_does_not_multiply_out_is_an_error(park, capsys):
    row = _edit(park, "能源消费结构", {"能源品种": "原煤"}, {"折标准煤量": 15000})
    code, out = _check(park, capsys)
    assert code == 1
    line = next(ln for ln in out.splitlines() if "实物量 × 折标系数" in ln)
    assert f"第 {row} 行" in line and "15,000" in line


def test_a_permit_exceeded_contradicts_indicator_12(park, capsys):
    row = _edit(park, "污染源排放", {"污染源": "华达汽车部件有限公司", "污染物": "挥发性有机物"}, {"排放量": 170})
    code, out = _check(park, capsys)
    assert code == 1
    over = next(ln for ln in out.splitlines() if "超过许可排放量" in ln)
    assert f"第 {row} 行" in over and "170" in over and "160" in over
    assert "中华达汽车部件有限公司（挥发性有机物）未达标" in out.replace("\n", "")


def test_blank_limit_and_unknown_industry_are_errors(park, capsys):
    row = _edit(park, "环境质量", {"监测因子": "PM10"}, {"标准限值": None})
    _edit(park, "原辅料和产品", {"名称": "锌锭"}, {"所属行业": "表面处里"})
    code, out = _check(park, capsys)
    assert code == 1
    assert f"工作表“环境质量” 第 {row} 行 F 列 “标准限值”：必填项为空" in out.replace("\n", "")
    assert "是否想写“表面处理”" in out


# ---------------------------------------------------------------- 5.1.2 team per enterprise


def test_a_key_enterprise_without_its_finance_member_is_flagged_and_the_step_not_done(park, capsys, demo):
    from cpf_park_cppc.team import enterprise_members

    members = enterprise_members(demo)
    assert len(members) == 16 and all(len(e["members"]) >= 2 and e["finance"] for e in members)
    ent = members[0]
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb["B.1 审核小组"]
    cols = {str(c.value).lstrip("*").split("（")[0]: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, cols["所在企业编号"]).value == ent["ent_id"]
               and ws.cell(r, cols["来自本企业财务部门"]).value == "是")
    ws.delete_rows(row)
    wb.save(park / "data.xlsx")
    code, out = _check(park, capsys)
    line = next(ln for ln in out.splitlines() if ent["ent_id"] in ln and "财务部门" in ln)
    assert "只有 1 位成员" in line and "没有来自本企业财务部门的成员" in line
    capsys.readouterr()
    cpaudit_main(["status", str(park)])
    status = capsys.readouterr().out
    assert "审核小组有" in status


# ---------------------------------------------------------------- 5.3.2 flows


def test_demo_flows_balance_and_sum_to_the_park_totals(demo):
    from cpf_park_cppc.flows import all_flows

    got = all_flows(demo)
    assert set(got) == {"energy", "carbon", "water", "material"}
    energy = got["energy"]["flows"]
    assert sum(v for s, t, v in energy if t == "园区工业能源消费") == pytest.approx(520_000, rel=0.01)
    assert sum(v for s, t, v in energy if s == "园区工业能源消费") == pytest.approx(
        sum(v for s, t, v in energy if t == "园区工业能源消费"))


@settings(max_examples=60, deadline=None)
@given(parts=st.lists(st.floats(0, 1e5, allow_nan=False), min_size=1, max_size=6), extra=st.floats(0, 1e5))
def test_split_keeps_the_total_and_never_goes_negative(parts, extra):
    from cpf_park_cppc.flows import OTHERS, _split

    total = sum(parts) + extra
    flows = _split("园区", total, {f"行业{i}": v for i, v in enumerate(parts)})
    assert all(v > 0 for _s, _t, v in flows)
    assert sum(v for _s, _t, v in flows) == pytest.approx(total, abs=1e-6 * max(total, 1))
    short = _split("园区", sum(parts) * 0.5, {f"行业{i}": v for i, v in enumerate(parts)})
    assert not any(t == OTHERS for _s, t, _v in short)     # parts above the whole: no negative remainder


def test_material_outputs_above_inputs_are_flagged(park, capsys):
    _edit(park, "原辅料和产品", {"名称": "铸造型砂"}, {"年用量或产量": 1000})
    code, out = _check(park, capsys)
    assert "物质流不平衡" in out


# ---------------------------------------------------------------- 5.3.2 / 5.3.3 findings, 2.6.2 performance


def test_a_finding_on_an_unknown_focus_is_an_error_with_a_hint(park, capsys):
    row = _edit(park, "问题与建议", {"序号": 8}, {"对应审核重点": "汽车零部件涂装 VOCs"})
    code, out = _check(park, capsys)
    assert code == 1
    line = next(ln for ln in out.splitlines() if "问题与建议" in ln and f"第 {row} 行" in ln)
    assert "是否想写“汽车零部件行业涂装 VOCs”" in line


def test_findings_without_infrastructure_leave_the_step_open(park, capsys):
    for _ in range(2):
        _edit(park, "问题与建议", {"方面": "公共基础设施"}, delete=True)
    capsys.readouterr()
    cpaudit_main(["status", str(park)])
    assert "问题表缺少公共基础设施方面的分析" in capsys.readouterr().out


def test_performance_after_implementation_by_hand(demo):
    from cpf_park_cppc.options import performance

    energy = next(p for p in performance(demo) if p["load"] == "energy")
    # feasible: 新材料行业窑炉余热 11 000 (计划实施) + 金石复合材料 4 200 (已实施)
    assert energy["feasible"] == 15_200 and energy["implemented"] == 4_200
    assert energy["after"] == 520_000 - 15_200
    assert energy["reduction_pct"] == pytest.approx(15_200 / 520_000 * 100)

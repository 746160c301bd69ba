"""Issue #14 for industry_cppc, through the real CLI on modified copies of the demo: each case the issue
lists (and the class it stands for) is an error of ``cpaudit check`` (exit 1) naming the enterprise,
the sheet and what to do; ``status`` shows no ✓ for the step whose data fail."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    return dst


def _edit(project: Path, sheet: str, match: Callable[[dict], bool], action: str, **cells: object) -> int:
    """Delete / duplicate / set cells of the rows of ``sheet`` whose header→value dict matches."""
    wb = openpyxl.load_workbook(project / "data.xlsx")
    ws = wb[sheet]
    head = [str(c.value or "").lstrip("*") for c in ws[1]]
    hit = [r for r in range(2, ws.max_row + 1) if match(dict(zip(head, (c.value for c in ws[r]))))]
    for r in sorted(hit, reverse=True):
        if action == "delete":
            ws.delete_rows(r)
        elif action == "duplicate":
            ws.append([c.value for c in ws[r]])
        else:
            for h, v in cells.items():
                col = next(i for i, x in enumerate(head) if x == h or x.startswith(h + "（"))
                ws.cell(r, col + 1, v)
    wb.save(project / "data.xlsx")
    return len(hit)


def _check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cpaudit_main(["check", str(project)])
    return code, capsys.readouterr().out


def _row(ent: str, **more: str) -> Callable[[dict], bool]:
    return lambda r: r.get("企业编号") == ent and all(r.get(k) == v for k, v in more.items())


def test_demo_is_clean(project: Path, capsys) -> None:
    assert _check(project, capsys)[0] == 0


def test_absent_limiting_indicator_is_an_error(project: Path, capsys) -> None:
    assert _edit(project, "评价指标取值", _row("QY32", 指标代码="E13"), "delete") == 1
    code, out = _check(project, capsys)
    assert code == 1 and "QY32" in out and "E13" in out and "限定性" in out and "评价指标取值" in out


def test_absent_denominator_is_one_error_naming_every_indicator(project: Path, capsys) -> None:
    assert _edit(project, "产品产量", _row("QY06"), "delete") == 1
    code, out = _check(project, capsys)
    assert code == 1 and "产品产量" in out and "QY06" in out and "分母" in out and "不适用" in out
    flat = out.replace("\n", "").replace(" ", "")
    assert all(i in flat for i in ("E05", "E09", "E10"))
    assert flat.count("没有企业QY06的产量") == 1   # one message per fault, not one per indicator


def test_absent_nickel_row_of_a_nickel_buyer(project: Path, capsys) -> None:
    assert _edit(project, "污染物", _row("QY02", 污染物="总镍"), "delete") == 1
    code, out = _check(project, capsys)
    assert code == 1 and "QY02" in out and "总镍" in out and "硫酸镍" in out


def test_not_applicable_contradicted_by_materials(project: Path, capsys) -> None:
    _edit(project, "污染物", _row("QY02", 污染物="总镍"), "delete")
    from cpframework.testing import append_rows

    append_rows(project / "data.xlsx", "评价指标取值", [{"企业编号": "QY02", "指标代码": "E10", "取值": "不适用"}])
    code, out = _check(project, capsys)
    assert code == 1 and "不适用" in out and "硫酸镍" in out


@pytest.mark.parametrize("sheet, match", [
    ("能源", _row("QY07", 能源品种="天然气")), ("污染物", _row("QY03", 污染物="总镍")),
    ("产品产量", _row("QY01")), ("评价指标取值", _row("QY05", 指标代码="E12")), ("企业一览表", lambda r: r.get("企业编号") == "QY04"),
])
def test_duplicate_rows_are_errors_never_summed(project: Path, capsys, sheet: str, match) -> None:
    assert _edit(project, sheet, match, "duplicate") == 1
    code, out = _check(project, capsys)
    assert code == 1 and "重复" in out and "不会被累加" in out.replace("\n", "").replace(" ", "")


def test_deleted_energy_carrier_breaks_the_stated_total(project: Path, capsys) -> None:
    assert _edit(project, "能源", _row("QY07", 能源品种="天然气"), "delete") == 1
    code, out = _check(project, capsys)
    assert code == 1 and "QY07" in out and "综合能源消费量" in out


def test_emission_above_generation(project: Path, capsys) -> None:
    _edit(project, "污染物", _row("QY09", 污染物="COD"), "set", **{"2024年排放量": 9999})
    code, out = _check(project, capsys)
    assert code == 1 and "不应大于" in out and "QY09" in out


def test_percentage_above_its_definition(project: Path, capsys) -> None:
    _edit(project, "评价指标取值", _row("QY11", 指标代码="E12"), "set", 取值=150)
    code, out = _check(project, capsys)
    assert code == 1 and "QY11" in out and "镀件一次合格率" in out and "100" in out


def test_compliance_yes_contradicted_by_permit_data(project: Path, capsys) -> None:
    # QY14 has a monitored compliance rate of 91.7 % and late 执行报告: it cannot say 是
    _edit(project, "评价指标取值", _row("QY14", 指标代码="E13"), "set", 取值="是")
    code, out = _check(project, capsys)
    assert code == 1 and "QY14" in out and "91.7" in out and "未按时提交" in out


def test_status_shows_no_tick_for_the_failing_step(project: Path, capsys) -> None:
    _edit(project, "评价指标取值", _row("QY32", 指标代码="E13"), "delete")
    cpaudit_main(["status", str(project)])
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "清洁生产水平诊断" in x)
    assert "✓" not in line, out


def test_finding_scope_contradicting_the_computed_classification(project: Path, capsys) -> None:
    # E10 (总镍) is an individual problem in the demo (8/34 < 30 %): a finding calling it 行业共性 is an error
    _edit(project, "诊断发现", lambda r: r.get("关联指标代码") == "E10", "set", 问题性质="行业共性")
    code, out = _check(project, capsys)
    flat = out.replace("\n", "").replace(" ", "")
    assert code == 1 and "E10" in flat and "行业共性" in flat and "个性问题" in flat


def test_individual_problem_without_option_is_warned_and_step_not_done(project: Path, capsys) -> None:
    _edit(project, "清洁生产方案", lambda r: r.get("方案编号") == "F12", "delete")
    _edit(project, "方案跟踪", lambda r: r.get("方案编号") == "F12", "delete")
    code, out = _check(project, capsys)
    assert "E12" in out and "没有针对它的方案" in out.replace("\n", "").replace(" ", "")
    cpaudit_main(["status", str(project)])
    line = next(x for x in capsys.readouterr().out.splitlines() if "提出清洁生产方案" in x)
    assert "✓" not in line


def test_target_already_met_by_the_data(project: Path, capsys) -> None:
    # the case: 水重复利用率 target "37 → ≥ 45" while the data give 50.05 % for 2024
    _edit(project, "清洁生产目标", lambda r: r.get("关联指标代码") == "E07", "set", 现状值="37", 目标值="≥45")
    code, out = _check(project, capsys)
    flat = out.replace("\n", "").replace(" ", "")
    assert "50.05%" in flat and "已被现状值" in flat and "与数据计算的全行业值" in flat


def test_enterprise_id_equal_to_an_indicator_code_is_an_error(project: Path, capsys) -> None:
    """"QY18 … 针对指标 E01" must never read "E18 … E01": an id that is also an indicator code is refused."""
    wb = openpyxl.load_workbook(project / "data.xlsx")
    for ws in wb.worksheets:  # rename enterprise QY05 to E05 (the indicator 单位镀件面积新鲜水用量) everywhere
        for row in ws.iter_rows():
            for c in row:
                if c.value == "QY05":
                    c.value = "E05"
    wb.save(project / "data.xlsx")
    code, out = _check(project, capsys)
    flat = out.replace("\n", "").replace(" ", "")
    assert code == 1 and "企业一览表" in flat and "与评价指标体系" in flat and "指标代码“E05”" in flat and "QY01" in flat


def test_expert_finding_needs_a_recorded_judgement(project: Path, capsys) -> None:
    assert _edit(project, "专家经验判断", lambda r: r.get("关联指标代码") == "E13", "delete") == 1
    code, out = _check(project, capsys)
    flat = out.replace("\n", "").replace(" ", "")
    assert code == 1 and "诊断发现" in flat and "专家经验法" in flat and "没有涉及同一指标或企业的判断记录" in flat


def test_option_screening_rules_and_status(project: Path, capsys) -> None:
    # F01 confirmed although its economic assessment says 不可行; F02 not screened at all
    _edit(project, "清洁生产方案", lambda r: r.get("方案编号") == "F01", "set", 经济评估="不可行")
    _edit(project, "清洁生产方案", lambda r: r.get("方案编号") == "F02", "set", 筛选结果="")
    code, out = _check(project, capsys)
    flat = out.replace("\n", "").replace(" ", "")
    assert code == 1 and "方案F01的经济评估为“不可行”，不能“确定”" in flat
    cpaudit_main(["status", str(project)])
    line = next(x for x in capsys.readouterr().out.splitlines() if "提出清洁生产方案" in x)
    assert "✓" not in line


def test_forecast_must_name_one_of_the_options_indicators(project: Path, capsys) -> None:
    _edit(project, "清洁生产方案", lambda r: r.get("方案编号") == "F12", "set", 预测指标代码="E05")
    code, out = _check(project, capsys)
    assert code == 1 and "应为本方案“针对的指标代码”之一" in out.replace("\n", "").replace(" ", "")

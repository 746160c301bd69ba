"""The demo project end to end: evaluate (JSON views), status, focus rules per flag, validation, report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpf_industry_cppc import analysis
from cpf_industry_cppc.focus import missing_focus
from cpframework.testing import cpaudit_cli as cli
from cpframework.api import load_project

DEMO = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"


@pytest.fixture(scope="module")
def loaded():
    return load_project(DEMO)


def test_evaluate_json_has_enterprise_levels_and_distribution():
    res = CliRunner().invoke(cli, ["evaluate", str(DEMO), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    ev = data["industry_evaluation"]
    assert len(ev["enterprises"]) == 36 >= 30
    assert sum(ev["distribution"].values()) == 36
    assert {e["level"] for e in ev["enterprises"]} >= {"Ⅰ级", "Ⅱ级", "Ⅲ级", "未达Ⅲ级"}
    assert data["level_distribution"]["rows"][-1][:2] == ["合计", 36]
    assert ev["common_problems"] and ev["individual_problems"]
    assert not set(ev["common_problems"]) & set(ev["individual_problems"])


def test_evaluate_table_view():
    res = CliRunner().invoke(cli, ["evaluate", str(DEMO)])
    assert res.exit_code == 0 and "行业清洁生产等级分布" in res.output and "企业清洁生产等级" in res.output


def test_status_all_steps_done():
    res = CliRunner().invoke(cli, ["status", str(DEMO), "--format", "json"])
    stages = json.loads(res.output)["stages"]
    assert [s["clause"] for s in stages] == ["5.1", "5.2", "5.3"]
    assert all(st["done"] for s in stages for st in s["steps"]), [st for s in stages for st in s["steps"] if not st["done"]]


@pytest.mark.parametrize("flag,kind", [("heavy_pollution", "特征污染物"), ("heavy_pollution", "有毒有害物质"),
                                       ("ghg_reporting", "温室气体"), ("key_water", "水资源"), ("key_energy", "能源")])
def test_focus_rule_per_flag(flag, kind):
    assert missing_focus({flag: True}, {}, [])                        # flag set, nothing in the focus table
    assert missing_focus({flag: False}, {}, []) == []                 # flag not set → no requirement
    assert missing_focus({flag: True}, {}, [{"kind": kind, "focus": "x"}]) == []
    assert missing_focus({flag: True}, {}, [{"kind": "其他", "focus": "x"}])


def test_focus_rule_listed_directions():
    rows = [{"kind": "名单审核方向", "focus": "重金属减排", "basis": ""}]
    assert missing_focus({"listed_directions": True}, {"listed_directions": "重金属减排"}, rows) == []
    msgs = missing_focus({"listed_directions": True}, {"listed_directions": "重金属减排,节水"}, rows)
    assert len(msgs) == 1 and "节水" in msgs[0]
    assert missing_focus({"listed_directions": True}, {}, rows)       # directions not stated


def test_validation_catches_cross_table_errors(loaded):
    project, std = loaded
    assert [p for p in analysis.validate(std, project) if p.level == "error"] == []
    iv = project.tables["indicator_values"]
    saved = list(iv.rows), list(iv.sheet_rows)
    try:
        iv.rows.append({"enterprise": "QY99", "indicator": "E02", "value": "Ⅱ"})
        iv.rows.append({"enterprise": "QY01", "indicator": "X9", "value": "1"})
        iv.sheet_rows += [900, 901]
        first = next(r for r in iv.rows if r["indicator"] == "E02")
        old = first["value"]
        first["value"] = "很好"
        msgs = [p.message for p in analysis.validate(std, project)]
        first["value"] = old
    finally:
        iv.rows[:], iv.sheet_rows[:] = saved
    assert any("不在“企业一览表”" in m for m in msgs)
    assert any("不是评价指标体系" in m for m in msgs)
    assert any("应填Ⅰ/Ⅱ/Ⅲ/未达" in m for m in msgs)


def test_focus_warning_when_flag_uncovered(loaded):
    project, std = loaded
    focus = project.tables["focus"]
    saved = list(focus.rows)
    try:
        focus.rows[:] = [r for r in focus.rows if r["kind"] != "水资源"]
        msgs = [p.message for p in analysis.validate(std, project)]
    finally:
        focus.rows[:] = saved
    assert any("重点用水" in m for m in msgs)


def test_report_has_appendix_c_parts(tmp_path):
    out = tmp_path / "r.docx"
    res = CliRunner().invoke(cli, ["report", str(DEMO), "-o", str(out)])
    assert res.exit_code == 0, res.output
    import docx

    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    for part in ("编制单位及人员", "协议说明", "总论", "前期准备", "审核诊断", "方案制定与筛选", "结论和建议",
                 "审核小组成员表（表A.1）", "审核工作计划表（表A.2）", "审核范围内企业一览表",
                 "行业主要原辅材料消耗汇总（近三年）", "排污许可证执行情况", "行业清洁生产等级分布", "各指标达标率", "行业关键共性问题", "企业突出个性问题", "清洁生产审核目标", "清洁生产方案实施跟踪"):
        assert part in text, part
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert {"明确审核任务", "编制清洁生产审核报告"} <= cells                 # fixed rows of 表A.2
    assert {"硫酸镍", "重点管理", "简化管理"} <= cells                          # 附录B B.2 a) / B.4 f) summaries
    assert "示例市金辉表面处理有限公司" in cells

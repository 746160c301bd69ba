"""Schema coverage: every table of 附录D (D.1–D.43) and 附录E (E.1–E.4) with the seed's columns."""
from __future__ import annotations

import pytest

from cpf_zhengzhou_enterprise.report_base import layout
from cpframework.api import get_registry

IDS = [f"D.{i}" for i in range(1, 44)] + [f"E.{i}" for i in range(1, 5)]

# Column headings copied by hand from DB4101/T 61—2023 附录D (independent of data/layout.toml).
SEED_COLUMNS = {
    "D.1": ["小组职务", "姓名", "所在部门及职务", "小组职责"],
    "D.2": ["小组职务", "姓名", "职业资格", "职称", "小组职责"],
    "D.3": ["序号", "工作阶段", "责任部门", "责任人"],
    "D.5": ["生产线/车间/部位", "设备名称", "规格型号", "功率", "数量", "投运时间", "运行情况"],
    "D.6": ["产品名称", "产量", "单位", "产值"],
    "D.7": ["产品/单元", "原辅材料名称", "审核考察期消耗量", "总耗", "单耗"],
    "D.10": ["水资源类别", "取水来源", "排放去向", "审核考察期消耗量"],
    "D.11": ["能源类别", "来源", "审核考察期消耗量", "总耗", "单耗"],
    "D.12": ["名称", "折标准煤系数", "审核考察期消耗量", "总耗（kgce）"],
    "D.18": ["废水类别", "监测点位", "主要污染物", "标准限值", "最高值", "最低值", "平均值", "超标率（%）", "排放去向", "数据来源"],
    "D.20": ["废气名称", "排气筒高度（m）", "标准值"],
    "D.21": ["固废名称", "代码", "产污环节", "产生量（t/a）", "有害成分", "暂存方式", "处理处置措施", "处置量（t/a）", "处置周期", "管理台账"],
    "D.24": ["指标项", "单位", "绝对值", "相对值（%）"],
    "D.27": ["损失（不合理的）部位", "影响因素", "原辅材料和资源能源", "生产工艺", "设备", "过程控制", "产品", "废弃物", "管理", "员工"],
    "D.28": ["重点关注污染物名称", "产生部位", "收集方式", "处理设施"],
    "D.30": ["方案编号", "方案类型", "方案名称", "方案内容", "预计投资（万元）", "预期效益", "环境效益", "经济效益"],
    "D.32": ["方案编号", "方案类型", "方案名称", "方案主要内容", "不可行原因"],
    "D.33": ["指标项", "预期完成情况", "支撑方案"],
    "D.34": ["方案编号", "开始时间", "完成时间", "效益（计算过程）"],
    "D.38": ["方案编号", "方案分类", "实际投资（万元）", "方案起止时间", "折合年度效益（计算过程）"],
    "D.39": ["项目", "无/低费", "中/高费", "合计"],
    "D.40": ["审核期间环境效益", "折合年度环境效益"],
    "D.41": ["审核期间经济效益（万元）", "年度经济效益（万元）"],
    "D.42": ["目标完成情况", "是否完成", "支撑方案"],
    "D.43": ["项目", "主要内容及要求", "时间安排", "责任部门", "责任人"],
}


@pytest.fixture(scope="module")
def std():
    return get_registry().standard("zhengzhou_enterprise")


def _texts(header):
    out = []
    for row in header:
        for c in row:
            out.append(getattr(c, "text", c))
    return out


def test_every_table_id_has_a_layout():
    assert set(layout()) == set(IDS)


@pytest.mark.parametrize("tid", IDS)
def test_input_tables_are_workbook_sheets(std, tid):
    lay = layout()[tid]
    if lay.source == "input":
        assert tid in std.tables, f"{tid} 应有录入工作表"
        assert std.tables[tid].sheet.startswith(tid)
        assert len(std.tables[tid].sheet) <= 31


@pytest.mark.parametrize("tid,cols", sorted(SEED_COLUMNS.items()))
def test_headers_match_seed(tid, cols):
    texts = _texts(layout()[tid].header)
    for c in cols:
        assert c in texts, f"{tid} 缺少标准列“{c}”"


def test_per_year_columns(std):
    for tid, field in (("D.6", "output"), ("D.6", "value"), ("D.7", "total"), ("D.10", "total"), ("D.11", "total")):
        assert next(f for f in std.tables[tid].fields if f.id == field).per_year
    assert _texts(layout()["D.7"].header).count("20xx年") == 6


def test_flags_and_when(std):
    flags = {f.id for f in std.info.flags}
    assert {"mandatory_audit", "double_exceed", "toxic", "heavy_metal", "has_previous_round"} <= flags
    assert std.tables["D.9"].when == "toxic"
    assert std.tables["previous_options"].when == "has_previous_round"


def test_seven_stages(std):
    assert [s.title for s in std.stages] == ["审核准备", "预审核", "审核", "方案产生和筛选", "方案确定", "方案实施", "持续清洁生产"]
    assert all(st.done_when for s in std.stages for st in s.steps)


@pytest.mark.parametrize("old, new, expect", [
    ('caption = "企业基本信息表"', 'captoin = "企业基本信息表"', "是否想写“caption”"),
    ('source = "input"', 'source = "inputs"', "table[0]：source 只能为 input 或 computed"),
    ('{ text = "产量", span = 4 }', '{ text = "产量", span = "4" }', "header[0][2].span：应为整数"),
    ('{ text = "产量", span = 4 }', "4", "header[0][2]：应为文本或表"),
])
def test_layout_errors_name_the_key_path(tmp_path, old, new, expect):
    from importlib import resources

    from cpf_zhengzhou_enterprise.report_base import Layout
    from cpframework.api import DefinitionError, load_data

    text = (resources.files("cpf_zhengzhou_enterprise") / "data" / "layout.toml").read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "layout.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_data(p, Layout)
    assert "layout.toml" in str(exc.value) and expect in str(exc.value), str(exc.value)

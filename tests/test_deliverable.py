"""The deliverable oracle finds each kind of unfit text and lets an auditor's legitimate text through."""
import docx
import pytest

from cpframework.testing import deliverable_problems, text_problems

UNFIT = [
    "说明：种子公式原式在削减时为负", "来源 S4, S10, S11 [V]", "数据口径 [U]", "本插件据编制说明取值",
    "〔待填：subject.consultant_nature〕", "净现值 NPV：Σ_{j=1..Y} F ÷ (1+i)^j", "cf[0] 不贴现",
    "按二分法求精确根", "公式 ratio", "参见 park_cppc 的定义", "综合评价指数 Y_Ⅰ", "结果为 None", "比值为 nan",
    "单位 {unit}", "见 plugins/park_cppc/README 的说明",
]
FIT = [
    "综合能耗 1 234.5 tce，单位产品综合能耗 0.35 kgce/件", "VOCs、NOx、COD 排放量（t/a）",
    "依据 GB/T 2589—2020《综合能耗计算通则》第 4.2 条", "企业 E07 的指标 Y16 为Ⅰ级；方案 F03、F06",
    "联系人 139 0000 0099 chen@example.edu.cn", "危险废物代码 900-001-S17", "碳排放 12.3 tCO₂，电力 45 MWh",
    "净现值 NPV = F × (P/A, i, n) − I = 0.60 万元", "本报告由 cpaudit 生成", "HJ 1115—2020 表 2",
    # the user's own files and the commands a message tells them to run
    "错误  data.xlsx 工作表“指标选择”", "运行 cpaudit status /home/user/projects/park_demo 查看",
    "已写出 D:\\审核\\wanfeng_2025\\报告.docx", "cpaudit check --strict 我的园区",
]


@pytest.mark.parametrize("text", UNFIT)
def test_unfit_text_is_found(text):
    assert text_problems(text), text


@pytest.mark.parametrize("text", FIT)
def test_an_auditors_text_passes(text):
    assert text_problems(text) == []


def test_docx_problems_are_located(tmp_path):
    document = docx.Document()
    document.add_paragraph("综合能耗 12.3 tce")
    document.add_paragraph("说明：本实现取种子单位")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "ratio_percent"
    document.sections[0].footer.paragraphs[0].text = "公式 ratio"
    path = tmp_path / "r.docx"
    document.save(path)
    problems = deliverable_problems(path)
    assert any(p.startswith("正文第 2 段") and "种子" in p for p in problems)
    assert any(p.startswith("表 1 第 2 行第 2 列") and "ratio_percent" in p for p in problems)
    assert any(p.startswith("第 1 节页脚") for p in problems)
    assert not any(p.startswith("正文第 1 段") for p in problems)

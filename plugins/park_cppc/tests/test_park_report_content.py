"""Issue #15 for park_cppc: the demo's report is a deliverable (no developer notes, research codes or code
notation) and every formula trace redoes by hand at the precision it prints."""
import re
from pathlib import Path

import docx
import pytest

from cpframework.testing import cpaudit_main, deliverable_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"
UNIT = re.compile(r"[A-Za-z\u4e00-\u9fff²³]+(?:/[A-Za-z\u4e00-\u9fff²³]+)*")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("park") / "audit.docx"
    assert cpaudit_main(["report", str(DEMO), "-o", str(out), "--kind", "audit"]) == 0
    return out


def numeric(expr: str) -> float | None:
    """The value of a substitution as printed (units dropped, Chinese operators read), or None for text."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", expr)
    text = UNIT.sub(" ", text)
    text = (text.replace("÷", "/").replace("×", "*").replace("−", "-").replace("^", "**").replace("%", "")
            .replace("[", "(").replace("]", ")"))
    if not re.fullmatch(r"[\d\s.+\-*/()]+", text) or not re.search(r"\d", text):
        return None
    try:
        return float(eval(text, {"__builtins__": {}}))  # noqa: S307 - digits and operators only (checked above)
    except (SyntaxError, ZeroDivisionError):
        return None


def printed(value: str) -> tuple[float, float] | None:
    """A printed number and half a unit of its last printed digit."""
    m = re.fullmatch(r"\s*([\d,]+(?:\.(\d+))?)\s*\S*\s*", value)
    if not m:
        return None
    return float(m.group(1).replace(",", "")), 0.5 * 10 ** -len(m.group(2) or "")


def trace_steps(path: Path) -> list[tuple[str, str]]:
    """(expression, printed value) for every equality a reader can redo in the 指标计算过程 section."""
    paras = [p.text.strip() for p in docx.Document(str(path)).paragraphs]
    start = paras.index("指标计算过程")
    steps = []
    substitution = None
    for text in paras[start + 1:]:
        if re.match(r"^\d+(\.\d+)*\s", text):  # the next numbered heading ends the section
            break
        if text.startswith("代入："):
            substitution = text[3:]
            continue
        if text.startswith("结果：") and substitution is not None:
            parts = substitution.split(" = ")
            steps += [(part, text[3:]) for part in parts]
            substitution = None
            continue
        if " = " in text and "÷" in text:
            parts = text.split(" = ")
            steps += [(part, parts[-1]) for part in parts[1:-1]]
    return steps


def test_report_is_a_deliverable(report):
    assert deliverable_problems(report) == []


def test_every_trace_redoes_at_printed_precision(report):
    steps = trace_steps(report)
    checked = 0
    wrong = []
    for expr, result in steps:
        value, shown = numeric(expr), printed(result)
        if value is None or shown is None:
            continue
        checked += 1
        if abs(value - shown[0]) > shown[1] + 1e-9:
            wrong.append(f"{expr} = {value:.6g}，报告印作 {result}")
    assert checked >= 15, steps
    assert not wrong, "\n".join(wrong)


def test_co2_reduction_trace_substitutes_printed_intensities(report):
    paras = [p.text for p in docx.Document(str(report)).paragraphs]
    i = paras.index("（19）单位工业增加值二氧化碳排放量年均削减率")
    block = "\n".join(paras[i:i + 7])
    assert "(1.1298 ÷ 1.3524)^(1/3)" in block and "结果：5.82%" in block
    assert "= 1.3524 吨/万元" in block and "= 1.1298 吨/万元" in block


def test_issue_17_analyses_are_in_the_report(report):
    """5.2.1 survey tables, 5.1.2 team per enterprise, 5.3.2 flows and findings, 5.3.3 suggestions, 2.6.2."""
    doc = docx.Document(str(report))
    paras = [p.text for p in doc.paragraphs]
    captions = [t for t in paras if re.match(r"^[表图] \d+-\d+ ", t)]
    for want in ("能源消费结构", "工业取水来源", "主要原辅料、产品和副产品", "环境质量现状", "主要污染源及排放量",
                 "温室气体（二氧化碳）排放清单", "参与企业的审核小组成员", "汽车零部件行业审核小组", "能量流图", "碳流图",
                 "水资源流图", "物质流图", "收支平衡", "公共基础设施方面的主要问题", "生态环境管理方面的主要问题",
                 "清洁生产建议（园区层面）", "清洁生产建议（行业层面）", "清洁生产建议（企业层面）", "可行方案实施后的绩效"):
        assert any(want in c for c in captions), want


def test_flow_efficiency_traces_redo(report):
    paras = [p.text.strip() for p in docx.Document(str(report)).paragraphs]
    start = next(i for i, t in enumerate(paras) if t.endswith("主要问题及原因分析"))
    pairs = [(paras[i][3:], paras[i + 1][3:]) for i in range(start, len(paras) - 1)
             if paras[i].startswith("代入：") and paras[i + 1].startswith("结果：")]
    assert len(pairs) == 2, pairs
    for expr, result in pairs:
        value, shown = numeric(expr), printed(result)
        assert value is not None and shown is not None and abs(value - shown[0]) <= shown[1] + 1e-9, (expr, result)


def test_no_blank_page_before_the_appendix(report):
    from docx.oxml.ns import qn

    body = docx.Document(str(report)).element.body
    label = next(p for p in body.iter(qn("w:p")) if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == "附件")
    prev = label.getprevious()
    lone_break = prev is not None and prev.tag == qn("w:p") and prev.findall(f'{qn("w:r")}/{qn("w:br")}') \
        and not "".join(t.text or "" for t in prev.iter(qn("w:t"))).strip()
    assert not lone_break   # a break of its own leaves a blank page when the table before fills its page
    starts_page = label.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    after_section = prev is not None and prev.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    assert starts_page or after_section


def test_survey_products_redo_from_the_printed_cells(report):
    """实物量 × 折标系数 = 折标准煤量 and 活动数据 × 排放因子 = 排放量, from the numbers as printed."""
    checked = 0
    for table in docx.Document(str(report)).tables:
        head = [c.text for c in table.rows[0].cells]
        for a, b, c in (("实物量", "折标系数", "折标准煤量"), ("活动数据", "排放因子", "排放量")):
            cols = [next((i for i, h in enumerate(head) if h.split("（")[0] == x), None) for x in (a, b, c)]
            if None in cols:
                continue
            for row in table.rows[1:]:
                cells = [row.cells[i].text.replace(",", "") for i in cols]
                if not all(re.fullmatch(r"[\d.]+", x) for x in cells):
                    continue
                x, y, z = map(float, cells)
                assert abs(x * y - z) <= 0.01 * z + 1, (a, cells)
                checked += 1
    assert checked >= 12

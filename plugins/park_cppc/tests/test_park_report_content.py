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

"""Issue #15, yunnan_park: every report kind of the demo is a deliverable (no developer notes, research
codes, English identifiers or code notation) and every printed substitution ("代入：…") redone by hand at
its printed precision gives the printed result ("结果：…"); so does the CO₂ reduction of the effects."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpframework.testing import cpaudit_main as main
from cpframework.testing import deliverable_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"


@pytest.fixture(scope="module", params=[("yunnan_demo", "audit"), ("yunnan_demo", "annual"), ("yunnan_demo_2025", "annual")],
                ids=["audit", "annual", "annual_2025"])
def report(request, tmp_path_factory):
    demo, kind = request.param
    out = tmp_path_factory.mktemp("r") / f"{kind}.docx"
    assert main(["report", str(DEMO.with_name(demo)), "--kind", kind, "-o", str(out)]) == 0
    return out


def paragraphs(path: Path) -> list[str]:
    import docx

    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]


def by_hand(expression: str) -> float:
    """A printed substitution as a reader computes it: units dropped, × ÷ − ^ as arithmetic."""
    tokens = []
    for tok in expression.replace(",", "").split():
        if re.search(r"[\u4e00-\u9fffA-Za-z³₂]", tok):
            tok = re.sub(r"^[^)\]]*", "", tok)  # a unit, possibly followed by closing brackets
        tokens.append(tok.replace("%", ""))
    text = " ".join(tokens).replace("×", "*").replace("÷", "/").replace("−", "-").replace("^", "**")
    return float(eval(text.replace("[", "(").replace("]", ")"), {"__builtins__": {}}))  # noqa: S307 - digits and operators only


def printed(result: str) -> tuple[float, int]:
    m = re.match(r"-?[\d,]+(?:\.(\d+))?", result.strip())
    assert m, result
    return float(m.group(0).replace(",", "")), len(m.group(1) or "")


def test_report_is_a_deliverable(report):
    assert deliverable_problems(report) == []


def test_every_substitution_redoes_at_printed_precision(report):
    ps = paragraphs(report)
    checked = 0
    for sub, res in zip(ps, ps[1:]):
        if not (sub.startswith("代入：") and res.startswith("结果：")) or not re.search(r"\d", sub[3:]):
            continue
        value, decimals = printed(res[3:])
        assert abs(by_hand(sub[3:]) - value) <= 0.5 * 10 ** -decimals + 1e-9, (sub, res)
        checked += 1
    assert checked >= (10 if report.stem == "audit" else 0)


def test_co2_reduction_of_effects_redoes(report):
    line = next((p for p in paragraphs(report) if p.startswith("二氧化碳减排量计算：")), None)
    if line is None:
        pytest.skip("this report kind has no effects trace")
    expr, rest = line.removeprefix("二氧化碳减排量计算：").split(" = ", 1)
    parts = [x for x in rest.split("tCO₂/a")[0].split(" = ")]
    total, decimals = printed(parts[-1])
    assert abs(by_hand(expr) - total) <= 0.5 * 10 ** -decimals + 1e-9, line

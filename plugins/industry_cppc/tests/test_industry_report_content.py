"""Issue #15 for industry_cppc: the demo's report is a deliverable (no developer notes, research codes,
English identifiers or code notation) and every formula trace it prints redoes by hand at the printed
precision; the annex gives each enterprise's levels and the reason for its grade (#18)."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from cpframework.testing import cpaudit_main, deliverable_problems

DEMO = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"
KINDS = ["audit"]  # every report kind of the standard (data/reports/*.toml)


@pytest.fixture(scope="module", params=KINDS)
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("r") / f"{request.param}.docx"
    assert cpaudit_main(["report", str(DEMO), "-k", request.param, "-o", str(out)]) == 0
    return out


def test_report_kinds_listed() -> None:
    folder = Path(__file__).resolve().parents[1] / "data" / "reports"
    assert sorted(p.stem for p in folder.glob("*.toml")) == sorted(KINDS)


def test_report_is_a_deliverable(report: Path) -> None:
    assert deliverable_problems(report) == []


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _redo(substitution: str) -> Decimal:
    expr = re.sub(r"[^\d.,÷×+＋()（）%\s]", " ", substitution.removeprefix("代入："))
    expr = expr.replace("%", "/100").replace("÷", "/").replace("×", "*").replace("＋", "+")
    expr = expr.replace("（", "(").replace("）", ")")
    expr = re.sub(r"\d[\d,]*(\.\d+)?", lambda m: f"Decimal('{m.group(0).replace(',', '')}')", expr)
    return eval(expr, {"Decimal": Decimal})  # noqa: S307 - digits and operators only, built above


def test_every_trace_redoes_at_printed_precision(report: Path) -> None:
    paras = [p.text for p in docx.Document(str(report)).paragraphs]
    subs = [(paras[k], paras[k + 1]) for k in range(len(paras) - 1)
            if paras[k].startswith("代入：") and paras[k + 1].startswith("结果：")]
    assert len(subs) >= 5
    for sub, res in subs:
        m = re.search(r"-?[\d,]+(\.\d+)?", res)
        printed = _number(m.group(0))
        places = len(m.group(1) or "") - 1 if m.group(1) else 0
        value = _redo(sub)
        if "%" in res:  # the substitution ends with × 100%: the printed result is in per cent
            value *= 100
        assert abs(value - printed) <= Decimal(5) / Decimal(10) ** (places + 1), (sub, res, value)


def test_annex_gives_every_enterprise_a_reason(report: Path) -> None:
    doc = docx.Document(str(report))
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "评定理由")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == 36
    for ent, level, reason in rows:
        assert reason and reason != "—", ent
        if level == "未达Ⅲ级":
            assert "未达Ⅲ级的指标" in reason or "限定性指标" in reason, (ent, reason)

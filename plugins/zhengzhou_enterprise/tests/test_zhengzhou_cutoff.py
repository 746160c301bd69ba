"""#16 item 9: each report shows the options in their state at its own date — the audit report (dated by its
assessment, 2025-08-28) never shows the 中/高费 steps scheduled after it as 已完成 (seen in the real report)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from cpf_zhengzhou_enterprise import cutoff
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@pytest.mark.parametrize("text, ym", [("2025-09", (2025, 9)), ("2025-09—10", (2025, 10)),
                                      ("2025-12—2026-01", (2026, 1)), ("待定", None)])
def test_last_month_of_a_step(text, ym):
    assert cutoff.last_month(text) == ym


def test_step_state_at_a_date():
    cut = dt.date(2025, 8, 28)
    assert cutoff.step_done("2025-08", "已完成", cut) == "已完成"
    assert cutoff.step_done("2025-09—10", "已完成", cut) == "拟实施"
    assert cutoff.step_done("2025-09", "已完成", None) == "已完成"


def _schedule(path):
    for t in docx.Document(str(path)).tables:
        rows = [[c.text for c in r.cells] for r in t.rows]
        if any("调试运行" in c for r in rows for c in r):
            return rows
    raise AssertionError("表D.35 不在报告中")


def test_reports_show_the_state_at_their_dates(tmp_path):
    out = {}
    for kind in ("audit", "acceptance"):
        out[kind] = tmp_path / f"{kind}.docx"
        assert cpaudit_main(["report", "-k", kind, "-o", str(out[kind]), "--force", str(DEMO)]) == 0
    audit = _schedule(out["audit"])
    assert [r[-1] for r in audit if r[4] == "调试运行"] == ["拟实施"] * 4      # F09–F12 commissioned after 2025-08
    assert all(r[-1] == "已完成" for r in audit if r[5] <= "2025-08" and r[4] in ("方案提出", "筹备资金"))
    text = "\n".join(p.text for p in docx.Document(str(out["audit"])).paragraphs)
    assert "截至本报告日期（2025-08-28）尚未完成的方案（F09、F10、F11、F12）不列入本表" in text
    accept = "\n".join(p.text for p in docx.Document(str(out["acceptance"])).paragraphs)
    assert "尚未完成的方案" not in accept                                     # all done by 2026-04-20

"""#16 item 9: each report shows the options in their state at its own date (stage cut-off).

The audit report is dated by its assessment (E.4 评估时间), the acceptance report by its acceptance (E.4 验收
时间).  An option completed after that date, or a D.35 step scheduled after it, is shown as 拟实施 in that
report — the audit report never shows as 已完成 what was still being built when it was assessed.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

DATE_ITEM = {"audit": "assessment_date", "acceptance": "acceptance_date"}
_YM = re.compile(r"(\d{4})-(\d{1,2})")


def report_date(project: Any, kind_id: str) -> dt.date | None:
    d = project.tables.get("E.4")
    row = d.item(DATE_ITEM.get(kind_id, "")) if d else None
    value = (row or {}).get("value")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]) if value else None
    except ValueError:
        return None


def last_month(text: Any) -> tuple[int, int] | None:
    """The last (year, month) a D.35 time names: 2025-09, 2025-09—10 (→ 2025-10), 2025-12—2026-01."""
    s = str(text or "")
    found = _YM.findall(s)
    if not found:
        return None
    y, m = int(found[-1][0]), int(found[-1][1])
    tail = re.search(r"[—–~-](\d{1,2})\s*$", s)
    if tail and not s.rstrip().endswith(f"{found[-1][0]}-{found[-1][1]}"):
        m = int(tail.group(1))
    return y, m


def step_done(time_text: Any, status: Any, cut: dt.date | None) -> str:
    """The status a D.35 step shows at ``cut``."""
    ym = last_month(time_text)
    if cut is None or status != "已完成" or ym is None:
        return str(status or "")
    return str(status) if ym <= (cut.year, cut.month) else "拟实施"


def done_by(option: Any, cut: dt.date | None) -> bool:
    if not option.implemented:
        return False
    end = option.get("end")
    if cut is None or end is None:
        return cut is None
    end = end.date() if isinstance(end, dt.datetime) else end
    return end <= cut

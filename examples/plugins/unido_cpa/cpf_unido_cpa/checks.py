"""Status checks for the tasks whose done-marker is more than "rows filled" (UNIDO tasks 3, 9–13, 15)."""
from __future__ import annotations

from typing import Any

from cpframework.api import uses


def _options(project: Any) -> list[dict[str, Any]]:
    data = project.tables.get("options")
    return list(data.rows) if data is not None else []


@uses("process_steps")
def focus_selected(project: Any, evaluation: Any) -> str | None:
    """Task 3: at least one process step is selected as the audit focus."""
    data = project.tables.get("process_steps")
    rows = list(data.rows) if data is not None else []
    return None if any(r.get("focus") for r in rows) else "工作表“Process steps”中尚未选定审核重点（Focus = 是）"


@uses("options")
def options_screened(project: Any, evaluation: Any) -> str | None:
    """Task 9: every opportunity has a screening decision."""
    missing = [r.get("option_id") for r in _options(project) if not r.get("screening")]
    if not _options(project):
        return "尚未登记清洁生产机会"
    return None if not missing else f"以下机会尚无筛选结论：{'、'.join(map(str, missing))}"


def _studied(project: Any) -> list[dict[str, Any]]:
    return [r for r in _options(project) if r.get("screening") == "study further"]


@uses("options")
def technical_done(project: Any, evaluation: Any) -> str | None:
    """Task 10: every option kept for study has a technical-feasibility verdict."""
    missing = [r.get("option_id") for r in _studied(project) if not r.get("technical")]
    return None if not missing else f"以下方案缺技术可行性结论：{'、'.join(map(str, missing))}"


@uses("options")
def economic_done(project: Any, evaluation: Any) -> str | None:
    """Task 11: investment and annual saving given for every studied option."""
    missing = [r.get("option_id") for r in _studied(project)
               if r.get("investment") is None or r.get("annual_saving") is None]
    return None if not missing else f"以下方案缺投资或年节约额：{'、'.join(map(str, missing))}"


@uses("options")
def environmental_done(project: Any, evaluation: Any) -> str | None:
    """Task 12: environmental effect described for every studied option."""
    missing = [r.get("option_id") for r in _studied(project) if not r.get("environmental")]
    return None if not missing else f"以下方案缺环境效果说明：{'、'.join(map(str, missing))}"


@uses("options")
def solutions_selected(project: Any, evaluation: Any) -> str | None:
    """Task 13: at least one solution selected for implementation."""
    return None if any(r.get("selected") for r in _options(project)) else "尚未选定实施的方案（Selected = 是）"


@uses("options")
def implemented(project: Any, evaluation: Any) -> str | None:
    """Task 15: at least one selected solution implemented."""
    done = [r for r in _options(project) if r.get("selected") and r.get("status") == "implemented"]
    return None if done else "尚无已实施的方案（Status = implemented）"


CHECKS = {f.__name__: f for f in (focus_selected, options_screened, technical_done, economic_done,
                                   environmental_done, solutions_selected, implemented)}

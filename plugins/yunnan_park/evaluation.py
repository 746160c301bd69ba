"""cpf_evaluate for the Yunnan park standard: key-enterprise list, coverage, chains, park grade,
permit exceedances (DataPlugin calls it for this standard only)."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError
from cpframework.api import selection_problems

from . import analysis, results


def evaluate(standard: Any, project: Any, evaluation: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    raw: dict[str, Any] = {}
    try:
        kr = results.key_results(project)
        list_view, cov_view, raw = results.key_views(kr)
        out["yunnan_key_list"] = list_view
        out["yunnan_coverage"] = cov_view
        out["yunnan_chains"] = results.chain_view(kr, project)
        dyn = results.list_dynamics(project)
        if dyn is not None:
            out["yunnan_dynamics"] = results.dynamics_view(dyn)
    except CalcError as exc:
        errors["key_list"] = str(exc)
    try:
        view, graded = results.park_grading(standard, project, evaluation)
        if view:
            out["yunnan_park_grade"] = view
            raw["park_grade"] = graded
    except CalcError as exc:
        errors["park_grade"] = str(exc)
    exceed = analysis.permit_exceedances(project)
    if exceed:
        out["yunnan_exceedances"] = {
            "title": "实际排放量超过许可排放量的企业（执行报告非现场审核）",
            "columns": ["企业编号", "企业名称", "污染物", "许可排放量（t/a）", "实际排放量（t/a）", "占许可量"],
            "rows": [[e["ent_id"], e["name"], e["pollutant"], results.fmt(e["permitted"]), results.fmt(e["actual"]),
                      f"{results.fmt(e['ratio'])}%"] for e in exceed]}
    raw["exceedances"] = exceed
    out["yunnan"] = raw
    out["yunnan_errors"] = errors
    out["yunnan_selection_problems"] = [p.text() for p in selection_problems(standard, project)]
    return out

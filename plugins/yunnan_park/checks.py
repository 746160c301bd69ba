"""Status checks for the twenty steps (``done_when`` kind = "check"): ``func(project, ev) -> None | missing``."""
from __future__ import annotations

from typing import Any

from cpframework.api import CalcError
from cpframework.api import uses

from . import analysis

LEVELS = ("园区", "产业链/产业集群", "企业")
MECHANISMS = ("资料收集机制", "指标体系调整机制", "审核机制", "报告机制")


def _rows(project: Any, table: str) -> list[dict[str, Any]]:
    data = project.tables.get(table)
    return list(data.rows) if data is not None else []


@uses("tasks")
def tasks_cover_providers(project: Any, ev: Any) -> str | None:
    got = {r.get("provider") for r in _rows(project, "tasks")}
    missing = [p for p in ("园区部门", "企业") if p not in got]
    return None if not missing else f"任务分工缺少资料提供主体：{'、'.join(missing)}（编制说明 5.5(2)）"


@uses("enterprises", "emissions", "energy_water", "statistics", "solid_waste", "enterprise_levels")
def enterprise_ids_consistent(project: Any, ev: Any) -> str | None:
    bad = analysis.missing_ids(project)
    return None if not bad else f"{len(bad)} 行的企业编号不在企业名录中（如 {bad[0]}）"


@uses("region")
def region_aspects(project: Any, ev: Any) -> str | None:
    got = {r.get("aspect") for r in _rows(project, "region")}
    missing = [a for a in ("资源", "能源", "环境") if a not in got]
    return None if not missing else f"区域制约因素缺少：{'、'.join(missing)}"


@uses("enterprises", "chains")
def chains_assessed(project: Any, ev: Any) -> str | None:
    chains = {str(c) for c in analysis.enterprises(project).get("chain", []) if c}
    if not chains:
        return "企业名录尚未填写所属产业链/产业集群"
    done = {r.get("chain") for r in _rows(project, "chains")}
    missing = sorted(chains - done)
    return None if not missing else f"以下产业链/产业集群尚未分析：{'、'.join(missing[:4])}"


def key_list_ready(project: Any, ev: Any) -> str | None:
    if "yunnan_key_list" in ev.extra:
        return None
    err = ev.extra.get("yunnan_errors", {}).get("key_list")
    return err or "尚未形成审核分级清单"


def selection_rules(project: Any, ev: Any) -> str | None:
    bad = ev.extra.get("yunnan_selection_problems", [])
    return None if not bad else f"指标选择不满足要求（{len(bad)} 处）：{bad[0]}"


def _findings(project: Any, level: str) -> list[dict[str, Any]]:
    return [r for r in _rows(project, "findings") if r.get("level") == level]


@uses("findings")
def findings_park(project: Any, ev: Any) -> str | None:
    return None if _findings(project, "园区") else "尚未登记园区层面审核发现"


@uses("findings")
def findings_chain(project: Any, ev: Any) -> str | None:
    return None if _findings(project, "产业链/产业集群") else "尚未登记产业链/产业集群层面审核发现"


@uses("findings")
def findings_key_enterprises(project: Any, ev: Any) -> str | None:
    raw = ev.extra.get("yunnan", {}).get("key_enterprises")
    if raw is None:
        return "审核分级清单尚未形成"
    a = [e["ent_id"] for e in raw if e["grade_code"] == "A"]
    done = {str(r.get("object")) for r in _findings(project, "企业")}
    missing = [x for x in a if x not in done]
    if not _findings(project, "企业"):
        return "尚未登记企业层面审核发现"
    return None if not missing else f"{len(missing)} 家A类重点企业尚无审核发现：{'、'.join(missing[:5])}"


def _options(project: Any, level: str) -> str | None:
    ok = [r for r in _rows(project, "options") if r.get("level") == level]
    return None if ok else f"尚无{level}层级改进方案"


@uses("options")
def options_park(project: Any, ev: Any) -> str | None:
    return _options(project, "园区")


@uses("options")
def options_chain(project: Any, ev: Any) -> str | None:
    return _options(project, "产业链/产业集群")


@uses("options")
def options_enterprise(project: Any, ev: Any) -> str | None:
    return _options(project, "企业")


@uses("options")
def options_implemented(project: Any, ev: Any) -> str | None:
    rows = _rows(project, "options")
    if not rows:
        return "尚无改进方案"
    return None if any(r.get("status") == "已实施" for r in rows) else "尚无已实施的方案"


@uses("options", "effects")
def effects_evaluated(project: Any, ev: Any) -> str | None:
    done = {r.get("code") for r in _rows(project, "options") if r.get("status") == "已实施"}
    have = {r.get("code") for r in _rows(project, "effects")}
    missing = sorted(done - have)
    if not done:
        return "尚无已实施的方案可评估"
    return None if not missing else f"已实施方案缺少效果评估：{'、'.join(missing[:5])}"


@uses("mechanisms")
def incentive_mechanism(project: Any, ev: Any) -> str | None:
    got = {r.get("mechanism") for r in _rows(project, "mechanisms")}
    return None if "激励机制" in got else "尚未登记激励机制（编制说明 5.5(8)）"


@uses("mechanisms", "mechanism_runs")
def long_term_mechanisms(project: Any, ev: Any) -> str | None:
    rows = _rows(project, "mechanisms")
    got = {r.get("mechanism") for r in rows if r.get("status") in ("已建立", "建设中")}
    missing = [m for m in MECHANISMS if m not in got]
    if missing:
        return f"长效机制缺少：{'、'.join(missing)}"
    ran = {r.get("mechanism") for r in _rows(project, "mechanism_runs") if r.get("date")}
    unrun = [r.get("mechanism") for r in rows if r.get("mechanism") in MECHANISMS and r.get("status") == "已建立"
             and r.get("mechanism") not in ran]   # 5.5(8): a mechanism counts when it has run, not when it is declared
    return None if not unrun else f"以下机制填“已建立”但“机制运行记录”中没有它的运行记录：{'、'.join(unrun)}"


CHECKS = {f.__name__: f for f in (
    tasks_cover_providers, enterprise_ids_consistent, region_aspects, chains_assessed, key_list_ready,
    selection_rules, findings_park, findings_chain, findings_key_enterprises, options_park, options_chain,
    options_enterprise, options_implemented, effects_evaluated, incentive_mechanism, long_term_mechanisms)}
__all__ = ["CHECKS", "CalcError"]

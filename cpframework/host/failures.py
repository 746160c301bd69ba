"""What a plugin failure or a conflict means for a standard (the plugin failure policy).

* The plugin that **owns** the selected standard fails — it cannot be imported, its definition is
  invalid (a data file with a TOML syntax error …), or one of its hooks raises: the standard is refused
  with an error (exit 1) naming plugin, distribution, version and the root cause.  Knock-on errors
  (an indicator referring to a table that was never loaded …) are not shown: they would hide the cause.
* An **add-on** (a plugin contributing to a standard it does not own) fails: a warning, and *everything*
  it contributes to that standard — tables, indicators, formulas, stages, report kinds, renderers,
  checks, its project checks and results — is withdrawn together, so no half add-on remains.
* Two plugins **claim the same standard id**: the standard is refused with a message naming both,
  unless the project pins its provider with ``provider = "<distribution>"`` in ``project.toml``.

``CPF_STRICT_PLUGINS=1`` still turns every add-on warning into an error.  This module holds the
decisions and the Chinese messages; :mod:`cpframework.host.registry` applies them.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from cpframework.errors import CpfError, PluginError, UsageError
from cpframework.host.manager import PluginRecord, describe

KIND_LABEL = {"stage": "阶段", "table": "数据表", "formula": "公式", "indicator": "指标", "report": "报告类型",
              "renderer": "渲染函数", "check": "状态检查", "system": "评价指标体系", "rule": "核对规则", "flag": "项目标志"}
HOOK_LABEL = {"cpf_stages": "阶段", "cpf_tables": "数据表", "cpf_formulas": "公式", "cpf_indicators": "指标",
              "cpf_report_kinds": "报告类型", "cpf_section_renderers": "渲染函数", "cpf_status_checks": "状态检查",
              "cpf_indicator_systems": "评价指标体系", "cpf_check_rules": "核对规则", "cpf_flags": "项目标志",
              "cpf_outline_insertions": "报告章节", "cpf_grading_methods": "分级方法", "cpf_screeners": "筛查"}
SHOWN_ITEMS = 8


def normalize(name: str) -> str:
    """A distribution name as packaging compares it (PEP 503): ``Cpframework_Park.CPPC`` → ``cpframework-park-cppc``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def cause_text(hook: str, exc: BaseException) -> str:
    """The root cause of a failure: our own errors are Chinese sentences naming the file and line; for
    anything else (a bug in the plugin) the hook and the exception type help its author."""
    return describe(exc) if isinstance(exc, CpfError) else f"钩子 {hook} 出错：{describe(exc)}"


def _fix_hint(rec: PluginRecord) -> str:
    if rec.dist:
        return (f"这是插件的问题，不是您的数据问题：请安装修正后的版本（pip install --upgrade {rec.dist}），"
                f"或把这条信息发给插件作者。")
    return "这是插件的问题，不是您的数据问题：请把这条信息发给插件作者。"


def owner_failure(std_id: str, rec: PluginRecord, causes: Sequence[str]) -> PluginError:
    """The plugin owning ``std_id`` failed: the standard cannot be used.  ``causes`` first, nothing else."""
    lines = "\n  ".join(causes)
    return PluginError(f"标准“{std_id}”不可用：它的{rec.who()}有问题——\n  {lines}\n{_fix_hint(rec)}")


def owner_not_loaded(std_id: str, rec: PluginRecord) -> PluginError:
    what = (f"请重新安装该发行包（pip install --force-reinstall {rec.dist}），或把这条信息发给插件作者。"
            if rec.dist else "请检查该插件的安装，或把这条信息发给插件作者。")
    return PluginError(f"标准“{std_id}”不可用：提供它的{rec.who()}未能加载：{rec.error}\n{what}")


def likely_owner(std_id: str, records: Iterable[PluginRecord], provider: str = "") -> PluginRecord | None:
    """Among plugins that failed before declaring anything, the one that most likely provides ``std_id``:
    the pinned distribution, or an entry point / package / distribution named after the standard."""
    key = normalize(std_id)
    for rec in records:
        if rec.status != "failed":
            continue
        if provider and normalize(provider) in (normalize(rec.dist), normalize(rec.name)):
            return rec
        module = rec.module.split(":")[0].split(".")[0]
        if key in (normalize(rec.name), normalize(module), normalize(module.removeprefix("cpf_")))\
                or (rec.dist and normalize(rec.dist).endswith(key)):
            return rec
    return None


def unknown_standard(std_id: str, provider: str, records: Sequence[PluginRecord], known: Sequence[str]) -> CpfError:
    """No plugin declares ``std_id``: its plugin failed before it could (an error naming it and the
    cause), or it is not installed (a usage error listing what is, what failed and what is blocked)."""
    owner = likely_owner(std_id, records, provider)
    if owner is not None:
        return owner_not_loaded(std_id, owner)
    close = difflib.get_close_matches(std_id, known, n=1)
    msg = f"未知的标准“{std_id}”" + (f"，是否想写“{close[0]}”？" if close else "")
    msg += f"\n可用的标准：{'、'.join(known) or '（无）'}"
    failed = [r for r in records if r.status == "failed"]
    if failed:
        msg += "\n以下插件加载失败，它们提供的标准不可用：" + "；".join(f"{r.who()}：{r.error}" for r in failed)
    blocked = [r.name for r in records if r.status == "blocked"]
    if blocked:
        msg += f"\n以下插件已被 CPF_DISABLED_PLUGINS / CPF_PLUGINS 屏蔽：{'、'.join(blocked)}"
    return UsageError(msg)


def addon_dropped(std_id: str, rec: PluginRecord, reasons: Sequence[str], items: Sequence[tuple[str, str]]) -> str:
    """Warning: an add-on failed for ``std_id`` and all of its contributions were withdrawn."""
    shown = "、".join(f"{HOOK_LABEL.get(hook, '内容')} {ident}" for hook, ident in items[:SHOWN_ITEMS])
    if len(items) > SHOWN_ITEMS:
        shown += f" 等 {len(items)} 项"
    what = f"（{shown}）" if shown else ""
    fix = f"请更新（pip install --upgrade {rec.dist}）或卸载（pip uninstall {rec.dist}）该插件。" if rec.dist \
        else "请修正或移除该插件。"
    return (f"附加{rec.who()}有问题——{'；'.join(reasons)}。为免只用到它的一部分，它对标准“{std_id}”的全部附加内容"
            f"{what}已停用，检查、评价和报告中都不含这些内容。{fix}")


def registration_failed(rec: PluginRecord, cause: str) -> str:
    """A plugin's declaration hook failed (a warning when it is unknown what the plugin owns, or in
    strict mode); otherwise the failure is judged per standard, see :func:`owner_failure` / :func:`addon_dropped`."""
    return (f"{rec.who()}的定义有误：{cause}。它拥有的标准不可用，它给其他标准的附加内容已全部停用；"
            f"其他插件不受影响。")


def conflict(std_id: str, claims: Sequence[tuple[Any, PluginRecord]]) -> PluginError:
    names = "\n  ".join(rec.who() for _info, rec in claims)
    example = next((rec.dist for _i, rec in claims if rec.dist), claims[0][1].name)
    return PluginError(
        f"标准编号“{std_id}”被多个插件同时声明，为避免用错标准，已拒绝使用它：\n  {names}\n"
        f"请卸载不需要的那个发行包（pip uninstall 发行包名）；或在项目的 project.toml 顶层写一行 "
        f"provider = \"{example}\"（发行包名），指定由哪个发行包提供该标准。")


def choose(std_id: str, claims: Sequence[tuple[Any, PluginRecord]], provider: str) -> tuple[Any, PluginRecord]:
    """The claim to use for ``std_id``: the only one, or the one the project pinned (by distribution
    name, or the plugin's entry-point name for plugins without one)."""
    if not provider:
        if len(claims) > 1:
            raise conflict(std_id, claims)
        return claims[0]
    want = normalize(provider)
    for claim in claims:
        rec = claim[1]
        if want == normalize(rec.name) or (rec.dist and want == normalize(rec.dist)):
            return claim
    found = "、".join(rec.who() for _i, rec in claims)
    raise PluginError(f"指定由发行包“{provider}”提供标准“{std_id}”（project.toml 中的 provider 或 --provider），"
                      f"但提供它的是：{found}。请安装 {provider}，或改正 provider。")


def withdraw_tables(project: Any, table_ids: Iterable[str]) -> None:
    """Forget a withdrawn add-on's sheets in an already loaded project (and the problems found in them)."""
    sheets = set()
    for table_id in table_ids:
        data = project.tables.pop(table_id, None)
        if data is not None:
            sheets.add(data.schema.sheet)
    if sheets:
        project.problems[:] = [p for p in project.problems if getattr(p, "sheet", None) not in sheets]


def withdraw_selection_rows(project: Any, indicator_ids: Iterable[str]) -> None:
    """Forget the 指标选择 rows of a withdrawn add-on's indicators (a row for an indicator that no
    longer exists would otherwise be reported as an unknown code)."""
    from cpframework.project.workbook import SELECTION_TABLE

    ids = set(indicator_ids)
    data = project.tables.get(SELECTION_TABLE)
    if data is None or not ids:
        return
    kept = [(row, n) for row, n in zip(data.rows, data.sheet_rows) if row.get("code") not in ids]
    data.rows[:] = [row for row, _n in kept]
    data.sheet_rows[:] = [n for _row, n in kept]


def withdraw_indicators(evaluation: Any, std: Any) -> None:
    """Forget the results of indicators no longer in ``std`` (a withdrawn add-on's) and re-summarise."""
    from cpframework.evaluation.indicators import summarize

    known = {ind.id for ind in std.indicators}
    evaluation.indicators[:] = [r for r in evaluation.indicators if r.indicator.id in known]
    evaluation.summary = summarize(evaluation, std)

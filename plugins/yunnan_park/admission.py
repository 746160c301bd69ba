"""园区清洁生产准入清单 (编制说明 5.5(8)): check a proposed project against the list.

Rows of the 准入清单 sheet whose 行业 equals the project's industry (or ``*``) apply.  禁止 → not
admitted; any applicable upper limit exceeded or minimum cleaner-production level not reached → not
admitted; 限制 → admitted with conditions; otherwise admitted.  A missing input for an applicable
limit is reported as 待补充 (not admitted until supplied).  The 其他要求 of a row are checked by hand:
their outcome is recorded in 准入核对记录 (project × 准入清单行), and a project none of whose manual items
is unrecorded or 不符合 is the only one that can be told 准入 (issue #19: a verdict with an unchecked
item is not a decision).
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import fmt
from cpframework.api import UsageError

LEVEL_RANK = {"Ⅰ级": 1, "Ⅱ级": 2, "Ⅲ级": 3, "未达Ⅲ级": 4}


@attrs.frozen
class Admission:
    admitted: bool
    verdict: str
    lines: tuple[str, ...]


def _norm(s: Any) -> str:
    return str(s or "").strip()


def _date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else "日期未填"


def check_admission(project: Any, *, industry: str, energy_intensity: float | None = None,
                    water_intensity: float | None = None, cp_level: str | None = None,
                    name: str | None = None) -> Admission:
    data = project.tables.get("admission")
    rows = list(data.rows) if data is not None else []
    if not rows:
        raise UsageError(f"项目 {project.root} 的“准入清单”工作表没有数据，无法核对（编制说明 5.5(8)）")
    rules = [r for r in rows if _norm(r.get("industry")) in (_norm(industry), "*")]
    if not any(_norm(r.get("industry")) == _norm(industry) for r in rules):
        known = sorted({_norm(r.get("industry")) for r in rows} - {"*"})
        raise UsageError(f"准入清单中没有行业“{industry}”；清单中的行业：{'、'.join(known)}")
    log_data = project.tables.get("admission_log")
    log = {(_norm(r.get("project")), _norm(r.get("rule"))): r for r in (log_data.rows if log_data is not None else [])}
    lines: list[str] = []
    fail = pending = unchecked = False
    limited = False
    for r in rules:
        head = f"[{_norm(r.get('industry'))}｜{r.get('category')}]"
        if r.get("category") == "禁止":
            fail = True
            lines.append(f"{head} 禁止类：不予准入。{_norm(r.get('requirement'))}")
            continue
        limited |= r.get("category") == "限制"
        for key, value, label, unit in (("energy_intensity_max", energy_intensity, "单位增加值综合能耗", "tce/万元"),
                                        ("water_intensity_max", water_intensity, "单位增加值新鲜水耗", "m³/万元")):
            cap = r.get(key)
            if cap is None:
                continue
            if value is None:
                pending = True
                lines.append(f"{head} {label}上限 {fmt(cap)} {unit}：未提供项目数值，待补充")
            elif value > cap + 1e-12:
                fail = True
                lines.append(f"{head} {label} {fmt(value)} {unit} 超过上限 {fmt(cap)} {unit}：不符合")
            else:
                lines.append(f"{head} {label} {fmt(value)} {unit} ≤ 上限 {fmt(cap)} {unit}：符合")
        need = r.get("cp_level_min")
        if need:
            if cp_level is None:
                pending = True
                lines.append(f"{head} 清洁生产水平须达{need}及以上：未提供，待补充")
            elif LEVEL_RANK[cp_level] > LEVEL_RANK[need]:
                fail = True
                lines.append(f"{head} 清洁生产水平 {cp_level} 未达 {need}：不符合")
            else:
                lines.append(f"{head} 清洁生产水平 {cp_level} 达到 {need} 要求：符合")
        if _norm(r.get("requirement")):
            done = log.get((_norm(name), _norm(r.get("industry")))) if name else None
            text = f"{head} 其他要求（人工核对）：{_norm(r.get('requirement'))}"
            if done is None:
                unchecked = True
                where = f"项目“{name}”" if name else "本项目（用 --project 给出项目名称）"
                lines.append(f"{text} —— 未核对：请在“准入核对记录”工作表为{where}登记这一条的核对结果（符合/不符合）")
            else:
                fail |= done.get("outcome") == "不符合"
                lines.append(f"{text} —— {done.get('outcome')}（{done.get('checker')}，{_date(done.get('date'))}核对）")
    if fail:
        return Admission(False, "不予准入", tuple(lines))
    if pending:
        return Admission(False, "资料不全，补充后再核对", tuple(lines))
    if unchecked:
        return Admission(False, "其他要求尚未人工核对，暂不作准入结论", tuple(lines))
    return Admission(True, "准入（限制类，须满足所列条件）" if limited else "准入", tuple(lines))

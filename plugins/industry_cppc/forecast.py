"""5.3.2 / 附录C 2.4.3: the improvement the confirmed options are expected to bring, graded by the one model.

Each confirmed option (筛选结果 = 确定) may state one indicator it improves and the value expected after
implementation at the enterprises that implement it.  The forecast replaces those enterprises' values by
the expected one where it is better (an option never makes a value worse), regrades every enterprise with
the same grading as the evaluation, and compares the level distribution and attainment before and after.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from cpframework.api import IndicatorSystem

from .evaluation import evaluate_enterprises, industry_summary


def _ids(text: Any) -> list[str]:
    return [x.strip().upper() for x in str(text or "").replace("，", ",").replace("、", ",").split(",") if x.strip()]


def forecast_values(values: pd.DataFrame, system: IndicatorSystem, options: list[dict]) -> tuple[pd.DataFrame, list[dict]]:
    """Values after the confirmed options, and one record per option applied (option, indicator, enterprises changed)."""
    out = values.copy()
    by_upper = {str(e).upper(): e for e in out.index}
    quant = {i.id.upper(): i for i in system.indicators if i.direction in ("higher", "lower")}
    applied = []
    for o in options:
        ind = quant.get(str(o.get("forecast_indicator") or "").strip().upper())
        if o.get("decision") != "确定" or ind is None or o.get("forecast_value") is None:
            continue
        target = float(o["forecast_value"])
        ents = list(out.index) if "全部" in _ids(o.get("enterprises")) else \
            [by_upper[e] for e in _ids(o.get("enterprises")) if e in by_upper]
        current = pd.to_numeric(out.loc[ents, ind.id], errors="coerce")
        better = current < target if ind.direction == "higher" else current > target
        changed = list(current.index[better.fillna(False)])
        out[ind.id] = out[ind.id].astype(object)
        out.loc[changed, ind.id] = target
        applied.append({"option": o.get("id"), "indicator": ind.id, "value": target, "enterprises": changed})
    return out, applied


def forecast(values: pd.DataFrame, system: IndicatorSystem, options: list[dict], *, problem_level: int = 3,
             common_share: float = 0.3, split_keys: pd.DataFrame | None = None) -> dict[str, Any]:
    """Before/after level distribution and attainment, the options applied and the regraded enterprises."""
    after_values, applied = forecast_values(values, system, options)
    kw = {"problem_level": problem_level, "split_keys": split_keys}
    before = evaluate_enterprises(values, system, **kw)
    after = evaluate_enterprises(after_values, system, **kw)
    sb = industry_summary(before, system, common_share=common_share, problem_level=problem_level)
    sa = industry_summary(after, system, common_share=common_share, problem_level=problem_level)
    dist = pd.DataFrame({"before": sb["distribution"]["count"], "after": sa["distribution"]["count"]})
    att = pd.DataFrame({"name": sb["attainment"]["name"], "before": sb["attainment"]["rate_3"],
                        "after": sa["attainment"]["rate_3"], "before_I": sb["attainment"]["rate_1"],
                        "after_I": sa["attainment"]["rate_1"]})
    return {"applied": applied, "distribution": dist, "attainment": att, "after": after}


# ---------------------------------------------------------------- 5.3.1 targets: current, forecast, met

SCALE = {"share_percent": lambda p: 100.0, "ratio_percent": lambda p: 100.0, "ratio": lambda p: 1.0,
         "intensity": lambda p: float(p.get("factor", 1.0))}  # value = Σ numerator ÷ Σ denominator × scale
_GOAL = re.compile(r"^\s*([≥≤>=<]*)\s*(-?\d+(?:\.\d+)?)")


def indicator_parts(std: Any, project: Any, system: IndicatorSystem) -> dict[str, pd.DataFrame]:
    """Per computed indicator (numerator ÷ denominator × scale): each enterprise's summed numerator and
    denominator over the statistical period, the parts an industry value and its forecast are made of."""
    year = project.manifest.baseline
    out = {}
    for ind in system.indicators:
        if ind.formula not in SCALE or {i.arg for i in ind.inputs} != {"numerator", "denominator"}:
            continue
        cols: dict[str, dict[str, float]] = {}
        for inp in ind.inputs:
            sums: dict[str, float] = {}
            for ref in inp.field:
                table, _, field = ref.partition(".")
                data = project.tables.get(table)
                for row in data.rows if data is not None else []:
                    if any(str(row.get(k) or "").strip() != v for k, v in inp.where.items()):
                        continue
                    v = row.get(field)
                    v = v.get(year) if isinstance(v, dict) else v
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        ent = str(row.get("enterprise") or "").strip()
                        sums[ent] = sums.get(ent, 0.0) + float(v)
            cols[inp.arg] = sums
        frame = pd.DataFrame({"num": cols["numerator"], "den": cols["denominator"]}).fillna(0.0)
        out[ind.id] = frame.assign(scale=SCALE[ind.formula](ind.params))
    return out


def _goal(text: Any) -> tuple[str, float] | None:
    m = _GOAL.match(str(text or ""))
    return (m.group(1), float(m.group(2))) if m else None


def target_outlook(targets: list[dict], system: IndicatorSystem, values: pd.DataFrame, options: list[dict],
                   parts: dict[str, pd.DataFrame], *, problem_level: int = 3,
                   split_keys: pd.DataFrame | None = None) -> list[dict]:
    """Per target (5.3.1): the current value computed from the data, the value forecast after the confirmed
    options (their stated expected values, 产量 unchanged) and whether the target is then met.

    What a target measures follows its unit: the indicator's own unit → the industry value Σ numerator ÷
    Σ denominator (computed indicators); "家" → enterprises with the indicator as a problem (below
    ``problem_level``); "%" for an indicator not in % → the share of assessed enterprises reaching Ⅲ级."""
    f = forecast(values, system, options, problem_level=problem_level, split_keys=split_keys)
    before = evaluate_enterprises(values, system, problem_level=problem_level, split_keys=split_keys)
    after_values, _ = forecast_values(values, system, options)
    codes = {i.id for i in system.indicators}
    rows = []
    for t in targets:
        code = str(t.get("indicator") or "").strip().upper()
        ind = system.indicator(code) if code in codes else None
        unit = str(t.get("unit") or "").strip()
        addressed = [str(o.get("id")) for o in options if o.get("decision") != "否决" and code and
                     (code in _ids(o.get("indicators")) or code == str(o.get("forecast_indicator") or "").strip().upper())]
        forecasted = [a["option"] for a in f["applied"] if a["indicator"] == code and a["enterprises"]]
        now = then = None
        higher = ind is not None and ind.direction != "lower"
        if ind is not None and code in parts and unit in ("", ind.unit):
            p = parts[code]
            den = p["den"].sum()
            if den > 0:
                scale = float(p["scale"].iloc[0])
                now = p["num"].sum() / den * scale
                new = pd.to_numeric(after_values[code], errors="coerce").reindex(p.index)
                changed = new.notna() & (new != pd.to_numeric(values[code], errors="coerce").reindex(p.index))
                num = p["num"].where(~changed, new * p["den"] / scale)
                then = num.sum() / den * scale
        elif ind is not None and unit == "家":
            lv = "lv_" + code
            now, then, higher = float((before[lv] > problem_level).sum()), float((f["after"][lv] > problem_level).sum()), False
        elif ind is not None and unit == "%" and ind.unit != "%":
            lv = "lv_" + code
            now, then = (100.0 * float((r[lv] <= 3).sum()) / max(int(r[lv].notna().sum()), 1) for r in (before, f["after"]))
        goal = _goal(t.get("target"))
        met = "无法计算"
        if then is not None and goal is not None:
            up = goal[0].startswith(("≥", ">")) or (not goal[0] and higher)
            met = "达到" if ((then >= goal[1] - 1e-9) if up else (then <= goal[1] + 1e-9)) else "未达到"
        rows.append({"seq": t.get("seq"), "name": t.get("name"), "indicator": code, "unit": unit, "current": now,
                     "forecast": then, "target": t.get("target"), "options": addressed, "forecasted": forecasted,
                     "met": met})
    return rows

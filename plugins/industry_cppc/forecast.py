"""5.3.2 / 附录C 2.4.3: the improvement the confirmed options are expected to bring, graded by the one model.

Each confirmed option (筛选结果 = 确定) may state one indicator it improves and the value expected after
implementation at the enterprises that implement it.  The forecast replaces those enterprises' values by
the expected one where it is better (an option never makes a value worse), regrades every enterprise with
the same grading as the evaluation, and compares the level distribution and attainment before and after.
"""
from __future__ import annotations

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

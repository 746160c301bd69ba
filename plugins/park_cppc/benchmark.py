"""5.2.2 对比评估: each selected indicator against the park's own best year (computed from the years of
指标基础数据, each year evaluated as if it were the 审核基准期) and the peer parks supplied in 对标园区."""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.api import evaluate_indicators


def own_history(std: Any, project: Any) -> dict[str, dict[int, float]]:
    """Indicator id → {year: value} for every year whose data give the value (errors are left out: the
    baseline's own problems are ``check``'s; earlier years may lack the years before them)."""
    data = std.tables[std.info.indicator_table]
    years = project.manifest.years_for(data)
    out: dict[str, dict[int, float]] = {}
    for year in years:
        shifted = attrs.evolve(project, manifest=attrs.evolve(project.manifest, baseline_year=year))
        ev = evaluate_indicators(std, shifted)
        for r in ev.selected():
            if any(inp.table and inp.table != data.id for inp in r.indicator.inputs):
                continue  # read from a table that holds the 审核基准期 only: no history
            if isinstance(r.value, (int, float)) and not isinstance(r.value, bool) and not r.error:
                out.setdefault(r.indicator.id, {})[year] = float(r.value)
    return out


def best_year(ind: Any, values: dict[int, float]) -> tuple[int, float] | None:
    if not values or ind.direction not in ("higher", "lower"):
        return None
    # ties go to the latest year
    year = max(values, key=lambda y: (values[y] if ind.direction == "higher" else -values[y], y))
    return year, values[year]

"""Indicator attainment chart: per indicator the share of enterprises reaching Ⅰ/Ⅱ/Ⅲ级 (stacked bars)."""
from __future__ import annotations

from typing import Any


def attainment_rate_chart(att: Any, title: str | None = None):
    from cpframework.api import charts
    new_figure = charts.new_figure

    fig, ax = new_figure(max(6.0, 0.55 * len(att) + 3))
    y = list(range(len(att)))
    r1 = (att["rate_1"].fillna(0) * 100).tolist()
    r2 = ((att["rate_2"] - att["rate_1"]).fillna(0) * 100).tolist()
    r3 = ((att["rate_3"] - att["rate_2"]).fillna(0) * 100).tolist()
    ax.barh(y, r1, color="#2e7d32", height=0.6, label="达Ⅰ级")
    ax.barh(y, r2, left=r1, color="#7cb342", height=0.6, label="达Ⅱ级")
    ax.barh(y, r3, left=[a + b for a, b in zip(r1, r2)], color="#f9a825", height=0.6, label="达Ⅲ级")
    ax.set_yticks(y, [f"{i} {n}" for i, n in zip(att.index, att["name"])])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("企业占比（%）")
    fig.legend(loc="outside lower center", ncols=3)
    if title:
        ax.set_title(title)
    return fig


def peer_chart(peers: Any, title: str | None = None):
    """Per quantitative indicator: quartile range, median and best value relative to the Ⅰ级 benchmark
    (100 = at the benchmark, more = better, for ≥ and ≤ indicators alike) — the numbers of the peer table."""
    from cpframework.api import charts

    def rel(v: float, bench: float, higher: bool) -> float:
        if not (v == v and bench == bench) or bench == 0 or (not higher and v == 0):
            return float("nan")
        return 100.0 * (v / bench if higher else bench / v)

    fig, ax = charts.new_figure(max(4.0, 0.6 * len(peers) + 2))
    y = list(range(len(peers)))
    for k, (_, p) in enumerate(peers.iterrows()):
        h = p["direction"] == "higher"
        lo, hi = sorted((rel(p["q1"], p["benchmark_I"], h), rel(p["q3"], p["benchmark_I"], h)))
        ax.barh(k, hi - lo, left=lo, color="#90caf9", height=0.5, label="四分位区间" if k == 0 else None)
        ax.plot(rel(p["median"], p["benchmark_I"], h), k, "o", color="#1565c0", label="中位数" if k == 0 else None)
        ax.plot(rel(p["best"], p["benchmark_I"], h), k, "D", color="#2e7d32", label="行业最优" if k == 0 else None)
    ax.axvline(100, color="#c62828", linestyle="--", label="Ⅰ级基准值")
    ax.set_yticks(y, [f"{i} {n}" for i, n in zip(peers.index, peers["name"])])
    ax.invert_yaxis()
    ax.set_xlabel("相对Ⅰ级基准值（%，越大越好）")
    fig.legend(loc="outside lower center", ncols=4)
    if title:
        ax.set_title(title)
    return fig


def breakdown_chart(table: Any, title: str | None = None):
    """Enterprises per level in each class (stacked bars) — the level columns of the breakdown table."""
    from cpframework.api import charts

    levels = [c for c in table.columns if c not in ("合计", "有问题的企业", "问题项数")]
    colours = ["#2e7d32", "#7cb342", "#f9a825", "#c62828", "#9e9e9e"]
    fig, ax = charts.new_figure(max(3.0, 0.5 * len(table) + 2))
    left = [0.0] * len(table)
    y = list(range(len(table)))
    for lv, colour in zip(levels, colours):
        vals = table[lv].astype(float).tolist()
        ax.barh(y, vals, left=left, color=colour, height=0.6, label=str(lv))
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, [str(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel("企业数（家）")
    fig.legend(loc="outside lower center", ncols=len(levels))
    if title:
        ax.set_title(title)
    return fig


def forecast_chart(dist: Any, title: str | None = None):
    """Enterprises per level now and after the confirmed options (grouped bars) — the forecast table."""
    from cpframework.api import charts

    fig, ax = charts.new_figure(4.0)
    x = list(range(len(dist)))
    ax.bar([k - 0.2 for k in x], dist["before"].tolist(), width=0.4, color="#90a4ae", label="现状")
    ax.bar([k + 0.2 for k in x], dist["after"].tolist(), width=0.4, color="#2e7d32", label="方案实施后（预测）")
    ax.set_xticks(x, [str(i) for i in dist.index])
    ax.set_ylabel("企业数（家）")
    fig.legend(loc="outside lower center", ncols=2)
    if title:
        ax.set_title(title)
    return fig

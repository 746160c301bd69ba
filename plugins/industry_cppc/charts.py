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

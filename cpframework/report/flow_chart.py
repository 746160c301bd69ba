"""A flow diagram (桑基图) for 物质流、能量流、碳流 and 水平衡图: nodes in columns, bands as wide as their flows.

Columns come from :func:`cpframework.calc.flows.layers` (longest path from a source); a flow that goes back
(recycling) is drawn as a dashed arrow below the nodes, labelled, not to scale.  Every band is labelled with its value, every
node with its name and throughput, so the picture carries the same numbers as the balance table beside it.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpframework.calc.flows import Flow, FlowRows, as_flows, layers, node_balances
from cpframework.calc.trace import fmt
from cpframework.report.chart_cache import cached

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ("#1f5fa8", "#2e7d32", "#c62828", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#546e7a",
           "#ad1457")
GAP = 0.05          # vertical gap between nodes of a column, as a share of the drawing height
NODE_W = 0.018      # node bar width, as a share of the drawing width
MIN_SLOT = 0.07     # height kept for a node however small its flow: room for its two-line label


def _context() -> tuple:
    import hashlib

    from cpframework.report import charts

    return charts._cache_context(), hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _band(ax: Any, x0: float, y0: tuple[float, float], x1: float, y1: tuple[float, float], color: str) -> None:
    """A band from the right edge of one node (y0 = bottom, top) to the left edge of a later one (y1)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    xm = (x0 + x1) / 2
    verts = [(x0, y0[1]), (xm, y0[1]), (xm, y1[1]), (x1, y1[1]), (x1, y1[0]), (xm, y1[0]), (xm, y0[0]), (x0, y0[0]),
             (x0, y0[1])]
    codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO, MPath.CURVE4, MPath.CURVE4,
             MPath.CURVE4, MPath.CLOSEPOLY]
    ax.add_patch(PathPatch(MPath(verts, codes), facecolor=color, alpha=0.4, edgecolor="none"))


def _on_band(x0: float, ya: float, x1: float, yb: float, x: float) -> float:
    """The height at ``x`` of the centre line of a band drawn by :func:`_band` (a cubic Bézier), by bisection."""
    xm = (x0 + x1) / 2
    lo, hi = 0.0, 1.0
    for _ in range(40):
        t = (lo + hi) / 2
        xt = (1 - t) ** 3 * x0 + 3 * (1 - t) ** 2 * t * xm + 3 * (1 - t) * t ** 2 * xm + t ** 3 * x1
        lo, hi = (t, hi) if xt < x else (lo, t)
    t = (lo + hi) / 2
    return (1 - t) ** 3 * ya + 3 * (1 - t) ** 2 * t * ya + 3 * (1 - t) * t ** 2 * yb + t ** 3 * yb


def _columns(fl: list[Flow]) -> dict[str, int]:
    """Columns from the longest path, with every sink (排放、产品、损失) in the last column."""
    col = layers(fl)
    last = max(col.values())
    sources = {f.source for f in fl}
    return {n: (last if n not in sources else c) for n, c in col.items()}


def _positions(fl: list[Flow], col: dict[str, int]) -> tuple[dict[str, tuple[float, float]], float]:
    """Each node's (bottom, top) in a 0–1 drawing height, and the height per unit of flow; a column's nodes are
    ordered by the mean height of what flows into them (fewer crossings)."""
    size = {b.node: max(b.inflow, b.outflow) for b in node_balances(fl)}
    ncol = max(col.values()) + 1
    members = [[n for n in size if col[n] == c] for c in range(ncol)]
    def used(scale: float, m: list[str]) -> float:
        return sum(max(size[n] * scale, MIN_SLOT) for n in m) + GAP * (len(m) - 1)

    lo, hi = 0.0, min((1 - GAP * (len(m) - 1)) / t for m in members if (t := sum(size[n] for n in m)) > 0)
    for _ in range(50):   # the largest scale at which every column, small nodes given room for a label, fits
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if all(used(mid, m) <= 1 for m in members) else (lo, mid)
    scale = lo
    pos: dict[str, tuple[float, float]] = {}
    for m in members:
        def centre(n: str) -> float:
            ins = [(f.value, sum(pos[f.source]) / 2) for f in fl if f.target == n and f.source in pos]
            return -sum(v * y for v, y in ins) / sum(v for v, _ in ins) if ins else -1e9 + m.index(n)
        m = sorted(m, key=centre)
        top = 1 - (1 - used(scale, m)) / 2
        for n in m:
            h = max(size[n] * scale, 0.004)
            pos[n] = (top - h, top)
            top -= max(h, MIN_SLOT) + GAP
    return pos, scale


@cached(_context)
def flow_chart(flows: FlowRows, unit: str = "", title: str | None = None,
               height_cm: float | None = None) -> Figure:
    """A Sankey diagram of ``flows`` (``(source, target, value[, label])`` or :class:`Flow`) in ``unit``."""
    from cpframework.report.charts import new_figure, wrap_label

    fl = [f for f in as_flows(flows) if f.value > 0]
    col = _columns(fl) if fl else {}
    ncol = max(col.values()) + 1 if col else 1
    biggest = max((sum(1 for c in col.values() if c == k) for k in range(ncol)), default=1)
    fig, ax = new_figure(height_cm or max(8.0, 2.2 + 1.4 * biggest))
    ax.set_axis_off()
    if not fl:
        ax.text(0.5, 0.5, "无流量数据", ha="center", va="center")
        return fig
    pos, scale = _positions(fl, col)
    step = (0.66 - NODE_W) / max(ncol - 1, 1)
    xs = {n: 0.17 + step * col[n] for n in pos}
    color = {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(pos)}
    forward = [f for f in fl if col[f.target] > col[f.source]]
    mid = {n: sum(pos[n]) / 2 for n in pos}
    out_y = {n: pos[n][1] for n in pos}    # next free point on each node's edges, from the top down
    in_y = {n: pos[n][1] for n in pos}
    slot: dict[int, tuple[float, float]] = {}
    for i, f in sorted(enumerate(forward), key=lambda p: -mid[p[1].target]):
        slot[i] = (out_y[f.source] - f.value * scale, out_y[f.source])
        out_y[f.source] -= f.value * scale
    for i, f in sorted(enumerate(forward), key=lambda p: -mid[p[1].source]):
        h = f.value * scale
        y0, y1 = slot[i], (in_y[f.target] - h, in_y[f.target])
        in_y[f.target] -= h
        x0, x1 = xs[f.source] + NODE_W, xs[f.target]
        _band(ax, x0, y0, x1, y1, color[f.source])
        xl = x0 + (step - NODE_W) / 2
        ax.text(xl, _on_band(x0, sum(y0) / 2, x1, sum(y1) / 2, xl), f"{f.label} {fmt(f.value)}".strip(),
                ha="center", va="center", fontsize=8,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.7, "linewidth": 0})
    back = [f for f in fl if col[f.target] <= col[f.source]]
    floor = min(lo for lo, _ in pos.values())
    low = floor - 0.04
    for k, f in enumerate(back):   # recycling: a thin dashed arrow under the diagram, not to scale
        from matplotlib.patches import FancyArrowPatch
        from matplotlib.path import Path as MPath

        # from the source's lower right corner, down and along under every node, up into the target's lower left
        a = (xs[f.source] + NODE_W, pos[f.source][0] + 0.01)
        b = (xs[f.target], pos[f.target][0] + 0.01)
        bottom = floor - 0.08 - 0.07 * k
        out = 0.12 if col[f.source] == ncol - 1 else 0.05     # clear of the last column's labels
        path = MPath([a, (a[0] + out, a[1]), (a[0] + out, bottom), (a[0], bottom), (b[0], bottom),
                      (b[0] - 0.06, bottom), (b[0] - 0.06, b[1]), b],
                     [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO, MPath.CURVE4,
                      MPath.CURVE4, MPath.CURVE4])
        ax.add_patch(FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=10, linestyle="--", linewidth=1.2,
                                     color=color[f.source]))
        ax.text((a[0] + b[0]) / 2, bottom - 0.015, f"{f.label or '回用'} {fmt(f.value)}", ha="center", va="top",
                fontsize=8)
        low = min(low, bottom - 0.07)
    for nb in node_balances(fl):
        n = nb.node
        lo, hi = pos[n]
        ax.add_patch(_rect(xs[n], lo, NODE_W, hi - lo, color[n]))
        text = f"{wrap_label(n, 8)}\n{fmt(max(nb.inflow, nb.outflow))}"
        if col[n] == 0:
            ax.text(xs[n] - 0.008, (lo + hi) / 2, text, ha="right", va="center", fontsize=8.5)
        elif col[n] == ncol - 1:
            ax.text(xs[n] + NODE_W + 0.008, (lo + hi) / 2, text, ha="left", va="center", fontsize=8.5)
        else:   # between bands: on the node, boxed
            ax.text(xs[n] + NODE_W / 2, (lo + hi) / 2, text, ha="center", va="center", fontsize=8.5,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "linewidth": 0})
    ax.set_xlim(0, 1)
    caption = f"单位：{unit}" if unit else ""
    if back:
        caption += ("；" if caption else "") + "虚线箭头为回用（返回上游）的流量，不按比例"
    if caption:
        low -= 0.05
        ax.text(0.5, low, caption, ha="center", va="bottom", fontsize=8, color="#444444")
    ax.set_ylim(low, 1.02)
    if title:
        ax.set_title(title)
    return fig


def _rect(x: float, y: float, w: float, h: float, color: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, facecolor=color, edgecolor="none")

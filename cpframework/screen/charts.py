"""Charts of a screening result, drawn from its own tables (so a chart never disagrees with the table
beside it), with the report's chart style (:mod:`cpframework.report.charts`).

Conventions a screener follows to get charts (both screeners of the built-in standards do):

* a table keyed ``distribution``: first column the level (等级/分级), and one or more count columns whose
  header ends with ``企业数`` (one per year, or one) → a bar chart of the distribution;
* a long table with the columns ``负荷``, ``企业编号``, ``数值``, ``累计占比(%)`` (the key-enterprise list of
  every load in Pareto order, shares against the load's total over *all* enterprises) → one
  concentration chart per load: the listed enterprises' values as bars and the table's cumulative share.
"""
from __future__ import annotations

from typing import Any

LIST_COLUMNS = ("负荷", "企业编号", "数值", "累计占比(%)")
MAX_BARS = 20


def distribution_figure(result: Any) -> tuple[str, Any] | None:
    """``(caption, Figure)`` for the ``distribution`` table, or ``None`` when there is none.

    Real figures, not the report's cached stand-ins: the web app and tests look inside them."""
    from cpframework.report import charts

    table = result.tables.get("distribution")
    if table is None or table.frame.empty:
        return None
    frame = table.frame
    counts = [c for c in frame.columns if str(c).endswith("企业数")]
    if not counts:
        return None
    names = list(frame.columns[: list(frame.columns).index(counts[0])]) or [frame.columns[0]]  # 分级代码, 分级
    labels = [" ".join(str(v) for v in row) for row in frame[names].itertuples(index=False)]
    caption = f"{table.title}（企业数）"
    if len(counts) == 1:
        return caption, charts.distribution_chart.uncached({k: int(v) for k, v in zip(labels, frame[counts[0]])})
    series = {str(c).removesuffix("企业数"): [int(v) for v in frame[c]] for c in counts}
    return caption, charts.trend_chart.uncached(labels, series, unit="企业数（家）")


def concentration_figures(result: Any, max_bars: int = MAX_BARS) -> list[tuple[str, Any]]:
    """One ``(caption, Figure)`` per load of every table that has :data:`LIST_COLUMNS`."""
    from cpframework.report import charts

    out = []
    for table in result.tables.values():
        frame = table.frame
        if not set(LIST_COLUMNS) <= set(map(str, frame.columns)) or frame.empty:
            continue
        for load, part in frame.groupby("负荷", sort=False):
            shown = part.head(max_bars)
            fig, ax = charts.new_figure(8.0)
            xs = range(len(shown))
            ax.bar(xs, shown["数值"].astype(float), color="#1f5fa8", label=str(load))
            ax.set_xticks(list(xs), [str(x) for x in shown["企业编号"]], rotation=90 if len(shown) > 6 else 0,
                          fontsize=8)
            ax.set_ylabel(str(load))
            ax.ticklabel_format(axis="y", style="plain", useOffset=False)
            ax2 = ax.twinx()
            ax2.plot(list(xs), shown["累计占比(%)"].astype(float), color="#c62828", marker="o", markersize=3,
                     label="累计占比（占全部企业合计）")
            ax2.set_ylim(0, 105)
            ax2.set_ylabel("累计占比（%）")
            fig.legend(loc="outside upper center", ncols=2, fontsize=8)
            last = float(part["累计占比(%)"].iloc[-1])
            more = f"，图中为前 {len(shown)} 家" if len(part) > len(shown) else ""
            out.append((f"{load}：重点企业 {len(part)} 家，累计占比 {last:.1f}%{more}", fig))
    return out


def result_figures(result: Any) -> list[tuple[str, Any]]:
    """Every chart of a screening result: the distribution first, then the concentration charts.

    All are open at once (the caller saves and closes each), so matplotlib's warning about more than 20 open
    figures — English text on the user's terminal — is silenced here and only here."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="More than 20 figures have been opened", category=RuntimeWarning)
        dist = distribution_figure(result)
        return ([dist] if dist else []) + concentration_figures(result)

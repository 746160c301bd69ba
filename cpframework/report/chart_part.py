"""The writer's chart part: build a chart, embed it with a numbered caption, or explain why not."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cpframework.report import charts
from cpframework.report.protocol import ReportWriter


class ChartPart:
    """Charts through any :class:`ReportWriter` (it uses ``figure``, ``caption_only``, ``notice``, ``warn``)."""

    def __init__(self, writer: ReportWriter):
        self.w = writer

    def chart(self, builder: Callable[..., Any], caption: str, *args: Any, **kwargs: Any) -> str:
        warning = charts.missing_font_warning()
        if warning:  # keep the slot, its number and caption, so numbering does not depend on fonts
            self.w.warn(warning)
            self.w.notice(f"此处应插入图「{caption}」。{warning}")
            return self.w.caption_only("figure", caption)
        return self.w.figure(builder(*args, **kwargs), caption)

    def attainment(self, items: Sequence[Mapping[str, Any]], caption: str, title: str | None = None) -> str:
        return self.chart(charts.attainment_chart, caption, items, title)

    def level_shares(self, names: Sequence[str], shares: Mapping[str, Sequence[float | None]], caption: str,
                     title: str | None = None, unit: str = "企业占比（%）") -> str:
        return self.chart(charts.level_share_chart, caption, names, shares, title, unit)

    def gantt(self, tasks: Sequence[tuple[str, Any, Any]], caption: str, title: str | None = None) -> str:
        return self.chart(charts.gantt_chart, caption, tasks, title)

    def trend(self, years: Sequence[Any], series: Mapping[str, Sequence[float | None]], caption: str,
              unit: str = "", kind: str = "bar", title: str | None = None) -> str:
        return self.chart(charts.trend_chart, caption, years, series, unit, kind, title)

    def pareto(self, labels: Sequence[str], values: Sequence[float], caption: str, threshold: float = 0.8,
               unit: str = "", title: str | None = None, show: int | None = None) -> str:
        return self.chart(charts.pareto_chart, caption, labels, values, threshold, unit, title, show)

    def distribution(self, counts: Mapping[str, int], caption: str, kind: str = "bar", title: str | None = None,
                     unit: str = "家") -> str:
        return self.chart(charts.distribution_chart, caption, counts, kind, title, unit)

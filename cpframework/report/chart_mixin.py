"""``ReportWriter.chart_*``: build a chart, embed it with a numbered caption, or explain why not."""
from __future__ import annotations

from cpframework.report import charts


class ChartMixin:
    def _chart(self, builder, caption: str, *args, **kwargs) -> str | None:
        warning = charts.missing_font_warning()
        if warning:  # keep the slot, its number and caption, so numbering does not depend on fonts
            self.warn(warning)
            self.notice(f"此处应插入图「{caption}」。{warning}")
            return self.caption_only("figure", caption)
        return self.figure(builder(*args, **kwargs), caption)

    def chart_attainment(self, items, caption: str, title: str | None = None):
        """Indicators against 一般/先进 thresholds (see :func:`charts.attainment_chart`)."""
        return self._chart(charts.attainment_chart, caption, items, title)

    def chart_gantt(self, tasks, caption: str, title: str | None = None):
        """Work plan ``[(task, start, end), …]`` as a Gantt chart."""
        return self._chart(charts.gantt_chart, caption, tasks, title)

    def chart_trend(self, years, series: dict, caption: str, unit: str = "", kind: str = "bar",
                    title: str | None = None):
        """Bar or line trend over years, ``series = {name: [values per year]}``."""
        return self._chart(charts.trend_chart, caption, years, series, unit, kind, title)

    def chart_pareto(self, labels, values, caption: str, threshold: float = 0.8, unit: str = "",
                     title: str | None = None):
        """Pareto chart: sorted bars + cumulative share + threshold line."""
        return self._chart(charts.pareto_chart, caption, labels, values, threshold, unit, title)

    def chart_distribution(self, counts: dict, caption: str, kind: str = "bar", title: str | None = None,
                           unit: str = "家"):
        """Level distribution as bars or a pie."""
        return self._chart(charts.distribution_chart, caption, counts, kind, title, unit)

"""The writer's chart part: build a chart, embed it with a numbered caption, or explain why not."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cpframework.report import chart_cache, charts
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
        return self.w.figure(cached_builder(builder)(*args, **kwargs), caption)

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


_wrapped: dict[Any, Any] = {}


def cached_builder(builder: Callable[..., Any]) -> Callable[..., Any]:
    """A plugin's own chart function behind the chart cache (:mod:`chart_cache`), keyed also by the source of
    the module defining it, so an edited plugin draws anew; the framework's charts are cached already.

    Only a module-level function is cached: a lambda, a nested function or a closure may draw from data
    that is not in its arguments, so it is drawn every time."""
    if hasattr(builder, "uncached"):
        return builder
    if builder not in _wrapped:
        source = _source_digest(builder) if _cacheable(builder) else None
        _wrapped[builder] = builder if source is None else chart_cache.cached(
            lambda: (charts._cache_context(), source))(builder)
    return _wrapped[builder]


def _cacheable(builder: Callable[..., Any]) -> bool:
    import inspect

    return (inspect.isfunction(builder) and builder.__closure__ is None and "<" not in builder.__qualname__
            and "<" not in builder.__module__)


def _source_digest(builder: Callable[..., Any]) -> str | None:
    import hashlib
    import inspect

    try:
        return hashlib.sha256(open(inspect.getfile(builder), "rb").read()).hexdigest()
    except (OSError, TypeError):
        return None

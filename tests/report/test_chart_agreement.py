"""Charts drawn from the same data as their tables, legible for any size of data."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cpframework.calc.pareto import key_list
from cpframework.report import charts

pytestmark = pytest.mark.skipif(charts.cjk_font() is None, reason="没有中文字体")


def _fresh(builder, *args, **kwargs):
    """Build the figure itself (not a cached picture) to read its data back."""
    return getattr(builder, "__wrapped__", builder)(*args, **kwargs)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.floats(min_value=0.0, max_value=1e6), min_size=1, max_size=60).filter(lambda v: sum(v) > 0),
       threshold=st.sampled_from([0.5, 0.8, 0.9]))
def test_pareto_crossing_equals_the_key_list_count(values, threshold):
    import matplotlib.pyplot as plt

    ids = [f"E{k:03d}" for k in range(len(values))]
    table_count = len(key_list(pd.DataFrame({"负荷": values}, index=ids), threshold=threshold).per_load["负荷"])
    fig = _fresh(charts.pareto_chart, ids, values, threshold)
    try:
        line = fig.axes[1].lines[0]
        cum = list(line.get_ydata())
        drawn = next((k + 1 for k, c in enumerate(cum) if c >= threshold * 100 - 1e-9), None)
        assert drawn == table_count or (drawn is None and table_count > len(cum))
        assert cum[-1] == pytest.approx(100.0)          # the “其他” bar (or the last item) closes at 100 %
        assert len(fig.axes[0].patches) <= 21            # top N + 其他: a readable axis
    finally:
        plt.close(fig)


def test_pareto_over_all_items_not_the_bars_shown():
    """The issue's case: 30 enterprises, the 80 % crossing at the 12th; bars shown: 17."""
    values = [10.0] * 12 + [1.5] * 18
    names, heights, cum, crossing = charts.pareto_bars([str(k) for k in range(30)], values, 0.8, show=17)
    assert crossing == next(k + 1 for k in range(30) if sum(values[:k + 1]) >= 0.8 * sum(values))
    assert cum[16] < 100 and names[-1] == "其他（13 项）" and cum[-1] == pytest.approx(100)


@settings(max_examples=25, deadline=None)
@given(start=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)),
       days=st.integers(min_value=1, max_value=365 * 30), n=st.integers(min_value=1, max_value=12))
@example(start=dt.date(2020, 2, 22), days=283, n=1)        # “2020年11月” beside “2021年1月” once overlapped
@example(start=dt.date(2025, 3, 10), days=300, n=7)        # a typical audit plan
def test_gantt_date_labels_never_overlap(start, days, n):
    import matplotlib.pyplot as plt

    end = start + dt.timedelta(days=days)
    step = dt.timedelta(days=max(days // n, 1))
    tasks = [(f"任务{k + 1}", start + step * k, min(start + step * (k + 1), end)) for k in range(n)]
    fig = _fresh(charts.gantt_chart, tasks)
    try:
        fig.canvas.draw()
        boxes = sorted((t.get_window_extent() for t in fig.axes[0].get_xticklabels() if t.get_text()),
                       key=lambda b: b.x0)
        assert len(boxes) >= 1
        for a, b in zip(boxes, boxes[1:]):
            assert a.x1 <= b.x0, [t.get_text() for t in fig.axes[0].get_xticklabels()]
    finally:
        plt.close(fig)


def test_value_axes_have_no_offset_notation():
    import matplotlib.pyplot as plt

    fig = _fresh(charts.trend_chart, [2021, 2022, 2023], {"产值": [1.2e6, 1.5e6, 1.9e6]}, "万元")
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        texts = [t.get_text() for t in ax.get_yticklabels()] + [ax.yaxis.get_offset_text().get_text()]
        assert not any("e" in t.lower() or "×10" in t for t in texts), texts
        assert "万元" in ax.get_ylabel()
    finally:
        plt.close(fig)

"""Charts cached by content hash: the second save of the same chart is the same PNG without drawing it
again; other inputs draw anew; the cache folder is bounded; a broken cache only means drawing."""
from __future__ import annotations

import io

import pytest

from cpframework.report import chart_cache, charts


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CPF_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("CPF_CHART_CACHE", "1")
    return tmp_path / "c" / "charts"


def _png(fig, dpi=72) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, dpi=dpi)
    return buf.getvalue()


def test_same_chart_drawn_once(cache):
    calls = []
    real = charts.distribution_chart.uncached

    def counting(*a, **k):
        calls.append(a)
        return real(*a, **k)

    chart = chart_cache.cached(charts._cache_context)(counting)
    first = _png(chart({"Ⅰ级": 3, "Ⅱ级": 5}, "bar", "分布"))
    second = _png(chart({"Ⅰ级": 3, "Ⅱ级": 5}, "bar", "分布"))
    assert first == second and first.startswith(b"\x89PNG") and len(calls) == 1
    third = _png(chart({"Ⅰ级": 3, "Ⅱ级": 6}, "bar", "分布"))  # other numbers: drawn anew
    assert third != first and len(calls) == 2
    _png(chart({"Ⅰ级": 3, "Ⅱ级": 5}, "bar", "分布"), dpi=100)  # other resolution: another picture
    assert len(calls) == 3 and len(list(cache.glob("*.png"))) == 3


def test_cached_png_equals_uncached_drawing(cache):
    args = ([2021, 2022, 2023], {"能耗": [1.0, 2.0, 1.5]}, "tce")
    assert _png(charts.trend_chart(*args)) == _png(charts.trend_chart(*args)) == _png(charts.trend_chart.uncached(*args))


def test_disabled_and_unwritable_cache_still_draw(tmp_path, monkeypatch):
    monkeypatch.setenv("CPF_CHART_CACHE", "0")
    assert _png(charts.pareto_chart(["a", "b"], [3.0, 1.0])).startswith(b"\x89PNG")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CPF_CHART_CACHE", "1")
    monkeypatch.setenv("CPF_CACHE_DIR", str(blocker))  # a file where the folder should be
    assert _png(charts.pareto_chart(["a", "b"], [3.0, 1.0])).startswith(b"\x89PNG")


def test_prune_keeps_the_most_recently_used(tmp_path):
    import os

    for n in range(10):
        p = tmp_path / f"{n}.png"
        p.write_bytes(b"\x89PNG" + b"0" * 1000)
        os.utime(p, (n, n))
    chart_cache.prune(tmp_path, limit=5000)
    left = sorted(int(p.stem) for p in tmp_path.glob("*.png"))
    assert left and left == list(range(10 - len(left), 10)) and len(left) * 1004 <= 4000

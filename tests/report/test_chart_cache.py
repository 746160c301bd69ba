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


# ---------------------------------------------------------------- a plugin's own charts (writer.chart)

_drawn: list = []


def plugin_chart(values, title="自绘图"):
    """A module-level chart function as a plugin writes one (``w.chart(plugin_chart, 图名, values)``)."""
    _drawn.append(values)
    fig, ax = charts.new_figure(6.0)
    ax.bar(range(len(values)), values)
    ax.set_title(title)
    return fig


def test_plugin_chart_through_the_writer_is_cached(cache):
    from cpframework.report.chart_part import cached_builder

    _drawn.clear()
    chart = cached_builder(plugin_chart)
    assert cached_builder(plugin_chart) is chart and cached_builder(charts.trend_chart) is charts.trend_chart
    first, second = _png(chart([1.0, 2.0])), _png(chart([1.0, 2.0]))
    assert first == second == _png(plugin_chart([1.0, 2.0])) and len(_drawn) == 2  # drawn once via the cache
    assert _png(chart([1.0, 3.0])) != first and len(_drawn) == 3


def test_plugin_chart_cache_key_holds_the_module_source(cache, monkeypatch):
    from cpframework.report import chart_part

    monkeypatch.setattr(chart_part, "_wrapped", {})
    _drawn.clear()
    _png(chart_part.cached_builder(plugin_chart)([1.0]))
    monkeypatch.setattr(chart_part, "_wrapped", {})
    monkeypatch.setattr(chart_part, "_source_digest", lambda b: "edited plugin")
    _png(chart_part.cached_builder(plugin_chart)([1.0]))
    assert len(_drawn) == 2  # the plugin's code changed: drawn anew, not taken from the cache


def test_closures_and_lambdas_are_never_cached(cache):
    from cpframework.report.chart_part import cached_builder

    def make(values):
        def closure():
            return plugin_chart(values)
        return closure

    a, b = make([1.0]), make([5.0])
    assert cached_builder(a) is a and cached_builder(b) is b  # same name, other data: must not share a picture
    lam = lambda: plugin_chart([2.0])  # noqa: E731
    assert cached_builder(lam) is lam


def test_fit_layout_keeps_every_label_inside_the_picture():
    """Long category labels, axis titles and a figure legend below: all text within the figure."""
    import matplotlib.pyplot as plt

    items = [{"name": ("单位工业增加值二氧化碳排放量年均削减率", "绿化覆盖率")[i % 2], "value": 1 + i / 5, "general": 1.0,
              "advanced": 1.5} for i in range(6)]
    for fig in (charts.attainment_chart.uncached(items, "标题"),
                charts.pareto_chart.uncached([f"很长的企业名称第{i}号有限公司" for i in range(15)],
                                             [float(100 - i) for i in range(15)], unit="万吨"),
                charts.distribution_chart.uncached({"Ⅰ级": 3, "Ⅱ级": 5, "Ⅲ级": 1}, "pie", "分布")):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        figbox = fig.bbox
        boxes = [a.get_tightbbox(renderer) for a in fig.axes]  # every drawn tick label, title, text, legend
        boxes += [leg.get_window_extent(renderer) for leg in fig.legends]
        for box in boxes:
            assert box.x0 >= figbox.x0 - 1 and box.x1 <= figbox.x1 + 1
            assert box.y0 >= figbox.y0 - 1 and box.y1 <= figbox.y1 + 1
        for leg in fig.legends:  # a figure legend below the plot does not overlap its axis labels
            assert leg.get_window_extent(renderer).y1 <= min(b.y0 for b in boxes[:len(fig.axes)]) + 1
        plt.close(fig)


def test_report_with_every_chart_cached_needs_neither_matplotlib_nor_openpyxl(tmp_path):
    """The usual case (data unchanged since the last report): pictures and parsed workbook come from the caches,
    the font choice from its saved answer, so the two slowest imports are never made — and the report is the same."""
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    demo = Path(__file__).resolve().parents[2] / "examples" / "park_demo"
    env = {**__import__("os").environ, "CPF_CACHE_DIR": str(tmp_path / "cache"), "CPF_CHART_CACHE": "1",
           "CPF_WORKBOOK_CACHE": "1", "CPF_LOG_DIR": str(tmp_path)}
    probe = ("import sys; from cpframework.cli import main; code = main(['report', sys.argv[1], '-o', sys.argv[2], '-q']); "
             "print(code, 'matplotlib' in sys.modules, 'openpyxl' in sys.modules)")
    outs = []
    for name in ("a.docx", "b.docx"):
        r = subprocess.run([sys.executable, "-c", probe, str(demo), str(tmp_path / name)], env=env, capture_output=True,
                           text=True, timeout=300)
        outs.append(r.stdout.splitlines()[-1].split())
    assert outs[0] == ["0", "True", "True"], outs     # the first report draws and parses
    assert outs[1] == ["0", "False", "False"], outs   # the second needs neither
    parts = [zipfile.ZipFile(tmp_path / n) for n in ("a.docx", "b.docx")]
    assert parts[0].namelist() == parts[1].namelist()
    for name in parts[0].namelist():
        if "docProps" not in name:
            assert parts[0].read(name) == parts[1].read(name), name

"""Charts with matplotlib (Agg, imported lazily) and a CJK font found on the system.

Text uses a family list (Latin serif first, then the CJK face) so digits and letters come out in a
Times-like face and Chinese in 宋体-like glyphs, per glyph.  Units are plain Unicode (m³, CO₂):
mathtext breaks the CJK fallback.  Every builder returns a ``matplotlib.figure.Figure``; the chart
builders are cached by content hash (:mod:`cpframework.report.chart_cache`): they return a figure that
draws itself when saved unless the same picture is in the cache — use ``builder.uncached(...)`` for a
figure to change before saving.
"""
from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported lazily (Agg backend, first chart only)
    from types import ModuleType

    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from cpframework.report.chart_cache import cached

CJK_PREFERENCE = ["SimSun", "宋体", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC",
                  "SimHei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
                  "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN"]
LATIN_PREFERENCE = ["Times New Roman", "Liberation Serif", "Nimbus Roman", "DejaVu Serif"]
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".local/share/fonts"),
             "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts"]
WIDTH_IN = 14 / 2.54
_state: dict = {}


def _register_fonts(fm: ModuleType) -> None:
    """Register CJK .ttc/.otf files by path (works even when matplotlib's cache predates them)."""
    for d in FONT_DIRS:
        base = Path(d)
        if not base.is_dir():
            continue
        for pattern in ("**/*CJK*.tt[cf]", "**/*cjk*.tt[cf]", "**/wqy*.tt[cf]", "**/sim*.tt[cf]",
                        "**/msyh*.tt[cf]", "**/Songti*.tt[cf]", "**/PingFang*.tt[cf]", "**/*CJK*.otf"):
            for f in base.glob(pattern):
                try:
                    fm.fontManager.addfont(str(f))
                except Exception:  # noqa: BLE001 - a broken font file must not stop the report
                    pass


def font_families() -> tuple[str | None, list[str]]:
    """``(cjk_family or None, family list for rcParams)``; computed once per process, and kept on disk while
    the font folders, matplotlib and ``CPF_CJK_FONT`` are unchanged (matplotlib's font list costs ~0.6 s, and
    a report whose charts are all cached otherwise never imports matplotlib)."""
    if "families" not in _state:
        saved = _saved_families()
        if saved is None:
            _setup_matplotlib()
            from matplotlib import font_manager as fm

            names = {f.name for f in fm.fontManager.ttflist}
            chosen = os.environ.get("CPF_CJK_FONT", "").strip()  # a family name to prefer; "none" = no CJK font
            preference = ([chosen] if chosen and chosen.lower() != "none" else []) + list(CJK_PREFERENCE)
            cjk = None if chosen.lower() == "none" else next((n for n in preference if n in names), None)
            latin = next((n for n in LATIN_PREFERENCE if n in names), None)
            saved = (cjk, [x for x in (latin, cjk) if x] + ["DejaVu Serif"])
            _save_families(saved)
        _state["families"] = saved
    return _state["families"]


def _setup_matplotlib() -> None:
    """The Agg backend and the CJK font files, once per process, before anything is drawn."""
    if "matplotlib" not in _state:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib import font_manager as fm
        _register_fonts(fm)
        _state["matplotlib"] = True


def _families_key() -> str:
    import json
    from importlib.metadata import version

    folders = []
    for d in FONT_DIRS:
        for root, _dirs, _files in os.walk(d):  # a font installed anywhere below changes its folder's time
            try:
                folders.append((root, os.stat(root).st_mtime_ns))
            except OSError:
                pass
    return json.dumps([version("matplotlib"), os.environ.get("CPF_CJK_FONT", ""), sorted(folders)], ensure_ascii=False)


def _families_file() -> Path:
    from cpframework.report.chart_cache import cache_dir

    return cache_dir() / "fonts.json"


def _saved_families() -> tuple[str | None, list[str]] | None:
    import json

    try:
        data = json.loads(_families_file().read_text(encoding="utf-8"))
        if data["key"] == _families_key():
            cjk, fams = data["families"]
            if (cjk is None or isinstance(cjk, str)) and all(isinstance(f, str) for f in fams):
                return cjk, list(fams)
    except Exception:  # noqa: BLE001 - absent, unreadable or from another version: ask matplotlib
        pass
    return None


def _save_families(families: tuple[str | None, list[str]]) -> None:
    import json
    import tempfile

    try:
        path = _families_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"key": _families_key(), "families": list(families)}, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except Exception:  # noqa: BLE001 - an unwritable cache folder only costs the next run the lookup
        pass


def cjk_font() -> str | None:
    return font_families()[0]


def missing_font_warning() -> str | None:
    """The message to show when no CJK font exists (``None`` when charts can be drawn)."""
    if cjk_font():
        return None
    return ("未找到中文字体，报告中的图表未能生成（已以文字说明代替）。"
            "请安装中文字体后重新生成，例如 Debian/Ubuntu：sudo apt-get install fonts-noto-cjk")


def _cache_context() -> tuple:
    """What decides a picture besides the arguments: fonts, matplotlib, this module's code."""
    if "context" not in _state:
        import hashlib
        from importlib.metadata import version

        _state["context"] = (font_families(), version("matplotlib"),
                             hashlib.sha256(Path(__file__).read_bytes()).hexdigest())
    return _state["context"]


def _plt() -> ModuleType:
    cjk, fams = font_families()
    _setup_matplotlib()
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.family": fams, "axes.unicode_minus": False, "font.size": 10.5,
                         "axes.titlesize": 11, "legend.fontsize": 9, "mathtext.default": "regular"})
    return plt


def new_figure(height_cm: float = 8.0, width_in: float = WIDTH_IN) -> tuple[Figure, Axes]:
    """A figure at the report's text width with the report's fonts, and its axes (for a plugin's own chart)."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(width_in, height_cm / 2.54), layout=_fit_layout())
    return fig, ax


#: Space kept between the outermost text and the picture's edge, and around a figure legend (inches).
FIT_PAD_IN = 0.06


def _fit_layout() -> Any:
    """A layout engine that measures the text around the plot once and sets the margins to fit it.

    Constrained layout measures every axes twice (and every bar with it); this measures the axes'
    decorations (tick labels, axis titles, title, texts, legend) once and reserves the height of figure
    legends placed ``outside`` above or below — about half the time, the same pictures in all our charts.
    Figures with axes side by side (not twins) fall back to constrained layout."""
    if "engine" not in _state:
        from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine

        class FitLayout(LayoutEngine):
            _adjust_compatible = True
            _colorbar_gridspec = True

            def execute(self, fig: Any) -> None:
                if not _fit(fig):
                    ConstrainedLayoutEngine().execute(fig)

        _state["engine"] = FitLayout
    return _state["engine"]()


def _fit(fig: Any) -> bool:
    """Place the plot area so its decorations fit the figure; False when the figure is not one plot (+ twins)."""
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    axes = [a for a in fig.axes if a.get_visible()]
    if not axes or any(list(a.get_position().bounds) != list(axes[0].get_position().bounds) for a in axes):
        return False
    renderer = fig._get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad = FIT_PAD_IN * fig.dpi
    boxes = []
    for a in axes:
        extra = [c for c in a.get_children() if isinstance(c, Text) and c.get_visible() and c.get_in_layout()]
        if a.get_legend() is not None:
            extra.append(a.get_legend())
        box = a.get_tightbbox(renderer, bbox_extra_artists=extra, for_layout_only=True)
        if box is not None:
            boxes.append(box)
    inner = axes[0].bbox
    deco = Bbox.union(boxes) if boxes else inner
    lower = upper = 0.0
    for leg in fig.legends:
        where = getattr(leg, "_outside_loc", None)
        if where in ("lower", "upper"):
            h = leg.get_window_extent(renderer).height + pad
            lower, upper = (lower + h, upper) if where == "lower" else (lower, upper + h)
    left = (max(inner.x0 - deco.x0, 0) + pad) / width
    right = 1 - (max(deco.x1 - inner.x1, 0) + pad) / width
    bottom = (max(inner.y0 - deco.y0, 0) + pad + lower) / height
    top = 1 - (max(deco.y1 - inner.y1, 0) + pad + upper) / height
    if right - left < 0.2 or top - bottom < 0.2:  # text larger than the picture: let constrained layout try
        return False
    for a in axes:
        a.set_position([left, bottom, right - left, top - bottom])
    return True


LEVEL_MARKERS = ("D", "^", "s", "v", "P")
LEVEL_COLORS = ("#2e7d32", "#7cb342", "#c0ca33", "#f9a825", "#fb8c00")


def _levels(item: Mapping[str, Any]) -> list[tuple[str, float | None]]:
    """An item's thresholds, best level first: ``levels`` as given, or 先进/一般 from the two-level keys."""
    if "levels" in item:
        return [(str(k), v) for k, v in dict(item["levels"]).items()]
    return [("先进值", item.get("advanced")), ("一般值", item.get("general"))]


@cached(_cache_context)
def attainment_chart(items: Sequence[Mapping[str, Any]], title: str | None = None) -> Figure:
    """Indicator values against their level thresholds, normalised so that the lowest level = 1.

    ``items``: dicts with ``name``, ``value``, ``higher_is_better`` (default True) and either
    ``general`` and ``advanced`` (一般值/先进值) or ``levels`` — an ordered mapping from level label to
    threshold, best first (``{"Ⅰ级": 0.5, "Ⅱ级": 0.8, "Ⅲ级": 1.2}``) for standards with three or more
    levels.  A bar reaching 1 meets the lowest level; each better level is a marker.  For
    lower-is-better indicators the ratio is threshold / value.  Bars are capped at 3.
    """
    fig, ax = new_figure(max(5.0, 1.0 * len(items) + 2.5))
    names, ratios, colors = [], [], []
    markers: dict[str, list[float]] = {}
    ref_label = "一般值"
    for it in items:
        hib = it.get("higher_is_better", True)
        levels = _levels(it)
        ref_label, g = levels[-1]

        def norm(x: float | None) -> float:
            if x is None or g in (None, 0):
                return math.nan
            if hib:
                return x / g
            return g / x if x else 3.0
        r = min(norm(it.get("value")), 3.0)
        better = [norm(t) for _label, t in levels[:-1]]
        for (label, _t), b in zip(levels[:-1], better):
            markers.setdefault(label, []).append(b)
        reached = [i for i, b in enumerate(better) if not math.isnan(b) and r >= b]
        names.append(it["name"])
        ratios.append(r)
        colors.append("#4d4d4d" if math.isnan(r) else LEVEL_COLORS[min(reached[0], 2)] if reached
                      else "#f9a825" if r >= 1 else "#c62828")
    y = range(len(names))
    ax.barh(y, [0 if math.isnan(r) else r for r in ratios], color=colors, height=0.55)
    for k, (label, xs) in enumerate(markers.items()):
        ax.scatter(xs, y, marker=LEVEL_MARKERS[k % len(LEVEL_MARKERS)], color="black", zorder=3, label=label)
    ax.axvline(1.0, color="#555555", linestyle="--", linewidth=1, label=f"{ref_label}（=1）")
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xlabel(f"相对{ref_label}的达标程度（越大越好）")
    fig.legend(loc="outside lower center", ncols=min(len(markers) + 1, 4))
    if title:
        ax.set_title(title)
    return fig


@cached(_cache_context)
def level_share_chart(names: Sequence[str], shares: Mapping[str, Sequence[float | None]], title: str | None = None,
                      unit: str = "企业占比（%）") -> Figure:
    """Per item (an indicator) the share of subjects (enterprises) reaching each level, stacked.

    ``shares``: level label → cumulative share per item in 0–1, best level first
    (``{"Ⅰ级": [0.2, …], "Ⅱ级": [0.5, …], "Ⅲ级": [0.9, …]}``: 50 % reach Ⅱ级 *or better*).  Each
    segment shows those reaching that level but not the better one; missing values count as 0.
    """
    fig, ax = new_figure(max(6.0, 0.55 * len(names) + 3))
    y = list(range(len(names)))
    left = [0.0] * len(names)
    previous = [0.0] * len(names)
    for k, (label, cumulative) in enumerate(shares.items()):
        cum = [0.0 if v is None or math.isnan(v) else float(v) for v in cumulative]
        part = [max(c - p, 0.0) * 100 for c, p in zip(cum, previous)]
        ax.barh(y, part, left=left, color=LEVEL_COLORS[k % len(LEVEL_COLORS)], height=0.6, label=f"达{label}")
        left = [a + b for a, b in zip(left, part)]
        previous = [max(c, p) for c, p in zip(cum, previous)]
    ax.set_yticks(y, list(names))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(unit)
    fig.legend(loc="outside lower center", ncols=min(max(len(shares), 1), 5))
    if title:
        ax.set_title(title)
    return fig


def _date(x: Any) -> dt.date:
    return x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x))


#: At most this many date labels across the chart's width (“2025年11月” is about 1.7 cm at 9 pt).
GANTT_MAX_LABELS = 5


def gantt_ticks(first: dt.date, last: dt.date) -> tuple[Any, Any]:
    """A locator and a formatter giving at most :data:`GANTT_MAX_LABELS` date labels for the plan's span:
    every 1, 2, 3, 6 or 12 months (“2025年4月”), or years (“2025年”) for plans of many years."""
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    months = (last.year - first.year) * 12 + last.month - first.month + 1
    for step in (1, 2, 3, 6, 12):
        if months // step + 1 <= GANTT_MAX_LABELS:   # ticks from the first month's 1st to the month after
            return (mdates.MonthLocator(bymonth=range(1, 13, step), bymonthday=1),
                    FuncFormatter(lambda x, _pos: f"{mdates.num2date(x).year}年{mdates.num2date(x).month}月"))
    years = last.year - first.year + 1
    base = next(b for b in (1, 2, 5, 10, 20, 50, 100, 10 ** 6) if years // b + 1 <= GANTT_MAX_LABELS)
    return mdates.YearLocator(base), FuncFormatter(lambda x, _pos: f"{mdates.num2date(x).year}年")


@cached(_cache_context)
def gantt_chart(tasks: Sequence[tuple[str, Any, Any]], title: str | None = None) -> Figure:
    """Work plan as a Gantt chart: ``[(task, start, end), …]`` with dates or "YYYY-MM-DD" strings."""
    import matplotlib.dates as mdates
    fig, ax = new_figure(max(5.0, 0.8 * len(tasks) + 2.5))
    for i, (_name, start, end) in enumerate(tasks):
        s, e = _date(start), _date(end)
        ax.barh(i, max((e - s).days, 1), left=mdates.date2num(s), height=0.5, color="#1f5fa8")
    ax.set_yticks(range(len(tasks)), [t[0] for t in tasks])
    ax.invert_yaxis()
    ax.xaxis_date()
    first = min((_date(t[1]) for t in tasks), default=dt.date.today())
    last = max((_date(t[2]) for t in tasks), default=first)
    month_after = dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    ax.set_xlim(mdates.date2num(dt.date(first.year, first.month, 1)), mdates.date2num(month_after))
    locator, formatter = gantt_ticks(first, last)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    ax.set_xlabel("时间")
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", linestyle=":", linewidth=0.6)
    if title:
        ax.set_title(title)
    return fig


@cached(_cache_context)
def trend_chart(years: Sequence[Any], series: Mapping[str, Sequence[float | None]], unit: str = "",
                kind: str = "bar", title: str | None = None) -> Figure:
    """Values over years: grouped bars (``kind="bar"``) or lines (``"line"``)."""
    fig, ax = new_figure(7.5)
    labels = [f"{y}年" if isinstance(y, int) else str(y) for y in years]
    n = max(len(series), 1)
    width = 0.8 / n
    for k, (name, given) in enumerate(series.items()):
        vals = [math.nan if v is None else v for v in given]
        if kind == "line":
            ax.plot(labels, vals, marker="o", label=name)
        else:
            xs = [i - 0.4 + width * (k + 0.5) for i in range(len(labels))]
            ax.bar(xs, vals, width=width, label=name)
    ax.set_xticks(range(len(labels)), [wrap_label(x, 6) for x in labels] if len(labels) > 8 else labels)
    if unit:
        ax.set_ylabel(unit if "（" in unit or "(" in unit else f"数值（{unit}）")
    _plain_numbers(ax.yaxis)
    if len(series) > 1 or kind == "line":
        ax.legend()
    if title:
        ax.set_title(title)
    return fig


def pareto_bars(labels: Sequence[str], values: Sequence[float], threshold: float = 0.8,
                show: int | None = None) -> tuple[list[str], list[float], list[float], int]:
    """What a Pareto chart draws, from ALL items: the bars shown (the largest ``show`` items and one
    “其他（n 项）” bar for the rest), the cumulative share in % at each bar over the total of all items, and
    the rank at which the cumulative share first reaches ``threshold`` (0 when it never does)."""
    pairs = sorted(((str(k), float(v)) for k, v in zip(labels, values)), key=lambda p: p[1], reverse=True)
    total = sum(v for _, v in pairs)
    shares, acc = [], 0.0
    for _, v in pairs:
        acc += v
        shares.append(acc / total * 100 if total > 0 else 0.0)
    crossing = next((k + 1 for k, c in enumerate(shares) if c >= threshold * 100 - 1e-9), 0)
    if show is None:
        show = min(max(crossing + 3, 10), 20)
    shown = pairs[:show]
    names, heights, cum = [p[0] for p in shown], [p[1] for p in shown], shares[:show]
    if len(pairs) > show:
        rest = pairs[show:]
        names.append(f"其他（{len(rest)} 项）")
        heights.append(sum(v for _, v in rest))
        cum.append(shares[-1])
    return names, heights, cum, crossing


def _plain_numbers(axis: Any) -> None:
    """No offset or scientific notation (“1e6”) on a value axis: the unit is in the axis title."""
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.10g}" if abs(x) >= 1e4 else f"{x:.10g}"))


def wrap_label(text: str, width: int = 6) -> str:
    """A category label in lines of ``width`` characters (Chinese labels have no spaces to wrap at)."""
    text = str(text)
    return "\n".join(text[i:i + width] for i in range(0, len(text), width)) if len(text) > width else text


@cached(_cache_context)
def pareto_chart(labels: Sequence[str], values: Sequence[float], threshold: float = 0.8,
                 unit: str = "", title: str | None = None, show: int | None = None) -> Figure:
    """Pareto chart of ALL items (``labels``/``values``): the largest bars, the rest as “其他”, the cumulative
    share over the total of all items, the threshold (e.g. 80 %) and the rank where it is first reached —
    the same count as the key-list table (:func:`pareto_bars`)."""
    names, heights, cum, crossing = pareto_bars(labels, values, threshold, show)
    fig, ax = new_figure(8.5)
    ax.bar(range(len(names)), heights, color="#1f5fa8")
    many, crowded = len(names) > 6, len(names) > 15   # crowded: at 45° the labels of 20+ bars overlap
    ax.set_xticks(range(len(names)), [wrap_label(n, 8) for n in names], rotation=90 if crowded else 45 if many else 0,
                  ha="center" if crowded or not many else "right", fontsize=8 if crowded else 9 if many else None)
    ax.set_ylabel(f"数值（{unit}）" if unit else "数值")
    _plain_numbers(ax.yaxis)
    ax2 = ax.twinx()
    ax2.plot(range(len(names)), cum, color="#c62828", marker="o", label="累计占比（占全部）")
    ax2.axhline(threshold * 100, color="#555555", linestyle="--", linewidth=1, label=f"{threshold * 100:g}% 阈值")
    if 0 < crossing <= len(names):
        ax2.axvline(crossing - 1, color="#2e7d32", linestyle=":", linewidth=1,
                    label=f"第 {crossing} 位累计达到 {threshold * 100:g}%")
    ax2.set_ylim(0, 105)
    ax2.set_ylabel("累计占比（%）")
    ax2.legend(loc="center right", fontsize=9)
    if title:
        ax.set_title(title)
    return fig


@cached(_cache_context)
def distribution_chart(counts: Mapping[str, int], kind: str = "bar", title: str | None = None,
                       unit: str = "家") -> Figure:
    """How many items fall in each level (e.g. 一级/二级/三级): bars or a pie."""
    fig, ax = new_figure(7.5)
    labels, vals = list(counts), list(counts.values())
    if kind == "pie":
        ax.pie(vals, labels=labels, autopct=lambda p: f"{p:.1f}%" if p > 0 else "", startangle=90,
               counterclock=False)
        ax.axis("equal")
    else:
        bars = ax.bar(labels, vals, color="#1f5fa8", width=0.5)
        ax.bar_label(bars, labels=[str(v) for v in vals])
        ax.set_ylabel(f"数量（{unit}）" if unit else "数量")
    if title:
        ax.set_title(title)
    return fig


from cpframework.report.flow_chart import flow_chart as flow_chart  # noqa: E402  (Sankey; its own module)

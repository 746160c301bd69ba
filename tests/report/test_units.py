"""Markdown parsing, numbering helpers, charts without fonts (loading errors: test_loading.py)."""
import pytest

from cpframework.report import markdown
from cpframework.report.units import chapter_index, chinese_number, item_label, size_pt


def test_zihao_and_numbers():
    assert (size_pt("三号"), size_pt("小四"), size_pt("20 号"), size_pt("10.5pt"), size_pt(12)) == (16, 12, 20, 10.5, 12)
    with pytest.raises(ValueError):
        size_pt("三 号")
    assert [chinese_number(n) for n in (1, 10, 12, 21)] == ["一", "十", "十二", "二十一"]
    assert (chapter_index("第四章"), chapter_index("第十一章"), chapter_index("2.4.1"), chapter_index("")) == (4, 11, 2, None)
    assert (item_label("({n})", 3), item_label("{circled}", 2)) == ("(3)", "②")


def test_markdown_blocks():
    blocks = markdown.parse("# 标题\n一行\n二行 **粗** *斜*\n\n- a\n  - b\n1. c\n\n表：T\n| x | y |\n|--|--|\n| 1 |\n")
    assert [b["type"] for b in blocks] == ["heading", "para", "list", "list", "table"]
    assert markdown.plain(blocks[1]["inline"]) == "一行二行 粗 斜"
    assert ("粗", {"bold": True}) in blocks[1]["inline"]
    assert blocks[2]["items"][0][1]["items"][0][0] == [("b", {})]
    assert blocks[4]["caption"] == "T" and blocks[4]["rows"] == [["1", ""]]


def test_chart_without_cjk_font_gives_note_and_warning(monkeypatch, profile):
    from cpframework.report import charts
    from cpframework.report.writer import DocxReportWriter
    monkeypatch.setitem(charts._state, "families", (None, ["DejaVu Serif"]))
    assert "fonts-noto-cjk" in charts.missing_font_warning()
    with DocxReportWriter(profile) as w:
        assert w.chart_trend([2021, 2022], {"用水量": [1, 2]}, "用水趋势", unit="m³") == "图 1"
        assert not w.doc.inline_shapes and any("fonts-noto-cjk" in x for x in w.warnings)
        texts = [p.text for p in w.doc.paragraphs]
        assert "图 1 用水趋势" in texts and any("此处应插入图「用水趋势」" in t for t in texts)


def test_charts_render_when_font_present(profile, tmp_path):
    from cpframework.report import charts
    from cpframework.report.writer import DocxReportWriter
    if charts.cjk_font() is None:
        pytest.skip("系统中没有中文字体")
    with DocxReportWriter(profile) as w:
        w.chapter("图表")
        assert w.chart_trend([2021, 2022, 2023], {"CO₂": [1, 2, 3]}, "趋势", unit="t", kind="line") == "图 1-1"
        w.chart_gantt([("准备", "2024-01-01", "2024-02-15")], "甘特图")
        w.chart_pareto(["甲", "乙", "丙"], [5, 3, 1], "帕累托")
        w.chart_distribution({"一级": 1, "二级": 2}, "分布", kind="pie")
        w.chart_attainment([{"name": "能耗", "value": 0, "general": 1, "advanced": 0.8, "higher_is_better": False}], "达标")
        w.chart_level_shares(["能耗"], {"Ⅰ级": [0.2], "Ⅱ级": [0.6]}, "多级达标率")
        assert w.chart(lambda: charts.new_figure(5)[0], "自定义图") == "图 1-7"
        assert w.counts["figures"] == 7
        w.save(tmp_path / "c.docx")


def test_multi_level_attainment_chart_normalises_to_the_lowest_level():
    from cpframework.report import charts
    fig = charts.attainment_chart.uncached([
        {"name": "能耗", "value": 0.7, "higher_is_better": False, "levels": {"Ⅰ级": 0.5, "Ⅱ级": 0.8, "Ⅲ级": 1.2}},
        {"name": "回用率", "value": 30, "levels": {"Ⅰ级": 90, "Ⅱ级": 60, "Ⅲ级": 40}},
        {"name": "缺值", "value": None, "levels": {"Ⅰ级": 90, "Ⅱ级": 60, "Ⅲ级": 40}}])
    ax = fig.axes[0]
    bars = ax.patches[:3]
    assert [round(b.get_width(), 3) for b in bars] == [round(1.2 / 0.7, 3), 0.75, 0]
    assert [b.get_facecolor()[:3] for b in bars[:2]] == [_rgb(charts.LEVEL_COLORS[1]), _rgb("#c62828")]  # Ⅱ级; below Ⅲ级
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Ⅰ级", "Ⅱ级", "Ⅲ级（=1）"]
    assert ax.get_xlabel() == "相对Ⅲ级的达标程度（越大越好）"
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_level_share_chart_stacks_the_part_reaching_each_level_only():
    from cpframework.report import charts
    fig = charts.level_share_chart.uncached(["甲", "乙"], {"Ⅰ级": [0.2, None], "Ⅱ级": [0.5, 0.4], "Ⅲ级": [0.9, 1.0]})
    widths = [round(p.get_width(), 6) for p in fig.axes[0].patches]
    lefts = [round(p.get_x(), 6) for p in fig.axes[0].patches]
    assert widths == [20, 0, 30, 40, 40, 60] and lefts == [0, 0, 20, 0, 50, 40]
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["达Ⅰ级", "达Ⅱ级", "达Ⅲ级"]
    import matplotlib.pyplot as plt
    plt.close(fig)


def _rgb(hex_color: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb
    return to_rgb(hex_color)

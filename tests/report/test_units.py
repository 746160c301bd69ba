"""Profile and outline loading errors, Markdown parsing, numbering helpers, charts without fonts."""
from pathlib import Path

import pytest

from cpframework.report import markdown
from cpframework.errors import ProfileError
from cpframework.report.units import chapter_index, chinese_number, item_label, size_pt


def test_zihao_and_numbers():
    assert (size_pt("三号"), size_pt("小四"), size_pt("20 号"), size_pt("10.5pt"), size_pt(12)) == (16, 12, 20, 10.5, 12)
    with pytest.raises(ValueError):
        size_pt("三 号")
    assert [chinese_number(n) for n in (1, 10, 12, 21)] == ["一", "十", "十二", "二十一"]
    assert (chapter_index("第四章"), chapter_index("第十一章"), chapter_index("2.4.1"), chapter_index("")) == (4, 11, 2, None)
    assert (item_label("({n})", 3), item_label("{circled}", 2)) == ("(3)", "②")


def _write(tmp_path, text) -> Path:
    p = tmp_path / "profile.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_profile_error_names_file_and_key(tmp_path):
    from cpframework.report.profile import load_profile
    p = _write(tmp_path, '[styles.heading1]\nfont = "黑体"\nsize = "三 号"\n')
    with pytest.raises(ProfileError) as ei:
        load_profile(p)
    msg = str(ei.value)
    assert str(p) in msg and "styles.heading1.size" in msg and "字号" in msg
    with pytest.raises(ProfileError, match=r"styles\.body\.fnt.*未知的键"):
        load_profile(_write(tmp_path, '[styles.body]\nfnt = "宋体"\n'))
    with pytest.raises(ProfileError, match=r"styles\.mine\.size.*缺少"):
        load_profile(_write(tmp_path, '[styles.mine]\nfont = "宋体"\n'))
    with pytest.raises(ProfileError, match="TOML"):
        load_profile(_write(tmp_path, "[styles\n"))


def test_profile_merges_over_default(tmp_path):
    from cpframework.report.profile import load_profile
    prof = load_profile(_write(tmp_path, '[styles.body]\nfont = "仿宋"\nsize = "四号"\n[page]\nmargin_left_cm = 2.8\n'))
    assert (prof.style("body").font, prof.style("body").size_pt, prof.style("body").first_line_chars) == ("仿宋", 14, 2)
    assert prof.style("heading1").font == "黑体" and prof.page.margin_left_cm == 2.8


def test_report_kind_errors(tmp_path):
    from cpframework.report.outline import load_report_kind
    p = tmp_path / "k.toml"
    p.write_text('[report]\nid="a"\ntitle="t"\n[[outline]]\nid="x"\ntitle="一"\n[[outline]]\nid="x"\ntitle="二"\n',
                 encoding="utf-8")
    with pytest.raises(ProfileError, match=r"outline\[1\]\.id.*重复"):
        load_report_kind(p, "s")
    p.write_text('[report]\nid="a"\ntitle="t"\nstandard="other"\n[[outline]]\nid="x"\ntitle="一"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="report.standard"):
        load_report_kind(p, "s")
    p.write_text('[report]\nid="a"\ntitle="t"\n[[outline]]\nid="x"\ntitle="一"\nnarrative="../x"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="narrative"):
        load_report_kind(p, "s")


def test_markdown_blocks():
    blocks = markdown.parse("# 标题\n一行\n二行 **粗** *斜*\n\n- a\n  - b\n1. c\n\n表：T\n| x | y |\n|--|--|\n| 1 |\n")
    assert [b["type"] for b in blocks] == ["heading", "para", "list", "list", "table"]
    assert markdown.plain(blocks[1]["inline"]) == "一行二行 粗 斜"
    assert ("粗", {"bold": True}) in blocks[1]["inline"]
    assert blocks[2]["items"][0][1]["items"][0][0] == [("b", {})]
    assert blocks[4]["caption"] == "T" and blocks[4]["rows"] == [["1", ""]]


def test_chart_without_cjk_font_gives_note_and_warning(monkeypatch, profile):
    from cpframework.report import charts
    from cpframework.report.writer import ReportWriter
    monkeypatch.setitem(charts._state, "families", (None, ["DejaVu Serif"]))
    assert "fonts-noto-cjk" in charts.missing_font_warning()
    with ReportWriter(profile) as w:
        assert w.chart_trend([2021, 2022], {"用水量": [1, 2]}, "用水趋势", unit="m³") == "图 1"
        assert not w.doc.inline_shapes and any("fonts-noto-cjk" in x for x in w.warnings)
        texts = [p.text for p in w.doc.paragraphs]
        assert "图 1 用水趋势" in texts and any("此处应插入图「用水趋势」" in t for t in texts)


def test_charts_render_when_font_present(profile, tmp_path):
    from cpframework.report import charts
    from cpframework.report.writer import ReportWriter
    if charts.cjk_font() is None:
        pytest.skip("系统中没有中文字体")
    with ReportWriter(profile) as w:
        w.chapter("图表")
        assert w.chart_trend([2021, 2022, 2023], {"CO₂": [1, 2, 3]}, "趋势", unit="t", kind="line") == "图 1-1"
        w.chart_gantt([("准备", "2024-01-01", "2024-02-15")], "甘特图")
        w.chart_pareto(["甲", "乙", "丙"], [5, 3, 1], "帕累托")
        w.chart_distribution({"一级": 1, "二级": 2}, "分布", kind="pie")
        w.chart_attainment([{"name": "能耗", "value": 0, "general": 1, "advanced": 0.8, "higher_is_better": False}], "达标")
        assert w.counts["figures"] == 5
        w.save(tmp_path / "c.docx")

"""Report kinds and typesetting profiles load through the one data-file loader: every error names the
file and the key path (with "did you mean" for a misspelt key), in Chinese; the checks the old
hand-written checker made (ranges, choices, unique ids, narrative file names, strict types) still hold."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpframework.errors import DefinitionError
from cpframework.report.model import InnerItem, OutlineInsertion, OutlineNode
from cpframework.report.outline import load_report_kind, report_kind_from_dict
from cpframework.report.profile import load_profile


def _file(tmp_path: Path, text: str, name: str = "f.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(func, *args) -> str:
    with pytest.raises(DefinitionError) as ei:
        func(*args)
    return str(ei.value)


# ---------------------------------------------------------------- typesetting profiles

@pytest.mark.parametrize("text, keypath, words", [
    ('[styles.heading1]\nfont = "黑体"\nsize = "三 号"\n', "$.styles.heading1.size", "无法识别的字号「三 号」"),
    ('[styles.body]\nfnt = "宋体"\n', "$.styles.body", "“fnt”（是否想写“font”？）"),
    ('[styles.mine]\nfont = "宋体"\n', "$.styles.mine.size", "缺少"),
    ('[styles.body]\nbold = "false"\n', "$.styles.body.bold", "应为 true 或 false"),
    ('[styles.body]\nfont = 3\n', "$.styles.body.font", "应为文字"),
    ('[styles.body]\nline_spacing = 200\n', "$.styles.body.line_spacing", "超出范围 [0.5, 100]"),
    ('[styles.body]\nalign = "中间"\n', "$.styles.body.align", "无法识别的对齐方式「中间」"),
    ('[styles.body]\nline_rule = "double"\n', "$.styles.body.line_rule", "无法识别的行距类型"),
    ('[styles.body]\noutline_level = 9\n', "$.styles.body.outline_level", "超出范围 [0, 8]"),
    ("[styles]\nbody = 3\n", "$.styles.body", "应为表"),
    ('[page]\ntoc_numbering = "roman"\n', "$.page.toc_numbering", "目录页码格式"),
    ("[page]\nmargin_left_cm = -1\n", "$.page.margin_left_cm", "超出范围"),
    ('[page]\nwidth_cm = "21"\n', "$.page.width_cm", "应为数值"),
    ("[toc]\ndepth = 12\n", "$.toc.depth", "超出范围 [1, 9]"),
    ("[figure]\ndpi = 30\n", "$.figure.dpi", "超出范围 [72, 600]"),
    ("[lists]\nnumbered = []\n", "$.lists.numbered", "非空"),
    ("[lists]\nnumbered = [1]\n", "$.lists.numbered[0]", "应为文字"),
    ('[profil]\nid = "x"\n', "$", "“profil”（是否想写“profile”？）"),
])
def test_profile_error_names_file_and_key_path(tmp_path, text, keypath, words):
    p = _file(tmp_path, text)
    msg = _error(load_profile, p)
    assert str(p) in msg and f"{keypath}：" in msg and words in msg, msg


def test_profile_toml_syntax_error_names_the_file(tmp_path):
    p = _file(tmp_path, "[styles\n")
    msg = _error(load_profile, p)
    assert str(p) in msg and "TOML" in msg


def test_profile_merges_over_default(tmp_path):
    prof = load_profile(_file(tmp_path, '[styles.body]\nfont = "仿宋"\nsize = "四号"\n[page]\nmargin_left_cm = 2.8\n'))
    assert (prof.style("body").font, prof.style("body").size_pt, prof.style("body").first_line_chars) == ("仿宋", 14, 2)
    assert prof.style("heading1").font == "黑体" and prof.page.margin_left_cm == 2.8
    assert prof.style("body").latin == "Times New Roman" and prof.style("body").align == "both"


def test_profile_label_names_the_plugin_file(tmp_path):
    msg = _error(load_profile, _file(tmp_path, "[toc]\ndepth = 0\n"), "cpf_x/data/typesetting.toml")
    assert msg.startswith("定义文件 cpf_x/data/typesetting.toml 有误") and "$.toc.depth" in msg


# ---------------------------------------------------------------- report kinds

HEAD = '[report]\nid = "a"\ntitle = "报告"\n'


@pytest.mark.parametrize("body, keypath, words", [
    ('[[outline]]\nid = "x"\ntitle = "一"\n[[outline]]\nid = "x"\ntitle = "二"\n', "$.outline[1].id", "节点 id「x」重复"),
    ('[[outline]]\nid = "x"\ntitle = "一"\nnarrative = "../x"\n', "$.outline[0].narrative", "只能是文件名"),
    ('[[outline]]\nid = "a/b"\ntitle = "一"\n', "$.outline[0].id", "不能用作叙述文件名"),
    ('[[outline]]\nid = "x"\ntitel = "一"\n', "$.outline[0]", "“titel”（是否想写“title”？）"),
    ('[[outline]]\nid = "x"\n', "$.outline[0].title", "缺少"),
    ('[[outline]]\nid = "x"\ntitle = "一"\ntype = "annex"\n', "$.outline[0].type", "无法识别的章节类型"),
    ('[[outline]]\nid = "x"\ntitle = "一"\nnumber = 1\n', "$.outline[0].number", "应为文字"),
    ('[[outline]]\nid = "x"\ntitle = "一"\n[[outline.children]]\nid = "y"\ntitle = "二"\nchildren = 3\n',
     "$.outline[0].children[0].children", "应为表数组"),
    ('[[outline]]\nid = "a"\ntitle = "1"\n[[outline.children]]\nid = "b"\ntitle = "2"\n'
     '[[outline.children.children]]\nid = "c"\ntitle = "3"\n[[outline.children.children.children]]\nid = "d"\ntitle = "4"\n'
     '[[outline.children.children.children.children]]\nid = "e"\ntitle = "5"\n',
     "$.outline[0].children[0].children[0].children[0].children[0]", "提纲最多4级"),
    ('[[outline]]\nid = "x"\ntitle = "一"\n[[outline]]\nid = "y"\ntitle = "二"\nnumber = "第二章"\n',
     "$.outline[0].number", "自动编号会与之重复"),
    ("", "$.outline", "缺少提纲"),
    ('[cover]\nsubtitle = ["a"]\n[[outline]]\nid = "x"\ntitle = "一"\n', "$.cover.subtitle", "应为文字"),
    ('[cover]\ntitle = [1]\n[[outline]]\nid = "x"\ntitle = "一"\n', "$.cover.title", "应为文字或文字列表"),
    ('[[inner_covers]]\nid = "c"\n[[inner_covers.items]]\ntype = "chart"\n[[outline]]\nid = "x"\ntitle = "一"\n',
     "$.inner_covers[0].items[0].type", "无法识别的内容类型「chart」"),
    ('[[inner_covers]]\nid = "c"\n[[inner_covers.items]]\ntype = "renderer"\n[[outline]]\nid = "x"\ntitle = "一"\n',
     "$.inner_covers[0].items[0].name", "须给出渲染函数名"),
    ('[[inner_covers]]\nid = "c"\n[[inner_covers.items]]\ntype = "table"\nheader = [{ text = "产量", span = 99 }]\n'
     '[[outline]]\nid = "x"\ntitle = "一"\n', "$.inner_covers[0].items[0].header", "span = 1–50"),
    ('[[inner_covers]]\nid = "c"\n[[inner_covers.items]]\ntype = "blank"\nlines = 0\n[[outline]]\nid = "x"\ntitle = "一"\n',
     "$.inner_covers[0].items[0].lines", "超出范围 [1, 40]"),
])
def test_report_kind_error_names_file_and_key_path(tmp_path, body, keypath, words):
    p = _file(tmp_path, HEAD + body)
    msg = _error(load_report_kind, p, "s")
    assert str(p) in msg and f"{keypath}：" in msg and words in msg, msg


def test_report_kind_meta_errors(tmp_path):
    msg = _error(load_report_kind, _file(tmp_path, HEAD + 'standard = "other"\n[[outline]]\nid = "x"\ntitle = "一"\n'), "s")
    assert "$.report.standard" in msg and "属于标准「other」" in msg
    msg = _error(load_report_kind, _file(tmp_path, HEAD + 'toc_depth = 0\n[[outline]]\nid = "x"\ntitle = "一"\n'), "s")
    assert "$.report.toc_depth" in msg and "超出范围 [1, 9]" in msg
    msg = _error(load_report_kind, _file(tmp_path, '[report]\nid = "a"\n[[outline]]\nid = "x"\ntitle = "一"\n'), "s")
    assert "$.report.title" in msg and "缺少" in msg


def test_report_kind_from_a_dict_keeps_the_data_file_shape():
    kind = report_kind_from_dict({"report": {"id": "k", "title": "报告", "toc_depth": 2},
                                  "cover": {"title": "单行标题", "organisation": ["甲", "?乙：{x}"]},
                                  "inner_covers": [{"items": [{"type": "table", "header": ["a", {"text": "b", "span": 2}],
                                                               "rows": [["^", 1, 2.5]]}]}],
                                  "outline": [{"id": "x", "title": "一", "number": ""}]}, "s")
    assert (kind.standard, kind.id, kind.toc_depth, kind.cover.title) == ("s", "k", 2, ("单行标题",))
    item = kind.inner_covers[0].items[0]
    assert kind.inner_covers[0].id == "inner1" and item.header == ("a", ("b", 2)) and item.rows == ((None, 1, 2.5),)
    assert kind.outline[0].number == "" and not kind.outline[0].auto_number


def test_records_built_in_python_are_checked_alike():
    with pytest.raises(Exception, match="叙述文件名"):
        OutlineNode(id="x", title="一", narrative="a/b")
    with pytest.raises(Exception, match="渲染函数名"):
        InnerItem(type="renderer")
    with pytest.raises(Exception, match="after、before、under 须恰好给出一个"):
        OutlineInsertion(standard="s", report="a", node=OutlineNode(id="x", title="一"), after="a", under="b")
    with pytest.raises(Exception, match="after、before、under 须恰好给出一个"):
        OutlineInsertion(standard="s", report="a", node=OutlineNode(id="x", title="一"))


def test_every_shipped_report_file_loads():
    """The built-in plugins' and the fifth standard's report kinds and typesetting load as they are."""
    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("plugins/*/data/reports/*.toml")) + sorted(root.glob("examples/plugins/*/*/data/reports/*.toml"))
    assert len(files) >= 7
    for f in files:
        kind = load_report_kind(f, "s")
        assert kind.outline and all(re.fullmatch(r"[\w\-.]+", n.narrative_stem) for _d, n in kind.iter_nodes())
        typesetting = f.parent.parent / "typesetting.toml"
        if typesetting.is_file():
            assert load_profile(typesetting).styles.keys() >= {"body", "heading1", "caption"}

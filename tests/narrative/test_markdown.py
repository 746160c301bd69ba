"""Markdown behaves as an editor leads one to expect."""
from __future__ import annotations

import docx

from cpframework.report import markdown


def _paras(path):
    return [(p.text, p.style.name) for p in docx.Document(str(path)).paragraphs]


def test_a_block_quote_is_a_note_without_the_marker():
    (block,) = markdown.parse("> 注：数据来自\n> 园区统计年鉴。")
    assert block["type"] == "quote" and markdown.plain(block["inline"]) == "注：数据来自园区统计年鉴。"


def test_every_block_knows_its_source_lines():
    text = "# 标题\n\n一段\n两行\n\n- a\n- b\n\n> 注：x\n\n表：T\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![图](a.png)\n"
    lines = text.split("\n")
    got = ["\n".join(lines[slice(*b["lines"])]).strip() for b in markdown.parse(text)]
    assert got == ["# 标题", "一段\n两行", "- a\n- b", "> 注：x", "表：T\n| a | b |\n|---|---|\n| 1 | 2 |", "![图](a.png)"]


def test_quote_heading_and_image_in_the_report(build, project):
    (project.root / "narrative" / "preface.md").write_text(
        "### 审核必要性\n\n正文。\n\n#### 细目\n\n> 注：以上为示例。\n", encoding="utf-8")
    paras = _paras(build())
    at = paras.index(("前言", "Heading 1"))
    assert paras[at + 1] == ("审核必要性", "Heading 2")   # the file's shallowest heading: one level below
    assert paras[at + 3] == ("细目", "Heading 3")
    note = paras[at + 4]
    assert note[0] == "注：以上为示例。" and not note[0].startswith(">") and note[1] != paras[at + 2][1]


def test_an_image_path_relative_to_the_markdown_file_is_embedded(build):
    doc = docx.Document(str(build()))
    assert len(doc.inline_shapes) == 1
    assert not any("图片" in p.text and "不存在" in p.text for p in doc.paragraphs)


def test_check_accepts_an_image_relative_to_the_markdown_file(project):
    from cpframework.project.checks import narrative_problems

    assert [p for p in narrative_problems(project.root) if p.code] == []
    (project.root / "narrative" / "x.md").write_text("![越界](../../outside.png)\n", encoding="utf-8")
    assert [p.code for p in narrative_problems(project.root)] == ["path_escape"]

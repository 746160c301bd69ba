"""`narrative pull`: text written in Word comes back into the narrative files."""
from __future__ import annotations

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.report.pull import apply_pull, plan_pull

from .word_edits import add_after_heading, add_table_after_heading


def _texts(path):
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_round_trip_a_paragraph_added_in_word_is_in_the_regenerated_report(build, project):
    out = build()
    add_after_heading(out, "项目背景", ["这是顾问在 Word 中补写的一段。"])
    changes, notes = plan_pull(out, project.project, project.std)
    assert [c.path.name for c in changes] == ["background.md"] and not notes
    backup = apply_pull(changes, project.root / "narrative")
    text = (project.root / "narrative" / "background.md").read_text(encoding="utf-8")
    assert "这是顾问在 Word 中补写的一段。" in text
    # unchanged blocks are kept as written: comment, bold, list, table caption, image path relative to the file
    for kept in ("<!-- 本节：项目背景 -->", "本项目**依据**《指南》开展。", "- 第一项\n- 第二项", "表：背景数据",
                 "![园区照片](../images/site.png)"):
        assert kept in text
    assert (backup / "background.md").read_text(encoding="utf-8").count("补写") == 0
    regenerated = _texts(build("r2.docx"))
    at = regenerated.index("1.1 项目背景")
    assert regenerated[at + 1] == "这是顾问在 Word 中补写的一段。"
    assert plan_pull(build("r3.docx"), project.project, project.std) == ([], [])


def test_pull_writes_nothing_when_word_and_files_agree(build, project):
    assert plan_pull(build(), project.project, project.std) == ([], [])


def test_text_written_under_a_placeholder_section_creates_its_file(build, project):
    out = build()
    add_after_heading(out, "筹划和组织", ["审核小组由园区管委会牵头组建。"])
    changes, _ = plan_pull(out, project.project, project.std)
    assert [(c.path.name, c.old) for c in changes] == [("2 筹划和组织.md", None)]
    apply_pull(changes, project.root / "narrative")
    assert "审核小组由园区管委会牵头组建。" in _texts(build("r2.docx"))


def test_placeholders_and_computed_paragraphs_are_not_pulled(build, project):
    out = build()
    changes, _ = plan_pull(out, project.project, project.std)
    assert changes == []   # the placeholder of 筹划和组织 and the renderer's paragraph and tables stay out


def test_a_table_added_in_word_comes_back_as_a_pipe_table(build, project):
    out = build()
    add_table_after_heading(out, "项目背景", [["指标", "数值"], ["用水量", "3.2|4"]])
    (change,), _ = plan_pull(out, project.project, project.std)
    assert "| 指标 | 数值 |\n|---|---|\n| 用水量 | 3.2\\|4 |" in change.new


def test_lists_notes_and_sub_headings_come_back_as_markdown(build, project):
    out = build()
    add_after_heading(out, "项目背景", ["(1)第一条措施", "(2)第二条措施", "注：数据来自园区统计。"])
    add_after_heading(out, "项目背景", ["补充说明"], style="Heading 3")
    (change,), _ = plan_pull(out, project.project, project.std)
    assert "# 补充说明" in change.new and "1. 第一条措施\n1. 第二条措施" in change.new
    assert "> 注：数据来自园区统计。" in change.new


def test_a_paragraph_deleted_in_word_is_deleted_from_the_file(build, project):
    out = build()
    doc = docx.Document(str(out))
    p = next(p for p in doc.paragraphs if p.text == "本项目依据《指南》开展。")
    p._p.getparent().remove(p._p)
    doc.save(str(out))
    (change,), _ = plan_pull(out, project.project, project.std)
    assert "依据" not in change.new and "- 第一项" in change.new
    assert any(line.startswith("-本项目") for line in change.diff())


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(whitelist_categories=("Lo", "Nd", "Lu", "Ll"), max_codepoint=0x9fff),
                        min_size=1, max_size=30).map(str.strip).filter(bool), min_size=1, max_size=3))
def test_any_paragraphs_added_in_word_survive_pull_and_regeneration(build, project, paragraphs):
    (project.root / "narrative" / "preface.md").write_text("园区开展审核的必要性。\n", encoding="utf-8")
    out = build()
    add_after_heading(out, "前言", paragraphs)
    changes, _ = plan_pull(out, project.project, project.std)
    apply_pull(changes, project.root / "narrative")
    texts = _texts(build("again.docx"))
    at = texts.index("前言")
    assert texts[at + 1:at + 1 + len(paragraphs)] == paragraphs


def test_an_edited_draft_counts_as_accepted(build, project):
    from cpframework.report.pull import DRAFT_MARK

    out = build()
    add_after_heading(out, "前言", [f"{DRAFT_MARK}园区能耗逐年下降（已核对）。"])
    (change,), _ = plan_pull(out, project.project, project.std)
    assert "园区能耗逐年下降（已核对）。" in change.new and DRAFT_MARK not in change.new

"""Word edits are never lost: a generated report knows whether it was edited since."""
from __future__ import annotations

import shutil

import pytest

from cpframework.errors import OutputError
from cpframework.report.fingerprint import may_overwrite, report_state

from .word_edits import add_after_heading, update_toc


def test_a_fresh_report_is_ours_and_unedited(build):
    state = report_state(build())
    assert state.ours and not state.edited


def test_an_unedited_report_may_be_regenerated_without_force(build):
    assert may_overwrite(build(), force=False) == (True, "")


def test_a_paragraph_added_in_word_is_an_edit_that_names_its_section(build):
    out = build()
    add_after_heading(out, "项目背景", ["在 Word 中补写的一段。"])
    state = report_state(out)
    assert state.edited and state.changed == ("1.1 项目背景",)


def test_regenerating_over_an_edited_report_is_refused_in_chinese(build):
    out = build()
    add_after_heading(out, "项目背景", ["在 Word 中补写的一段。"])
    before = out.read_bytes()
    with pytest.raises(OutputError) as exc:
        may_overwrite(out, force=False)
    msg = str(exc.value)
    assert "在 Word 中修改过" in msg and "1.1 项目背景" in msg and "narrative pull" in msg and "--force" in msg
    assert out.read_bytes() == before


def test_force_over_an_edited_report_keeps_a_copy_first(build, tmp_path):
    out = build()
    add_after_heading(out, "项目背景", ["在 Word 中补写的一段。"])
    edited = out.read_bytes()
    allowed, note = may_overwrite(out, force=True)
    copies = [p for p in tmp_path.iterdir() if "Word修改稿" in p.name]
    assert allowed and len(copies) == 1 and copies[0].read_bytes() == edited and copies[0].name in note


def test_updating_the_table_of_contents_in_word_is_not_an_edit(build):
    out = build()
    update_toc(out)
    assert not report_state(out).edited


def test_another_docx_still_needs_force(tmp_path, build):
    import docx

    other = tmp_path / "other.docx"
    doc = docx.Document()
    doc.add_paragraph("别人的文件")
    doc.save(str(other))
    assert may_overwrite(other, force=False) == (False, "")
    assert not report_state(other).ours


def test_a_file_that_is_not_a_docx_is_not_ours(tmp_path):
    junk = tmp_path / "r.docx"
    junk.write_bytes(b"not a zip")
    assert may_overwrite(junk, force=False) == (False, "")


def test_after_pull_the_edited_report_may_be_regenerated(build, project):
    from cpframework.report.pull import apply_pull, plan_pull

    out = build()
    add_after_heading(out, "项目背景", ["在 Word 中补写的一段。"])
    with pytest.raises(OutputError):
        may_overwrite(out, False, project.project, project.std)
    apply_pull(plan_pull(out, project.project, project.std)[0], project.root / "narrative")
    allowed, note = may_overwrite(out, False, project.project, project.std)
    assert allowed and "另存" in note   # nothing left to bring back; the edited file is still kept


def test_the_record_survives_a_copy(build, tmp_path):
    out = build()
    copy = tmp_path / "副本.docx"
    shutil.copy(out, copy)
    assert report_state(copy).ours


def _rewrite_member(path, member: str, change) -> None:
    """Rewrite one part of the .docx package (the others byte for byte), as another program might."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i.filename)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info, change(data) if info.filename == member else data)


def test_an_untouched_report_is_known_without_opening_it(build, monkeypatch):
    from cpframework.report import fingerprint

    out = build()
    monkeypatch.setattr(fingerprint, "open_docx", lambda path: pytest.fail("opened although untouched"))
    assert report_state(out) == fingerprint.State(ours=True)


def test_a_text_edit_in_the_body_is_seen_by_the_quick_check(build):
    out = build()
    _rewrite_member(out, "word/document.xml", lambda data: data.replace("项目背景".encode(), "项目概况".encode(), 1))
    assert report_state(out).edited


def test_a_style_edit_alone_is_not_a_text_edit(build):
    out = build()  # the quick check fails (styles.xml changed), the text comparison says unedited
    _rewrite_member(out, "word/styles.xml", lambda data: data.replace(b"</w:styles>", b"<!-- Word --></w:styles>"))
    state = report_state(out)
    assert state.ours and not state.edited


def test_a_report_saved_again_unchanged_is_unedited(build):
    import docx

    out = build()
    doc = docx.Document(str(out))
    doc.save(str(out))
    assert report_state(out) == report_state(build("again.docx"))

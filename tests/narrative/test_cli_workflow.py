"""The workflow through the command line on a demo project: report, edit in Word, refusal, pull."""
from __future__ import annotations

from cpframework.cli.run import main
from cpframework.testing import text_problems

from .word_edits import add_after_heading


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    got = capsys.readouterr()
    return code, got.out + got.err


def test_edit_in_word_refusal_and_pull(park_copy, tmp_path, capsys):
    code, text = _run(capsys, "upgrade", str(park_copy))     # the demo's older file names → number and title
    assert code == 0 and "已改名为 4.1 现状调查.md" in text
    out = tmp_path / "报告.docx"
    code, text = _run(capsys, "report", str(park_copy), "-o", str(out))
    assert code == 0, text
    code, text = _run(capsys, "report", str(park_copy), "-o", str(out))
    assert code == 0, text                      # our own unedited report: regenerated without --force

    add_after_heading(out, "4.1 现状调查", ["园区于二〇二四年完成循环化改造验收。"])
    edited = out.read_bytes()
    code, text = _run(capsys, "report", str(park_copy), "-o", str(out))
    assert code == 2 and "在 Word 中修改过" in text and "4.1 现状调查" in text and "narrative pull" in text
    assert out.read_bytes() == edited and "Traceback" not in text

    code, text = _run(capsys, "narrative", "pull", str(out), str(park_copy))
    assert code == 0 and "园区于二〇二四年完成循环化改造验收。" in text
    assert text_problems(text.replace(str(park_copy), "项目目录")) == []    # the user's own path aside
    assert any("园区于二〇二四年完成循环化改造验收。" in p.read_text(encoding="utf-8")
               for p in (park_copy / "narrative").glob("*.md"))
    code, text = _run(capsys, "narrative", "pull", str(out), str(park_copy))
    assert code == 0 and "无需收回" in text


def test_pull_of_a_document_we_did_not_generate_is_a_usage_error(park_copy, tmp_path, capsys):
    import docx

    other = tmp_path / "别人的.docx"
    docx.Document().save(str(other))
    code, text = _run(capsys, "narrative", "pull", str(other), str(park_copy))
    assert code == 2 and "不是由 cpaudit report 生成的报告" in text

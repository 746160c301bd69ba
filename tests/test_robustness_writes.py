"""Writes survive being killed: ``cpaudit report`` killed (SIGKILL) while it writes leaves the previous
report byte-for-byte intact and no visible partial file; the next run removes the hidden temp file.

The write window is made reliable by a test-only plugin (a throw-away distribution on PYTHONPATH)
that wraps python-docx's ``Document.save``: it writes half a file, signals through a marker file, and
sleeps — no hook in the product code."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cpframework.io.safe_write import atomic_output, clean_stale

from .conftest import EXAMPLES
from .test_robustness_plugins import make_dist

SLOW_SAVE = """
    import os
    import time

    import docx.document

    _save = docx.document.Document.save

    def _slow_save(self, path):
        marker = os.environ.get("CPF_TEST_SAVE_MARKER")
        if marker:
            with open(path, "wb") as fh:
                fh.write(b"PK\\x03\\x04 half a report")
                fh.flush()
            with open(marker, "w", encoding="utf-8") as fh:
                fh.write(str(path))
            time.sleep(120)
        return _save(self, path)

    docx.document.Document.save = _slow_save
    plugin = object()
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_report_killed_mid_write_keeps_old_file_and_next_run_cleans_up(tmp_path):
    site = make_dist(tmp_path / "site", "cpf-slow-save", "0.0.1", SLOW_SAVE)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "报告.docx"
    out.write_bytes(b"OLD REPORT")
    marker = tmp_path / "marker"
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               CPF_TEST_SAVE_MARKER=str(marker))
    cmd = [sys.executable, "-m", "cpframework", "report", str(EXAMPLES / "park_demo"), "-o", str(out), "--force"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), proc.communicate(timeout=5)
        partial = Path(marker.read_text(encoding="utf-8"))
        assert partial.parent == out_dir and partial.name.startswith(".") and partial.exists()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    assert out.read_bytes() == b"OLD REPORT"
    assert [p.name for p in out_dir.iterdir() if not p.name.startswith(".")] == [out.name]  # nothing visible
    env.pop("CPF_TEST_SAVE_MARKER")
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == [out.name]  # the stale temp file is gone
    assert out.read_bytes()[:2] == b"PK"


def test_atomic_output_failure_keeps_previous_file(tmp_path):
    target = tmp_path / "x.csv"
    target.write_text("旧", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as tmp:
            tmp.write_text("半", encoding="utf-8")
            raise RuntimeError("中途失败")
    assert target.read_text(encoding="utf-8") == "旧" and list(tmp_path.iterdir()) == [target]


def test_clean_stale_spares_live_writers(tmp_path):
    target = tmp_path / "r.docx"
    mine = tmp_path / f".r.docx.~{os.getpid()}-abc.part"
    dead = tmp_path / ".r.docx.~999999999-abc.part"
    other = tmp_path / ".s.docx.~999999999-abc.part"
    for p in (mine, dead, other):
        p.write_bytes(b"x")
    assert clean_stale(target) == [dead]
    assert mine.exists() and other.exists()


# ---------------------------------------------------------------- modes, file-system failures, races


def _run(capsys, *args):
    from cpframework.cli.commands import main

    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_outputs_take_the_umask_and_force_keeps_the_mode(tmp_path, capsys):
    import stat

    demo = EXAMPLES / "park_demo"
    old = os.umask(0o022)
    try:
        assert _run(capsys, "evaluate", demo, "--format", "csv", "-o", tmp_path / "a.csv")[0] == 0
        assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644
        os.chmod(tmp_path / "a.csv", 0o640)
        assert _run(capsys, "evaluate", demo, "--format", "csv", "-o", tmp_path / "a.csv", "--force")[0] == 0
        assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o640
        os.umask(0o077)
        assert _run(capsys, "evaluate", demo, "--format", "json", "-o", tmp_path / "b.json")[0] == 0
        assert stat.S_IMODE((tmp_path / "b.json").stat().st_mode) == 0o600
        os.umask(0o022)
        assert _run(capsys, "init", tmp_path / "新项目", "-s", "park_cppc", "-n", "某园区", "-y", "2025")[0] == 0
        assert stat.S_IMODE((tmp_path / "新项目").stat().st_mode) == 0o755
        assert stat.S_IMODE((tmp_path / "新项目" / "data.xlsx").stat().st_mode) == 0o644
    finally:
        os.umask(old)


@pytest.mark.parametrize("errno_, fragment", [
    (28, "磁盘空间不足"), (30, "文件系统是只读的"), (36, "文件名或路径过长"), (122, "磁盘配额"), (5, "读写出错"),
])
def test_write_failures_are_usage_errors_in_chinese(tmp_path, capsys, monkeypatch, errno_, fragment):
    """A file-system failure while writing: exit code 2, the reason in Chinese, the previous file intact,
    no temp file left, no English system text."""
    import openpyxl.workbook.workbook as wbmod

    target = tmp_path / "ev.xlsx"
    target.write_bytes(b"OLD")

    def fail(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"half")
        raise OSError(errno_, os.strerror(errno_), str(filename))

    monkeypatch.setattr(wbmod.Workbook, "save", fail)
    code, text = _run(capsys, "evaluate", EXAMPLES / "park_demo", "--format", "xlsx", "-o", target, "--force")
    assert code == 2 and fragment in text and os.strerror(errno_) not in text, text
    assert target.read_bytes() == b"OLD" and sorted(p.name for p in tmp_path.iterdir()) == ["ev.xlsx"]


def test_report_on_a_full_disk_leaves_no_traceback(tmp_path, capsys, monkeypatch):
    import docx.document

    def fail(self, path):
        import zipfile

        zf = zipfile.ZipFile(path, "w")  # left open, as python-docx leaves it when the disk fills
        zf.writestr("a", b"x")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(docx.document.Document, "save", fail)
    code, text = _run(capsys, "report", EXAMPLES / "park_demo", "-o", tmp_path / "r.docx")
    assert code == 2 and "磁盘空间不足" in text and "Traceback" not in text and "No space" not in text
    assert list(tmp_path.iterdir()) == []


def test_no_overwrite_when_another_run_wins_the_race(tmp_path):
    from cpframework.errors import OutputError

    target = tmp_path / "out.csv"
    with pytest.raises(OutputError, match="已存在"):
        with atomic_output(target, overwrite=False) as tmp:
            tmp.write_text("mine", encoding="utf-8")
            target.write_text("theirs", encoding="utf-8")  # created meanwhile by a concurrent run
    assert target.read_text(encoding="utf-8") == "theirs" and list(tmp_path.iterdir()) == [target]
    with atomic_output(target, overwrite=True) as tmp:  # --force: replaced
        tmp.write_text("mine", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "mine"


def test_outputs_never_replace_inputs_through_links(tmp_path, capsys):
    proj = tmp_path / "p"
    shutil.copytree(EXAMPLES / "park_demo", proj)
    before = (proj / "data.xlsx").read_bytes()
    os.link(proj / "data.xlsx", tmp_path / "hard.xlsx")
    code, text = _run(capsys, "evaluate", proj, "--format", "xlsx", "-o", tmp_path / "hard.xlsx", "--force")
    assert code == 2 and "输出不能覆盖输入" in text
    src = tmp_path / "in.csv"
    src.write_text("企业编号,年份,综合能耗\nE1,2024,5\n", encoding="utf-8")
    (tmp_path / "alias.csv").symlink_to(src)
    code, text = _run(capsys, "screen", "-s", "yunnan_park", src, "-o", tmp_path / "alias.csv", "--force")
    assert code == 2 and "输出不能覆盖输入" in text
    assert (proj / "data.xlsx").read_bytes() == before and src.read_text(encoding="utf-8").startswith("企业编号")

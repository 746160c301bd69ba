"""Writes survive being killed: ``cpaudit report`` killed (SIGKILL) while it writes leaves the previous
report byte-for-byte intact and no visible partial file; the next run removes the hidden temp file.

The write window is made reliable by a test-only plugin (a throw-away distribution on PYTHONPATH)
that wraps python-docx's ``Document.save``: it writes half a file, signals through a marker file, and
sleeps — no hook in the product code."""
from __future__ import annotations

import os
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

"""Exit codes: only 0/1/2/3 ever leave ``cpaudit``; user errors never show a traceback; the codes are
in ``--help``.  Plus the small pieces the CLI relies on (formula-safe cells, amount units, limits)."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpframework.cli import run as cli_mod
from cpframework.cli.commands import main
from cpframework.errors import ProjectError
from cpframework.io.safe_read import check_zip_container
from cpframework.io.safe_write import safe_cell, unsafe_cell
from cpframework.project.workbook import is_amount_unit

from .conftest import EXAMPLES

DEMO = str(EXAMPLES / "park_demo")


def test_help_documents_exit_codes(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "退出码" in out and "0 成功" in out and "3 内部错误" in out


@pytest.mark.parametrize("raised, code, fragment", [
    (KeyboardInterrupt(), 2, "已中止"),
    (PermissionError(13, "Permission denied", "/srv/locked.xlsx"), 1, "无法访问 /srv/locked.xlsx"),
    (RuntimeError("程序缺陷"), 3, "内部错误"),
])
def test_unexpected_exceptions_map_to_documented_codes(monkeypatch, tmp_path, capsys, raised, code, fragment):
    import cpframework.evaluation.service as service

    def boom(*a, **kw):
        raise raised

    monkeypatch.setattr(service, "check_project", boom)
    monkeypatch.setenv("CPF_LOG_DIR", str(tmp_path))
    assert main(["check", DEMO]) == code
    err = capsys.readouterr().err
    assert fragment in err and "Traceback" not in err
    if code == 3:
        assert "Traceback" in (tmp_path / "cpaudit-error.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, code", [(None, 0), (0, 0), (1, 1), (2, 2), (3, 3), (7, 1), (130, 1), ("消息", 1)])
def test_sys_exit_codes_are_normalised(value, code):
    assert cli_mod._exit_code(value) == code


def test_real_process_corrupt_workbook_and_broken_pipe(tmp_path):
    import shutil

    proj = tmp_path / "p"
    shutil.copytree(DEMO, proj)
    (proj / "data.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    res = subprocess.run([sys.executable, "-m", "cpframework", "check", str(proj)], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 1 and "已损坏" in res.stderr and "Traceback" not in res.stderr
    # the reader of our output goes away: no traceback; 0, or 1 when click itself notices the broken pipe
    cmd = f"{sys.executable} -m cpframework show park_cppc --format json | head -c 10 > /dev/null; exit ${{PIPESTATUS[0]}}"
    piped = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=60)
    assert piped.returncode in (0, 1) and "Traceback" not in piped.stderr and "Exception" not in piped.stderr


# ---------------------------------------------------------------- building blocks


@given(st.text().filter(lambda t: not t.startswith("'")))  # a literal leading ' is ambiguous by design
def test_safe_cell_never_starts_a_formula_and_round_trips(text):
    out = safe_cell(text)
    assert not (isinstance(out, str) and out[:1] in ("=", "+", "@")) or float(out) is not None
    clean = "".join(c for c in text if not (ord(c) < 32 and c not in "\t\n\r"))
    assert unsafe_cell(out) == clean


def test_safe_cell_examples():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("-5") == "-5" and safe_cell(-5) == -5 and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("a\x01b") == "ab"


def test_amount_units():
    assert all(is_amount_unit(u) for u in ["t", "t/a", "m³", "m3/a", "kWh", "tce", "万tce", "km²", "人", "个"])
    assert not any(is_amount_unit(u) for u in ["%", "万元", "℃", "", "t/万元", "mg/L"])


def test_zip_limits_are_checked_before_parsing(tmp_path, monkeypatch):
    import cpframework.io.safe_read as sr

    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", b"<a/>" * 1000)
        zf.writestr("b.xml", b"<b/>")
    check_zip_container(path)
    monkeypatch.setattr(sr, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(ProjectError, match="压缩炸弹"):
        check_zip_container(path)
    monkeypatch.setattr(sr, "MAX_ZIP_MEMBERS", 1)
    with pytest.raises(ProjectError, match="2 个部件"):
        check_zip_container(path)


def test_no_subprocess_leaves_temp_files_in_cwd(tmp_path):
    out = tmp_path / "e.xlsx"
    res = subprocess.run([sys.executable, "-m", "cpframework", "evaluate", DEMO, "--format", "xlsx", "-o", str(out)],
                         capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.xlsx"]

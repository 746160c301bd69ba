"""The read-workbook cache (performance, issue #22) never gives a stale result: a read served from the cache
equals a fresh read, and any change of the workbook, the manifest or the reading limits reads anew."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.project import workbook_cache
from cpframework.project.folder import load_project

from .conftest import EXAMPLES


def _state(project):
    return ({k: (t.schema, t.rows, t.sheet_rows, t.present) for k, t in project.tables.items()}, project.problems)


def _load(root: Path, registry, cache: bool, monkeypatch):
    monkeypatch.setenv("CPF_WORKBOOK_CACHE", "1" if cache else "0")
    project, _std = load_project(root, registry)
    return _state(project)


@pytest.fixture()
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("CPF_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "workbooks"


@pytest.fixture(scope="module")
def enterprise_src(tmp_path_factory):
    dst = tmp_path_factory.mktemp("src") / "enterprise"
    shutil.copytree(EXAMPLES / "enterprise_demo", dst)
    return dst


def _copy(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "enterprise"
    shutil.copytree(src, dst)
    return dst


def test_a_cached_read_equals_a_fresh_read(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    fresh = _load(root, registry, False, monkeypatch)
    first = _load(root, registry, True, monkeypatch)   # reads and stores
    assert len(list(cached.glob("*.pickle"))) == 1
    again = _load(root, registry, True, monkeypatch)   # served from the cache
    assert fresh == first == again


def test_the_cache_is_used_when_nothing_changed(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    _load(root, registry, True, monkeypatch)
    import cpframework.project.workbook as wb

    def must_not_read(project, std):
        raise AssertionError("the workbook was parsed again although nothing changed")

    monkeypatch.setattr(wb, "_read_workbook", must_not_read)
    _load(root, registry, True, monkeypatch)


def _edit(root: Path, sheet_index: int, row: int, col: int, value) -> None:
    book = openpyxl.load_workbook(root / "data.xlsx")
    ws = book.worksheets[sheet_index % len(book.worksheets)]
    ws.cell(row=row, column=col, value=value)
    book.save(root / "data.xlsx")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet=st.integers(0, 60), row=st.integers(2, 12), col=st.integers(1, 6),
       value=st.one_of(st.none(), st.integers(-5, 10**6), st.text(alphabet="ab数据 09.%", max_size=6), st.floats(allow_nan=False, width=32)))
def test_any_workbook_edit_reads_anew(enterprise_src, tmp_path_factory, registry, monkeypatch, sheet, row, col, value):
    tmp = tmp_path_factory.mktemp("edit")
    monkeypatch.setenv("CPF_CACHE_DIR", str(tmp / "cache"))
    root = _copy(enterprise_src, tmp)
    _load(root, registry, True, monkeypatch)           # the unedited workbook is in the cache
    _edit(root, sheet, row, col, value)
    assert _load(root, registry, True, monkeypatch) == _load(root, registry, False, monkeypatch)


def test_an_edit_keeping_size_and_time_reads_anew(enterprise_src, tmp_path, registry, cached, monkeypatch):
    import os

    root = _copy(enterprise_src, tmp_path)
    _load(root, registry, True, monkeypatch)
    book = root / "data.xlsx"
    st_before = book.stat()
    _edit(root, 3, 2, 4, 123456)
    original = _load(root, registry, False, monkeypatch)
    os.utime(book, ns=(st_before.st_atime_ns, st_before.st_mtime_ns))  # the time says nothing changed
    assert _load(root, registry, True, monkeypatch) == original


def test_a_manifest_change_reads_anew(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    _load(root, registry, True, monkeypatch)
    manifest = root / "project.toml"
    text = manifest.read_text(encoding="utf-8")
    assert "audit_year = 2025" in text
    manifest.write_text(text.replace("audit_year = 2025", "audit_year = 2026"), encoding="utf-8")
    assert _load(root, registry, True, monkeypatch) == _load(root, registry, False, monkeypatch)


def test_a_changed_reading_limit_reads_anew(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    _load(root, registry, True, monkeypatch)
    import cpframework.project.workbook as wb

    monkeypatch.setattr(wb, "MAX_SHEET_ROWS", 1)
    limited = _load(root, registry, True, monkeypatch)
    assert limited == _load(root, registry, False, monkeypatch)
    assert any("上限" in p.message for p in limited[1])


def test_a_broken_cache_file_only_means_reading(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    fresh = _load(root, registry, True, monkeypatch)
    for f in cached.glob("*.pickle"):
        f.write_bytes(b"not a pickle")
    assert _load(root, registry, True, monkeypatch) == fresh
    assert workbook_cache.enabled()


def test_a_cache_folder_others_can_write_is_not_read(enterprise_src, tmp_path, registry, cached, monkeypatch):
    root = _copy(enterprise_src, tmp_path)
    _load(root, registry, True, monkeypatch)
    cached.chmod(0o777)
    import cpframework.project.workbook as wb

    read = []
    real = wb._read_workbook
    monkeypatch.setattr(wb, "_read_workbook", lambda p, s: (read.append(1), real(p, s)))
    _load(root, registry, True, monkeypatch)
    assert read == [1]

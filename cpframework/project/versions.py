"""Replacing a project's workbook with an uploaded one: checked first, swapped atomically, the previous
version kept in ``历史版本/`` beside it (``data-20250301-142530.xlsx``) so nothing a consultant typed is lost."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from cpframework.errors import ProjectError

HISTORY_DIR = "历史版本"
_KEPT = re.compile(r"^-(\d{8}-\d{6})(?:-(\d+))?$")


def check_workbook_file(path: Path, what: str = "上传的工作簿") -> None:
    """The hostile-file checks ``check`` applies (old .xls, not a zip, zip bomb, unsafe XML), then openpyxl
    must be able to open it.  Raises :class:`ProjectError` with a Chinese message."""
    from cpframework.io.safe_read import check_zip_container
    from cpframework.project.workbook import _open_error

    check_zip_container(path, what)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # corrupt parts, XML that defusedxml refuses
        raise ProjectError(_open_error(path, exc).replace("数据工作簿", what, 1)) from None
    wb.close()


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")


def replace_keeping_previous(target: Path, staged: Path, history: Path | None = None) -> Path | None:
    """Move ``staged`` (a finished file in the same folder as ``target``) over ``target`` atomically.

    A copy of the current ``target`` goes to ``history`` (default ``<folder>/历史版本``) first; returns that
    copy, or ``None`` when there was no previous file.  If keeping the copy fails, nothing is replaced."""
    target, staged = Path(target), Path(staged)
    history = Path(history) if history is not None else target.parent / HISTORY_DIR
    kept = None
    if target.exists():
        history.mkdir(exist_ok=True)
        stamp = _stamp()
        kept = history / f"{target.stem}-{stamp}{target.suffix}"
        n = 1
        while kept.exists():
            n += 1
            kept = history / f"{target.stem}-{stamp}-{n}{target.suffix}"
        shutil.copy2(target, kept)
    os.replace(staged, target)
    return kept


def previous_versions(target: Path, history: Path | None = None) -> list[Path]:
    """Kept versions of ``target``, newest first."""
    target = Path(target)
    history = Path(history) if history is not None else target.parent / HISTORY_DIR
    if not history.is_dir():
        return []
    found = []
    for p in history.glob(f"{target.stem}-*{target.suffix}"):
        m = _KEPT.match(p.stem[len(target.stem):])
        if m and p.is_file() and not p.is_symlink():
            found.append(((m.group(1), int(m.group(2) or 1)), p))  # the stamp says when it was replaced
    return [p for _key, p in sorted(found, reverse=True)]

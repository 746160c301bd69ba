"""The read workbook kept between runs: a project whose workbook did not change is not parsed again.

Reading a workbook (openpyxl, cell by cell, with every check on the way) is about a fifth of producing a
report.  What reading produces, the project's tables and problems, is stored under a SHA-256 of
everything it depends on:

* the bytes of the workbook file (any edit, even one that keeps its size and time, reads anew),
* the project as read so far (folder, manifest, the problems found before the workbook) and the working
  folder (messages name the project folder as the user typed it),
* the standard's tables, indicators and information (a changed definition reads anew),
* the code that reads (size and time of every file of ``cpframework``), its size limits, openpyxl's and
  Python's versions.

A cached read is therefore the same as a fresh one (and a file is read back only if this user wrote it,
in a folder no one else can write); anything that cannot be hashed, read or written
means reading as usual.  Files are ``$CPF_CACHE_DIR/workbooks/<key>.pickle`` (else under
``$XDG_CACHE_HOME/cpframework`` or ``~/.cache/cpframework``), written atomically; the oldest are removed
beyond ``KEEP``.  ``CPF_WORKBOOK_CACHE=0`` switches the cache off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

VERSION = "1"
KEEP = 64  # workbooks remembered


def cache_dir() -> Path:
    base = os.environ.get("CPF_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cpframework")
    return Path(base) / "workbooks"


def enabled() -> bool:
    return os.environ.get("CPF_WORKBOOK_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def _code_stamp() -> str:
    from importlib.metadata import version

    from cpframework.host.discovery_cache import tree_stamp

    return f"{tree_stamp([str(Path(__file__).resolve().parents[1])])} {version('openpyxl')}"  # not imported on a hit


def key(project: Any, std: Any) -> str | None:
    """The cache key of reading ``project``'s workbook for ``std``, or ``None`` when it cannot be formed."""
    import sys

    from cpframework.io import safe_read
    from cpframework.project import workbook

    limits = sorted((k, v) for m in (safe_read, workbook) for k, v in vars(m).items()
                    if k.startswith("MAX_") and isinstance(v, int))
    try:
        if not stat.S_ISREG(os.stat(project.workbook_path).st_mode):
            return None  # a FIFO or device would block here; the reader refuses it with its own message
        h = hashlib.sha256()
        with open(project.workbook_path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        h.update(pickle.dumps((VERSION, sys.version, _code_stamp(), os.getcwd(), str(project.root),
                               project.manifest, list(project.problems), sorted(project.tables),
                               limits, workbook.all_tables(std), std.info, std.indicators, getattr(std, "switched_off", ())),
                              protocol=4))
    except Exception:  # noqa: BLE001 - unreadable file, unpicklable definition: read as usual
        return None
    return h.hexdigest()


def read_cached(project: Any, std: Any, read: Callable[[Any, Any], None]) -> None:
    """``read(project, std)``, or what it produced the last time for the same key."""
    k = key(project, std) if enabled() else None
    path = cache_dir() / f"{k}.pickle" if k else None
    if path is not None and _own(path):
        try:
            tables, problems = pickle.loads(path.read_bytes())
        except Exception:  # noqa: BLE001 - absent, truncated or from another version: read
            pass
        else:
            for tid, data in tables.items():  # the standard's own schema objects, not equal copies
                data.schema = std.tables.get(tid, data.schema)
            project.tables.update(tables)
            project.problems[:] = problems
            try:
                os.utime(path)  # recently used: kept when the oldest are removed
            except OSError:
                pass
            return
    before = set(project.tables)
    read(project, std)
    if path is not None:
        _save(path, ({t: d for t, d in project.tables.items() if t not in before}, list(project.problems)))


def _own(path: Path) -> bool:
    """Only a file this user wrote, in a folder others cannot write, is unpickled (a shared cache folder
    must not run another user's code)."""
    if not hasattr(os, "getuid"):
        return True
    try:
        st, folder = path.stat(), path.parent.stat()
    except OSError:
        return False
    return st.st_uid == os.getuid() and folder.st_uid == os.getuid() and not folder.st_mode & 0o022


def _save(path: Path, value: Any) -> None:
    try:
        blob = pickle.dumps(value, protocol=4)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
        old = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for p in old:
            p.unlink(missing_ok=True)
    except Exception:  # noqa: BLE001 - an unwritable cache only means reading next time
        pass

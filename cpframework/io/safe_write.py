"""Writing files so that nothing is lost: a temp file in the same folder, renamed into place only when
complete (a killed run leaves the previous file intact), and spreadsheet cells that cannot be read as
formulas.

Temp files are hidden (``.<name>.~<pid>-<random>.part``) and carry the writer's process id; a run
that was killed (SIGKILL, power loss) cannot remove its own, so the next write to the same target
removes those whose process is gone (or, where that cannot be told, that are older than a day).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cpframework.errors import UsageError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STALE_SECONDS = 24 * 3600
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses in a cell


def temp_prefix(path: Path) -> str:
    return f".{Path(path).name}.~{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: fall back to the age rule
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but not ours
        return True
    return True


def clean_stale(path: Path) -> list[Path]:
    """Remove temp files/folders a killed earlier write to ``path`` left behind; returns them."""
    path = Path(path)
    pattern = re.compile(r"^\." + re.escape(path.name) + r"\.~(\d+)-")
    removed = []
    try:
        siblings = list(path.parent.iterdir())
    except OSError:
        return removed
    now = time.time()
    for p in siblings:
        m = pattern.match(p.name)
        if not m:
            continue
        try:
            old = now - p.lstat().st_mtime > STALE_SECONDS
            if int(m.group(1)) == os.getpid() or (_alive(int(m.group(1))) and not old):
                continue
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed.append(p)
        except OSError:
            continue
    return removed


def _write_error(path: Path, exc: OSError) -> UsageError:
    if isinstance(exc, PermissionError):
        return UsageError(f"没有权限写入 {path}（或文件正被其他程序占用，如 Excel/Word 打开着它）；请关闭它或换一个输出位置")
    if isinstance(exc, IsADirectoryError) or Path(path).is_dir():
        return UsageError(f"输出路径 {path} 是一个文件夹；请给出文件名")
    return UsageError(f"无法写入 {path}：{exc.strerror or exc}")


def check_output(path: Path, force: bool) -> None:
    """Refuse an existing file without ``force`` and a folder always (exit code 2)."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"输出路径 {path} 是一个文件夹；请给出文件名")
    if path.exists() and not force:
        raise UsageError(f"输出文件 {path} 已存在；如要覆盖请加 --force")


@contextlib.contextmanager
def atomic_output(path: Path, *, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``, on failure it is removed.

    File-system errors (no permission, target is a folder, disk full) become :class:`UsageError`."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"输出路径 {path} 是一个文件夹；请给出文件名")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(path)
        fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=(path.suffix if suffix is None else suffix) + ".part",
                                    dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise _write_error(path, exc) from None
    tmp = Path(name)
    try:
        try:
            yield tmp
        except OSError as exc:
            raise _write_error(path, exc) from None
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _write_error(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()


def safe_cell(value: Any) -> Any:
    """Text starting with = + - @ (or a tab/CR) is prefixed with ' so spreadsheet programs show it,
    not run it (CSV/formula injection).  Numbers, and text that is just a number (``-5``), pass.
    Control characters a spreadsheet cannot hold are dropped."""
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """The inverse of :func:`safe_cell` when reading back a workbook the tool wrote."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value

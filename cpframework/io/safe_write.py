"""Writing files so that nothing is lost: a temp file in the same folder, renamed into place only when
complete (a killed run leaves the previous file intact), and spreadsheet cells that cannot be read as
formulas.

Temp files are hidden (``.<name>.~<pid>-<random>.part``) and carry the writer's process id; a run
that was killed (SIGKILL, power loss) cannot remove its own, so the next write to the same target
removes those whose process is gone (or, where that cannot be told, that are older than a day).

Every refusal and every file-system failure is an :class:`~cpframework.errors.OutputError` (exit code 2)
with the reason in Chinese.  Outputs get the mode the umask gives a new file (an overwritten file keeps
its mode); an output is never a folder, a device or a named pipe, and never one of the command's inputs.
"""
from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cpframework.errors import OutputError
from cpframework.io.oserror import os_error_text

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STALE_SECONDS = 24 * 3600
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl refuses in a cell
_NAME_BYTES = 180  # the part of a long file name kept in its temp file's name (names are ≤ 255 bytes)


def _temp_name(path: Path) -> str:
    raw = Path(path).name.encode("utf-8")
    return raw[:_NAME_BYTES].decode("utf-8", errors="ignore") if len(raw) > _NAME_BYTES else Path(path).name


def temp_prefix(path: Path) -> str:
    return f".{_temp_name(path)}.~{os.getpid()}-"


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
    pattern = re.compile(r"^\." + re.escape(_temp_name(path)) + r"\.~(\d+)-")
    removed: list[Path] = []
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


def write_error(path: Path, exc: OSError) -> OutputError:
    """The Chinese :class:`OutputError` for a file-system failure while writing ``path``."""
    if isinstance(exc, PermissionError):
        return OutputError(f"没有权限写入 {path}（或文件正被其他程序占用，如 Excel/Word 打开着它）；请关闭它或换一个输出位置")
    if isinstance(exc, IsADirectoryError):
        return OutputError(f"输出路径 {path} 是一个文件夹；请给出文件名")
    if exc.errno == errno.EEXIST:
        return OutputError(f"输出文件 {path} 已存在（可能刚被另一个程序写入）；如要覆盖请加 --force")
    return OutputError(f"无法写入 {path}：{os_error_text(exc)}")


_write_error = write_error  # older name


def umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode(path: Path | None = None) -> int:
    """The mode a write to ``path`` should leave: an existing regular file's own, else what the umask
    gives a new file (0644 under the usual 022) — never the 0600 of a temp file."""
    if path is not None:
        with contextlib.suppress(OSError):
            st = os.stat(path)
            if stat.S_ISREG(st.st_mode):
                return stat.S_IMODE(st.st_mode)
    return 0o666 & ~umask()


def same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` are the same file: same path after resolving links, or the same inode (hard links)."""
    with contextlib.suppress(OSError, ValueError):
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    with contextlib.suppress(OSError, RuntimeError, ValueError):
        return Path(a).resolve() == Path(b).resolve()
    return False


def refuse_inputs(path: Path, *, inputs: Iterable[Path] = (), folders: Iterable[Path] = ()) -> None:
    """An output must not replace an input of the command (``inputs``) or land in a folder the command
    only reads (``folders``: a project), whatever links are in the way and with or without --force."""
    path = Path(path)
    for f in inputs:
        if same_file(path, f):
            raise OutputError(f"输出文件 {path} 就是本命令读取的输入文件 {f}；输出不能覆盖输入（加 --force 也不行），"
                              f"请换一个文件名")
    for d in folders:
        inside = False
        with contextlib.suppress(OSError, RuntimeError, ValueError):  # (OutputError is an OSError: not in here)
            inside = Path(path).resolve().is_relative_to(Path(d).resolve())
        if inside:
            raise OutputError(f"输出文件 {path} 位于项目目录内（{d}）；命令不写入项目目录（避免覆盖您的数据），"
                                  f"请用 -o 指定项目目录以外的位置")


def check_output(path: Path, force: bool, *, inputs: Iterable[Path] = (), folders: Iterable[Path] = ()) -> None:
    """Refuse (exit code 2): a folder or a special file (device, named pipe) always; an input of the
    command or a path inside a protected folder always; an existing file without ``force``."""
    path = Path(path)
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:  # name too long, a file used as a folder on the way …
        raise write_error(path, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"输出路径 {path} 是一个文件夹；请给出文件名")
    if st is not None and not stat.S_ISREG(st.st_mode):
        from cpframework.io.safe_read import special_kind

        raise OutputError(f"输出路径 {path} 是{special_kind(st.st_mode)}，不是普通文件，不能作为输出（加 --force 也不行）")
    refuse_inputs(path, inputs=inputs, folders=folders)
    if st is not None and not force:
        raise OutputError(f"输出文件 {path} 已存在；如要覆盖请加 --force")


@contextlib.contextmanager
def atomic_output(path: Path, *, suffix: str | None = None, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path``, on failure it is removed.

    ``overwrite=False`` (an output written without --force): if ``path`` appeared while we wrote (another
    run won the race), it is left alone and :class:`OutputError` says so.  The finished file gets
    :func:`new_file_mode`.  File-system errors (no permission, disk full, read-only file system, name
    too long) become :class:`OutputError` (exit code 2) with the reason in Chinese."""
    path = Path(path)
    check_output(path, force=True)  # a folder, a device, a FIFO: never
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(path)
        fd, name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=(path.suffix if suffix is None else suffix) + ".part",
                                    dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(path, exc) from None
    tmp = Path(name)
    try:
        try:
            yield tmp
        except OSError as exc:
            _release(exc)
            raise write_error(path, exc) from None
        try:
            os.chmod(tmp, new_file_mode(path))
            finish(tmp, path, overwrite=overwrite)
        except OSError as exc:
            raise write_error(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            if tmp.exists():
                tmp.unlink()


def _release(exc: BaseException) -> None:
    """Drop what the failed writer still holds (an open zip file whose close would fail again on a full
    disk) now and quietly: the failure is reported once, by us, not as a stray traceback at exit."""
    import gc
    import sys
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _u: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def finish(tmp: Path, path: Path, *, overwrite: bool) -> None:
    """Move the finished ``tmp`` to ``path``: ``os.replace``, or — without ``overwrite`` — a hard link that
    fails if ``path`` exists by now (falls back to a check and a replace where links are not supported)."""
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(f"输出文件 {path} 已存在（在本次写入期间被另一个程序创建）；未覆盖它，如要覆盖请加 --force") from None
    except OSError:  # no hard links on this file system
        if os.path.lexists(path):
            raise OutputError(f"输出文件 {path} 已存在（在本次写入期间被另一个程序创建）；未覆盖它，如要覆盖请加 --force") from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def json_safe(obj: Any) -> Any:
    """``obj`` with every NaN/±Infinity float (which JSON cannot hold) replaced by ``None``."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if type(obj).__module__ == "numpy" and hasattr(obj, "item"):
        return json_safe(obj.item())
    return obj


def dumps_json(obj: Any, *, indent: int | None = 2, default: Any = str) -> str:
    """JSON text that is always valid JSON: no ``NaN``/``Infinity`` (they become ``null``)."""
    def safe_default(x: Any) -> Any:
        return json_safe(default(x))

    try:
        return json.dumps(obj, ensure_ascii=False, indent=indent, default=safe_default, allow_nan=False)
    except ValueError:  # a non-finite float somewhere: the slower, thorough pass
        return json.dumps(json_safe(obj), ensure_ascii=False, indent=indent, default=safe_default, allow_nan=False)


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

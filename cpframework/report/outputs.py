"""Safe output: temp file in the target folder, ``os.replace`` only when complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from cpframework.errors import OutputError


ReportWriteError = OutputError  # the file system refused the write (permission, disk full, file locked by Word)


def check_target(out_path: Path, force: bool) -> None:
    if out_path.exists() and not force:
        raise OutputError(f"输出文件已存在：{out_path}；如需覆盖请使用 --force")
    if out_path.exists() and out_path.is_dir():
        raise OutputError(f"输出路径是一个文件夹：{out_path}")
    if not out_path.parent.is_dir():
        raise OutputError(f"输出文件夹不存在：{out_path.parent}")


def atomic_save(write: Callable[[str], None], out_path: Path, force: bool) -> Path:
    """Call ``write(tmp_path)`` then move the finished file over ``out_path``."""
    from cpframework.io.safe_write import clean_stale, temp_prefix

    out_path = Path(out_path)
    check_target(out_path, force)
    try:
        clean_stale(out_path)  # hidden temp files of an earlier, killed run
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(out_path), suffix=".part", dir=out_path.parent)
        os.close(fd)
    except OSError as exc:
        raise ReportWriteError(f"无法在 {out_path.parent} 中写入：{exc.strerror or exc}（请检查文件夹权限）") from None
    try:
        write(tmp)
        if out_path.exists() and not force:      # created meanwhile by someone else
            raise OutputError(f"输出文件已存在：{out_path}；如需覆盖请使用 --force")
        os.replace(tmp, out_path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise ReportWriteError(f"无法写入 {out_path}：{exc.strerror or exc}（文件是否正被 Word/WPS 打开？）") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return out_path

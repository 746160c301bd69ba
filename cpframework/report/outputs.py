"""Safe output: temp file in the target folder, ``os.replace`` only when complete."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from cpframework.report.errors import ReportError


def check_target(out_path: Path, force: bool) -> None:
    if out_path.exists() and not force:
        raise ReportError(f"输出文件已存在：{out_path}；如需覆盖请使用 --force")
    if out_path.exists() and out_path.is_dir():
        raise ReportError(f"输出路径是一个文件夹：{out_path}")
    if not out_path.parent.is_dir():
        raise ReportError(f"输出文件夹不存在：{out_path.parent}")


def atomic_save(write: Callable[[str], None], out_path: Path, force: bool) -> Path:
    """Call ``write(tmp_path)`` then move the finished file over ``out_path``."""
    out_path = Path(out_path)
    check_target(out_path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.stem}-", suffix=".tmp", dir=out_path.parent)
    os.close(fd)
    try:
        write(tmp)
        if out_path.exists() and not force:      # created meanwhile by someone else
            raise ReportError(f"输出文件已存在：{out_path}；如需覆盖请使用 --force")
        os.replace(tmp, out_path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return out_path

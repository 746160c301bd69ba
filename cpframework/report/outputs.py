"""Safe output: temp file in the target folder, ``os.replace`` only when complete (the shared machinery of
:mod:`cpframework.io.safe_write`: Chinese file-system errors with exit code 2, the umask's file mode, no
folder/device/FIFO as target, no overwriting without ``force`` even against a concurrent run)."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cpframework.errors import OutputError

ReportWriteError = OutputError  # the file system refused the write (permission, disk full, file locked by Word)


def check_target(out_path: Path, force: bool) -> None:
    from cpframework.io.safe_write import check_output

    check_output(out_path, force)
    if not out_path.parent.is_dir():
        raise OutputError(f"输出文件夹不存在：{out_path.parent}")


def atomic_save(write: Callable[[str], None], out_path: Path, force: bool) -> Path:
    """Call ``write(tmp_path)`` then move the finished file over ``out_path``."""
    from cpframework.io.safe_write import atomic_output

    out_path = Path(out_path)
    check_target(out_path, force)
    with atomic_output(out_path, overwrite=force) as tmp:
        write(str(tmp))
    return out_path

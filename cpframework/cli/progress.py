"""Progress display for the slower commands (report, screen) and the ``.docx`` suffix of ``report -o``."""
from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path


def docx_path(path: Path) -> Path:
    """``-o ../报告`` means ``../报告.docx``: Word needs the suffix to open the file by double-click.
    A folder given as ``-o`` is left alone (``check_output`` refuses it with a clear message)."""
    if path.suffix.lower() == ".docx" or path.is_dir():
        return path
    return path.with_name(path.name + ".docx")


@contextlib.contextmanager
def progress(text: str, *, quiet: bool) -> Iterator[None]:
    """A spinner with the elapsed time on stderr while the block runs — only on a terminal and without
    ``--quiet``, so piped output and logs stay clean."""
    if quiet or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(f"{text}…", spinner="dots"):
        yield

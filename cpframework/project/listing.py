"""Finding the project folders under a directory (what ``cpaudit serve DIR`` lists)."""
from __future__ import annotations

from pathlib import Path

from cpframework.project.folder import MANIFEST


def project_dirs(root: Path | str) -> list[Path]:
    """Direct sub-folders of ``root`` that hold a ``project.toml``, sorted by name.

    Hidden folders (``.x``: temp folders of an interrupted ``init``) are skipped, and so is a folder
    that is a symlink leading outside ``root``: everything listed stays inside ``root``."""
    base = Path(root).resolve()
    out = []
    try:
        children = sorted(base.iterdir(), key=lambda p: p.name)
    except OSError:
        return []
    for child in children:
        if child.name.startswith("."):
            continue
        try:
            real = child.resolve()
            if not real.is_relative_to(base) or real == base or not real.is_dir():
                continue
            if (real / MANIFEST).is_file():
                out.append(child)
        except OSError:
            continue
    return out

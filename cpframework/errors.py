"""One error hierarchy.  Every message says where (file, sheet, row, column or key path), what was
found and what was expected, in Chinese; the CLI prints it without a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs


class CpfError(Exception):
    """Base class: a problem the user (or plugin author) can fix.  ``exit_code`` is what the CLI returns."""

    exit_code = 1


class DefinitionError(CpfError):
    """A standard's data file is malformed (names the file and the path inside it)."""


class PluginError(CpfError):
    """A plugin failed to load, raised in a hook, or registered an invalid definition."""


class UsageError(CpfError):
    """The command was called wrongly (unknown standard, existing target folder …)."""

    exit_code = 2


class ProjectError(CpfError):
    """The project folder cannot be read (missing manifest, unreadable workbook …)."""


@attrs.frozen(kw_only=True)
class Problem:
    """One data problem found by ``check``.  ``level`` is ``error`` or ``warning``."""

    message: str
    level: str = "error"
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    field: str = ""
    value: Any = None
    code: str = ""

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"{self.column} 列")
        if self.field:
            parts.append(f"“{self.field}”")
        return " ".join(parts)

    def text(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message

    def as_dict(self) -> dict[str, Any]:
        d = attrs.asdict(self)
        if isinstance(self.value, (int, float, str, bool)) or self.value is None:
            return d
        d["value"] = str(self.value)
        return d


def rel(path: Path | str, root: Path | None = None) -> str:
    """A path as the user sees it: relative to ``root`` when inside it."""
    p = Path(path)
    if root is not None:
        try:
            return str(p.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(p)

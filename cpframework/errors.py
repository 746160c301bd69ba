"""One error hierarchy.  Every message says where (file, sheet, row, column or key path), what was
found and what was expected, in Chinese; the CLI prints it without a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs


class CpfError(Exception):
    """Base class of every error the tool reports to a person: a problem the user (or a plugin author)
    can fix.  The message is Chinese and says where and what to do; ``exit_code`` is what the CLI
    returns (:mod:`cpframework.cli.run` maps the whole hierarchy in one place)."""

    exit_code = 1


class DefinitionError(CpfError):
    """A standard's definition is malformed: a data file (names the file and the key path inside it)
    or a record a plugin declared."""


class PluginError(CpfError):
    """A plugin failed to load, raised in a hook, or two plugins claim the same thing."""


class ProjectError(CpfError):
    """The project folder cannot be used (missing manifest, unreadable or out-of-date workbook …)."""


class InputError(CpfError):
    """An input file other than the project (a screening table, a CSV to import) cannot be used."""


class CalcError(CpfError, ValueError):
    """A calculation that cannot be done with the given inputs (zero denominator, negative base …).

    The message is Chinese and names the quantity at fault; ``sheet``/``row``/``field`` locate the cell
    that caused it when it came from the workbook (so ``check`` can report it once, where it was typed).
    (Also a ``ValueError``, which is what a bad argument to a pure function is.)"""

    def __init__(self, message: str = "", *, sheet: str = "", row: int | None = None, field: str = ""):
        super().__init__(message)
        self.sheet, self.row, self.field = sheet, row, field


class ReportError(CpfError):
    """A report cannot be generated (a renderer failed, a narrative or image cannot be used …)."""


class ProfileError(ReportError, DefinitionError, ValueError):
    """A typesetting profile or report outline file is malformed; names the file and key path."""

    def __init__(self, file: object, keypath: str, message: str):
        self.file = str(file)
        self.keypath = keypath
        where = f"{self.file} 中的 {keypath}" if keypath else self.file
        super().__init__(f"配置文件 {where}：{message}")


class UsageError(CpfError):
    """The command was called wrongly (unknown standard, existing target folder …)."""

    exit_code = 2


class OutputError(UsageError, OSError):
    """An output cannot be written where it was asked for: it exists (without ``--force``), it would
    replace an input, or the file system refused it (permission, disk full, name too long)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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

"""A project folder: ``project.toml`` (manifest), ``data.xlsx`` (workbook), ``narrative/*.md``.

The 审核基准期 is the calendar year before the audit year and the 审核考察期 the three years ending
with it, unless the manifest sets ``baseline_year`` / ``review_years``.  ``provider`` (a distribution
name) says which installed distribution provides the standard when several declare its id.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import DefinitionError, Problem, ProjectError
from cpframework.host.loader import structure
from cpframework.model import TableSchema

MANIFEST = "project.toml"


@attrs.frozen(kw_only=True)
class Manifest:
    standard: str
    name: str
    audit_year: int
    baseline_year: int | None = None
    review_years: tuple[int, ...] = ()
    workbook: str = "data.xlsx"
    provider: str = ""  # distribution providing the standard, when several installed ones declare its id
    subject: dict[str, Any] = attrs.field(factory=dict)
    flags: dict[str, bool] = attrs.field(factory=dict)
    report: dict[str, Any] = attrs.field(factory=dict)
    options: dict[str, Any] = attrs.field(factory=dict)

    @property
    def baseline(self) -> int:
        return self.baseline_year if self.baseline_year is not None else self.audit_year - 1

    @property
    def years(self) -> list[int]:
        if self.review_years:
            return sorted(self.review_years)
        return [self.baseline - 2, self.baseline - 1, self.baseline]

    def years_for(self, table: TableSchema) -> list[int]:
        years = self.years
        if table.years_back and table.years_back > len(years):
            return list(range(self.baseline - table.years_back + 1, self.baseline + 1))
        return years

    def flag(self, name: str) -> bool:
        return bool(self.flags.get(name, False))


def read_manifest(root: Path) -> Manifest:
    from cpframework.io.safe_read import parse_toml, read_text
    from cpframework.project.checks import manifest_type_problems, manifest_value_problems

    path = root / MANIFEST
    if not root.is_dir():
        what = "不存在" if not root.exists() else "不是文件夹"
        raise ProjectError(f"项目目录 {root} {what}。请给出用 `cpaudit init` 创建的项目文件夹。")
    if not path.exists():
        if root.resolve() == Path.cwd().resolve():  # the directory defaulted to the current folder
            raise ProjectError(f"当前文件夹 {root.resolve()} 不是 cpaudit 项目：找不到 {MANIFEST}。请先进入项目文件夹，"
                               f"或在命令后写出项目目录（如 cpaudit check 我的园区）；新建项目用 `cpaudit init`。")
        raise ProjectError(f"{root} 不是 cpaudit 项目：找不到 {MANIFEST}。请用 `cpaudit init` 创建项目，或检查路径。")
    text = read_text(path, "项目清单")  # UTF-8 (BOM accepted); GBK, empty, a folder, no permission: clear messages
    doc = parse_toml(text, f"项目清单 {path}")  # syntax errors name the line; absurd nesting is refused
    problems = manifest_type_problems(doc)
    if problems:
        raise ProjectError(f"项目清单 {path} 有误：\n  " + "\n  ".join(problems))
    try:
        manifest = structure(doc, Manifest, file=str(path), path="$")
    except DefinitionError as exc:
        raise ProjectError(str(exc).replace("定义文件", "项目清单", 1)) from None
    problems = manifest_value_problems(manifest, root)
    if problems:
        raise ProjectError(f"项目清单 {path} 有误：\n  " + "\n  ".join(problems))
    return manifest


@attrs.define
class TableData:
    """One sheet's data.  ``rows``: for records tables, dicts ``field id → value`` (per-year fields as
    ``{year: value}``); for items tables, one dict per item with ``id`` and ``value`` (or ``{year: value}``)
    and ``note`` when its 说明/数据来源 cell is filled.
    ``positions`` maps ``(row index, field id)`` to ``(sheet row, column letter)`` for messages."""

    schema: TableSchema
    rows: list[dict[str, Any]] = attrs.field(factory=list)
    sheet_rows: list[int] = attrs.field(factory=list)
    present: bool = False

    def item(self, item_id: str) -> dict[str, Any] | None:
        for row in self.rows:
            if row.get("id") == item_id:
                return row
        return None

    def item_row(self, item_id: str) -> int | None:
        for row, number in zip(self.rows, self.sheet_rows):
            if row.get("id") == item_id:
                return number
        return None

    def frame(self) -> Any:
        """The rows as a pandas DataFrame; per-year fields become columns ``"{field}@{year}"``."""
        import pandas as pd

        flat = []
        for row in self.rows:
            out = {}
            for key, value in row.items():
                if isinstance(value, dict):
                    for year, v in value.items():
                        out[f"{key}@{year}"] = v
                else:
                    out[key] = value
            flat.append(out)
        return pd.DataFrame(flat)


@attrs.define
class Project:
    root: Path
    manifest: Manifest
    tables: dict[str, TableData] = attrs.field(factory=dict)
    problems: list[Problem] = attrs.field(factory=list)
    narrative_names: dict[str, tuple[str, str]] = attrs.field(factory=dict)  # stem → (file name, heading)

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def workbook_path(self) -> Path:
        return self.root / self.manifest.workbook

    def table(self, table_id: str) -> TableData:
        return self.tables[table_id]

    def narrative_path(self, stem: str) -> Path:
        from cpframework.project.narrative import resolve

        return resolve(self.root / "narrative", stem, self.narrative_names)


def load_project(root: Path | str, registry: Any = None) -> tuple[Project, Any]:
    """Read manifest and workbook.  Returns the project and its assembled standard.

    Schema problems (wrong types, missing required cells …) are collected in ``project.problems``;
    only an unreadable folder or workbook raises :class:`ProjectError`.
    """
    from cpframework.host.registry import get_registry
    from cpframework.project.workbook import read_workbook

    root = Path(root)
    manifest = read_manifest(root)
    std = (registry or get_registry()).standard(manifest.standard, provider=manifest.provider)
    std = std.for_project(manifest.flags)  # content gated by a flag that is off (e.g. an add-on's) left out
    project = Project(root=root, manifest=manifest)
    from cpframework.project.narrative import file_names

    project.narrative_names = file_names(std, manifest.flags)
    unknown_flags = set(manifest.flags) - {f.id for f in std.info.flags}
    for flag in sorted(unknown_flags):
        import difflib

        close = difflib.get_close_matches(flag, [f.id for f in std.info.flags], n=1)
        project.problems.append(Problem(
            file=MANIFEST, field=f"flags.{flag}", level="warning", value=flag,
            message=f"标准 {std.id} 不认识这个项目标志" + (f"，是否想写“{close[0]}”？" if close else "")))
    from cpframework.project.checks import manifest_text_problems, narrative_problems, subject_problems

    project.problems += manifest_text_problems(manifest, MANIFEST)
    project.problems += subject_problems(manifest, std, root, MANIFEST)
    project.problems += narrative_problems(root)
    from cpframework.project.narrative import shadowed_files

    project.problems += shadowed_files(root, project.narrative_names)
    from cpframework.report.references import reference_problems  # {{指标:…}} that names nothing

    project.problems += reference_problems(root, std)
    read_workbook(project, std)
    return project, std

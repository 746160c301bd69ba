"""Items of an ``items`` table that repeat a ``[subject]`` field of project.toml (``from_subject``).

Company details are typed once, in project.toml: the template pre-fills such a cell from ``[subject]``
(with a comment saying where it comes from), the reader takes the ``[subject]`` value when the cell is
blank, and a cell that says something else is an error naming both places — the cover (from
``[subject]``) and the table (from the workbook) must not print two different legal representatives.
``from_subject = "name"`` means the project's ``name`` unless the standard declares a subject field
``name``.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from cpframework.errors import Problem
from cpframework.model import TableSchema

PROJECT_NAME = "name"


def source_text(key: str, std_info: Any) -> str:
    """Where the value lives, as the user finds it in project.toml."""
    if _is_project_name(key, std_info):
        return "project.toml 中的 name（项目名称）"
    label = next((f.label for f in std_info.subject_fields if f.id == key), "")
    return f"project.toml 中 [subject] 的 {key}" + (f"（{label}）" if label else "")


def subject_value(manifest: Any, key: str, std_info: Any) -> str:
    value = manifest.name if _is_project_name(key, std_info) else manifest.subject.get(key)
    return "" if value is None else str(value).strip()


def _is_project_name(key: str, std_info: Any) -> bool:
    return key == PROJECT_NAME and all(f.id != key for f in std_info.subject_fields)


def _same(a: Any, b: Any) -> bool:
    def norm(x: Any) -> str:
        return "".join(unicodedata.normalize("NFKC", str(x)).split())

    return norm(a) == norm(b)


def definition_errors(table: TableSchema, std_info: Any) -> list[str]:
    """A ``from_subject`` that names no subject field, or sits in a per-year table (one value only)."""
    out = []
    known = {f.id for f in std_info.subject_fields} | {PROJECT_NAME}
    for item in table.items:
        if not item.from_subject:
            continue
        if item.from_subject not in known:
            out.append(f"数据表 {table.id} 的数据项 {item.id}：from_subject = \"{item.from_subject}\" 不是本标准的"
                       f"审核对象信息字段（subject_fields）")
        elif table.per_year:
            out.append(f"数据表 {table.id} 是按年份填写的表，数据项 {item.id} 不能用 from_subject")
    return out


def prefill(table: TableSchema, manifest: Any, std_info: Any) -> dict[str, str]:
    """Item id → the ``[subject]`` value the template writes into its cell (filled fields only)."""
    values = {it.id: subject_value(manifest, it.from_subject, std_info) for it in table.items if it.from_subject}
    return {k: v for k, v in values.items() if v}


def comment_text(key: str, std_info: Any) -> str:
    return (f"取自 {source_text(key, std_info)}。这一项只需在 project.toml 中填写：这里留空时自动采用 project.toml 的值；"
            f"这里填写的内容须与 project.toml 一致")


def apply_subject(ws: Any, table: TableSchema, data: Any, project: Any, std_info: Any, fname: str) -> None:
    """Blank cells take the ``[subject]`` value; a cell that disagrees with it is an error."""
    marked = [it for it in table.items if it.from_subject]
    if not marked or table.per_year:
        return
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), None) or ()
    heads = ["".join(str(h or "").split()) for h in header]
    column = _letter(heads.index("数值")) if "数值" in heads else ""
    for item in marked:
        row = data.item(item.id)
        if row is None:  # a missing row is reported by the reader
            continue
        want = subject_value(project.manifest, item.from_subject, std_info)
        have = row.get("value")
        if have is None or not str(have).strip():
            if want:
                row["value"] = want
            continue
        if want and not _same(have, want):
            project.problems.append(Problem(
                file=fname, sheet=table.sheet, row=data.item_row(item.id), column=column, field=item.label,
                value=have, code="subject_mismatch", message=(
                    f"与 {source_text(item.from_subject, std_info)}“{want}”不一致；两处是同一项内容（封面用 "
                    f"project.toml，本表用工作簿）。请改成一致，或清空这个单元格以采用 project.toml 的值")))


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)

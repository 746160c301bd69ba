"""Checks of what a consultant writes outside the workbook: the manifest's types and years, the
``[subject]`` table against the standard's subject fields, and paths (workbook, cover image,
narrative images) that must stay inside the project folder.  Every message names the file and the
key path or line, the value found and what was expected."""
from __future__ import annotations

import difflib
import re
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from cpframework.errors import Problem

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MAX_REVIEW_YEARS = 10
_NARRATIVE_IMAGE = re.compile(r"^\s*!\[([^\]]*)\]\(\s*<?([^)>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)\s*$")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def manifest_type_problems(doc: dict[str, Any]) -> list[str]:
    """Types cattrs would silently coerce (``"false"`` → True, ``2024.5`` → 2024), by key path."""
    out: list[str] = []

    def want(key: str, ok: bool, expected: str) -> None:
        if not ok:
            out.append(f"{key} = {doc.get(key)!r}：应为{expected}")

    if "audit_year" in doc:
        want("audit_year", _is_int(doc["audit_year"]), "整数年份，如 2025")
    if "baseline_year" in doc:
        want("baseline_year", _is_int(doc["baseline_year"]), "整数年份，如 2024")
    if "review_years" in doc:
        v = doc["review_years"]
        want("review_years", isinstance(v, list) and all(_is_int(y) for y in v), "整数年份的数组，如 [2022, 2023, 2024]")
    for key in ("standard", "name", "workbook", "provider"):
        if key in doc:
            want(key, isinstance(doc[key], str), "字符串（加英文双引号）")
    for table in ("subject", "flags", "report", "options"):
        if table in doc and not isinstance(doc[table], dict):
            out.append(f"{table} = {doc[table]!r}：应为表 [{table}]")
    for k, v in (doc.get("flags") or {}).items() if isinstance(doc.get("flags"), dict) else ():
        if not isinstance(v, bool):
            out.append(f"flags.{k} = {v!r}：应为 true 或 false（不加引号）")
    for k, v in (doc.get("subject") or {}).items() if isinstance(doc.get("subject"), dict) else ():
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            out.append(f"subject.{k} = {v!r}：应为文字或数字")
    return out


def manifest_value_problems(m: Any, root: Path) -> list[str]:
    """Years inside a sane range and consistent with each other; the workbook inside the project."""
    out = []
    if not m.name.strip():
        out.append("name 为空：应填写审核对象（园区/行业/企业）的名称")
    if not 1990 <= m.audit_year <= 2100:
        out.append(f"audit_year = {m.audit_year} 不是合理的年份（应在 1990–2100 之间）")
    if m.baseline_year is not None:
        if m.baseline_year > m.audit_year:
            out.append(f"baseline_year = {m.baseline_year} 晚于审核年份 audit_year = {m.audit_year}")
        elif m.baseline_year < m.audit_year - MAX_REVIEW_YEARS:
            out.append(f"baseline_year = {m.baseline_year} 比审核年份 {m.audit_year} 早 {MAX_REVIEW_YEARS} 年以上")
    years = list(m.review_years)
    if years:
        if len(set(years)) != len(years):
            out.append(f"review_years = {years} 有重复的年份")
        if len(years) > MAX_REVIEW_YEARS:
            out.append(f"review_years 有 {len(years)} 个年份，最多 {MAX_REVIEW_YEARS} 个")
        late = [y for y in years if y > m.audit_year]
        if late:
            out.append(f"review_years 中的 {late} 晚于审核年份 audit_year = {m.audit_year}（审核考察期应在审核年份之前）")
        early = [y for y in years if y < m.audit_year - 3 * MAX_REVIEW_YEARS]
        if early:
            out.append(f"review_years 中的 {early} 离审核年份 {m.audit_year} 太远")
        if m.baseline not in years:
            out.append(f"review_years = {years} 不包含审核基准期 {m.baseline} 年")
    wb = m.workbook
    if not wb.strip():
        out.append('workbook 为空：应为工作簿文件名，如 "data.xlsx"')
    elif escapes(root, wb):
        out.append(f"workbook = \"{wb}\" 位于项目文件夹之外：工作簿须放在项目文件夹内，并写相对路径")
    elif Path(wb).suffix.lower() == ".xls":
        out.append(f"workbook = \"{wb}\" 是旧版 .xls 格式：请在 Excel 中另存为 .xlsx 并修改此处文件名")
    elif Path(wb).suffix.lower() not in WORKBOOK_SUFFIXES:
        out.append(f"workbook = \"{wb}\"：应为 .xlsx 文件")
    return out


def escapes(root: Path, rel: str) -> bool:
    """``rel`` is absolute, or resolves (symlinks included) to outside ``root``."""
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or PureWindowsPath(rel).drive:
        return True
    base = Path(root).resolve()
    try:
        return not (base / rel).resolve().is_relative_to(base)
    except (OSError, RuntimeError, ValueError):  # symlink loop, NUL byte …
        return True


def _image_problem(root: Path, rel: str, **where: Any) -> Problem | None:
    if escapes(root, rel):
        return Problem(**where, value=rel, code="path_escape",
                       message=f"图片路径“{rel}”位于项目文件夹之外，报告不会使用它；请把图片放入项目文件夹（如 assets/）并写相对路径")
    if not (Path(root) / rel).exists():
        return Problem(**where, value=rel, level="warning", code="missing_image",
                       message=f"图片“{rel}”不存在（相对于项目文件夹）；报告中此处将显示提示")
    from cpframework.io.images import image_problem

    why = image_problem(Path(root) / rel)
    if why:
        return Problem(**where, value=rel, level="warning", code="bad_image", message=f"图片“{rel}”{why}；报告中此处将显示提示")
    return None


def subject_problems(manifest: Any, std: Any, root: Path, fname: str) -> list[Problem]:
    """Unknown ``[subject]`` keys (with a "did you mean"), required ones left empty, image paths."""
    fields = {f.id: f for f in std.info.subject_fields}
    out: list[Problem] = []
    for key, value in manifest.subject.items():
        if fields and key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            out.append(Problem(file=fname, field=f"subject.{key}", value=value, level="warning",
                               message=f"标准 {std.id} 没有这个对象信息字段" + (f"，是否想写“{close[0]}”？" if close else "")))
        text = value if isinstance(value, str) else ""
        if text.strip() and (key.endswith("image") or text.strip().lower().endswith(IMAGE_SUFFIXES)):
            p = _image_problem(root, text.strip(), file=fname, field=f"subject.{key}")
            if p is not None:
                out.append(p)
    for f in fields.values():
        if f.required and not str(manifest.subject.get(f.id, "")).strip():
            out.append(Problem(file=fname, field=f"subject.{f.id}", level="warning",
                               message=f"{f.label}未填写（报告封面和正文会用到它）"))
    return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _controls(text: str) -> str:
    return "、".join(sorted({f"U+{ord(c):04X}" for c in _CONTROL.findall(text)}))


def manifest_text_problems(m: Any, fname: str) -> list[Problem]:
    """Control characters (vertical tab, form feed, BEL …) in the manifest's texts: Word cannot hold them,
    so the report drops them (a vertical tab or form feed becomes a line break); a warning names the key."""
    out = []
    texts = [("name", m.name)] + [(f"subject.{k}", v) for k, v in m.subject.items()] + \
            [(f"report.{k}", v) for k, v in (m.report or {}).items()]
    for key, value in texts:
        if isinstance(value, str) and _CONTROL.search(value):
            out.append(Problem(file=fname, field=key, value=value, level="warning", code="control_char",
                               message=f"含有 Word 无法显示的控制字符（{_controls(value)}），报告中将删除或换行；请删去"))
    return out


def narrative_problems(root: Path) -> list[Problem]:
    """Narrative files that are not regular files inside the project (a FIFO, a link to outside), image
    links that leave the project folder or point at nothing or at an unusable image, and control
    characters Word cannot hold."""
    import os

    from cpframework.io.safe_read import MAX_NARRATIVE_BYTES, is_regular

    folder = Path(root) / "narrative"
    out: list[Problem] = []
    if folder.exists() and not folder.is_dir():
        return [Problem(file="narrative", message="应为存放叙述 Markdown 文件的文件夹，实际是一个文件")]
    if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
        return [Problem(file="narrative", message="没有权限读取叙述文件夹；请检查文件夹权限")]
    try:
        files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    except OSError:
        return out
    for md in files:
        if escapes(root, f"narrative/{md.name}"):
            out.append(Problem(file=f"narrative/{md.name}", code="path_escape", message=(
                "是指向项目文件夹之外的链接，报告不会使用它；请把叙述文件放在项目的 narrative 文件夹内")))
            continue
        if not is_regular(md):
            out.append(Problem(file=f"narrative/{md.name}", message="不是普通文件（如命名管道或设备），已忽略；请换成 Markdown 文本文件"))
            continue
        if md.stat().st_size > MAX_NARRATIVE_BYTES:
            out.append(Problem(file=f"narrative/{md.name}", message=(
                f"有 {md.stat().st_size / 1048576:.0f} MB，超过上限 {MAX_NARRATIVE_BYTES / 1048576:.0f} MB，报告不会使用它")))
            continue
        try:
            raw = md.read_bytes()
        except OSError as exc:
            out.append(Problem(file=f"narrative/{md.name}", message=f"无法读取：{exc.strerror or exc}"))
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            out.append(Problem(file=f"narrative/{md.name}", value=f"第 {exc.start} 字节", message=(
                "不是 UTF-8 编码（可能是 GBK/ANSI），报告中会出现乱码；请在记事本/VS Code 中另存为 UTF-8")))
            text = raw.decode("utf-8", errors="replace")
        for n, line in enumerate(text.split("\n"), 1):
            if _CONTROL.search(line.rstrip("\r")):
                out.append(Problem(file=f"narrative/{md.name}", row=n, level="warning", code="control_char",
                                   message=f"含有 Word 无法显示的控制字符（{_controls(line.rstrip(chr(13)))}），"
                                           f"报告中将删除或换行；请在编辑器中删去"))
            m = _NARRATIVE_IMAGE.match(line)
            if m:
                from cpframework.project.narrative import image_rel  # relative to the Markdown file

                p = _image_problem(root, image_rel(root, m.group(2)), file=f"narrative/{md.name}", row=n)
                if p is not None:
                    out.append(p)
    return out

"""``cpaudit init``: a new project folder, written completely or not at all."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from cpframework.errors import UsageError
from cpframework.io.oserror import os_error_text
from cpframework.io.safe_write import clean_stale, temp_prefix, umask
from cpframework.project.folder import MANIFEST, Manifest
from cpframework.project.narrative import prefill
from cpframework.project.template import write_workbook


def _toml_str(s: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML; DEL must be escaped too)."""
    import json

    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return _toml_str(str(v))


def option_lines(std: Any, section: str, year: int) -> list[str]:
    """The standard's settings of one manifest table, each with its default and a Chinese comment."""
    lines = []
    for o in (o for o in std.info.options if o.section == section):
        default = year + o.year_offset if o.year_offset is not None else o.default
        note = o.label + (f"：{o.help}" if o.help else "") + (f"（{o.clause}）" if o.clause else "")
        if default is None:
            example = _toml_value(o.example) if o.example is not None else '""'
            todo = "须填写" if o.required else "如需设定"
            lines.append(f"# {o.id} = {example}  # {note}。{todo}：去掉行首的 # 并改为实际值")
        else:
            lines.append(f"{o.id} = {_toml_value(default)}  # {note}")
    return lines


def manifest_text(std: Any, name: str, year: int, subject: dict[str, str] | None = None) -> str:
    lines = [
        f"# cpaudit 项目清单 — {std.info.code}《{std.info.title}》",
        "# 本文件列出项目的全部设置：改动后重新运行 cpaudit check 和 cpaudit report 即生效。",
        "# 每行“#”之后是说明；值为文字时须放在英文双引号中。",
        f"standard = {_toml_str(std.id)}",
        f"name = {_toml_str(name)}",
        f"audit_year = {year}",
        f"# 审核基准期默认为审核年份的上一年（{year - 1}），审核考察期为截至基准期的三年；如需改变：",
        f"# baseline_year = {year - 1}",
        f"# review_years = [{year - 3}, {year - 2}, {year - 1}]",
        'workbook = "data.xlsx"',
        "",
        "# 审核对象信息：只在这里填写一次，封面、内封和报告中的基本情况表都用它",
        "[subject]",
    ]
    for f in std.info.subject_fields:
        comment = f"  # {f.label}{'（必填）' if f.required else ''}{'：' + f.help if f.help else ''}"
        lines.append(f"{f.id} = {_toml_str(str((subject or {}).get(f.id, '')))}{comment}")
    lines += ["", "# 项目标志：true = 是，false = 否；打开后报告加入相应内容（改动后运行 cpaudit upgrade 补齐工作簿）",
              "[flags]"]
    for f in std.info.flags:
        lines.append(f"{f.id} = {'true' if f.default else 'false'}  # {f.label}")
    options = option_lines(std, "options", year)
    if options:
        lines += ["", "# 计算和判定用的设置（标准的规定值或常用值；按项目实际修改）", "[options]", *options]
    lines += ["", "# 报告", "[report]", '# draft = "送审稿"  # 送审稿 / 修改稿 / 最终稿',
              '# date = "2025年9月"  # 封面日期', *option_lines(std, "report", year), ""]
    return "\n".join(lines)


def narrative_files(std: Any, flags: dict[str, Any] | None = None) -> dict[str, str]:
    """One Markdown file per report section that takes narrative, pre-filled with the requirement, named
    by chapter number and title (``4.2 清洁生产评价.md``); plus the index ``目录.md``."""
    from cpframework.project.narrative import INDEX_FILE, file_names, index_text

    if flags is None:
        flags = {f.id: f.default for f in std.info.flags}
    names = file_names(std, flags)
    files: dict[str, str] = {}
    for kind in std.report_kinds.values():
        for _depth, node in kind.iter_nodes():
            name = names[node.narrative_stem][0]
            if node.requirement and name not in files:
                files[name] = prefill(node.title, node.requirement, node.clause)
    files[INDEX_FILE] = index_text(std, names)
    return files


def create_project(directory: Path, std: Any, *, name: str, year: int | None = None,
                   subject: dict[str, str] | None = None) -> list[Path]:
    """``subject``: values for the standard's ``[subject]`` fields (the web form asks for them)."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        what = "已是一个项目" if (directory / MANIFEST).exists() else "已存在且不是空目录"
        raise UsageError(f"{directory} {what}，为避免覆盖您的文件，init 不会写入。请换一个新目录名。")
    year = year or dt.date.today().year
    if not 1990 <= year <= 2100:
        raise UsageError(f"--year {year} 不是合理的年份")
    parent = directory.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        clean_stale(parent / directory.name)  # a killed earlier init's hidden temp folder
        tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(directory), dir=parent))
    except OSError as exc:
        raise UsageError(f"无法在 {parent} 中创建项目：{os_error_text(exc)}") from None
    try:
        (tmp / MANIFEST).write_text(manifest_text(std, name, year, subject), encoding="utf-8")
        manifest = Manifest(standard=std.id, name=name, audit_year=year, subject=dict(subject or {}))
        write_workbook(tmp / "data.xlsx", std, manifest)
        (tmp / "narrative").mkdir()
        for file_name, text in narrative_files(std).items():
            (tmp / "narrative" / file_name).write_text(text, encoding="utf-8")
        (tmp / "assets").mkdir()
        os.chmod(tmp, 0o777 & ~umask())  # the umask's mode, not mkdtemp's 0700
        if directory.exists():
            directory.rmdir()
        os.replace(tmp, directory)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise UsageError(f"无法创建项目 {directory}：{os_error_text(exc)}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [directory / MANIFEST, directory / "data.xlsx", directory / "narrative"]

"""Render ``template/`` into a new plugin package folder, completely or not at all."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from cpframework.errors import UsageError

NAME_RE = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
SUBJECTS = ("park", "industry", "enterprise", "other")
SUFFIX = ".tmpl"


def _toml_text(s: str) -> str:
    """Text safe inside a TOML basic string (and in Python/Markdown, where it is only shown)."""
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def variables(name: str, *, title: str | None = None, code: str | None = None, subject: str = "enterprise") -> dict[str, str]:
    from cpframework import __version__

    if not NAME_RE.match(name):
        raise UsageError(f"插件名“{name}”不合要求：只能用小写字母、数字和下划线，以字母开头，2–41 个字符（如 hebei_park）")
    if subject not in SUBJECTS:
        raise UsageError(f"审核对象“{subject}”应为 {'、'.join(SUBJECTS)} 之一")
    major, minor = (__version__.split(".") + ["0"])[:2]
    return {"name": name, "pkg": f"cpf_{name}", "dist": "cpframework-" + name.replace("_", "-"),
            "title": _toml_text(title or f"{name} 清洁生产审核标准"), "code": _toml_text(code or name.upper()),
            "subject": subject, "cpf_version": f"{major}.{minor}"}


def addon_variables(name: str, std: Any, *, title: str | None = None) -> dict[str, str]:
    """Template values for an add-on to the assembled standard ``std``: where its section goes (under the
    last chapter of the default report kind, numbered after that chapter's sections), its example
    indicator's thresholds (one per level of the standard, none when it grades otherwise), its dependency."""
    from cpframework import __version__

    if not NAME_RE.match(name):
        raise UsageError(f"插件名“{name}”不合要求：只能用小写字母、数字和下划线，以字母开头，2–41 个字符（如 hebei_water）")
    if name == std.id:
        raise UsageError(f"附加插件不能与它扩展的标准同名（{name}）；请换一个名字，如 {std.id}_hebei")
    kind_id = std.info.default_report or next(iter(std.report_kinds), "")
    if not kind_id:
        raise UsageError(f"标准 {std.id} 没有报告类型，附加插件无处插入章节")
    kind = std.report_kinds[kind_id]
    chapters = [n for n in kind.outline if n.type == "heading"]
    target = chapters[-1]
    levels = [lv.id for lv in std.info.levels]
    limits = [2 + i for i in range(len(levels))]
    thresholds = "{" + ", ".join(f'"{lv}": Threshold(op="<=", value={v})' for lv, v in zip(levels, limits)) + "}"
    major, minor = (__version__.split(".") + ["0"])[:2]
    owner = getattr(std.owner, "dist", "") or ""
    label = _toml_text(title or f"{std.info.title}补充要求")
    return {"name": name, "pkg": f"cpf_{name}", "dist": "cpframework-" + name.replace("_", "-"),
            "title": label, "standard": std.id, "standard_title": _toml_text(std.info.title),
            "sheet": label[:28], "indicator": name.upper()[:12] + "_1", "thresholds": thresholds,
            "report": kind_id, "target": target.id, "target_title": _toml_text(target.title),
            "owner_requirement": f', "{owner}"' if owner and owner != "cpframework" else "",
            "cpf_version": f"{major}.{minor}"}


def render(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    left = re.findall(r"\{\{\w+\}\}", text)
    if left:  # a template bug, not a user error
        raise ValueError(f"模板中有未知的占位符 {sorted(set(left))}")
    return text


def _walk(node: Any, rel: str = ""):
    for child in node.iterdir():
        path = f"{rel}/{child.name}" if rel else child.name
        if child.is_dir():
            if child.name != "__pycache__":
                yield from _walk(child, path)
        elif child.name.endswith(SUFFIX):
            yield path, child


def create_plugin(name: str, parent: Path | str = ".", *, extends: Any = None, **options: Any) -> list[Path]:
    """Write the plugin package ``parent/name``; refuse an existing path; return the files written.

    ``extends``: an assembled standard — write an add-on to it (``template_addon/``) instead of a new
    standard.  Everything is written into a temporary folder beside the target first and renamed into
    place at the end, so a failure never leaves a half-made package.
    """
    if extends is not None:
        values, template = addon_variables(name, extends, title=options.get("title")), "template_addon"
    else:
        values, template = variables(name, **options), "template"
    parent = Path(parent)
    target = parent / name
    if target.exists() or target.is_symlink():
        raise UsageError(f"{target} 已存在；为避免覆盖您的文件，plugin new 不会写入。请换一个名字或目录。")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    written: list[Path] = []
    try:
        for rel, res in _walk(resources.files(__package__) / template):
            out_rel = rel[: -len(SUFFIX)].replace("__pkg__", values["pkg"]).replace("__name__", name)
            out = tmp / out_rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render(res.read_text(encoding="utf-8"), values), encoding="utf-8")
            written.append(target / out_rel)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(written)

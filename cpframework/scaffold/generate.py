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


def create_plugin(name: str, parent: Path | str = ".", **options: Any) -> list[Path]:
    """Write the plugin package ``parent/name``; refuse an existing path; return the files written.

    Everything is written into a temporary folder beside the target first and renamed into place at
    the end, so a failure never leaves a half-made package.
    """
    values = variables(name, **options)
    parent = Path(parent)
    target = parent / name
    if target.exists() or target.is_symlink():
        raise UsageError(f"{target} 已存在；为避免覆盖您的文件，plugin new 不会写入。请换一个名字或目录。")
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=parent))
    written: list[Path] = []
    try:
        for rel, res in _walk(resources.files(__package__) / "template"):
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

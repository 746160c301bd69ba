"""``cpaudit report``: check, evaluate, then build the report kind the standard declares."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from cpframework.errors import UsageError


@attrs.define
class ReportContext:
    """What a section renderer receives as ``ctx``: the project, its standard and its evaluation."""

    project: Any
    standard: Any
    evaluation: Any
    kind: Any
    report_vars: dict[str, Any] = attrs.field(factory=dict)

    def table(self, table_id: str) -> Any:
        return self.project.tables[table_id]

    def rows(self, table_id: str) -> list[dict[str, Any]]:
        data = self.project.tables.get(table_id)
        return list(data.rows) if data is not None else []


def manifest_report_vars(manifest: Any) -> dict[str, Any]:
    """Cover variables from the manifest's ``[report]`` table: ``draft`` (送审稿/修改稿/最终稿), ``date`` ("2025-09")."""
    import re

    rep = manifest.report or {}
    out: dict[str, Any] = {k: v for k, v in rep.items() if isinstance(v, (str, int, float))}
    if rep.get("draft"):
        out["report_status"] = str(rep["draft"])
    m = re.match(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})", str(rep.get("date", "")))
    if m:
        out["report_month"] = f"{int(m.group(1))}年{int(m.group(2))}月"
    return out


def choose_kind(std: Any, kind_id: str | None) -> Any:
    kinds = std.report_kinds
    if not kinds:
        raise UsageError(f"标准 {std.id} 没有定义报告类型")
    kind_id = kind_id or std.info.default_report or next(iter(kinds))
    if kind_id not in kinds:
        raise UsageError(f"标准 {std.id} 没有“{kind_id}”报告；可选：{'、'.join(f'{k}（{v.title}）' for k, v in kinds.items())}")
    return kinds[kind_id]


def default_output(project: Any, kind: Any) -> Path:
    """Next to where the command runs, never inside the project folder."""
    safe = "".join(c for c in f"{project.name}{kind.title}" if c not in '\\/:*?"<>|' and c.isprintable()).strip()
    safe = safe[:80] or "report"  # a file name, not a paragraph (names are ≤ 255 bytes)
    return Path.cwd() / f"{safe}.docx"


def generate_report(std: Any, project: Any, evaluation: Any, kind: Any, out: Path, *, force: bool) -> Any:
    from cpframework.report.build import build_report

    out = Path(out)
    try:
        out.resolve().relative_to(project.root.resolve())
        inside = True
    except ValueError:
        inside = False
    if inside:
        raise UsageError(f"输出文件 {out} 位于项目目录内；报告不写入项目目录（避免覆盖您的数据），请用 -o 指定其他位置")
    ctx = ReportContext(project=project, standard=std, evaluation=evaluation, kind=kind,
                        report_vars=manifest_report_vars(project.manifest))
    renderers = {name: r.func for name, r in std.renderers.items()}
    from cpframework.report.profile import load_profile

    profile = kind.profile or load_profile(None)
    from cpframework.report import ooxml

    ooxml.take_removed()
    info = build_report(kind, profile, ctx, renderers, out, force=force)
    removed = ooxml.take_removed()
    if removed:  # where each came from is in `cpaudit check` (manifest key, narrative line, workbook cell)
        what = "、".join(f"{code} {n} 个" for code, n in sorted(removed.items()))
        info = attrs.evolve(info, warnings=(*info.warnings, (
            f"报告文字中有 Word 无法保存的控制字符（{what}），已删除（垂直制表符、换页符改为换行）；"
            f"它们的位置见 cpaudit check {project.root} 的警告")))
    return info

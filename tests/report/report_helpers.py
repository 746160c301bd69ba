"""Shared helpers of the report tests (fake project context, folder snapshot, renderers)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

DATA = Path(__file__).parent / "data"


def make_ctx(root: Path, flags: dict | None = None):
    manifest = SimpleNamespace(name="示例工业园区", flags=flags or {}, audit_year=2024, baseline_year=2023,
                               review_years=(2021, 2022, 2023),
                               subject={"committee": "示例工业园区管理委员会"})
    return SimpleNamespace(project=SimpleNamespace(root=root, manifest=manifest))


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}



def _overview(ctx, w):
    w.paragraph("园区位于示例省，面积 12.5 km²。")
    w.table(["指标", "2022年", "2023年"], [["工业产值", 120.5, None], ["用水量", "", 3.2e4]],
            "园区基本情况", units=[None, "亿元", "亿元"], notes="数据来源：园区统计年鉴")


def _team(ctx, w):
    w.table([["序号", "小组", ("人数", 2)], [None, None, "2022年", "2023年"]],
            [[1, "领导小组", 3, 4], [2, "工作小组", None, 6]], "审核小组构成")


RENDERERS = {"overview_table": _overview, "team_table": _team}



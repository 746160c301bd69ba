from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest

DATA = Path(__file__).parent / "data"


def make_ctx(root: Path, flags: dict | None = None):
    manifest = SimpleNamespace(name="示例工业园区", flags=flags or {}, audit_year=2024, baseline_year=2023,
                               review_years=(2021, 2022, 2023),
                               subject={"committee": "示例工业园区管理委员会"})
    return SimpleNamespace(project=SimpleNamespace(root=root, manifest=manifest))


def snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def profile():
    from cpframework.report.profile import load_profile
    return load_profile(DATA / "park_profile.toml")


@pytest.fixture(scope="session")
def kind():
    from cpframework.report.outline import load_report_kind
    return load_report_kind(DATA / "test_report.toml", "park_test")


def _overview(ctx, w):
    w.paragraph("园区位于示例省，面积 12.5 km²。")
    w.table(["指标", "2022年", "2023年"], [["工业产值", 120.5, None], ["用水量", "", 3.2e4]],
            "园区基本情况", units=[None, "亿元", "亿元"], notes="数据来源：园区统计年鉴")


def _team(ctx, w):
    w.table([["序号", "小组", ("人数", 2)], [None, None, "2022年", "2023年"]],
            [[1, "领导小组", 3, 4], [2, "工作小组", None, 6]], "审核小组构成")


RENDERERS = {"overview_table": _overview, "team_table": _team}


@pytest.fixture()
def project(tmp_path):
    root = tmp_path / "project"
    (root / "narrative").mkdir(parents=True)
    (root / "images").mkdir()
    from PIL import Image
    Image.new("RGB", (200, 100), "white").save(root / "images" / "site.png")
    (root / "narrative" / "background.md").write_text(
        "本项目**依据**《指南》开展。\n\n- 第一项\n- 第二项\n\n表：背景数据\n| 项目 | 数值 |\n|---|---|\n| 甲 | |\n\n"
        "![园区照片](images/site.png)\n\n![越界](../../etc/passwd)\n", encoding="utf-8")
    (root / "narrative" / "organise.md").write_text("   \n", encoding="utf-8")   # empty → placeholder
    return root


@pytest.fixture()
def built(tmp_path, project, profile, kind):
    from cpframework.report.build import build_report
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = snapshot(project)
    info = build_report(kind, profile, make_ctx(project), RENDERERS, out_dir / "report.docx", force=False)
    return SimpleNamespace(info=info, before=before, project=project, out_dir=out_dir)

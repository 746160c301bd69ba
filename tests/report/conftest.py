from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from report_helpers import DATA, RENDERERS, make_ctx, snapshot  # noqa: E402

@pytest.fixture(scope="session")
def profile():
    from cpframework.report.profile import load_profile
    return load_profile(DATA / "park_profile.toml")


@pytest.fixture(scope="session")
def kind():
    from cpframework.report.outline import load_report_kind
    return load_report_kind(DATA / "test_report.toml", "park_test")


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

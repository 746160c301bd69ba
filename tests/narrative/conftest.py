from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "report"))
from report_helpers import DATA, RENDERERS, make_ctx  # noqa: E402


@pytest.fixture(scope="session")
def profile():
    from cpframework.report.profile import load_profile
    return load_profile(DATA / "park_profile.toml")


@pytest.fixture(scope="session")
def kind():
    from cpframework.report.outline import load_report_kind
    return load_report_kind(DATA / "test_report.toml", "park_test")


@pytest.fixture()
def project(tmp_path, kind):
    """A small project of the test report kind: narrative for 前言 and 1.1 (a list, a table, an image)."""
    from PIL import Image

    from cpframework.project.narrative import file_names, resolve

    root = tmp_path / "project"
    (root / "narrative").mkdir(parents=True)
    (root / "images").mkdir()
    Image.new("RGB", (200, 100), "white").save(root / "images" / "site.png")
    (root / "narrative" / "background.md").write_text(
        "<!-- 本节：项目背景 -->\n\n本项目**依据**《指南》开展。\n\n- 第一项\n- 第二项\n\n表：背景数据\n| 项目 | 数值 |\n|---|---|\n| 甲 | 1 |\n\n"
        "![园区照片](../images/site.png)\n", encoding="utf-8")
    (root / "narrative" / "preface.md").write_text("园区开展审核的必要性。\n", encoding="utf-8")
    std = SimpleNamespace(id="park_test", report_kinds={"audit": kind}, info=SimpleNamespace(default_report="audit"))
    names = file_names(std, {})
    ctx = make_ctx(root)
    ctx.project.narrative_path = lambda stem: resolve(root / "narrative", stem, names)
    return SimpleNamespace(root=root, ctx=ctx, std=std, project=ctx.project, names=names)


@pytest.fixture()
def build(tmp_path, kind, profile, project):
    """``build(name="r.docx")`` writes the report of the test project (overwriting) and returns its path."""
    from cpframework.report.build import build_report

    def run(name: str = "r.docx") -> Path:
        out = tmp_path / name
        build_report(kind, profile, project.ctx, RENDERERS, out, force=True)
        return out
    return run

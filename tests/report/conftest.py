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


# ---------------------------------------------------------------- every report kind of every demo
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DEMO_REPORTS = [("park_demo", "audit"), ("industry_demo", "audit"), ("enterprise_demo", "audit"),
                ("enterprise_demo", "acceptance"), ("yunnan_demo", "audit"), ("yunnan_demo", "annual")]


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """``demo_report(demo, kind)`` → the generated ``.docx``, built once per test session."""
    from cpframework.testing import cpaudit_main

    made: dict[tuple[str, str], Path] = {}
    out_dir = tmp_path_factory.mktemp("demo_reports")

    def get(demo: str, kind: str) -> Path:
        if (demo, kind) not in made:
            out = out_dir / f"{demo}_{kind}.docx"
            code = cpaudit_main(["report", str(EXAMPLES / demo), "-k", kind, "-o", str(out), "--force"])
            assert code == 0 and out.exists(), f"cpaudit report {demo} -k {kind} 退出码 {code}"
            made[(demo, kind)] = out
        return made[(demo, kind)]

    return get

"""The built-in plugins (and the fifth standard written from the docs) use only the public API:
``cpframework.api`` in their code, plus ``cpframework.testing`` in their tests.  Everything else in
``cpframework`` is internal and may change."""
import ast
from pathlib import Path

import pytest

from cpframework import api

from .conftest import REPO

PLUGIN_DIRS = [p for p in (REPO / "plugins").iterdir() if p.is_dir()] + [REPO / "examples" / "plugins" / "unido_cpa"]
SOURCES = sorted(f for d in PLUGIN_DIRS for f in d.rglob("*.py") if "build" not in f.parts)


def core_imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "cpframework" else [f"cpframework.{a.name}" for a in node.names]
            out += [(node.lineno, n) for n in names if n.split(".")[0] == "cpframework"]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "cpframework"]
    return out


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_plugins_import_only_the_public_api(path):
    allowed = {"cpframework.api"} | ({"cpframework.testing"} if "tests" in path.parts else set())
    bad = [(n, m) for n, m in core_imports(path) if m not in allowed]
    assert not bad, f"{path.relative_to(REPO)} imports internal modules: {bad}"


def test_every_public_name_resolves():
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_importing_the_api_loads_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys, cpframework.api; heavy = [m for m in ('pandas', 'numpy', 'docx', 'matplotlib', 'openpyxl') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"cpframework.api imports {out} at start-up"


@pytest.mark.parametrize("demo", ["park_demo", "industry_demo", "enterprise_demo", "yunnan_demo"])
def test_what_plugins_receive_satisfies_the_protocols(demo):
    from cpframework.evaluation.service import evaluate_project
    from cpframework.host.registry import get_registry

    registry = get_registry()
    project, std = api.load_project(REPO / "examples" / demo)
    evaluation = evaluate_project(registry, std, project)
    kind = next(iter(std.report_kinds.values()))
    ctx = api.ReportContext(project=project, standard=std, evaluation=evaluation, kind=kind)
    assert isinstance(project, api.ProjectLike)
    assert isinstance(project.manifest, api.ManifestLike)
    assert all(isinstance(t, api.TableDataLike) for t in project.tables.values())
    assert isinstance(evaluation, api.EvaluationLike)
    assert isinstance(ctx, api.ReportContextLike)
    assert not isinstance(object(), api.ProjectLike)  # the check has teeth

"""Packaging: the core and each built-in standard are separate distributions.

Every plugin folder has its own ``pyproject.toml`` (entry point named like its standard, the data
folders as packages with their files as package data) and declares every distribution its code
imports — ``cpframework``, third-party libraries, and another standard's distribution when it reuses
that standard's code (yunnan_park → park_cppc).  The wheels are built for real, without setuptools
warnings, hold every data file, and the installed standards pass their contract (whose package-data
rule reads the files through importlib.resources).
"""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from .conftest import REPO

PLUGINS = sorted(p.parent for p in (REPO / "plugins").glob("*/pyproject.toml"))
IMPORT_TO_DIST = {"docx": "python-docx", "yaml": "pyyaml"}


def meta(folder: Path) -> dict:
    return tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))


def dist_name(requirement: str) -> str:
    name = requirement.split(";")[0]
    for sep in "<>=!~[ ":
        name = name.split(sep)[0]
    return name.strip().lower().replace("_", "-")


def imported_top_levels(folder: Path) -> set[str]:
    """Top-level modules imported by the plugin's own code (not its tests), relative imports excluded."""
    names: set[str] = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"__future__"}


def test_every_builtin_standard_is_its_own_distribution():
    assert [p.name for p in PLUGINS] == ["industry_cppc", "park_cppc", "yunnan_park", "zhengzhou_enterprise"]
    root = meta(REPO)
    assert "cpframework.plugins" not in root["project"].get("entry-points", {})  # the core declares no standard
    assert not any(str(d).startswith("plugins") for d in root["tool"]["setuptools"].get("package-dir", {}).values())
    for folder in PLUGINS:
        m = meta(folder)
        pkg = f"cpf_{folder.name}"
        assert m["project"]["name"] == f"cpframework-{folder.name.replace('_', '-')}"
        assert m["project"]["entry-points"]["cpframework.plugins"] == {folder.name: f"{pkg}.plugin:plugin"}
        assert m["tool"]["setuptools"]["package-dir"] == {pkg: "."}
        data_dirs = sorted({f.parent.relative_to(folder) for f in (folder / "data").rglob("*") if f.is_file()})
        assert set(m["tool"]["setuptools"]["packages"]) == {pkg} | {f"{pkg}." + ".".join(d.parts) for d in data_dirs}


@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_a_plugin_declares_every_distribution_it_imports(folder):
    declared = {dist_name(r) for r in meta(folder)["project"]["dependencies"]}
    own = f"cpf_{folder.name}"
    for module in sorted(imported_top_levels(folder) - {own}):
        if module.startswith("cpf_"):
            wanted = "cpframework-" + module.removeprefix("cpf_").replace("_", "-")
        else:
            wanted = IMPORT_TO_DIST.get(module, module).lower().replace("_", "-")
        assert wanted in declared, f"{folder.name} imports {module} but does not declare {wanted}"
    assert "cpframework" in declared


def test_yunnan_park_depends_on_park_cppc_whose_formulas_it_reuses():
    deps = {dist_name(r) for r in meta(REPO / "plugins" / "yunnan_park")["project"]["dependencies"]}
    assert "cpframework-park-cppc" in deps
    assert "cpf_park_cppc" in imported_top_levels(REPO / "plugins" / "yunnan_park")


BUILD_LEFTOVERS = shutil.ignore_patterns("build", "*.egg-info", "__pycache__", ".venv", ".git", "tests", "out")


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """Wheels of the core and the four standards, built from a copy of their sources (pip builds in the
    source folder: building in the repository would leave build/ folders whose stale files get packed)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "cpframework", src / "cpframework", ignore=BUILD_LEFTOVERS)
    for folder in PLUGINS:
        shutil.copytree(folder, src / "plugins" / folder.name, ignore=BUILD_LEFTOVERS)
    out = tmp_path_factory.mktemp("wheels")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(src),
                          *[str(src / "plugins" / f.name) for f in PLUGINS]], capture_output=True, text=True,
                         timeout=900)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return out, res.stdout + res.stderr


@pytest.mark.slow
def test_wheels_build_without_setuptools_warnings(wheels):
    _out, log = wheels
    for noise in ("Warning", "deprecated", "ambiguous", "absent from the `packages`"):
        assert noise not in log.replace("byte-compiling is disabled", ""), noise


@pytest.mark.slow
@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_wheel_holds_every_data_file_and_no_tests(wheels, folder):
    out, _log = wheels
    wheel = next(out.glob(f"cpframework_{folder.name}-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    pkg = f"cpf_{folder.name}"
    data = {f"{pkg}/{f.relative_to(folder).as_posix()}" for f in (folder / "data").rglob("*") if f.is_file()}
    code = {f"{pkg}/{f.name}" for f in folder.glob("*.py")}
    assert data | code | {f"{pkg}/README.md"} == {n for n in names if n.startswith(f"{pkg}/")}
    assert not any("/tests/" in n or n.endswith("pyproject.toml") for n in names)


@pytest.mark.slow
def test_installed_wheels_pass_the_contract(wheels, tmp_path):
    """The core and the four standards installed from their wheels (not the source tree) meet the
    contract, whose package-data rule opens every data file through importlib.resources."""
    out, _log = wheels
    site = tmp_path / "site"
    res = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site),
                          *map(str, sorted(out.glob("*.whl")))], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    script = ("import importlib.metadata as md, cpf_park_cppc, cpf_yunnan_park\n"
              "from cpframework.testing import assert_standard_ok\n"
              "for s in ('park_cppc', 'industry_cppc', 'zhengzhou_enterprise', 'yunnan_park'):\n"
              "    assert_standard_ok(s)\n"
              "print(cpf_park_cppc.__file__, cpf_yunnan_park.__file__)\n"
              "print(sorted({e.dist.metadata['Name'] for e in md.entry_points(group='cpframework.plugins')}))\n")
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("CPF_PLUGINS", None)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    files, dists = run.stdout.splitlines()
    assert all(f.startswith(str(site)) for f in files.split())
    assert {"cpframework-park-cppc", "cpframework-industry-cppc", "cpframework-zhengzhou-enterprise",
            "cpframework-yunnan-park"} <= set(ast.literal_eval(dists))

"""``cpaudit plugin new``: the generated package installs, passes its own tests unchanged and is listed
by ``cpaudit standards``; existing folders are never touched."""
import json
import os
import subprocess
import sys
import tomllib

from click.testing import CliRunner

from cpframework.scaffold.cli import plugin
from cpframework.scaffold.generate import create_plugin


def new(*args):
    return CliRunner().invoke(plugin, ["new", *args])


def test_new_writes_a_complete_package(tmp_path):
    res = new("hebei_park", "-d", str(tmp_path), "-t", "河北省工业园区清洁生产审核指南", "-c", "DB13/T 1-2025", "-s", "park")
    assert res.exit_code == 0, res.output
    root = tmp_path / "hebei_park"
    pkg = root / "cpf_hebei_park"
    expected = {"pyproject.toml", "README.md", "cpf_hebei_park/__init__.py", "cpf_hebei_park/plugin.py",
                "cpf_hebei_park/formulas.py", "cpf_hebei_park/report.py",
                *(f"cpf_hebei_park/data/{f}" for f in ("standard.toml", "stages.toml", "tables.toml", "indicators.toml",
                                                       "typesetting.toml", "reports/audit.toml")),
                "tests/test_hebei_park_contract.py", "tests/test_hebei_park_formulas.py",
                "tests/test_hebei_park_project.py"}
    assert {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} == expected
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["name"] == "cpframework-hebei-park"
    assert meta["project"]["entry-points"]["cpframework.plugins"] == {"hebei_park": "cpf_hebei_park.plugin:plugin"}
    assert meta["tool"]["setuptools"]["package-data"]["cpf_hebei_park"] == ["data/*.toml", "data/reports/*.toml"]
    std = tomllib.loads((pkg / "data" / "standard.toml").read_text(encoding="utf-8"))
    assert (std["id"], std["code"], std["title"], std["subject"]) == (
        "hebei_park", "DB13/T 1-2025", "河北省工业园区清洁生产审核指南", "park")
    for f in root.rglob("*"):
        if f.suffix in (".py", ".toml", ".md"):
            text = f.read_text(encoding="utf-8")
            assert "{{" not in text, f
            if f.suffix == ".py":
                compile(text, str(f), "exec")
            if f.suffix == ".toml":
                tomllib.loads(text)
    assert "追溯表" in (root / "README.md").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # the temp folder was renamed


def test_new_refuses_an_existing_folder(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    res = new("mine", "-d", str(tmp_path))
    assert res.exit_code == 2 and "已存在" in res.output
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_new_rejects_a_bad_name(tmp_path):
    res = new("Hebei-Park", "-d", str(tmp_path))
    assert res.exit_code == 2 and "只能用小写字母" in res.output
    assert list(tmp_path.iterdir()) == []


def test_failure_half_way_leaves_nothing(tmp_path, monkeypatch):
    from cpframework.scaffold import generate

    calls = {"n": 0}
    real = generate.render

    def flaky(text, values):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(text, values)

    monkeypatch.setattr(generate, "render", flaky)
    try:
        create_plugin("half", tmp_path)
    except OSError:
        pass
    assert list(tmp_path.iterdir()) == []


def test_generated_package_installs_passes_its_tests_and_is_listed(tmp_path):
    create_plugin("demo_province", tmp_path, title="示例省清洁生产审核标准")
    site = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                          str(tmp_path / "demo_province")], capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    assert (site / "cpf_demo_province" / "data" / "reports" / "audit.toml").is_file()  # package data shipped
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("CPF_PLUGINS", None)
    # run from outside the source folder, so the tests import the *installed* package
    tests = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "demo_province/tests"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout
    listed = subprocess.run([sys.executable, "-m", "cpframework", "standards", "--format", "json"],
                            env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    row = next(r for r in json.loads(listed.stdout) if r["id"] == "demo_province")
    assert row["title"] == "示例省清洁生产审核标准" and row["plugin"] == "demo_province"

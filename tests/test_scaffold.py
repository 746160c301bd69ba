"""``cpaudit plugin new``: the generated package installs, passes its own tests unchanged and is listed
by ``cpaudit standards``; existing folders are never touched."""
import json
import os
import subprocess
import sys
import tomllib

import pytest

from click.testing import CliRunner

from cpframework.cli.scaffold import plugin
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
    assert meta["tool"]["setuptools"]["packages"] == ["cpf_hebei_park", "cpf_hebei_park.data",
                                                      "cpf_hebei_park.data.reports"]
    assert meta["tool"]["setuptools"]["package-data"] == {"cpf_hebei_park.data": ["*.toml", "*.csv"],
                                                          "cpf_hebei_park.data.reports": ["*.toml"]}
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


def test_unido_example_end_to_end(tmp_path):
    """The fifth standard, built only through the public plugin API, installed outside the core:
    init, fill the workbook, check, evaluate, status, report (English, Latin fonts)."""
    import docx

    from .conftest import REPO
    from .unido_project import fill

    site = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                          str(REPO / "examples" / "plugins" / "unido_cpa")], capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def cpaudit(*args):
        return subprocess.run([sys.executable, "-m", "cpframework", *args], capture_output=True, text=True,
                              env=env, timeout=120, cwd=tmp_path)

    assert cpaudit("init", "acme", "-s", "unido_cpa", "-n", "ACME Textiles", "-y", "2025").returncode == 0
    fill(tmp_path / "acme")
    check = cpaudit("check", "acme", "--format", "json")
    assert check.returncode == 0, check.stdout + check.stderr
    ev = cpaudit("evaluate", "acme", "--format", "json")
    assert ev.returncode == 0, ev.stderr
    ind = {i["id"]: i for i in json.loads(ev.stdout)["indicators"]}
    assert ind["WI"]["value"] == 8.0 and ind["WI"]["level"] == "good"          # 9600 m³ ÷ 1200 t
    assert ind["EI"]["value"] == 2.5 and ind["EI"]["level"] == "best"          # 3000 GJ ÷ 1200 t
    assert ind["SWI"]["value"] == 25.0 and ind["SWI"]["level"] == "good"       # 30 t ÷ 1200 t × 1000
    assert ind["MY"]["value"] == pytest.approx(92.3077, rel=1e-4) and ind["MY"]["level"] == "good"
    status = json.loads(cpaudit("status", "acme", "--format", "json").stdout)
    done = {st["clause"]: st["done"] for s in status["stages"] for st in s["steps"]}
    assert len(done) == 18
    assert {k for k, v in done.items() if v} == {"T1", "T2", "T3", "T5", "T6", "T8", "T9", "T10", "T11", "T12",
                                                  "T13", "T15", "T16"}  # the rest wait for narrative
    rep = cpaudit("report", "acme", "-o", "acme.docx")
    assert rep.returncode == 0, rep.stderr
    doc = docx.Document(tmp_path / "acme.docx")
    texts = [p.text for p in doc.paragraphs]
    assert "1  Getting Started" in texts and "Contents" in texts
    assert "Table 5.2 Monitored indicators" in texts
    assert any(t.startswith("Water intensity: Fresh water ÷ Production = 9600 m³ ÷ 1200 t") for t in texts)
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.font.name}
    styles = {s.font.name for s in doc.styles if getattr(s, "font", None) is not None and s.font.name}
    assert "Liberation Serif" in styles | fonts and not ({"宋体", "黑体"} & (styles | fonts))


def test_generated_addon_installs_passes_its_tests_and_extends_its_standard(tmp_path):
    res = new("hebei_water", "-d", str(tmp_path), "--addon", "park_cppc", "-t", "河北省园区用水补充要求")
    assert res.exit_code == 0, res.output
    assert "附加插件包" in res.output and "hebei_water = true" in res.output
    root = tmp_path / "hebei_water"
    meta = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "cpframework-park-cppc" in meta["project"]["dependencies"]  # the plugin that owns the standard
    for f in root.rglob("*"):
        if f.is_file():
            assert "{{" not in f.read_text(encoding="utf-8"), f
    site = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                          str(root)], capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.pop("CPF_PLUGINS", None)
    tests = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "hebei_water/tests"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout
    listed = subprocess.run([sys.executable, "-m", "cpframework", "plugins", "--format", "json"],
                            env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    row = next(r for r in json.loads(listed.stdout)["plugins"] if r["name"] == "hebei_water")
    assert row["status"] == "ok" and row["extends"] == ["park_cppc"] and not row["notes"]


@pytest.mark.parametrize("standard", ["industry_cppc", "zhengzhou_enterprise", "yunnan_park"])
def test_an_addon_can_be_generated_for_every_standard(tmp_path, standard, monkeypatch):
    import importlib

    from cpframework.testing import make_registry

    assert new("extra_rules", "-d", str(tmp_path), "--addon", standard).exit_code == 0
    monkeypatch.syspath_prepend(str(tmp_path / "extra_rules"))
    module = importlib.import_module("cpf_extra_rules.plugin")
    try:
        std = make_registry(("extra_rules", module.plugin), autoload=True).standard(standard)
        assert not std.dropped, std.dropped
        assert "EXTRA_RULES_1" in {i.id for i in std.for_project({"extra_rules": True}).indicators}
    finally:
        for name in [m for m in sys.modules if m.startswith("cpf_extra_rules")]:
            del sys.modules[name]


def test_addon_of_an_unknown_standard_is_a_usage_error(tmp_path):
    res = new("extra", "-d", str(tmp_path), "--addon", "park_cpcc")
    assert res.exit_code == 2 and "park_cppc" in res.output and not (tmp_path / "extra").exists()

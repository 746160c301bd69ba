"""The plugin failure policy through the real CLI, with throw-away distributions on PYTHONPATH
(real ``*.dist-info`` metadata, so distribution names and versions are real):

* the plugin that owns the selected standard fails (import, a data file with a syntax error, a hook
  raising) → error, exit 1, naming plugin, distribution, version and the root cause;
* an add-on fails → warning, and all of its contributions to that standard are withdrawn together;
* two distributions declare one standard id → refused naming both, unless ``project.toml`` pins
  ``provider``;
* the root cause (file and line) comes first in ``show``, ``plugins`` and the contract test.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO
from .helpers import set_cells

DEMO_EXT = REPO / "tests" / "external_plugin" / "cpf_demo_ext"
PARK_DEMO = EXAMPLES / "park_demo"

OWNER_HOOKS = '''

import os


def _maybe_raise(where):
    if os.environ.get("DEMO_RAISE") == where:
        raise RuntimeError(f"{where} 钩子炸了")


def validate(standard, project):
    _maybe_raise("validate")
    return []


def evaluate(standard, project, evaluation):
    _maybe_raise("evaluate")
    return None


plugin = DataPlugin(__package__, formulas={"water_per_product": water_per_product}, validate=validate, evaluate=evaluate)
'''

REPORT = '''
[report]
id = "audit"
title = "审核报告"

[cover]
title = ["{name}", "审核报告"]

[[outline]]
id = "summary"
number = "第一章"
title = "概述"
requirement = "概述审核情况。"
'''


def dist_info(site: Path, dist: str, version: str, entry_points: dict[str, str]) -> None:
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
    eps = "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(f"[cpframework.plugins]\n{eps}", encoding="utf-8")


def owner_dist(site: Path, *, package: str = "cpf_demo_ext", dist: str = "cpframework-demo-ext",
               version: str = "0.0.1", title: str = "外部示例标准") -> Path:
    """tests/external_plugin's standard ``demo_ext`` as an installed distribution whose project hooks
    raise when ``DEMO_RAISE`` says so; with a report kind so ``report`` can run."""
    pkg = site / package
    shutil.copytree(DEMO_EXT, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    plugin = (pkg / "plugin.py").read_text(encoding="utf-8")
    kept = [line for line in plugin.splitlines() if not line.startswith("plugin = DataPlugin(")]
    (pkg / "plugin.py").write_text("\n".join(kept) + OWNER_HOOKS, encoding="utf-8")
    (pkg / "data" / "reports").mkdir()
    (pkg / "data" / "reports" / "audit.toml").write_text(REPORT, encoding="utf-8")
    std = pkg / "data" / "standard.toml"
    std.write_text(std.read_text(encoding="utf-8").replace("外部示例标准", title), encoding="utf-8")
    dist_info(site, dist, version, {"demo_ext" if package == "cpf_demo_ext" else package: f"{package}.plugin:plugin"})
    return pkg


def module_dist(site: Path, dist: str, version: str, source: str) -> None:
    module = dist.replace("-", "_")
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist_info(site, dist, version, {module: f"{module}:plugin"})


def run(site: Path, *args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""), **env)
    if "CPF_STRICT_PLUGINS" not in env:
        full.pop("CPF_STRICT_PLUGINS", None)
    return subprocess.run([sys.executable, "-m", "cpframework", *args], capture_output=True, text=True,
                          env=full, timeout=180, cwd=cwd)


def demo_project(site: Path, where: Path) -> Path:
    assert run(site, "init", str(where), "-s", "demo_ext", "-n", "外部示例企业", "-y", "2025").returncode == 0
    set_cells(where / "data.xlsx", "基础数据", {("water", "数值"): 3000, ("output", "数值"): 1000, ("reused", "数值"): 2790})
    return where


# ---------------------------------------------------------------- the owner fails: an error


@pytest.fixture(scope="module")
def owner_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("owner") / "site"
    owner_dist(site)
    project = demo_project(site, site.parent / "proj")
    return site, project


@pytest.mark.parametrize("command", ["check", "evaluate", "status", "report"])
def test_owner_hook_raising_is_an_error_naming_plugin_distribution_version_and_cause(owner_site, command):
    site, project = owner_site
    where = "evaluate" if command == "status" else "validate"
    args = [command, str(project)] + (["-o", str(project.parent / f"{command}.docx")] if command == "report" else [])
    res = run(site, *args, DEMO_RAISE=where)
    assert res.returncode == 1, res.stdout + res.stderr
    err = res.stderr
    assert "标准“demo_ext”不可用" in err and "插件“demo_ext”（cpframework-demo-ext 0.0.1）" in err
    assert f"RuntimeError: {where} 钩子炸了" in err
    assert "检查通过" not in res.stdout and "Traceback" not in err
    assert not (project.parent / f"{command}.docx").exists()
    ok = run(site, *args)  # the same project with a healthy plugin
    assert ok.returncode == 0, ok.stderr


def test_owner_evaluate_hook_raising_stops_evaluate(owner_site):
    site, project = owner_site
    res = run(site, "evaluate", str(project), "--format", "json", DEMO_RAISE="evaluate")
    assert res.returncode == 1 and "RuntimeError: evaluate 钩子炸了" in res.stderr and res.stdout == ""


def test_owner_data_file_syntax_error_is_the_first_thing_show_plugins_and_contract_say(tmp_path):
    site = tmp_path / "site"
    pkg = owner_dist(site)
    tables = pkg / "data" / "tables.toml"
    lines = tables.read_text(encoding="utf-8").splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("sheet ="))
    lines[bad] = 'sheet = 基础数据"'  # a missing quote: everything referring to the table would be a knock-on error
    tables.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cause = "cpf_demo_ext/data/tables.toml 不是有效的 TOML"

    show = run(site, "show", "demo_ext")
    assert show.returncode == 1
    first = show.stderr.splitlines()
    assert "标准“demo_ext”不可用" in first[0] and "cpframework-demo-ext 0.0.1" in first[0]
    assert cause in first[1] and f"第 {bad + 1} 行" in first[1]
    assert "不存在的数据表" not in show.stderr

    listed = run(site, "plugins", "--format", "json")
    assert listed.returncode == 0
    row = {r["name"]: r for r in json.loads(listed.stdout)["plugins"]}["demo_ext"]
    assert row["status"] == "failed" and cause in row["error"] and f"第 {bad + 1} 行" in row["error"]
    table = run(site, "plugins")
    assert "加载失败" in table.stdout and "正常" in table.stdout  # the built-in ones stay 正常

    contract = subprocess.run([sys.executable, "-c", "from cpframework.testing import assert_standard_ok\n"
                               "assert_standard_ok('demo_ext')"], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, PYTHONPATH=str(site)))
    assert contract.returncode == 1
    message = contract.stderr[contract.stderr.rindex("AssertionError:"):]
    assert "标准“demo_ext”不可用" in message.splitlines()[0] and cause in message.splitlines()[1] and "不存在的数据表" not in message

    project = tmp_path / "p"
    project.mkdir()
    (project / "project.toml").write_text('standard = "demo_ext"\nname = "企业"\naudit_year = 2025\n', encoding="utf-8")
    check = run(site, "check", str(project))
    assert check.returncode == 1 and cause in check.stderr and "不存在的数据表" not in check.stderr


def test_owner_standard_file_broken_or_import_failing_names_the_cause(tmp_path):
    site = tmp_path / "site"
    pkg = owner_dist(site)
    (pkg / "data" / "standard.toml").write_text('id = "demo_ext\n', encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir()
    (project / "project.toml").write_text('standard = "demo_ext"\nname = "企业"\naudit_year = 2025\n', encoding="utf-8")
    res = run(site, "check", str(project))
    assert res.returncode == 1
    assert "标准“demo_ext”不可用" in res.stderr and "cpframework-demo-ext 0.0.1" in res.stderr
    assert "standard.toml 不是有效的 TOML" in res.stderr and "未知的标准" not in res.stderr

    (pkg / "plugin.py").write_text("import no_such_dependency_xyz\n", encoding="utf-8")
    res = run(site, "show", "demo_ext")
    assert res.returncode == 1 and "No module named 'no_such_dependency_xyz'" in res.stderr
    assert "pip install --force-reinstall cpframework-demo-ext" in res.stderr


# ---------------------------------------------------------------- an add-on fails: withdrawn whole

PARK_ADDON = """
    import os

    from cpframework.api import Criterion, FlagDef, Indicator, Input, Stage, Step, Threshold, hookimpl

    PARK = "park_cppc"

    class _Addon:
        @hookimpl
        def cpf_flags(self):
            yield FlagDef(standard=PARK, id="park_addon", label="执行附加要求")

        @hookimpl
        def cpf_indicators(self):
            yield Indicator(standard=PARK, id="AD1", seq=201, name="附加插件指标", unit="%", formula="ratio_percent",
                            thresholds={"advanced": Threshold(op=">=", value=50), "general": Threshold(op=">=", value=30)},
                            inputs=(Input(arg="numerator", item="hitech_va"), Input(arg="denominator", item="gdp")),
                            when="park_addon")

        @hookimpl
        def cpf_stages(self):
            yield Stage(standard=PARK, id="addon_stage", order=99, clause="附-1", title="附加插件的阶段",
                        steps=(Step(id="addon_step", clause="附-1.1", title="附加步骤",
                                    done_when=(Criterion(kind="manifest", key="name"),)),), when="park_addon")

        @hookimpl
        def cpf_validate_project(self, standard, project):
            if os.environ.get("ADDON_RAISE") == "validate":
                raise RuntimeError("附加校验炸了")
            return []

        @hookimpl
        def cpf_evaluate(self, standard, project, evaluation):
            if os.environ.get("ADDON_RAISE") == "evaluate":
                raise ZeroDivisionError("附加评价除以零")
            return {"addon_result": 1} if standard.id == PARK else None

    plugin = _Addon()
"""


@pytest.fixture(scope="module")
def addon_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("addon") / "site"
    module_dist(site, "cpf-park-addon", "2.0.1", PARK_ADDON)
    return site


@pytest.fixture(scope="module")
def addon_project(tmp_path_factory, addon_site):
    """A copy of the park demo that has switched the add-on on (flag + ``cpaudit upgrade``)."""
    import shutil

    proj = tmp_path_factory.mktemp("addon_project") / "park"
    shutil.copytree(PARK_DEMO, proj)
    manifest = proj / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("[flags]", "[flags]\npark_addon = true", 1),
                        encoding="utf-8")
    assert run(addon_site, "upgrade", str(proj)).returncode == 0
    return proj


def _evaluation(res):
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    return {i["id"] for i in data["indicators"]}, data


@pytest.mark.parametrize("where", ["validate", "evaluate"])
def test_failing_addon_is_a_warning_and_all_its_contributions_are_withdrawn(addon_site, addon_project, where):
    PARK_DEMO = addon_project
    healthy_ids, healthy = _evaluation(run(addon_site, "evaluate", str(PARK_DEMO), "--format", "json"))
    assert "AD1" in healthy_ids and healthy["addon_result"] == 1
    stages = json.loads(run(addon_site, "status", str(PARK_DEMO), "--format", "json").stdout)["stages"]
    assert "附加插件的阶段" in {s["title"] for s in stages}

    check = run(addon_site, "check", str(PARK_DEMO), ADDON_RAISE=where)
    assert check.returncode == 0 and "检查通过" in check.stdout
    warning = check.stderr
    assert "附加插件“cpf_park_addon”（cpf-park-addon 2.0.1）" in warning
    assert ("RuntimeError: 附加校验炸了" if where == "validate" else "ZeroDivisionError: 附加评价除以零") in warning
    assert "标准“park_cppc”的全部附加内容" in warning and "指标 AD1" in warning and "阶段 addon_stage" in warning

    ids, data = _evaluation(run(addon_site, "evaluate", str(PARK_DEMO), "--format", "json", ADDON_RAISE=where))
    assert "AD1" not in ids and "addon_result" not in data and ids == healthy_ids - {"AD1"}
    assert data["summary"] == healthy["summary"]  # AD1 is not selected in the demo: the same grading
    status = run(addon_site, "status", str(PARK_DEMO), "--format", "json", ADDON_RAISE=where)
    assert "附加插件的阶段" not in {s["title"] for s in json.loads(status.stdout)["stages"]}  # status runs check too

    strict = run(addon_site, "check", str(PARK_DEMO), ADDON_RAISE=where, CPF_STRICT_PLUGINS="1")
    assert strict.returncode == 1 and "CPF_STRICT_PLUGINS" in strict.stderr and "cpf-park-addon 2.0.1" in strict.stderr


# ---------------------------------------------------------------- two distributions, one standard id


@pytest.fixture(scope="module")
def rival_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("rival") / "site"
    owner_dist(site)
    owner_dist(site, package="cpf_demo_fork", dist="demo-fork", version="9.9", title="冒名的示例标准")
    return site


def test_two_distributions_declaring_one_standard_are_refused_naming_both(rival_site, tmp_path):
    site = rival_site
    both = ("插件“demo_ext”（cpframework-demo-ext 0.0.1）", "插件“cpf_demo_fork”（demo-fork 9.9）")
    show = run(site, "show", "demo_ext")
    assert show.returncode == 1 and all(b in show.stderr for b in both) and 'provider = "' in show.stderr

    standards = run(site, "standards", "--format", "json")
    assert standards.returncode == 0 and all(b in standards.stderr for b in both)
    rows = [r for r in json.loads(standards.stdout) if r["id"] == "demo_ext"]
    assert {(r["distribution"], r["conflict"]) for r in rows} == {("cpframework-demo-ext", True), ("demo-fork", True)}
    assert "park_cppc" in {r["id"] for r in json.loads(standards.stdout)}  # the others are untouched
    table = run(site, "standards")
    assert "demo_ext（冲突：demo-fork）" in table.stdout.replace("\n", "") or "冲突" in table.stdout

    plugins = {r["name"]: r for r in json.loads(run(site, "plugins", "--format", "json").stdout)["plugins"]}
    assert any("demo-fork 9.9" in n for n in plugins["demo_ext"]["notes"])
    assert any("cpframework-demo-ext 0.0.1" in n for n in plugins["cpf_demo_fork"]["notes"])

    pinned = run(site, "show", "demo_ext", "--provider", "demo-fork", "--format", "json")
    assert pinned.returncode == 0 and json.loads(pinned.stdout)["title"] == "冒名的示例标准"


def test_project_pins_the_provider(rival_site, tmp_path):
    site = rival_site
    project = tmp_path / "proj"
    shutil.copytree(_healthy_project(tmp_path), project)
    manifest = project / "project.toml"
    text = manifest.read_text(encoding="utf-8")

    refused = run(site, "check", str(project))
    assert refused.returncode == 1 and "demo-fork 9.9" in refused.stderr and "cpframework-demo-ext 0.0.1" in refused.stderr

    manifest.write_text('provider = "cpframework_demo_ext"\n' + text, encoding="utf-8")  # any PEP 503 spelling
    ev = run(site, "evaluate", str(project), "--format", "json")
    assert ev.returncode == 0, ev.stderr
    assert {i["id"] for i in json.loads(ev.stdout)["indicators"]} == {"W1", "W2"}

    manifest.write_text('provider = "no-such-dist"\n' + text, encoding="utf-8")
    wrong = run(site, "check", str(project))
    assert wrong.returncode == 1 and "no-such-dist" in wrong.stderr and "demo-fork 9.9" in wrong.stderr

    manifest.write_text('provider = 3\n' + text, encoding="utf-8")
    typed = run(site, "check", str(project))
    assert typed.returncode == 1 and "provider" in typed.stderr


def _healthy_project(tmp_path: Path) -> Path:
    site = tmp_path / "single"
    owner_dist(site)
    return demo_project(site, tmp_path / "made")


def test_a_pin_must_match_the_installed_provider(tmp_path):
    project = _healthy_project(tmp_path)
    manifest = project / "project.toml"
    manifest.write_text('provider = "demo-fork"\n' + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    res = run(tmp_path / "single", "check", str(project))
    assert res.returncode == 1 and "demo-fork" in res.stderr and "cpframework-demo-ext 0.0.1" in res.stderr

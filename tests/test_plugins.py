"""Plugin discovery: broken, misspelt, invalid and duplicate plugins never take the others down;
a third-party distribution installed outside the package works with no core change."""
import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from cpframework import hookimpl
from cpframework.errors import PluginError, UsageError
from cpframework.host.manager import ENTRY_POINT_GROUP, create_host
from cpframework.model import StandardInfo
from cpframework.host.registry import Registry

from .conftest import REPO


def _host_with(monkeypatch, extra_eps):
    real = metadata.entry_points(group=ENTRY_POINT_GROUP)
    eps = list(real) + [metadata.EntryPoint(name=n, value=v, group=ENTRY_POINT_GROUP) for n, v in extra_eps]
    monkeypatch.setattr(metadata, "entry_points", lambda group=None: eps if group == ENTRY_POINT_GROUP else [])
    return create_host()


def test_broken_import_is_a_warning_and_park_still_works(monkeypatch):
    host = _host_with(monkeypatch, [("broken", "cpf_no_such_module.plugin:plugin")])
    reg = Registry(host)
    assert "park_cppc" in {s.id for s in reg.standards()}
    assert reg.standard("park_cppc").indicators
    rec = host.records["broken"]
    assert rec.status == "failed" and "cpf_no_such_module" in rec.error
    assert any("插件“broken”" in w and "未能加载" in w for w in host.warnings)


def test_strict_mode_makes_plugin_errors_fatal(monkeypatch):
    monkeypatch.setenv("CPF_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match="CPF_STRICT_PLUGINS"):
        _host_with(monkeypatch, [("broken", "cpf_no_such_module.plugin:plugin")])


def test_blocked_plugin(monkeypatch):
    monkeypatch.setenv("CPF_DISABLED_PLUGINS", "park_cppc")
    host = create_host()
    assert host.records["park_cppc"].status == "blocked"
    with pytest.raises(UsageError, match="未知的标准"):
        Registry(host).standard("park_cppc")


class Misspelt:
    @hookimpl
    def cpf_standard(self):  # missing the final s
        yield from ()


class Raising:
    @hookimpl
    def cpf_standards(self):
        raise RuntimeError("boom")


class Duplicate:
    @hookimpl
    def cpf_standards(self):
        yield StandardInfo(id="park_cppc", code="X", title="冒名", subject="park")


class BadIndicatorAddon:
    """An add-on contributing an invalid indicator to the park standard."""

    @hookimpl
    def cpf_indicators(self):
        from cpframework.model import Indicator

        yield Indicator(standard="park_cppc", id="X99", seq=99, name="坏指标", formula="no_such_formula")


def test_misspelt_hook_is_reported_with_suggestion():
    host = create_host(plugins=[("typo", Misspelt())])
    assert host.records["typo"].status == "failed"
    assert "cpf_standards" in host.records["typo"].error  # "did you mean"


def test_raising_hook_is_isolated():
    host = create_host(plugins=[("raiser", Raising())])
    reg = Registry(host)
    assert "park_cppc" in {s.id for s in reg.standards()}
    assert any("raiser" in w and "boom" in w for w in host.warnings)


def test_duplicate_standard_id_is_refused_unless_the_provider_is_pinned():
    reg = Registry(create_host(plugins=[("dup", Duplicate())]))
    with pytest.raises(PluginError, match="被多个插件同时声明") as err:
        reg.standard("park_cppc")
    assert "插件“dup”" in str(err.value) and "插件“park_cppc”" in str(err.value)
    assert "park_cppc" not in {s.id for s in reg.standards()} and set(reg.conflicts()) == {"park_cppc"}
    assert reg.standard("park_cppc", provider="dup").info.title == "冒名"  # plugins without a distribution: by name
    real = reg.standard("park_cppc", provider="park_cppc")
    assert real.info.title == "工业园区清洁生产审核指南" and len(real.indicators) == 26
    assert "dup" in real.excluded  # the rival contributes nothing to the chosen standard


def test_invalid_addon_indicator_is_dropped_with_warning():
    host = create_host(plugins=[("bad", BadIndicatorAddon())])
    std = Registry(host).standard("park_cppc")
    assert "X99" not in {i.id for i in std.indicators} and len(std.indicators) == 26
    assert any("X99" in w and "no_such_formula" in w for w in host.warnings)


def test_external_distribution_installs_and_works(tmp_path):
    """Build and install tests/external_plugin outside the package; the CLI lists and uses it."""
    target = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                          "--target", str(target), str(REPO / "tests" / "external_plugin")],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr
    env = dict(os.environ, PYTHONPATH=str(target) + os.pathsep + os.environ.get("PYTHONPATH", ""))

    def cpaudit(*args):
        return subprocess.run([sys.executable, "-m", "cpframework", *args], capture_output=True, text=True,
                              env=env, timeout=120, cwd=tmp_path)

    listed = cpaudit("standards", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    ids = {r["id"] for r in json.loads(listed.stdout)}
    assert {"demo_ext", "park_cppc"} <= ids
    assert cpaudit("init", "proj", "-s", "demo_ext", "-n", "外部示例企业", "-y", "2025").returncode == 0
    from .helpers import set_cells

    set_cells(tmp_path / "proj" / "data.xlsx", "基础数据",
              {("water", "数值"): 3000, ("output", "数值"): 1000, ("reused", "数值"): 2790})
    ev = cpaudit("evaluate", "proj", "--format", "json")
    assert ev.returncode == 0, ev.stderr
    ind = {i["id"]: i for i in json.loads(ev.stdout)["indicators"]}
    assert ind["W1"]["value"] == 3.0 and ind["W1"]["level"] == "pass"
    assert ind["W2"]["value"] == pytest.approx(93.0) and ind["W2"]["level"] == "good"
    status = cpaudit("status", "proj", "--format", "json")
    assert json.loads(status.stdout)["stages"][0]["done"] is True


class ParkAddon:
    """A provincial add-on: one extra check for the park standard, no standard of its own."""

    @hookimpl
    def cpf_validate_project(self, standard, project):
        return [] if standard.id == "park_cppc" else None

    @hookimpl
    def cpf_flags(self):
        from cpframework.model import FlagDef

        yield FlagDef(standard="park_cppc", id="province_extra", label="执行省级补充要求")

    @hookimpl
    def cpf_stages(self):
        from cpframework.model import Stage

        yield Stage(standard="park_cppc", id="province_extra", order=9, clause="省补充", title="省级补充要求",
                    when="province_extra")


def test_plugins_command_lists_status_hooks_and_extensions(capsys):
    from cpframework.cli.commands import main
    from cpframework.host.registry import get_registry, reset_registry

    saved = get_registry()
    reset_registry(Registry(create_host(plugins=[("province_addon", ParkAddon()), ("typo", Misspelt())])))
    try:
        assert main(["plugins", "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
    finally:
        reset_registry(saved)
    assert data["plugin_api"] == 2
    rows = {r["name"]: r for r in data["plugins"]}
    assert rows["park_cppc"]["standards"] == ["park_cppc"] and rows["park_cppc"]["status"] == "ok"
    assert "cpf_standards" in rows["park_cppc"]["hooks"]
    assert rows["province_addon"]["extends"] == ["park_cppc"] and rows["province_addon"]["standards"] == []
    assert rows["typo"]["status"] == "failed" and "cpf_standards" in rows["typo"]["error"]

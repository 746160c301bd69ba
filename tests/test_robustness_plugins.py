"""Broken plugins through the CLI: a plugin that fails to import, raises inside a hook during
``check``/``evaluate``, declares an invalid standard, a duplicate id or a misspelt hook gives a
warning naming the plugin, its distribution, version and the cause; the other standards keep
working; selecting the broken standard is a clear error; ``CPF_STRICT_PLUGINS=1`` makes it fatal.

Real subprocesses use a throw-away distribution (``*.dist-info`` with an entry point) on PYTHONPATH,
so the distribution name and version come from real package metadata."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cpframework import hookimpl
from cpframework.cli.commands import main
from cpframework.host.manager import create_host
from cpframework.model import Indicator, StandardInfo
from cpframework.host.registry import Registry, reset_registry

from .conftest import EXAMPLES

DEMO = EXAMPLES / "park_demo"


def make_dist(site: Path, name: str, version: str, module_source: str, ep_name: str | None = None) -> Path:
    """A minimal installed distribution: ``<module>.py`` + ``<name>-<version>.dist-info``."""
    module = name.replace("-", "_")
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(module_source), encoding="utf-8")
    info = site / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[cpframework.plugins]\n{ep_name or module} = {module}:plugin\n",
                                           encoding="utf-8")
    return site


def cpaudit(site: Path, *args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env or {}))
    full.pop("CPF_STRICT_PLUGINS", None) if "CPF_STRICT_PLUGINS" not in (env or {}) else None
    return subprocess.run([sys.executable, "-m", "cpframework", *args], capture_output=True, text=True,
                          env=full, timeout=120, cwd=cwd)


RAISING_VALIDATOR = """
    from cpframework import hookimpl

    class _Plugin:
        @hookimpl
        def cpf_validate_project(self, standard, project):
            raise RuntimeError("校验钩子炸了")

        @hookimpl
        def cpf_evaluate(self, standard, project, evaluation):
            raise ZeroDivisionError("评价钩子除以零")

    plugin = _Plugin()
"""


def test_addon_hook_raising_during_check_is_a_named_warning_and_strict_makes_it_fatal(tmp_path):
    """A plugin that does not own park_cppc raising for a park project is a failing add-on: a warning,
    and it is withdrawn from the standard (its cpf_evaluate is not called afterwards)."""
    site = make_dist(tmp_path / "site", "cpf-raiser", "1.2.3", RAISING_VALIDATOR)
    res = cpaudit(site, "check", str(DEMO))
    assert res.returncode == 0, res.stderr
    err = res.stderr
    assert "插件“cpf_raiser”" in err and "cpf-raiser 1.2.3" in err
    assert "cpf_validate_project" in err and "RuntimeError: 校验钩子炸了" in err
    assert "全部附加内容" in err and "ZeroDivisionError" not in err
    assert "Traceback" not in err + res.stdout
    strict = cpaudit(site, "check", str(DEMO), env={"CPF_STRICT_PLUGINS": "1"})
    assert strict.returncode == 1 and "CPF_STRICT_PLUGINS" in strict.stderr and "cpf-raiser 1.2.3" in strict.stderr
    ev = cpaudit(site, "evaluate", str(DEMO), "--format", "json")
    assert ev.returncode == 0 and '"indicators"' in ev.stdout and "校验钩子炸了" in ev.stderr
    status = cpaudit(site, "status", str(DEMO), "--format", "json")  # status runs check: the same withdrawal
    assert status.returncode == 0 and "校验钩子炸了" in status.stderr and "ZeroDivisionError" not in status.stderr


def test_import_failure_names_distribution_and_others_keep_working(tmp_path):
    site = make_dist(tmp_path / "site", "cpf-broken", "0.9.0", "import no_such_dependency_xyz\nplugin = None\n")
    res = cpaudit(site, "standards", "--format", "json")
    assert res.returncode == 0 and "park_cppc" in res.stdout
    assert "cpf-broken 0.9.0" in res.stderr and "No module named 'no_such_dependency_xyz'" in res.stderr
    strict = cpaudit(site, "standards", env={"CPF_STRICT_PLUGINS": "1"})
    assert strict.returncode == 1 and "cpf-broken" in strict.stderr and "Traceback" not in strict.stderr


# ---------------------------------------------------------------- in-process, fake plugins


class BadStandard:
    """A standard whose indicator references a formula nobody declares."""

    @hookimpl
    def cpf_standards(self):
        yield StandardInfo(id="bad_std", code="X/1", title="坏标准", subject="park")

    @hookimpl
    def cpf_indicators(self):
        yield Indicator(standard="bad_std", id="B1", seq=1, name="坏指标", formula="no_such_formula")


class Duplicate:
    @hookimpl
    def cpf_standards(self):
        yield StandardInfo(id="park_cppc", code="X", title="冒名", subject="park")


class Misspelt:
    @hookimpl
    def cpf_validate_projet(self, standard, project):  # noqa: D401 - misspelt on purpose
        return []


@pytest.fixture()
def fake_plugins():
    def install(*plugins):
        reset_registry(Registry(create_host(plugins=list(plugins))))

    yield install
    reset_registry(None)


def test_selecting_an_invalid_standard_is_a_clear_error(fake_plugins, capsys, tmp_path):
    fake_plugins(("badstd", BadStandard()))
    assert main(["show", "bad_std"]) == 1
    err = capsys.readouterr().err
    assert "标准“bad_std”" in err and "定义无效" in err and "no_such_formula" in err
    assert main(["show", "park_cppc", "--format", "json"]) == 0  # the others keep working
    capsys.readouterr()
    assert main(["init", str(tmp_path / "p"), "-s", "bad_std", "-n", "x"]) == 1
    assert not (tmp_path / "p").exists()


def test_misspelt_plugin_is_a_warning_and_a_duplicate_standard_is_refused(fake_plugins, capsys):
    fake_plugins(("typo", Misspelt()))
    assert main(["check", str(DEMO)]) == 0
    err = capsys.readouterr().err
    assert "cpf_validate_projet" in err and "是否想写 cpf_validate_project" in err
    fake_plugins(("dup", Duplicate()))
    assert main(["check", str(DEMO)]) == 1
    err = capsys.readouterr().err
    assert "标准编号“park_cppc”被多个插件同时声明" in err and "插件“dup”" in err and "插件“park_cppc”" in err


def test_project_of_a_standard_whose_plugin_failed(fake_plugins, capsys, tmp_path, monkeypatch):
    from importlib import metadata

    from cpframework.host.manager import ENTRY_POINT_GROUP

    real = list(metadata.entry_points(group=ENTRY_POINT_GROUP))
    eps = real + [metadata.EntryPoint(name="yunnan_park_fork", value="cpf_no_such_pkg:plugin", group=ENTRY_POINT_GROUP)]
    monkeypatch.setattr(metadata, "entry_points", lambda group=None: eps if group == ENTRY_POINT_GROUP else [])
    fake_plugins()
    proj = tmp_path / "p"
    proj.mkdir()
    (proj / "project.toml").write_text('standard = "fork_std"\nname = "园区"\naudit_year = 2025\n', encoding="utf-8")
    assert main(["check", str(proj)]) == 2
    err = capsys.readouterr().err
    assert "未知的标准“fork_std”" in err and "插件加载失败" in err and "yunnan_park_fork" in err

"""The start-up discovery cache (:mod:`cpframework.host.discovery_cache`): ``cpaudit standards`` and
``cpaudit --help`` answered without importing plugins while nothing changed, and discovered anew when a
plugin is installed or edited; warnings are never cached away."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_plugin_failures import module_dist, owner_dist

PROBE = ("import sys; from cpframework.cli.run import main; rc = main(sys.argv[1:]); "
         "print('DISCOVERED' if 'cpframework.host.registry' in sys.modules else 'FROM-CACHE')")


def run(site: Path, cache: Path, *args: str, switch: str = "1") -> tuple[str, str, str]:
    """(output without the probe line, stderr, "DISCOVERED" | "FROM-CACHE") of one fresh process."""
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               CPF_CACHE_DIR=str(cache), COLUMNS="200", CPF_DISCOVERY_CACHE=switch)
    p = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=180)
    out, _, how = p.stdout.rstrip("\n").rpartition("\n")
    return out, p.stderr, how


def test_second_run_is_answered_from_the_cache_with_the_same_output(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    assert run(site, cache, "standards")[2] == "DISCOVERED"
    assert run(site, cache, "--help")[2] == "DISCOVERED"  # the commands' help is saved by the first --help
    for args in (["standards"], ["standards", "--format", "json"], ["--help"]):
        cached, uncached = run(site, cache, *args), run(site, cache, *args, switch="0")
        assert cached[2] == "FROM-CACHE" and uncached[2] == "DISCOVERED", args
        assert cached[:2] == uncached[:2] and "park_cppc" in run(site, cache, "standards")[0]
    assert "yunnan-import" in run(site, cache, "--help")[0]  # a plugin's command, from the cache


def test_a_newly_installed_plugin_is_discovered(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    run(site, cache, "standards")
    assert run(site, cache, "standards")[2] == "FROM-CACHE"
    owner_dist(site, title="新装的外部标准")
    out, _err, how = run(site, cache, "standards")
    assert how == "DISCOVERED" and "新装的外部标准" in out


def test_an_edited_plugin_is_discovered_again(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    pkg = owner_dist(site, title="编辑前的标准")
    run(site, cache, "standards")
    assert "编辑前的标准" in run(site, cache, "standards")[0]
    std = pkg / "data" / "standard.toml"
    std.write_text(std.read_text(encoding="utf-8").replace("编辑前的标准", "编辑后的标准"), encoding="utf-8")
    out, _err, how = run(site, cache, "standards")
    assert how == "DISCOVERED" and "编辑后的标准" in out and "编辑前的标准" not in out


def test_warnings_are_shown_on_every_run(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    module_dist(site, "cpf-broken-plugin", "1.0", "raise ImportError('缺少依赖')\n")
    for _ in range(2):
        _out, err, how = run(site, cache, "standards")
        assert how == "DISCOVERED" and "cpf_broken_plugin" in err


def test_switched_off_and_in_process_after_discovery(tmp_path, registry):
    from cpframework.host import discovery_cache

    assert not discovery_cache.enabled()  # the registry exists in this process: never the cache
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    for _ in range(2):
        assert run(site, cache, "standards", switch="0")[2] == "DISCOVERED"


def test_tree_stamp_follows_size_and_time_but_not_compiled_files(tmp_path):
    from cpframework.host.discovery_cache import tree_stamp

    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "__pycache__").mkdir()
    before = tree_stamp([str(tmp_path)])
    (tmp_path / "__pycache__" / "a.pyc").write_bytes(b"0")
    assert tree_stamp([str(tmp_path)]) == before
    (tmp_path / "a.py").write_text("x = 22\n")
    assert tree_stamp([str(tmp_path)]) != before

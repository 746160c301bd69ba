"""``cpaudit --help`` and ``cpaudit standards`` shown again without importing click (start-up, issue #22):
the same text as a run without the cache, and never a stale one (a plugin installed, another width)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_plugin_failures import module_dist, owner_dist


def run(site: Path, cache: Path, *args: str, cached: bool = True, columns: str = "200") -> tuple[str, str, bool]:
    """(stdout, stderr without the import times, whether click was imported) of ``python -m cpframework``."""
    env = dict(os.environ, PYTHONPATH=str(site) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               CPF_CACHE_DIR=str(cache), COLUMNS=columns, CPF_OUTPUT_CACHE="1" if cached else "0")
    p = subprocess.run([sys.executable, "-X", "importtime", "-m", "cpframework", *args], capture_output=True,
                       text=True, env=env, timeout=180)
    assert p.returncode == 0, p.stderr[-2000:]
    lines = p.stderr.splitlines()
    clicked = any(line.startswith("import time:") and line.rstrip().endswith(" click") for line in lines)
    return p.stdout, "\n".join(x for x in lines if not x.startswith("import time:")), clicked


@pytest.mark.parametrize("args", [("standards",), ("--help",)])
def test_a_kept_output_is_the_same_and_needs_no_click(tmp_path, args):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    first, second, third = (run(site, cache, *args) for _ in range(3))  # discover, keep, show again
    fresh = run(site, cache, *args, cached=False)
    assert first[2] and fresh[2] and not third[2]
    assert first[:2] == second[:2] == third[:2] == fresh[:2]
    assert ("park_cppc" if args == ("standards",) else "standards") in third[0]


def test_a_newly_installed_plugin_is_shown(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    for _ in range(3):
        run(site, cache, "standards")
    assert not run(site, cache, "standards")[2]
    owner_dist(site, title="新装的外部标准")
    out, _err, clicked = run(site, cache, "standards")
    assert clicked and "新装的外部标准" in out


def test_another_terminal_width_is_not_shown_a_kept_output(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    for _ in range(3):
        run(site, cache, "--help", columns="200")
    narrow = run(site, cache, "--help", columns="60")
    assert narrow[2] and narrow[:2] == run(site, cache, "--help", columns="60", cached=False)[:2]


def test_a_run_with_warnings_is_never_kept(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    module_dist(site, "cpf-broken-plugin", "1.0", "raise ImportError('缺少依赖')\n")
    for _ in range(3):
        _out, err, clicked = run(site, cache, "standards")
        assert clicked and "cpf_broken_plugin" in err

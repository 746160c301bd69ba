"""A step is never shown done on a project that has no data: every standard installed, a freshly created project.

(The enterprise standard once showed 可行性分析, 实施效果核定 and 审核目标完成情况 done on an empty workbook: its
checks looked for options or targets with something missing and found none.)"""
from __future__ import annotations

import json

import pytest

from cpframework.host.registry import get_registry
from cpframework.testing import cpaudit_main

STANDARDS = sorted(s.id for s in get_registry().standards())


@pytest.mark.parametrize("standard", STANDARDS)
def test_no_step_is_done_on_a_new_project(tmp_path, capsys, standard):
    folder = tmp_path / "p"
    assert cpaudit_main(["init", str(folder), "-s", standard, "-n", "测试对象", "-y", "2025"]) == 0
    capsys.readouterr()
    cpaudit_main(["status", str(folder), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    done = [f"{st['clause']} {st['title']}" for stage in out["stages"] for st in stage["steps"] if st["done"]]
    assert done == []

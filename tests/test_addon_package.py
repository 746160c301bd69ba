"""An add-on distribution installed outside the repository (tests/addon_package.py) adds a flag, an opt-in
table, an indicator and a check to park_cppc.  An existing park project gives the same results with it
installed; switching the add-on on and running ``cpaudit upgrade`` takes its sheet in, and ``check``
then checks that sheet.  Everything runs ``cpaudit`` in a subprocess, as a user would."""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from cpframework.testing import installed_registry, make_registry, set_cells

from .addon_package import FLAG, SHEET, install
from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return install(tmp_path_factory.mktemp("addon") / "site")


def cpaudit(*args, site=None, cwd):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CPF_PLUGINS", "CPF_DISABLED_PLUGINS")}
    if site is not None:
        env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-m", "cpframework", *args], capture_output=True, text=True, env=env,
                          timeout=300, cwd=cwd, check=False)


def switch_on(root):
    manifest = root / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("[flags]", f"[flags]\n{FLAG} = true"),
                        encoding="utf-8")


@pytest.fixture(scope="module")
def addon(site):
    """The installed add-on's plugin object, imported from its file (not via sys.path, so that the
    in-process registries below do not discover it a second time through its entry point)."""
    spec = importlib.util.spec_from_file_location("cpf_test_hebei", site / "cpf_test_hebei" / "__init__.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.plugin


def cli(capsys, registry, *args):
    """``cpaudit`` in-process against ``registry``: (exit code, stdout, stderr)."""
    from cpframework.cli.run import main
    from cpframework.host.registry import get_registry, reset_registry

    saved = get_registry()
    reset_registry(registry)
    try:
        code = main([str(a) for a in args])
    finally:
        reset_registry(saved)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_installed_addon_is_discovered(site, tmp_path):
    listed = json.loads(cpaudit("plugins", "--format", "json", site=site, cwd=tmp_path).stdout)["plugins"]
    row = next(r for r in listed if r["name"] == "test_hebei")
    assert row["status"] == "ok" and row["extends"] == ["park_cppc"] and row["dist"] == "cpf-test-hebei"
    assert "cpf_flags" in row["hooks"]


def test_installed_addon_leaves_an_existing_project_as_it_was(addon, tmp_path, capsys):
    root = tmp_path / "park"
    shutil.copytree(EXAMPLES / "park_demo", root)
    plain, with_addon = installed_registry(), make_registry(("test_hebei", addon), autoload=True)
    for args in (["check", root, "--format", "json"], ["evaluate", root, "--format", "json"],
                 ["status", root, "--format", "json"]):
        before, after = cli(capsys, plain, *args), cli(capsys, with_addon, *args)
        assert before[0] == after[0] == 0, after[2]
        assert json.loads(after[1]) == json.loads(before[1]), args[0]
        assert after[2] == "", after[2]  # not a word about the add-on
    summary = []
    for reg, name in ((plain, "plain.docx"), (with_addon, "addon.docx")):
        code, out, err = cli(capsys, reg, "report", root, "-o", tmp_path / name)
        assert code == 0, err
        summary.append(re.sub(r"^已生成 \S+", "", out))
    assert summary[0] == summary[1]
    code, out, _ = cli(capsys, with_addon, "upgrade", root)
    assert code == 0 and "无需升级" in out and f"{FLAG} = true" in out


def test_switching_the_addon_on_and_upgrading_takes_its_sheet_in(site, addon, tmp_path, capsys):
    root = tmp_path / "park"
    shutil.copytree(EXAMPLES / "park_demo", root)
    switch_on(root)
    check = cpaudit("check", str(root), site=site, cwd=tmp_path)
    assert check.returncode == 1
    assert f"缺少工作表“{SHEET}”" in check.stdout and f"请运行 cpaudit upgrade {root}" in check.stdout
    assert check.stdout.count("cpaudit upgrade") == 1
    reg = make_registry(("test_hebei", addon), autoload=True)
    code, _out, err = cli(capsys, reg, "evaluate", root)
    assert code == 1 and f"请运行 cpaudit upgrade {root}" in err

    code, out, _err = cli(capsys, reg, "upgrade", root, "--dry-run")
    assert code == 0 and "试运行" in out and f"工作表“{SHEET}”：新增工作表" in out
    assert not list(root.glob("data.升级前-*"))
    done = cpaudit("upgrade", str(root), site=site, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"工作表“{SHEET}”：新增工作表" in done.stdout and "工作表“指标选择”：新增行 HB1" in done.stdout
    assert len(list(root.glob("data.升级前-*.xlsx"))) == 1
    assert cpaudit("check", str(root), site=site, cwd=tmp_path).returncode == 0

    set_cells(root / "data.xlsx", SHEET, {("fresh_water", "数值"): -5, ("reuse_rate", "数值"): 40})
    code, out, _err = cli(capsys, reg, "check", root, "--format", "json")
    problems = json.loads(out)["problems"]
    assert code == 1
    assert {(p["sheet"], p["field"]) for p in problems if p["level"] == "error"} == {
        (SHEET, "园区工业新鲜水用量"), (SHEET, "工业用水重复利用率")}  # the core's check and the add-on's
    set_cells(root / "data.xlsx", SHEET, {("fresh_water", "数值"): 13_100_000, ("reuse_rate", "数值"): 92})
    set_cells(root / "data.xlsx", "指标选择", {("HB1", "是否选用"): "是"})
    code, out, err = cli(capsys, reg, "evaluate", root, "--format", "json")
    assert code == 0, err
    hb1 = next(i for i in json.loads(out)["indicators"] if i["id"] == "HB1")
    assert hb1["value"] == pytest.approx(10.0) and hb1["level"] == "general"  # 13.1 million m³ ÷ 1.31 million 万元
    assert "无需升级" in cli(capsys, reg, "upgrade", root)[1]

    report = tmp_path / "报告.docx"  # the add-on's section, in the park standard's outline, through a real install
    made = cpaudit("report", str(root), "-o", str(report), site=site, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    import docx

    document = docx.Document(report)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    at = next(i for i, h in enumerate(headings) if "河北省用水补充要求执行情况" in h)
    parent = next(h for h in reversed(headings[:at]) if h.startswith("4.2 "))
    assert "清洁生产评价" in parent and headings[at].startswith("4.2.")  # a numbered section under 4.2
    assert headings[at + 1].startswith("4.3 ")  # and the standard's own numbering goes on after it
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "园区工业新鲜水用量" in cells and any(c.replace(" ", "").replace(",", "") == "13100000" for c in cells)
    assert any("单位工业增加值新鲜水耗为 10.00 m³/万元" in p.text for p in document.paragraphs)


def test_new_project_with_the_addon_installed(addon, tmp_path, capsys):
    reg = make_registry(("test_hebei", addon), autoload=True)
    code, _out, err = cli(capsys, reg, "init", tmp_path / "new", "-s", "park_cppc", "-n", "新园区", "-y", "2025")
    assert code == 0, err
    assert f"{FLAG} = false  # 执行河北省园区用水补充要求" in (tmp_path / "new" / "project.toml").read_text(encoding="utf-8")
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "new" / "data.xlsx")
    assert SHEET not in wb.sheetnames
    assert "HB1" not in [c.value for c in wb["指标选择"]["A"]]
    code, out, _err = cli(capsys, reg, "upgrade", tmp_path / "new")
    assert code == 0 and "无需升级" in out and f"{FLAG} = true" in out  # it says how to take the add-on in

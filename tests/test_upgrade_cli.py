"""``cpaudit upgrade`` and the out-of-date advice of check / evaluate / report: exit codes and messages."""
import json
import shutil

import pytest

from cpframework.cli.run import main
from cpframework.host.registry import get_registry, reset_registry

from .conftest import EXAMPLES
from .test_upgrade import V2, filled_project, registry


@pytest.fixture()
def project(tmp_path):
    return filled_project(tmp_path)


def cli(capsys, reg, *args):
    saved = get_registry()
    reset_registry(reg)
    try:
        code = main([str(a) for a in args])
    finally:
        reset_registry(saved)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_outdated_workbook_check_evaluate_report_give_one_advice(project, capsys, tmp_path):
    reg = registry(V2)
    code, out, _ = cli(capsys, reg, "check", project)
    assert code == 1 and out.count(f"请运行 cpaudit upgrade {project}") == 1
    assert out.splitlines()[0].startswith("错误  data.xlsx：数据工作簿与当前的标准定义或项目清单")
    for args in (["evaluate", project], ["report", project, "-o", tmp_path / "r.docx"]):
        code, out, err = cli(capsys, reg, *args)
        assert code == 1 and f"请运行 cpaudit upgrade {project}" in err.splitlines()[0], err
        assert not (tmp_path / "r.docx").exists()


def test_upgrade_then_check_passes(project, capsys):
    reg = registry(V2)
    code, out, err = cli(capsys, reg, "upgrade", project)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "项目“示例企业”（标准 ver），工作簿 data.xlsx："
    assert "  工作表“附加数据”：新增工作表（附加数据）" in lines
    assert "  工作表“审核小组”：新增列 “电话”；1 个值移到工作表“升级移出的数据”" in lines
    assert any(line.startswith("以下 4 个值在当前定义中没有位置，已移到工作表“升级移出的数据”") for line in lines)
    assert lines[-1].startswith("原工作簿已备份为 data.升级前-") and lines[-1].endswith(f"下一步：cpaudit check {project}")
    code, out, _ = cli(capsys, reg, "check", project)
    assert code == 0 and "升级移出的数据" in out
    code, out, _ = cli(capsys, reg, "upgrade", project)
    assert code == 0 and "无需升级" in out


def test_dry_run_json(project, capsys):
    before = (project / "data.xlsx").read_bytes()
    code, out, _ = cli(capsys, registry(V2), "upgrade", project, "--dry-run", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["changed"] and not data["written"] and data["backup"] is None
    assert {s["sheet"] for s in data["sheets"]} >= {"附加数据", "基础数据", "审核小组", "指标选择"}
    assert {m["value"] for m in data["moved"]} == {7, 5, "环保科", "是"}
    assert (project / "data.xlsx").read_bytes() == before


def test_dry_run_text_says_nothing_was_written(project, capsys):
    code, out, _ = cli(capsys, registry(V2), "upgrade", project, "--dry-run")
    assert code == 0 and "（试运行，不写入任何文件）" in out.splitlines()[0]
    assert "将移到工作表“升级移出的数据”" in out and out.splitlines()[-1].startswith("未写入任何文件。")


@pytest.mark.parametrize("setup, exit_code, fragment", [
    ("missing", 1, "不存在"),
    ("not_a_project", 1, "不是 cpaudit 项目"),
    ("no_workbook", 1, "找不到数据工作簿"),
    ("locked", 2, "正在 Excel 中打开"),
    ("corrupt", 1, "已损坏"),
])
def test_upgrade_refusals(tmp_path, capsys, setup, exit_code, fragment):
    root = tmp_path / "park"
    if setup != "missing":
        shutil.copytree(EXAMPLES / "park_demo", root)
    if setup == "not_a_project":
        (root / "project.toml").unlink()
    if setup == "no_workbook":
        (root / "data.xlsx").unlink()
    if setup == "locked":
        (root / "~$data.xlsx").write_bytes(b"x")
    if setup == "corrupt":
        (root / "data.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 100)
    code, out, err = cli(capsys, get_registry(), "upgrade", root)
    assert code == exit_code and fragment in err, err
    assert "Traceback" not in out + err
    assert not list(tmp_path.rglob("data.升级前-*"))


def test_upgrade_help_is_chinese(capsys):
    code, out, _ = cli(capsys, get_registry(), "upgrade", "--help")
    assert code == 0 and "保留" in out and "--dry-run" in out
    code, out, _ = cli(capsys, get_registry(), "--help")
    assert "cpaudit upgrade 项目目录" in out

"""The CLI explains itself in Chinese: click's frame, an example in every help, defaults and suffixes,
file modes from the umask, progress that stays out of pipes, ``cpaudit doctor``."""
from __future__ import annotations

import os
import re
import shlex
import stat

import pytest
from click.testing import CliRunner

from cpframework.cli.commands import cli, main
from cpframework.cli.progress import docx_path

from .conftest import EXAMPLES

DEMO = EXAMPLES / "park_demo"
ENGLISH_FRAME = ("Usage:", "Options:", "Commands:", "Error:", "Show this message", "Missing argument",
                 "Missing option", "No such", "Did you mean", "[OPTIONS]", "[required]", "default:", "TEXT",
                 "INTEGER", "PATH")


def commands(group=cli, prefix=()):
    ctx = group.make_context("cpaudit", [], resilient_parsing=True)
    for name in group.list_commands(ctx):
        cmd = group.get_command(ctx, name)
        yield (*prefix, name), cmd
        if hasattr(cmd, "list_commands"):
            yield from commands(cmd, (*prefix, name))


def help_text(*path):
    res = CliRunner().invoke(cli, [*path, "--help"], prog_name="cpaudit", catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


ALL = [p for p, _c in commands()]
CORE = [p for p, c in commands() if (c.callback or cli.callback).__module__.startswith("cpframework.")]


@pytest.mark.parametrize("path", [(), *ALL], ids=lambda p: " ".join(p) or "cpaudit")
def test_every_help_is_chinese_with_an_example(path):
    text = help_text(*path)
    assert text.startswith(f"用法：cpaudit {' '.join(path)}".rstrip())
    assert "显示此帮助并退出" in text
    for english in ENGLISH_FRAME:
        assert english not in text, (english, text)
    if path in CORE:  # commands that plugins register own their help
        assert "示例" in text or "常用流程" in text, text


@pytest.mark.parametrize("path", [p for p in ALL if p[0] in ("screen", "calc", "standards", "show", "plugins", "plugin")],
                         ids=" ".join)
def test_help_examples_run(path, tmp_path, monkeypatch):
    """The examples that need no input file run as printed (screen's --columns example once failed)."""
    monkeypatch.chdir(tmp_path)
    lines = help_text(*path).split("示例：", 1)[-1].splitlines()
    examples = [ln.strip().split("  ")[0] for ln in lines if ln.strip().startswith("cpaudit ")]
    runnable = [e for e in examples if not re.search(r"\.(csv|xlsx|parquet)\b", e)]
    assert runnable or path[0] == "screen" and examples
    for example in runnable:
        assert main(shlex.split(example)[1:]) == 0, example


def test_unknown_command_suggests_in_chinese(capsys):
    assert main(["evalute"]) == 2
    err = capsys.readouterr().err
    assert "没有“evalute”命令，是否想用“evaluate”？" in err
    assert "用法：cpaudit [选项] 命令 [参数]..." in err and "cpaudit --help" in err


def test_bare_group_shows_its_help(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("用法：cpaudit [选项] 命令 [参数]...") and "错误" not in err.split("\n", 3)[2]


def test_missing_option_and_bad_value_in_chinese(capsys):
    assert main(["init", "某项目"]) == 2
    assert "错误：缺少选项 “--standard” / “-s”。" in capsys.readouterr().err
    assert main(["calc", "finance", "--years", "十"]) == 2
    assert "“十”不是有效的整数" in capsys.readouterr().err
    assert main(["evaluate", str(DEMO), "--format", "doc"]) == 2
    assert "“doc”不可用，只能是以下之一" in capsys.readouterr().err
    assert main(["check", "--nope"]) == 2
    assert "没有“--nope”选项" in capsys.readouterr().err


def test_project_directory_defaults_to_current_folder(monkeypatch, capsys):
    monkeypatch.chdir(DEMO)
    assert main(["check"]) == 0
    assert "检查通过" in capsys.readouterr().out
    assert main(["status", "--format", "json"]) == 0


def test_docx_suffix_is_added():
    from pathlib import Path

    assert docx_path(Path("../报告")) == Path("../报告.docx")
    assert docx_path(Path("报告.DOCX")) == Path("报告.DOCX")
    assert docx_path(Path("2025.最终稿")) == Path("2025.最终稿.docx")


@pytest.fixture
def umask022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def modes(root):
    return {p.relative_to(root).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in [root, *root.rglob("*")]}


def test_init_and_report_respect_the_umask(tmp_path, umask022, capsys):
    project = tmp_path / "项目"
    assert main(["init", str(project), "-s", "park_cppc", "-n", "某园区", "-y", "2025"]) == 0
    for name, mode in modes(project).items():
        want = 0o755 if (project / name).is_dir() else 0o644
        assert mode == want, (name, oct(mode))
    out = tmp_path / "报告"
    assert main(["report", str(DEMO), "-o", str(out), "--quiet"]) == 0
    written = tmp_path / "报告.docx"
    assert written.is_file() and not out.exists()
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    captured = capsys.readouterr()
    assert "已生成" in captured.out and "正在生成" not in captured.err  # no progress when piped or --quiet


def test_doctor_reports_each_part_in_chinese(capsys):
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    for part in ("Python", "中文字体", "LibreOffice", "park_cppc", "zhengzhou_enterprise"):
        assert part in out
    assert "可以使用" in out


def test_doctor_says_what_to_do_without_plugins(monkeypatch, capsys):
    from cpframework.host import registry

    monkeypatch.setenv("CPF_DISABLE_PLUGIN_AUTOLOAD", "1")
    registry.reset_registry()
    try:
        code = main(["doctor"])
    finally:
        monkeypatch.delenv("CPF_DISABLE_PLUGIN_AUTOLOAD")
        registry.reset_registry()
    out = capsys.readouterr().out
    assert code == 1 and "没有安装任何标准插件" in out and "install" in out


def test_a_passing_check_of_an_unfinished_project_says_where_to_see_what_is_missing(tmp_path, monkeypatch, capsys):
    project = tmp_path / "新企业"
    assert main(["init", str(project), "-s", "zhengzhou_enterprise", "-n", "某某机械有限公司", "-y", "2025"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"审核进度：已完成 \d+/\d+ 个步骤；运行 cpaudit status 查看各步骤还缺什么。", last), last
    monkeypatch.chdir(tmp_path)
    assert main(["check", "新企业"]) == 0
    assert "运行 cpaudit status 新企业 查看" in capsys.readouterr().out


def test_outside_a_project_the_message_names_the_current_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"当前文件夹 {tmp_path.resolve()} 不是 cpaudit 项目" in err and "cpaudit check 我的园区" in err

"""``cpaudit`` — the command line.  Only click is imported at start-up; plugins, pandas, openpyxl,
python-docx and rich are loaded inside the commands that need them.

Exit codes: 0 success; 1 data problems found (or a plugin/definition error); 2 usage error;
3 internal error (a bug: a short message and the log file holding the traceback).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from cpframework import __version__
from cpframework.cli import zh
from cpframework.cli.run import EXIT_OK, EXIT_PROBLEMS


def dumps_json(value: Any, **kwargs: Any) -> str:
    from cpframework.io.safe_write import dumps_json as dumps  # not at start-up: it imports attrs, tempfile …

    return dumps(value, **kwargs)


zh.install()  # click's own frame (usage, errors, help option) in Chinese
BUILTIN = ("standards", "show", "init", "check", "evaluate", "status", "report", "calc", "plugins", "plugin", "upgrade",
           "doctor")
LAZY_GROUPS = {"calc": ("cpframework.cli.calc", "calc"), "plugin": ("cpframework.cli.scaffold", "plugin"),
               "screen": ("cpframework.cli.screen", "screen"), "serve": ("cpframework.cli.serve", "serve"),
               "narrative": ("cpframework.cli.narrative", "narrative"),
               "doctor": ("cpframework.cli.doctor", "doctor")}


def _registry() -> Any:
    from cpframework.host.registry import get_registry

    return get_registry()


def _warn_plugins(reg: Any) -> None:
    for w in reg.warnings:
        click.secho(f"警告：{w}", fg="yellow", err=True)
    reg.warnings.clear()


def _console() -> Any:
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:  # piped or redirected: do not squeeze Chinese tables into 80 columns
        console.width = 160
    return console


class CpauditGroup(click.Group):
    """Built-in commands first; commands from plugins (``cpf_register_commands``) on demand."""

    def _plugin_commands(self) -> None:
        if getattr(self, "_loaded", False):
            return
        self._loaded = True
        reg = _registry()
        for _record, _ in reg.host.call_each("cpf_register_commands", cli=self):
            pass

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        known = getattr(self, "_for_help", None)  # help from the discovery cache: no plugin imported
        if known and name in known and name not in self.commands:
            return click.Command(name, **known[name])
        if name in LAZY_GROUPS and name not in self.commands:
            import importlib

            module, attr = LAZY_GROUPS[name]
            self.add_command(getattr(importlib.import_module(module), attr), name)
        cmd = super().get_command(ctx, name)
        if cmd is None and name not in BUILTIN:
            self._plugin_commands()
            cmd = super().get_command(ctx, name)
        return zh.localize(cmd) if cmd is not None else None

    def list_commands(self, ctx: click.Context) -> list[str]:
        known = getattr(self, "_for_help", None)
        if known is None:
            self._plugin_commands()
        return sorted(set(super().list_commands(ctx)) | set(LAZY_GROUPS) | set(known or ()))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from cpframework.host import discovery_cache

        self._for_help = None if getattr(self, "_loaded", False) else discovery_cache.commands()
        try:
            super().format_commands(ctx, formatter)
        finally:
            cached, self._for_help = self._for_help, None
        if cached is None and getattr(self, "_loaded", False):
            discovery_cache.save(_registry(), commands={
                name: {"help": cmd.help, "short_help": cmd.short_help, "hidden": cmd.hidden,
                       "deprecated": cmd.deprecated}
                for name, cmd in self.commands.items() if getattr(cmd.callback, "__module__", "") != __name__})


EPILOG = """\b
退出码：0 成功；1 数据有问题（check 发现错误、文件无法读取、插件或标准定义错误）；
        2 用法错误（参数不对、未知标准、输出文件已存在而未加 --force、无法写入输出、被中断）；
        3 内部错误（程序缺陷：简短说明，完整信息写入日志文件）。"""


@click.group(cls=CpauditGroup, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.version_option(__version__, prog_name="cpaudit", message="%(prog)s %(version)s")
def cli() -> None:
    """清洁生产审核工具：按标准计算和分级指标、跟踪审核进度、生成符合标准格式的 Word 报告。

    \b
    常用流程：
      cpaudit standards                      查看可用标准
      cpaudit init 项目目录 -s park_cppc -n 名称  创建项目（清单、Excel 工作簿、叙述文件）
      cpaudit check 项目目录                 检查数据
      cpaudit evaluate 项目目录              计算并分级指标
      cpaudit status 项目目录                查看各阶段、各步骤进度
      cpaudit report 项目目录                生成审核报告（.docx）
      cpaudit upgrade 项目目录               标准定义更新后，升级项目工作簿（保留数据并备份）
      cpaudit doctor                         检查本机环境（Python、中文字体、LibreOffice、标准插件）
    在项目文件夹中运行时，项目目录可以省略。
    """


FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
                      help="输出格式")


# ---------------------------------------------------------------- standards / show


@cli.command()
@FORMAT
def standards(fmt: str) -> None:
    """列出已安装的标准。

    \b
    示例：
      cpaudit standards
      cpaudit standards --format json
    """
    from cpframework.host import discovery_cache

    rows = discovery_cache.standards()  # a fresh process with nothing changed since the last discovery
    if rows is None:
        from cpframework.host.failures import conflict

        reg = _registry()
        rows = [{"id": s.id, "code": s.code, "title": s.title, "subject": s.subject, "version": s.version,
                 "plugin": rec.name, "distribution": rec.dist, "conflict": len(claims) > 1}
                for claims in reg.claims().values() for s, rec in claims]
        discovery_cache.save(reg, standards=rows)  # only a discovery without any warning is kept
        _warn_plugins(reg)
        for std_id, claims in reg.conflicts().items():  # refused until a project pins the provider
            click.secho(f"警告：{conflict(std_id, claims)}", fg="yellow", err=True)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    subject = {"park": "园区", "industry": "行业", "enterprise": "企业"}
    t = Table(title="可用标准")
    for col in ("编号", "标准号", "名称", "对象", "版本"):
        t.add_column(col)
    for r in rows:
        ident = f"{r['id']}（冲突：{r['distribution'] or r['plugin']}）" if r["conflict"] else r["id"]
        t.add_row(ident, r["code"], r["title"], subject.get(r["subject"], r["subject"]), r["version"])
    _console().print(t)


@cli.command()
@click.argument("standard_id", metavar="标准编号")
@FORMAT
@click.option("--provider", default="", metavar="发行包",
              help="几个已安装的发行包声明了同一标准编号时，指定看哪一个的（与项目 project.toml 的 provider 相同）")
def show(standard_id: str, fmt: str, provider: str) -> None:
    """显示一个标准的阶段与步骤、指标与阈值、数据表。

    \b
    示例：
      cpaudit show park_cppc
      cpaudit show zhengzhou_enterprise --format json
    """
    from cpframework.cli.views import show_standard

    reg = _registry()
    std = reg.standard(standard_id, provider=provider)
    _warn_plugins(reg)
    show_standard(std, fmt, _console)


# ---------------------------------------------------------------- init


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), metavar="项目目录")
@click.option("--standard", "-s", "standard_id", required=True, help="标准编号，见 cpaudit standards")
@click.option("--name", "-n", required=True, help="审核对象名称（园区/行业/企业）")
@click.option("--year", "-y", type=int, default=None, help="审核年份，默认今年；审核基准期为其上一年")
def init(directory: Path, standard_id: str, name: str, year: int | None) -> None:
    """创建项目：清单 project.toml、数据工作簿 data.xlsx、narrative/ 叙述文件。

    \b
    示例：
      cpaudit init 我的园区 -s park_cppc -n "某某经济开发区" -y 2025
      cpaudit init 某企业 -s zhengzhou_enterprise -n "某某汽车零部件有限公司"
    之后在 data.xlsx 中从“从这里开始”工作表读起；各项设置在 project.toml 中（带说明）。
    """
    from cpframework.project.create import create_project

    reg = _registry()
    std = reg.standard(standard_id)
    _warn_plugins(reg)
    created = create_project(directory, std, name=name, year=year)
    click.echo(f"已创建项目 {directory}（标准 {std.id}《{std.info.title}》）：")
    for p in created:
        click.echo(f"  {p}")
    click.echo(f"下一步：在 {directory / 'data.xlsx'} 中填报数据，然后运行 cpaudit check {directory}")


# ---------------------------------------------------------------- check / evaluate / status


def _load(directory: Path) -> tuple[Any, Any, Any]:
    from cpframework.project.folder import load_project

    reg = _registry()
    project, std = load_project(directory, reg)
    return reg, project, std


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[项目目录]")
@FORMAT
def check(directory: Path, fmt: str) -> None:
    """检查项目数据，一次列出所有问题（文件、工作表、行、列）。有错误时退出码为 1。

    \b
    示例：
      cpaudit check                  在项目文件夹中运行，检查当前文件夹
      cpaudit check 我的园区
      cpaudit check 我的园区 --format json
    """
    from cpframework.evaluation.service import check_project, errors_only

    reg, project, std = _load(directory)
    problems, _ev = check_project(reg, std, project)
    _warn_plugins(reg)
    errors = errors_only(problems)
    from cpframework.project.defaults import default_notes

    notes = default_notes(std, project.manifest)  # settings left at the standard's default
    if fmt == "json":
        click.echo(dumps_json({"project": project.name, "standard": std.id, "errors": len(errors),
                               "warnings": len(problems) - len(errors),
                               "problems": [p.as_dict() for p in problems], "defaults": notes}))
    else:
        for p in problems:
            click.secho(("错误  " if p.level == "error" else "警告  ") + p.text(),
                        fg="red" if p.level == "error" else "yellow")
        for note in notes:
            click.echo("说明  " + note)
        if errors:
            click.secho(f"发现 {len(errors)} 个错误、{len(problems) - len(errors)} 个警告。", fg="red", bold=True)
        else:
            click.secho(f"检查通过：没有错误（{len(problems)} 个警告）。", fg="green", bold=True)
        _progress_hint(std, project, _ev, problems)
    sys.exit(EXIT_PROBLEMS if errors else EXIT_OK)


def _command_for(name: str, root: Path) -> str:
    """``cpaudit NAME [项目目录]`` as the user would type it (no directory when it is the current folder)."""
    here = Path.cwd().resolve()
    return f"cpaudit {name}" if Path(root).resolve() == here else f"cpaudit {name} {root}"


def _progress_hint(std: Any, project: Any, ev: Any, problems: list[Any]) -> None:
    """A passing check is not a finished audit: say how far the steps are and where to see what is missing."""
    from cpframework.evaluation.status import project_status

    steps = [s for stage in project_status(std, project, ev, problems) for s in stage["steps"]]
    done = sum(s["done"] for s in steps)
    if steps and done < len(steps):
        click.echo(f"审核进度：已完成 {done}/{len(steps)} 个步骤；运行 {_command_for('status', project.root)} "
                   f"查看各步骤还缺什么。")


def _stop_on_errors(reg: Any, std: Any, project: Any) -> Any:
    """Commands that produce output refuse to run on data with errors (``check`` lists them)."""
    from cpframework.evaluation.service import check_project, errors_only

    problems, ev = check_project(reg, std, project)
    errors = [p for p in errors_only(problems) if p.code != "selection"]
    if errors:
        for p in errors[:20]:
            click.secho("错误  " + p.text(), fg="red", err=True)
        more = f"（另有 {len(errors) - 20} 个）" if len(errors) > 20 else ""
        click.secho(f"数据有 {len(errors)} 个错误{more}，未生成结果。请先修正，或运行 {_command_for('check', project.root)} 查看全部问题。",
                    fg="red", err=True)
        sys.exit(EXIT_PROBLEMS)
    for p in errors_only(problems):
        click.secho("警告  " + p.text(), fg="yellow", err=True)
    return ev


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[项目目录]")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True, help="输出格式")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="输出文件（csv/xlsx 必须给出；json 可选）")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件")
def evaluate(directory: Path, fmt: str, output: Path | None, force: bool) -> None:
    """计算并分级所选指标：数值、级别、差距和计算过程。

    \b
    示例：
      cpaudit evaluate 我的园区
      cpaudit evaluate 我的园区 --format xlsx -o 指标评价.xlsx
    """
    from cpframework.cli.views import export_evaluation, print_evaluation

    reg, project, std = _load(directory)
    if output is not None:  # refused before the work: an existing file, a folder, the project's own files
        from cpframework.io.safe_write import check_output

        check_output(output, force, inputs=[project.root / "project.toml", project.workbook_path],
                     folders=[project.root])
    ev = _stop_on_errors(reg, std, project)
    _warn_plugins(reg)
    if fmt == "table" and output is None:
        print_evaluation(std, project, ev, _console)
        return
    if fmt in ("csv", "xlsx") and output is None:
        raise click.UsageError(f"--format {fmt} 需要用 -o 指定输出文件")
    if fmt == "json" and output is None:
        click.echo(dumps_json(ev.as_dict()))  # valid JSON always: no NaN/Infinity
        return
    assert output is not None  # every format without -o returned above
    export_evaluation(ev, fmt, output, force=force, folders=[project.root])
    click.echo(f"已写出 {output}")


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[项目目录]")
@FORMAT
def status(directory: Path, fmt: str) -> None:
    """显示各阶段、各步骤的完成情况，以及未完成的步骤还缺什么。

    \b
    示例：
      cpaudit status 我的园区
    """
    from cpframework.cli.views import print_status
    from cpframework.evaluation.service import check_project
    from cpframework.evaluation.status import project_status

    reg, project, std = _load(directory)
    problems, ev = check_project(reg, std, project)
    stages = project_status(std, project, ev, problems)
    _warn_plugins(reg)
    if fmt == "json":
        click.echo(dumps_json({"project": project.name, "standard": std.id, "stages": stages}))
        return
    print_status(project, std, stages, _console)


# ---------------------------------------------------------------- report


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[项目目录]")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="输出的 .docx 文件（默认：当前目录下“项目名+报告名.docx”）")
@click.option("--kind", "-k", "kind_id", help="报告类型（由标准决定，如 audit / acceptance）")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度")
def report(directory: Path, output: Path | None, kind_id: str | None, force: bool, quiet: bool) -> None:
    """生成符合标准提纲、表格和排版要求的 Word 报告（.docx）。

    \b
    示例：
      cpaudit report 我的园区 -o 审核报告.docx
      cpaudit report 我的园区 -o ../报告        文件名不带 .docx 时自动补上
      cpaudit report 某企业 -k acceptance       报告类型见 cpaudit show 标准编号
    """
    from cpframework.cli.progress import docx_path, progress
    from cpframework.errors import ReportError
    from cpframework.io.safe_write import check_output
    from cpframework.report.generate import choose_kind, default_output, generate_report

    reg, project, std = _load(directory)
    kind = choose_kind(std, kind_id)
    out = docx_path(output) if output is not None else default_output(project, kind)
    from cpframework.report.fingerprint import may_overwrite  # an unedited report of ours: no --force needed

    force, overwrite_note = may_overwrite(out, force, project, std)
    check_output(out, force, inputs=[project.root / "project.toml", project.workbook_path], folders=[project.root])
    if not out.parent.is_dir():
        raise click.UsageError(f"输出文件夹 {out.parent} 不存在")
    ev = _stop_on_errors(reg, std, project)
    _warn_plugins(reg)
    try:
        with progress(f"正在生成 {out.name}", quiet=quiet):
            info = generate_report(std, project, ev, kind, out, force=force)
    except ReportError as exc:
        click.secho(f"错误：{exc}", fg="red", err=True)
        sys.exit(EXIT_PROBLEMS)
    for w in info.warnings:
        click.secho(f"警告：{w}", fg="yellow", err=True)
    if overwrite_note:
        click.secho(f"注意：{overwrite_note}", fg="yellow", err=True)
    click.echo(f"已生成 {info.path}：{info.chapters} 章，{info.tables} 个表，{info.figures} 个图，"
               f"{info.placeholders} 处待撰写（黄色提示）。")


# ---------------------------------------------------------------- upgrade


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path), default=".", metavar="[项目目录]")
@click.option("--dry-run", is_flag=True, help="只列出将做的改动，不写入任何文件")
@FORMAT
def upgrade(directory: Path, dry_run: bool, fmt: str) -> None:
    """把项目工作簿升级到已安装的标准定义：补上缺少的工作表、列和行（含新的年份列），
    已填的数据原样保留，原工作簿先另存备份；在当前定义中没有位置的数据移到“升级移出的数据”工作表。

    \b
    示例：
      cpaudit upgrade 我的园区 --dry-run     只列出将做的改动
      cpaudit upgrade 我的园区
    """
    from cpframework.project.upgrade import report_lines, upgrade_project

    reg = _registry()
    result = upgrade_project(directory, reg, dry_run=dry_run)
    _warn_plugins(reg)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    for line in report_lines(result, directory, dry_run=dry_run):
        click.echo(line)


# ---------------------------------------------------------------- plugins


@cli.command()
@FORMAT
def plugins(fmt: str) -> None:
    """列出发现的插件：发行包、版本、加载状态、实现的钩子、拥有的标准和扩展的标准。

    \b
    示例：
      cpaudit plugins
      cpaudit plugins --format json
    """
    from cpframework.cli.views import plugin_rows
    from cpframework.host.hookspecs import CPF_PLUGIN_API

    reg = _registry()
    rows = plugin_rows(reg)
    noted = {n for r in rows for n in r["notes"]}
    reg.warnings[:] = [w for w in reg.warnings if w not in noted]  # said once, with its plugin, below
    _warn_plugins(reg)  # warnings go to stderr, so JSON on stdout stays clean
    if fmt == "json":
        click.echo(json.dumps({"plugin_api": CPF_PLUGIN_API, "plugins": rows}, ensure_ascii=False, indent=2))
        return
    from cpframework.cli.views import print_plugins

    print_plugins(rows, CPF_PLUGIN_API, _console)


zh.localize(cli)  # the group's own usage line; sub-commands are localized as get_command returns them


# ---------------------------------------------------------------- entry point (exit-code policy in run.py)

from cpframework.cli.run import EXIT_CODES, entry, main  # noqa: E402  (re-exported: the console script and tests use them)

__all__ = ["EXIT_CODES", "cli", "entry", "main"]

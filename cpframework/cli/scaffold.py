"""The ``cpaudit plugin`` command group (wired into ``cpframework.cli.commands``): ``cpaudit plugin new NAME``."""
from __future__ import annotations

from pathlib import Path

import click


@click.group("plugin")
def plugin() -> None:
    """为新的标准编写插件：生成可安装的插件包骨架。"""


@plugin.command("new")
@click.argument("name", metavar="名称")
@click.option("--dir", "-d", "parent", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="在此目录下创建“名称”文件夹")
@click.option("--title", "-t", help="标准名称，如“河北省工业园区清洁生产审核指南”")
@click.option("--code", "-c", help="标准编号，如“DB13/T 0000-2025”")
@click.option("--subject", "-s", type=click.Choice(["park", "industry", "enterprise", "other"]), default="enterprise",
              show_default=True, help="审核对象")
def new(name: str, parent: Path, title: str | None, code: str | None, subject: str) -> None:
    """创建插件包“名称”（标准编号即名称，导入名 cpf_名称）：pyproject（入口点、包数据）、
    data/ 下的标准、阶段、数据表、指标、报告提纲和排版（各含一个示例）、公式模块、报告渲染模块、
    带追溯表的 README 和测试。已存在的目录不会被覆盖。"""
    from cpframework.errors import CpfError
    from cpframework.scaffold.generate import create_plugin

    try:
        files = create_plugin(name, parent, title=title, code=code, subject=subject)
    except CpfError as exc:
        raise click.UsageError(str(exc)) from None
    target = parent / name
    click.echo(f"已创建插件包 {target}（{len(files)} 个文件）：")
    for f in files:
        click.echo(f"  {f}")
    click.echo("下一步：\n"
               f"  pip install -e {target}        # 安装后 cpaudit standards 即列出 {name}\n"
               f"  pytest {target / 'tests'}      # 契约测试、公式测试、端到端测试\n"
               f"  然后按标准原文修改 {target / ('cpf_' + name) / 'data'} 下的文件（见 docs/plugins.md）")

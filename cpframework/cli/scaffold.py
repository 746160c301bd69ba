"""The ``cpaudit plugin`` command group (wired into ``cpframework.cli.commands``): ``cpaudit plugin new NAME``."""
from __future__ import annotations

from pathlib import Path

import click


@click.group("plugin")
def plugin() -> None:
    """为新的标准编写插件：生成可安装的插件包骨架。

    \b
    示例：
      cpaudit plugin new hebei_park -t 河北省工业园区清洁生产审核指南 -s park    新标准的插件包
      cpaudit plugin new hebei_water --addon park_cppc    已安装标准的附加插件包
      cpaudit plugin new --help    全部选项
    """


@plugin.command("new")
@click.argument("name", metavar="名称")
@click.option("--dir", "-d", "parent", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="在此目录下创建“名称”文件夹")
@click.option("--title", "-t", help="标准名称，如“河北省工业园区清洁生产审核指南”")
@click.option("--code", "-c", help="标准编号，如“DB13/T 0000-2025”")
@click.option("--subject", "-s", type=click.Choice(["park", "industry", "enterprise", "other"]), default="enterprise",
              show_default=True, help="审核对象")
@click.option("--addon", "-a", "extends", metavar="标准", help="改为创建已安装标准的附加插件（如 park_cppc）：补充项目标志、"
              "数据表、指标、检查和报告章节，不新建标准")
def new(name: str, parent: Path, title: str | None, code: str | None, subject: str, extends: str | None) -> None:
    """创建插件包“名称”（导入名 cpf_名称）。

    \b
    新标准：pyproject（入口点、包数据）、data/ 下的标准、阶段、数据表、指标、报告提纲和排版（各含一个示例）、
    公式模块、报告渲染模块、带追溯表的 README 和测试。
    附加插件（--addon 标准）：由项目标志开关的补充数据表、指标与公式、数据检查、插入该标准报告的章节及其
    渲染函数、带追溯表的 README 和测试。
    已存在的目录不会被覆盖。

    \b
    示例：
      cpaudit plugin new hebei_park -t 河北省工业园区清洁生产审核指南 -c "DB13/T 0000-2025" -s park
      cpaudit plugin new hebei_water --addon park_cppc -t 河北省园区用水补充要求
      cpaudit plugin new shanxi_enterprise -d 插件    在“插件”文件夹下创建
    """
    from cpframework.errors import CpfError
    from cpframework.scaffold.generate import create_plugin

    try:
        std = None
        if extends:
            from cpframework.host.registry import get_registry

            std = get_registry().standard(extends)
        files = create_plugin(name, parent, extends=std, title=title, code=code, subject=subject)
    except CpfError as exc:
        raise click.UsageError(str(exc)) from None
    target = parent / name
    kind = f"标准 {extends} 的附加插件包" if extends else "插件包"
    click.echo(f"已创建{kind} {target}（{len(files)} 个文件）：")
    for f in files:
        click.echo(f"  {f}")
    if extends:
        click.echo("下一步：\n"
                   f"  pip install -e {target}        # 安装后 cpaudit plugins 显示它扩展 {extends}\n"
                   f"  pytest {target / 'tests'}      # 标准契约、标志开关、公式\n"
                   f"  在项目的 project.toml [flags] 中写 {name} = true，再运行 cpaudit upgrade 项目目录\n"
                   f"  然后按所依据的文件修改 {target / ('cpf_' + name) / 'plugin.py'}（见 docs/plugins.md“附加插件”）")
        return
    click.echo("下一步：\n"
               f"  pip install -e {target}        # 安装后 cpaudit standards 即列出 {name}\n"
               f"  pytest {target / 'tests'}      # 契约测试、公式测试、端到端测试\n"
               f"  然后按标准原文修改 {target / ('cpf_' + name) / 'data'} 下的文件（见 docs/plugins.md）")

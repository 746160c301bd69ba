"""``cpaudit narrative``: bring text written in the Word report back into the narrative files; accept drafts."""
from __future__ import annotations

from pathlib import Path

import click


@click.group(name="narrative", short_help="叙述文件：收回在 Word 中写的文字（pull），采纳据数据起草的草稿（accept）。")
def narrative() -> None:
    """叙述文件：把在 Word 报告中写的文字收回叙述文件（pull），把数据生成的草稿采纳进叙述文件（accept）。

    \b
    常用流程：
      cpaudit report 我的园区 -o 报告.docx           生成报告，在 Word 中撰写各章节
      cpaudit narrative pull 报告.docx 我的园区      把 Word 中写的文字收回叙述文件
      cpaudit report 我的园区 -o 报告.docx           用更新后的数据重新生成
    """


@narrative.command("pull")
@click.argument("report", type=click.Path(path_type=Path), metavar="报告.docx")
@click.argument("directory", type=click.Path(path_type=Path), default=Path("."), required=False, metavar="[项目目录]")
@click.option("--dry-run", is_flag=True, help="只列出将做的改动，不写入任何文件")
def pull(report: Path, directory: Path, dry_run: bool) -> None:
    """把在 Word 中对报告各章节叙述文字的修改（新增、改写、删除的段落、列表、简单表格）收回对应的叙述文件。

    程序生成的内容（计算表格、计算段落、待编写提示、草稿）不会收回；改写过的草稿视为采纳。
    改动前的叙述文件先另存到叙述文件夹下的“备份”文件夹。

    \b
    示例：
      cpaudit narrative pull 报告.docx 我的园区 --dry-run   先查看将收回的改动
      cpaudit narrative pull 报告.docx 我的园区
    """
    from cpframework.errors import UsageError
    from cpframework.project.folder import load_project
    from cpframework.report.pull import apply_pull, plan_pull

    if not report.is_file():
        raise UsageError(f"找不到报告文件 {report}")
    project, std = load_project(directory)
    changes, notes = plan_pull(report, project, std)
    for note in notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    if not changes:
        click.echo(f"报告 {report.name} 中的叙述文字与叙述文件一致，无需收回。")
        return
    for c in changes:
        what = "新建" if c.old is None else "更新"
        click.echo(f"{'将' if dry_run else '已'}{what}叙述文件「{c.path.name}」（{c.heading}）：")
        for line in c.diff():
            click.echo(f"    {line}")
    if dry_run:
        click.echo(f"共 {len(changes)} 个叙述文件将改动（未写入：去掉 --dry-run 后执行）。")
        return
    backup = apply_pull(changes, project.root / "narrative")
    tail = f"；改动前的文件已另存到叙述文件夹中的 {backup.relative_to(backup.parent.parent)}" if backup else ""
    click.echo(f"共改动 {len(changes)} 个叙述文件{tail}。请重新生成报告。")


@narrative.command("accept")
@click.argument("report", type=click.Path(path_type=Path), metavar="报告.docx")
@click.argument("directory", type=click.Path(path_type=Path), metavar="项目目录")
@click.argument("sections", nargs=-1, metavar="[章节编号或标题…]")
@click.option("--dry-run", is_flag=True, help="只列出将做的改动，不写入任何文件")
def accept(report: Path, directory: Path, sections: tuple[str, ...], dry_run: bool) -> None:
    """把报告中据数据起草的草稿（【草稿，请审阅】）采纳为对应章节的叙述文字；不写章节则采纳全部草稿。

    已有叙述文字的章节不会改动。改动前的叙述文件先另存到叙述文件夹下的“备份”文件夹。

    \b
    示例：
      cpaudit narrative accept 报告.docx 我的园区            采纳全部草稿
      cpaudit narrative accept 报告.docx 我的园区 4.2 7.1    只采纳这两个章节的草稿
    """
    from cpframework.errors import UsageError
    from cpframework.project.folder import load_project
    from cpframework.report.pull import apply_pull, plan_accept

    if not report.is_file():
        raise UsageError(f"找不到报告文件 {report}")
    project, std = load_project(directory)
    changes, notes = plan_accept(report, project, std, sections)
    for note in notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)
    if not changes:
        click.echo("没有可采纳的草稿。")
        return
    for c in changes:
        click.echo(f"{'将采纳' if dry_run else '已采纳'}「{c.heading}」的草稿，写入叙述文件「{c.path.name}」")
    if dry_run:
        click.echo(f"共 {len(changes)} 处草稿将写入叙述文件（未写入：去掉 --dry-run 后执行）。")
        return
    backup = apply_pull(changes, project.root / "narrative", "采纳前")
    tail = f"；改动前的文件已另存到叙述文件夹中的 {backup.relative_to(backup.parent.parent)}" if backup else ""
    click.echo(f"共采纳 {len(changes)} 处草稿{tail}。请审阅这些叙述文件，再重新生成报告。")

"""Plugin CLI commands (``cpf_register_commands``):

* ``cpaudit yunnan-import PROJECT --table emissions FILE.csv [--replace | --update]`` — CSV → workbook sheet
  (编制说明 4.1.1: data from 排污许可 execution reports and departments' exports);
* ``cpaudit yunnan-admission PROJECT --industry … --energy-intensity … [--water-intensity …] [--cp-level Ⅱ级]``
  — check a proposed project against the park admission list (编制说明 5.5(8)).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .admission import check_admission


@click.command("yunnan-import")
@click.argument("directory", type=click.Path(path_type=Path))
@click.argument("csv_file", type=click.Path(path_type=Path))
@click.option("--table", "table_id", required=True,
              help="目标表代码：enterprises、emissions、energy_water、statistics、solid_waste、admission 等（见 README）")
@click.option("--replace", is_flag=True, help="先清空该工作表已有数据行再导入（默认追加）")
@click.option("--update", is_flag=True, help="工作表中已有同一企业（同一污染物）的行时，用 CSV 中的行替换它（默认拒绝导入）")
@click.option("--outside", is_flag=True,
              help="文件中不在企业名录的企业（按行政区导出的园区外企业）跳过并列出行号（默认：拒绝导入并指出这些行）")
def import_command(directory: Path, csv_file: Path, table_id: str, replace: bool, update: bool, outside: bool) -> None:
    """从 CSV（UTF-8、GBK 或 UTF-16 文本）或 Excel 工作簿（.xlsx）导入企业数据到项目工作簿的对应工作表（云南园区指南）。

    排污许可平台导出的文件可直接导入：表头上方的标题行、统一社会信用代码、“总铅”“氨氮（NH3-N）”等写法、排放口编号（DW 废水、DA 废气）、t 或 kg 单位、千分位逗号、末尾的合计行都能识别；不是清单负荷的污染物（悬浮物、石油类等）跳过并列出。

    只改动该工作表：其他工作表（含公式及其计算结果）保持原样。已有的行不会重复追加：
    同一企业（许可排放量：同一企业、污染物、类别和年份）已在表中时拒绝导入，加 --update 替换这些行。
    没有“年份”列的文件按审核基准期导入。

    \b
    示例：
      cpaudit yunnan-import examples/yunnan_demo 排放量.csv --table emissions --update
    （排放量.csv 的表头可写“企业编号,污染物,类别,实际排放量,年份”，或平台导出的“排污单位名称、污染物种类、实际排放量(t)”等）
    """
    from cpframework.api import load_project

    from .csv_import import backup_path, import_csv  # here: plugin discovery need not import it

    project, std = load_project(directory)
    res = import_csv(project, std, csv_file, table_id, replace=replace, update=update, outside=outside)
    extra = f"，其中 {res.updated} 行替换了表中已有的行" if res.updated else ""
    click.echo(f"已从 {csv_file} 导入 {res.rows} 行到工作表“{res.sheet}”（{res.mode}{extra}）；"
               f"导入前的工作簿已备份为 {backup_path(project.workbook_path)}。请运行 cpaudit check {directory} 检查。")
    for note in res.notes:
        click.secho(f"注意：{note}", fg="yellow", err=True)


@click.command("yunnan-admission")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--industry", required=True, help="拟入园项目的行业或产业链（与准入清单一致）")
@click.option("--energy-intensity", type=float, help="单位工业增加值综合能耗（tce/万元）")
@click.option("--water-intensity", type=float, help="单位工业增加值新鲜水耗（m³/万元）")
@click.option("--cp-level", type=click.Choice(["Ⅰ级", "Ⅱ级", "Ⅲ级", "未达Ⅲ级"]), help="项目清洁生产水平（行业评价指标体系）")
@click.option("--project", "name", help="拟入园项目名称：按此名称读取“准入核对记录”中其他要求的人工核对结果")
def admission_command(directory: Path, industry: str, energy_intensity: float | None,
                      water_intensity: float | None, cp_level: str | None, name: str | None) -> None:
    """按园区清洁生产准入清单核对拟入园项目（编制说明 5.5(8)）。退出码：0 准入，1 不予准入、数据不全或其他要求未核对。

    清单中的“其他要求”须人工核对：结果登记在“准入核对记录”工作表（项目名称、准入清单行业、符合/不符合），
    用 --project 给出同一项目名称；有一条未登记或不符合，就不会给出“准入”结论。

    \b
    示例：
      cpaudit yunnan-admission examples/yunnan_demo --industry 锂离子电池制造 --energy-intensity 0.2 --water-intensity 5 --cp-level Ⅱ级 --project 示例储能科技5GWh电池项目
    """
    from cpframework.api import load_project

    project, _std = load_project(directory)
    res = check_admission(project, industry=industry, energy_intensity=energy_intensity,
                          water_intensity=water_intensity, cp_level=cp_level, name=name)
    click.echo(f"拟入园项目：{name + '（' + industry + '）' if name else industry}")
    for line in res.lines:
        click.echo(f"  {line}")
    click.echo(f"结论：{res.verdict}")
    sys.exit(0 if res.admitted else 1)  # 3 is reserved for internal errors


@click.command("yunnan-keylist")
@click.argument("directory", type=click.Path(path_type=Path), default=".")
@click.option("--year", type=int, help="清单年份（默认：审核基准期；企业表须有该年份的行）")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="另存清单为 CSV 文件（UTF-8 带 BOM，Excel 可直接打开）")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件")
def keylist_command(directory: Path, year: int | None, output: Path | None, force: bool) -> None:
    """第9步：只用企业数据输出审核分级清单、各负荷覆盖情况和清单动态（编制说明 5.5(4)、5.5(8)）。

    不需要园区指标数据：园区指标数据还没填齐时也能输出清单（report 要等全部数据通过 check）。
    企业表（企业名录、许可排放量、能源水资源、统计数据、固体废物）有错误时不输出，列出错误。
    退出码：0 已输出，1 企业数据有错误，2 用法或输出文件错误。

    \b
    示例：
      cpaudit yunnan-keylist examples/yunnan_demo
      cpaudit yunnan-keylist examples/yunnan_demo --year 2025 -o 清单2025.csv
    """
    from cpframework.api import CalcError, check_output, check_project, get_registry, load_project

    from . import analysis, results

    project, std = load_project(directory)
    sheets = {project.tables[t].schema.sheet for t in analysis.YEAR_TABLES if t in project.tables}
    problems, _ev = check_project(get_registry(), std, project)
    bad = [p for p in problems if p.level == "error" and (p.sheet in sheets or (not p.sheet and p.code == "outdated"))]
    years = analysis.data_years(project)
    year = project.manifest.baseline if year is None else year
    if not bad and year not in years:
        raise click.UsageError(f"企业名录中没有 {year} 年的行；有数据的年份：{'、'.join(map(str, years)) or '无'}")
    if output is not None:
        check_output(output, force, inputs=[project.workbook_path])
    try:
        kr = None if bad else results.key_results(project, year)
    except CalcError as exc:
        bad, kr = [], None
        click.echo(f"无法形成审核分级清单：{exc}", err=True)
        sys.exit(1)
    if bad:
        click.echo(f"企业数据有 {len(bad)} 个错误，先改正再输出审核分级清单（cpaudit check {directory} 列出全部问题）：", err=True)
        for p in bad:
            click.echo(f"  {p.text()}", err=True)
        sys.exit(1)
    list_view, cov_view, _ = results.key_views(kr)
    views = [list_view, cov_view]
    dyn = results.list_dynamics(project, year)
    if dyn is not None:
        views.append(results.dynamics_view(dyn))
    click.echo(f"{year} 年审核分级清单（只用企业数据；园区指标数据是否齐全不影响清单）")
    for v in views:
        click.echo(f"\n{v['title']}")
        click.echo("  " + "｜".join(v["columns"]))
        for row in v["rows"]:
            click.echo("  " + "｜".join(str(c) for c in row))
        if v.get("note"):
            click.echo(v["note"])
    if output is not None:
        _write_csv(output, list_view)
        click.echo(f"\n清单已另存为 {output}")


def _write_csv(path: Path, view: dict[str, Any]) -> None:
    import csv

    from cpframework.api import atomic_output, safe_cell

    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(view["columns"])
        for row in view["rows"]:
            w.writerow([safe_cell(c) for c in row])


COMMANDS = (import_command, admission_command, keylist_command)
__all__ = ["COMMANDS", "admission_command", "import_command", "keylist_command", "Any"]

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
def import_command(directory: Path, csv_file: Path, table_id: str, replace: bool, update: bool) -> None:
    """从 CSV（UTF-8 或平台导出的 GBK）导入企业数据到项目工作簿的对应工作表（云南园区指南）。

    只改动该工作表：其他工作表（含公式及其计算结果）保持原样。已有的行不会重复追加：
    同一企业（许可排放量：同一企业、污染物和类别）已在表中时拒绝导入，加 --update 替换这些行。
    """
    from cpframework.api import load_project

    from .csv_import import backup_path, import_csv  # here: plugin discovery need not import it

    project, std = load_project(directory)
    res = import_csv(project, std, csv_file, table_id, replace=replace, update=update)
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
def admission_command(directory: Path, industry: str, energy_intensity: float | None,
                      water_intensity: float | None, cp_level: str | None) -> None:
    """按园区清洁生产准入清单核对拟入园项目（编制说明 5.5(8)）。退出码：0 准入，1 不予准入或数据不全。"""
    from cpframework.api import load_project

    project, _std = load_project(directory)
    res = check_admission(project, industry=industry, energy_intensity=energy_intensity,
                          water_intensity=water_intensity, cp_level=cp_level)
    click.echo(f"拟入园项目：{industry}")
    for line in res.lines:
        click.echo(f"  {line}")
    click.echo(f"结论：{res.verdict}")
    sys.exit(0 if res.admitted else 1)  # 3 is reserved for internal errors


COMMANDS = (import_command, admission_command)
__all__ = ["COMMANDS", "admission_command", "import_command", "Any"]

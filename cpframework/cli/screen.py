"""``cpaudit screen``: batch screening of many enterprises from one file (loaded lazily by the main CLI;
nothing heavy is imported until the command runs)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

HELP = """批量筛查：从一个 CSV / Excel / Parquet 文件读入大量企业的数据，逐企业计算指标和等级，
给出重点企业（帕累托）名单和分布，写出 CSV / XLSX / Parquet / JSON。

\b
输入：每家企业每年一行，共同的列：
  企业编号（必需，按文本读取）、年份（必需）、企业名称（可选）
\b
各标准需要的列与选项由其插件规定（如 industry_cppc：评价指标体系每项指标一列；
yunnan_park：能耗、新鲜水、各污染物排放量等负荷列）。选项用 --option 键=值 给出。
\b
查看某标准需要的列和选项：cpaudit screen -s 标准编号 --columns
CSV 须为 UTF-8（带不带 BOM 均可），GBK 文件请加 --encoding gbk。

\b
示例：
  cpaudit screen -s industry_cppc --columns
  cpaudit screen -s industry_cppc 企业数据.csv -o 结果.xlsx
  cpaudit screen -s yunnan_park 许可数据.csv -o 清单.xlsx --option threshold=0.8
"""


def _options(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for text in values:
        key, sep, value = text.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"“{text}”格式应为 键=值，如 threshold=0.8", param_hint="--option")
        out[key.strip()] = value.strip()
    return out


@click.command("screen", help=HELP, short_help="批量筛查大量企业：逐企业分级、重点企业名单和分布。")
@click.argument("file", type=click.Path(path_type=Path), required=False, metavar="文件")
@click.option("--standard", "-s", "standard_id", required=True, help="标准编号（其插件须支持批量筛查；cpaudit screen -s 编号 --columns 查看所需列）")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="输出文件（默认：当前目录下“输入文件名-screen.格式”）")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]), default=None,
              help="输出格式（默认按 -o 的扩展名，否则 csv）；csv/parquet 每个结果表一个文件")
@click.option("--force", is_flag=True, help="覆盖已存在的输出文件")
@click.option("--option", "raw_options", multiple=True, metavar="键=值", help="标准的筛查选项，可重复（见上）")
@click.option("--chunk-size", type=click.IntRange(min=0), default=200_000, show_default=True,
              help="CSV/Parquet 每次读入的行数（0 = 一次读完）")
@click.option("--encoding", default=None, help="CSV 编码（默认 UTF-8，自动去掉 BOM；如 gbk）")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local：本机分块；dask：按 Dask 分区并行（需 pip install 'cpframework[dask]'）")
@click.option("--scheduler", default=None, metavar="地址",
              help="--engine dask 时使用的 Dask 集群调度器地址（如 tcp://10.0.0.5:8786；也可用环境变量 "
                   "CPAUDIT_DASK_SCHEDULER）；不给则在本机并行")
@click.option("--charts", "charts_dir", type=click.Path(path_type=Path), default=None, metavar="文件夹",
              help="另把分级分布图和各负荷的集中度图（由输出的结果表绘制）写成 PNG 放入此文件夹")
@click.option("--columns", "show_columns", is_flag=True, help="只显示该标准需要的输入列，然后退出")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度")
def screen(file: Path | None, standard_id: str, output: Path | None, fmt: str | None, force: bool,
           raw_options: tuple[str, ...], chunk_size: int, encoding: str | None, engine: str, scheduler: str | None,
           charts_dir: Path | None, show_columns: bool, quiet: bool) -> None:
    from cpframework.screen import columns_help, screener

    mod = screener(standard_id)
    if show_columns:
        click.echo(columns_help(mod))
        click.echo("选项（--option 键=值）：")
        for k, v in mod.options.items():
            click.echo(f"  {k}：{v}")
        return
    if file is None:
        raise click.UsageError("缺少输入文件（CSV、Excel 或 Parquet）")
    if fmt is None:
        suffix = (output.suffix.lower().lstrip(".") if output else "") or "csv"
        fmt = {"xls": "xlsx", "pq": "parquet"}.get(suffix, suffix)
        if fmt not in ("csv", "xlsx", "parquet", "json"):
            raise click.UsageError(f"无法从扩展名“{output.suffix if output else ''}”判断输出格式，请加 --format")
    out = output or Path.cwd() / f"{file.stem}-screen.{fmt}"
    from cpframework.errors import UsageError
    from cpframework.io.safe_read import check_encoding
    from cpframework.io.safe_write import check_output
    from cpframework.screen.io import output_paths

    if encoding is not None:  # an unknown name is a usage error (exit 2), not an internal one
        encoding = check_encoding(encoding, error=UsageError)
    opts = mod.parse_options(_options(raw_options))
    # refused before the (possibly long) run, not after it: existing files without --force, folders,
    # devices, and — with or without --force — the input file itself
    for path in output_paths(out, fmt, _table_keys(mod), mod.table_titles).values():
        check_output(path, force, inputs=[file])
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler 只用于 --engine dask")
    if charts_dir is not None and charts_dir.exists() and not charts_dir.is_dir():
        raise click.UsageError(f"--charts 须是文件夹：{charts_dir} 是一个文件")
    result = _run(mod, file, opts, engine, chunk_size, encoding, scheduler, quiet=quiet)
    from cpframework.screen.io import write_result

    figures = _chart_paths(result, charts_dir, force, file) if charts_dir is not None else None
    written = write_result(result, out, fmt, force=force, inputs=[file])
    for note in result.notes:
        click.echo(note)
    for p in written:
        click.echo(f"已写出 {p}")
    if charts_dir is not None and figures is not None:
        _write_charts(figures, charts_dir)


def _chart_paths(result: Any, folder: Path, force: bool, source: Path) -> list[tuple[Path, str, Any]] | None:
    """The result's charts and the PNG each goes to, every path checked before anything is written;
    ``None`` (said why) when no CJK font can draw them."""
    import re

    from cpframework.io.safe_write import check_output
    from cpframework.report.charts import missing_font_warning
    from cpframework.screen.charts import result_figures

    if (warning := missing_font_warning()) is not None:
        click.echo(warning.replace("报告中的图表未能生成（已以文字说明代替）", "未写出图"))
        return None
    out = []
    for n, (caption, fig) in enumerate(result_figures(result), 1):
        name = re.sub(r'[\\/:*?"<>|\s]+', "_", re.split("[：（(]", caption, maxsplit=1)[0]).strip("_") or "图"
        path = folder / f"{n:02d}-{name}.png"
        check_output(path, force, inputs=[source])
        out.append((path, caption, fig))
    return out


def _write_charts(figures: list[tuple[Path, str, Any]], folder: Path) -> None:
    if not figures:
        click.echo("筛查结果中没有可以画图的表（分级分布、各负荷重点名单），未写出图")
        return
    from cpframework.io.safe_write import atomic_output
    from cpframework.report.chart_cache import close

    folder.mkdir(parents=True, exist_ok=True)
    for path, caption, fig in figures:
        with atomic_output(path, suffix=".png") as tmp:
            fig.savefig(tmp, dpi=150, format="png")
        close(fig)
        click.echo(f"已写出 {path}（{caption}）")


def _table_keys(mod: Any) -> list[str]:
    return list(mod.tables or ("enterprises",))


def _run(mod: Any, file: Path, opts: Any, engine: str, chunk_size: int, encoding: str | None,
         scheduler: str | None = None, *, quiet: bool = False) -> Any:
    from cpframework.screen.engine import run_dask, run_local, to_dask
    from cpframework.screen.io import input_kind

    input_kind(file)
    if engine == "dask":
        from cpframework.cli.progress import progress

        with progress(f"正在筛查 {file.name}（Dask）", quiet=quiet):
            return run_dask(mod, to_dask(file, encoding=encoding), opts, source=str(file), scheduler=scheduler)
    if quiet or not sys.stderr.isatty():
        return run_local(mod, file, opts, chunksize=chunk_size or None, encoding=encoding)
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("筛查 {task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(file.name, total=1.0)
        result = run_local(mod, file, opts, chunksize=chunk_size or None, encoding=encoding,
                           on_progress=lambda f: bar.update(task, completed=f))
        bar.update(task, completed=1.0)
    return result

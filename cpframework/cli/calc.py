"""``cpaudit calc …``: the calculation core from the command line (Chinese output, ``--format json``).

Bad input → click usage error (exit 2); a calculation that cannot be done (CalcError) → message, exit 1.
Heavy imports happen inside the commands.
"""
from __future__ import annotations

import math
import re
from typing import Any

import click

NUM = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*$")


def _finite(value: float, param: str, shown: str | None = None) -> float:
    """No calculation starts from ``inf``, ``nan`` or ``1e400``."""
    if not math.isfinite(value):
        from cpframework.errors import UsageError

        raise UsageError(f"{param} 的值“{shown or value}”不是有限的数（无穷大或超出可表示的范围）；请给出普通数值")
    return value


class FiniteFloat(click.ParamType):
    """A float option that refuses ``inf``/``nan`` (click's FLOAT accepts them)."""

    name = "数值"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        if isinstance(value, float):
            return _finite(value, f"--{param.name.replace('_', '-')}" if param else "参数")
        try:
            number = float(str(value).strip())
        except ValueError:
            self.fail(f"“{value}”不是数值", param, ctx)
        return _finite(number, f"--{param.name.replace('_', '-')}" if param else "参数", str(value))


NUMBER = FiniteFloat()


def _number_or_name(value: str | None) -> Any:
    """An option that takes a number or a named value (a grid-factor id, a cost class)."""
    if value is None:
        return None
    try:
        return _finite(float(value), "参数")
    except ValueError:
        return value


def _pairs(values: tuple[str, ...], param: str) -> dict[str, Any]:
    """``名称=数值[单位]`` → {名称: 数值 or (数值, 单位)}."""
    out: dict[str, Any] = {}
    for text in values:
        name, sep, rest = text.partition("=")
        m = NUM.match(rest) if sep else None
        if not name.strip() or m is None:
            raise click.BadParameter(f"“{text}”格式应为 名称=数值[单位]，例如 电力=1200000 或 原煤=500t",
                                     param_hint=param)
        value = _finite(float(m.group(1)), param, m.group(1))
        out[name.strip()] = (value, m.group(2)) if m.group(2) else value
    return out


def _rate(text: str | None, param: str) -> float | None:
    """``8%`` or ``0.08`` → 0.08."""
    if text is None:
        return None
    s = text.strip()
    try:
        value = float(s[:-1]) / 100.0 if s.endswith("%") else float(s)
    except ValueError:
        raise click.BadParameter(f"“{text}”不是有效的比率，请写成 0.08 或 8%", param_hint=param) from None
    _finite(value, param)
    if not s.endswith("%") and abs(value) > 1:
        raise click.BadParameter(f"比率 {text} 大于 1，如指百分数请写成 {text}%", param_hint=param)
    return value


def _emit(fmt_: str, payload: dict[str, Any], results: list[Any]) -> None:
    if fmt_ == "json":
        from cpframework.io.safe_write import dumps_json

        payload["traces"] = [r.trace.as_dict() for r in results]
        click.echo(dumps_json(payload))  # valid JSON always: no NaN/Infinity
    else:
        click.echo("\n\n".join(r.trace.text() for r in results))


def _run(fn):
    """Call ``fn`` turning CalcError into a Chinese message and exit code 1."""
    from cpframework.calc.trace import CalcError

    try:
        return fn()
    except CalcError as exc:
        click.echo(f"计算错误：{exc}", err=True)
        # SystemExit, not click's Exit: the main group runs with standalone_mode=False, where click
        # turns Exit into a return value that would otherwise be lost.
        raise SystemExit(1) from None


FORMAT = click.option("--format", "fmt_", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="输出格式")
YEAR = click.option("--year", type=click.IntRange(1900, 2100), metavar="年份",
                    help="基准年：选用该年施行的系数和因子（不给则用最新的）")


@click.group("calc", help="""计算核心：综合能耗、碳减排量、方案经济可行性。

\b
示例：
  cpaudit calc energy --item 电力=1200000 --item 天然气=350000
  cpaudit calc finance --investment 280 --annual-saving 112 --years 10 --tax-rate 0.25 --rate 0.08
""", short_help="计算核心：综合能耗、碳减排量、方案经济可行性。")
def calc() -> None:
    pass


@calc.command("energy", help="""按 GB/T 2589 将各能源实物量折算为标准煤（tce）。

\b
示例：
  cpaudit calc energy --item 电力=1200000 --item 天然气=350000
  cpaudit calc energy --item 原煤=500t --calorific 原煤=5000 --year 2024
""")
@click.option("--item", "items", multiple=True, required=True, metavar="名称=数值[单位]",
              help="能源实物量，如 电力=1200000、天然气=350000、原煤=500t；可重复")
@click.option("--gas-coef", type=NUMBER, help="天然气折标准煤系数 kgce/m³（须在 1.1000～1.3300）")
@click.option("--equivalent-electricity", type=NUMBER, help="电力等价值 kgce/kWh（不给则按当量值 0.1229）")
@click.option("--coef", "coefs", multiple=True, metavar="名称=系数", help="其他能源的项目系数 kgce/单位")
@click.option("--calorific", "kcals", multiple=True, metavar="名称=kcal", help="实测低位发热量 kcal/单位（系数 = kcal ÷ 7000）")
@click.option("--media", multiple=True, metavar="名称=数值[单位]", help="计入的耗能工质，如 新水=5000（须明确选择）")
@YEAR
@FORMAT
def energy_cmd(items, gas_coef, equivalent_electricity, coefs, kcals, media, year, fmt_) -> None:
    quantities = _pairs(items, "--item")
    coefficients = {k: (v[0] if isinstance(v, tuple) else v) for k, v in _pairs(coefs, "--coef").items()}
    calorific = {k: (v[0] if isinstance(v, tuple) else v) for k, v in _pairs(kcals, "--calorific").items()}
    if gas_coef is not None:
        coefficients["天然气"] = gas_coef
    chosen = _pairs(media, "--media")

    def go():
        from cpframework.calc.energy import comprehensive_energy
        return comprehensive_energy(quantities, coefficients=coefficients, calorific=calorific,
                                    electricity_equivalent=equivalent_electricity, media=chosen or None, year=year)

    res = _run(go)
    payload = {"total_tce": res.total.value, "year": year,
               "items": [{"name": r["name"], "kind": r["kind"], "quantity": r["quantity"], "unit": r["unit"],
                          "coefficient": r["coefficient"], "coefficient_unit": r["coefficient_unit"],
                          "coefficient_source": r["source"], "tce": r["tce"]} for r in res.table.to_dict("records")]}
    _emit(fmt_, payload, [*res.items, res.total])


@calc.command("carbon", help="""按 DB4101/T 61 表E.4 注b 计算节能量折合的碳减排量（tCO₂）。

\b
示例：
  cpaudit calc carbon --electricity 1600000 --gas 50000
  cpaudit calc carbon --electricity 1600000 --year 2023
""")
@click.option("--electricity", type=NUMBER, default=0.0, help="节电量 kWh")
@click.option("--coal", type=NUMBER, default=0.0, help="节煤量 t（按标准煤计）")
@click.option("--oil", type=NUMBER, default=0.0, help="节油量 t")
@click.option("--gas", type=NUMBER, default=0.0, help="节天然气量 m³")
@click.option("--grid-factor", help="电网排放因子：数值 tCO₂/MWh，或因子编号（如 central 按基准年选用，"
              "central_2023 指定年份）；默认全国电力平均（按 --year 选用，不给则取最新年度）")
@click.option("--gas-coef", type=NUMBER, help="天然气折标准煤系数 kgce/m³（1.1000～1.3300）")
@click.option("--coal-coef", type=NUMBER, help="煤的折标准煤系数 kgce/kg（不给则按标准煤计）")
@YEAR
@FORMAT
def carbon_cmd(electricity, coal, oil, gas, grid_factor, gas_coef, coal_coef, year, fmt_) -> None:
    grid = _number_or_name(grid_factor)

    def go():
        from cpframework.calc.carbon import carbon_reduction
        from cpframework.calc.carbon import grid_factor as lookup
        g = lookup(grid, year=year)
        return g, carbon_reduction(electricity_kwh=electricity, coal_t=coal, oil_t=oil, gas_m3=gas, grid=g,
                                   gas_coefficient=gas_coef, coal_coefficient=coal_coef, year=year)

    g, res = _run(go)
    keys = ("electricity", "coal", "oil", "gas")
    _emit(fmt_, {"total_tco2": res.total.value, **{f"{k}_tco2": r.value for k, r in zip(keys, res.items)},
                 "year": year, "grid_factor": {"name": g.name, "value": g.value, "source": g.source}},
          [*res.items, res.total])


@calc.command("finance", help="""方案经济可行性：投资偿还期 N、NPV、NPVR、IRR。

\b
示例：
  cpaudit calc finance --investment 280 --annual-saving 112 --years 10 --tax-rate 0.25 --rate 0.08
  cpaudit calc finance --cashflow -100,30,30,30,30,30 --rate 8%
""")
@click.option("--investment", type=NUMBER, help="总投资（万元）")
@click.option("--subsidy", type=NUMBER, default=0.0, show_default=True, help="补贴（万元），从投资中扣除")
@click.option("--annual-saving", type=NUMBER, help="年运行费用总节省金额 P（万元/年）")
@click.option("--years", type=int, help="折旧年限 / 计算期 Y（年）")
@click.option("--tax-rate", help="所得税税率，如 0.25 或 25%")
@click.option("--rate", help="贴现率 i，如 0.08 或 8%")
@click.option("--cashflow", help="现金流序列（第0年末投资），如 -100,30,30,30,30,30")
@click.option("--benchmark-rate", help="基准收益率（用于判定）")
@click.option("--payback-norm", help="投资偿还期要求：年数，或 中费/较高费/高费")
@FORMAT
def finance_cmd(investment, subsidy, annual_saving, years, tax_rate, rate, cashflow, benchmark_rate,
                payback_norm, fmt_) -> None:
    i = _rate(rate, "--rate")
    bench = _rate(benchmark_rate, "--benchmark-rate")
    norm = _number_or_name(payback_norm)
    if i is None:
        raise click.UsageError("须给出贴现率 --rate")
    if cashflow is not None:
        try:
            flows = [_finite(float(x), "--cashflow") for x in cashflow.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise click.BadParameter(f"“{cashflow}”不是以逗号分隔的数值序列", param_hint="--cashflow") from None

        def go():
            from cpframework.calc.finance import irr, npv, payback_period, verdict
            from cpframework.calc.trace import CalcError, Result, Trace, fmt
            n, v, r = payback_period(flows), npv(flows, i), irr(flows)
            if flows[0] >= 0:
                raise CalcError("第0年现金流（投资）须为负数，才能计算净现值率")
            ratio = v.value / -flows[0] * 100
            nr = Result(ratio, "%", Trace("净现值率 NPVR", "NPV ÷ I × 100%",
                                          f"{fmt(v.value)} ÷ {fmt(-flows[0])} × 100%", f"{fmt(ratio)}%"))
            return n, v, nr, r, verdict(v.value, r.value, n.value, benchmark_rate=bench, payback_norm=norm)
    else:
        missing = [o for o, val in (("--investment", investment), ("--annual-saving", annual_saving),
                                    ("--years", years), ("--tax-rate", tax_rate)) if val is None]
        if missing:
            raise click.UsageError(f"缺少参数：{'、'.join(missing)}（或改用 --cashflow）")
        t = _rate(tax_rate, "--tax-rate")

        def go():
            from cpframework.calc.finance import feasibility, verdict
            assert t is not None  # --tax-rate was required above
            f = feasibility(investment, annual_saving, years, t, i, subsidy=subsidy)
            return (f.payback, f.npv, f.npvr, f.irr,
                    verdict(f.npv.value, f.irr.value, f.payback.value, benchmark_rate=bench, payback_norm=norm),
                    f)

    out = _run(go)
    n, v, nr, r, ver = out[:5]
    shown = list(out[5].results()[:3]) if len(out) > 5 else []
    _emit(fmt_, {"payback_years": n.value, "npv": v.value, "npvr_percent": nr.value, "irr": r.value,
                 "irr_note": r.trace.result if r.value is None else "", "feasible": ver.value},
          [*shown, n, v, nr, r, ver])

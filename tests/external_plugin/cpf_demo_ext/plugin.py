from cpframework.calc import Result, Trace
from cpframework.host.plugin import DataPlugin


def water_per_product(*, water, output, name, unit="", **_):
    value = water.value / output.value
    return Result(value, unit, Trace(name=name, formula="新鲜水量 ÷ 产量",
                                     substitution=f"{water.show()} ÷ {output.show()}", result=f"{value:g} {unit}"))


plugin = DataPlugin(__package__, formulas={"water_per_product": water_per_product})

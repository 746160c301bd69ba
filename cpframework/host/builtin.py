"""The core's own plugin: generic formulas and the grading methods every standard may use."""
from __future__ import annotations

from collections.abc import Iterator

from cpframework import hookimpl
from cpframework.calc.indicator_formulas import GENERIC
from cpframework.model import Formula, GradingMethod


@hookimpl
def cpf_formulas() -> Iterator[Formula]:
    for name, func in GENERIC.items():
        yield Formula(name=name, func=func, standard="")


def _method(name: str):  # the calc modules import numpy/pandas: resolve them only when grading
    def grade(*args, **kwargs):
        from cpframework.calc import grading, pareto

        return {"threshold": grading.grade_threshold, "weighted_score": grading.grade_weighted,
                "share_of_load": pareto.grade_share_of_load}[name](*args, **kwargs)
    grade.__name__ = f"grade_{name}"
    return grade


@hookimpl
def cpf_grading_methods() -> Iterator[GradingMethod]:
    yield GradingMethod(id="threshold", title="达标分级（各指标达到的级别）", grade=_method("threshold"),
                        description="每项指标按各级基准值判定达到的最高级别，不计算综合指数。")
    yield GradingMethod(id="weighted_score", title="综合指数法（《清洁生产评价指标体系编制通则（试行稿）》）",
                        grade=_method("weighted_score"),
                        description="按隶属度 100/0 和一、二级指标权重计算各级综合评价指数 Y，不适用的指标按比例调整权重，"
                                    "再按判定规则（含限定性指标要求）确定等级。")
    yield GradingMethod(id="share_of_load", title="累计占比法（重点名单）", grade=_method("share_of_load"),
                        description="各负荷按数值由大到小累计，占比首次达到阈值的最少单位为该负荷的重点单位；按为重点的负荷项数分级。")

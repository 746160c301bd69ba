"""The calculation core: small pure functions, each returning a :class:`Result` with its :class:`Trace`.

Modules: ratios, energy (GB/T 2589), carbon (表E.4 注b), finance (feasibility), balance, flows (flow
diagrams and node balances), scoring (权重总和计分排序法), grading (通则 graded evaluation), pareto (key lists),
params (dated parameters and their sources), tables (the data files' schemas).
pandas/numpy are imported lazily inside the functions that need them.
"""
from cpframework.calc.ratios import avg_annual_growth, avg_annual_reduction, completeness, ratio, yoy_growth
from cpframework.calc.trace import CalcError, Q, Result, Trace, fmt, show_value

__all__ = ["CalcError", "Q", "Result", "Trace", "avg_annual_growth", "avg_annual_reduction",
           "completeness", "fmt", "ratio", "show_value", "yoy_growth"]


SUBMODULES = ("balance", "carbon", "energy", "finance", "flows", "grading", "params", "pareto", "ratios", "scoring", "tables",
              "trace")


def __getattr__(name: str):  # ``calc.energy`` etc. without importing every module at start-up
    if name in SUBMODULES:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The calculation core: small pure functions, each returning a :class:`Result` with its :class:`Trace`."""
from .ratios import avg_annual_growth, avg_annual_reduction, completeness, ratio, yoy_growth
from .trace import CalcError, Q, Result, Trace, fmt, show_value

__all__ = ["CalcError", "Q", "Result", "Trace", "avg_annual_growth", "avg_annual_reduction",
           "completeness", "fmt", "ratio", "show_value", "yoy_growth"]

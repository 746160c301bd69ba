"""The core's own plugin: generic formulas available to every standard."""
from __future__ import annotations

from collections.abc import Iterator

from cpframework import hookimpl
from cpframework.calc.indicator_formulas import GENERIC
from cpframework.model import Formula


@hookimpl
def cpf_formulas() -> Iterator[Formula]:
    for name, func in GENERIC.items():
        yield Formula(name=name, func=func, standard="")

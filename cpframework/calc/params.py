"""Dated parameters (in the manner of OpenFisca): a figure that changes over time is a list of values,
each in force from a date or a year and each with the document it comes from.

* ``since`` is a year (``2022``: a data year, an edition year) or a date (``2021-04-01``: the day an
  edition of a standard came into force).
* The value for a project is the one in force in its baseline year: the latest value whose ``since``
  falls in that year or before it (a value that comes into force during the year applies to it).
  Without a year, the latest value is used.
* A year before the first value is an error that says from when values exist and how to give one.

A :class:`Source` is what a reader is shown: document number, title and clause (``GB/T 2589—2020
《综合能耗计算通则》附录A``), or issuer, title and number of an official notice.  Working notes for
maintainers (research keys, verification marks) live in ``maintainer_note`` fields and comments of
the data files and never reach output.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

import attrs

from cpframework.errors import CalcError

Since = int | date


def _text(_inst: object, attribute: attrs.Attribute, value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name} 不能为空")


@attrs.frozen(kw_only=True)
class Source:
    """A document cited for a figure, as a reader sees it."""

    title: str = attrs.field(validator=_text)  # 《…》 without the brackets
    code: str = ""          # standard number, printed before the title: GB/T 2589—2020
    issuer: str = ""        # issuing bodies, printed before the title: 生态环境部、国家统计局
    number: str = ""        # document number or date, printed after the title in brackets
    clause: str = ""        # clause, table or annex: 附录A 表A.1
    maintainer_note: str = ""

    def cite(self) -> str:
        tail = f"（{self.number}）" if self.number else ""
        return f"{self.issuer}{self.code}《{self.title}》{self.clause}{tail}"


def since_year(since: Since) -> int:
    return since.year if isinstance(since, date) else int(since)


def show_since(since: Since) -> str:
    if isinstance(since, date):
        return f"{since.year}年{since.month}月{since.day}日"
    return f"{since}年"


def _key(since: Since) -> tuple[int, int, int]:
    return (since.year, since.month, since.day) if isinstance(since, date) else (int(since), 1, 1)


class Dated(Protocol):
    @property
    def since(self) -> Since: ...


V = TypeVar("V", bound=Dated)


def ordered(values: Sequence[V]) -> list[V]:
    return sorted(values, key=lambda v: _key(v.since))


def check_dates(values: Sequence[V]) -> None:
    """Validator helper: at least one value and no two values from the same start."""
    if not values:
        raise ValueError("至少要有一个取值")
    seen = [_key(v.since) for v in values]
    if len(set(seen)) != len(seen):
        raise ValueError("有两个取值的 since 相同")


def in_force(values: Sequence[V], year: int | None, *, what: str, how_to_override: str = "") -> V:
    """The value in force in ``year`` (the latest one when ``year`` is None)."""
    if not values:
        raise CalcError(f"{what}没有任何取值")
    values = ordered(values)
    if year is None:
        return values[-1]
    eligible = [v for v in values if since_year(v.since) <= year]
    if not eligible:
        first = values[0]
        hint = f"；{how_to_override}" if how_to_override else ""
        raise CalcError(f"{what}在 {year} 年没有适用的取值：最早的取值自 {show_since(first.since)}起施行{hint}")
    return eligible[-1]

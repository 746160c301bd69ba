"""The calc data tables (``cpframework/calc/data``): their schemas, read through the one loader
(:func:`cpframework.host.loader.load_data`), so a typo'd key, a wrong type or a TOML syntax error is a
:class:`DefinitionError` naming the file and the key path.

Every figure that changes over time is a dated parameter (:mod:`cpframework.calc.params`): a list of
values, each with ``since`` and ``source`` (a key of the file's ``[source.*]`` tables, the document a
reader is shown).  ``note`` is text for a reader; ``maintainer_note`` (and comments) is for maintainers
and never reaches output.  A project may pass its own file path instead of a shipped table.
"""
from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path
from typing import Any, TypeVar

import attrs

from cpframework.calc.params import Since, Source, check_dates
from cpframework.errors import DefinitionError

DATA_DIR = Path(__file__).parent / "data"
T = TypeVar("T")


def data_path(name: str | Path) -> Path:
    """A bare file name resolves inside the package data folder; anything else is used as given."""
    p = Path(name)
    return p if (p.is_absolute() or p.parent != Path(".")) else DATA_DIR / p


def _positive(_inst: Any, attribute: attrs.Attribute, value: float | None) -> None:
    if value is not None and not value > 0:
        raise ValueError(f"{attribute.name} 须为正数，现为 {value}")


def _dated(_inst: Any, _attribute: attrs.Attribute, values: list[Any]) -> None:
    check_dates(values)


def _one_of(*allowed: Any) -> Any:
    def check(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value is not None and value not in allowed:
            raise ValueError(f"{attribute.name} 须为 {'、'.join(map(str, allowed))} 之一，现为 {value}")
    return check


# ---- energy_coefficients.toml, energy_media.toml ----

@attrs.frozen(kw_only=True)
class CoefficientValue:
    """One dated value of a standard-coal coefficient (kgce per unit): a value, or only a range."""

    since: Since
    source: str
    calorific: str = ""   # 平均低位发热量 as printed in the standard
    coefficient: float | None = attrs.field(default=None, validator=_positive)
    coefficient_min: float | None = attrs.field(default=None, validator=_positive)
    coefficient_max: float | None = attrs.field(default=None, validator=_positive)
    note: str = ""
    maintainer_note: str = ""

    def __attrs_post_init__(self) -> None:
        lo, hi = self.coefficient_min, self.coefficient_max
        if (lo is None) != (hi is None):
            raise ValueError("coefficient_min 与 coefficient_max 须同时给出")
        if self.coefficient is None and lo is None:
            raise ValueError("既无 coefficient 也无 coefficient_min/coefficient_max")
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"coefficient_min {lo} 大于 coefficient_max {hi}")


@attrs.frozen(kw_only=True)
class CarrierSpec:
    """An energy carrier (``[[carrier]]``) or an energy-consuming medium (``[[medium]]``)."""

    id: str
    name: str
    unit: str
    value: list[CoefficientValue] = attrs.field(validator=_dated)
    strict_range: bool = False  # a coefficient outside the range is an error, not a note
    water: bool = False
    maintainer_note: str = ""


@attrs.frozen(kw_only=True)
class CoefficientMeta:
    title: str
    caution: str = ""  # shown to a reader when a water medium is counted
    kgce_kcal: float = 7000.0
    kgce_kj: float = 29307.0
    kcal_to_kj: float = 4.1816
    maintainer_note: str = ""


@attrs.frozen(kw_only=True)
class CoefficientFile:
    meta: CoefficientMeta
    source: dict[str, Source]
    carrier: list[CarrierSpec] = attrs.field(factory=list)
    medium: list[CarrierSpec] = attrs.field(factory=list)


# ---- grid_factors.toml ----

@attrs.frozen(kw_only=True)
class FactorValue:
    since: Since   # the data year (an edition year for baseline factors)
    value: float = attrs.field(validator=_positive)  # tCO₂/MWh
    source: str
    note: str = ""
    maintainer_note: str = ""


@attrs.frozen(kw_only=True)
class FactorSpec:
    id: str = attrs.field()
    name: str
    value: list[FactorValue] = attrs.field(validator=_dated)
    kind: str = attrs.field(default="average", validator=_one_of("average", "om"))
    region: str = ""  # a [[region]] id (baseline grids)
    maintainer_note: str = ""

    @id.validator
    def _no_year_suffix(self, _attribute: attrs.Attribute, value: str) -> None:
        if re.search(r"_\d{4}$", value):
            raise ValueError(f"id“{value}”不能以“_年份”结尾（“_年份”用于指定某一年的值）")


@attrs.frozen(kw_only=True)
class Region:
    id: str
    name: str
    provinces: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class GridMeta:
    title: str
    unit: str
    default: str
    maintainer_note: str = ""


@attrs.frozen(kw_only=True)
class GridFile:
    meta: GridMeta
    source: dict[str, Source]
    factor: list[FactorSpec]
    region: list[Region] = attrs.field(factory=list)


# ---- grading_rules.toml ----

@attrs.frozen(kw_only=True)
class LevelRuleSpec:
    level: str
    score_level: int = attrs.field(validator=_one_of(1, 2, 3))
    min_score: float
    limiting_level: int | None = attrs.field(default=None, validator=_one_of(1, 2, 3))
    others_level: int | None = attrs.field(default=None, validator=_one_of(1, 2, 3))
    title: str = ""


@attrs.frozen(kw_only=True)
class RuleSetSpec:
    rule: list[LevelRuleSpec] = attrs.field()
    fallback: str = "未达Ⅲ级"
    description: str = ""
    maintainer_note: str = ""

    @rule.validator
    def _not_empty(self, _attribute: attrs.Attribute, value: list[LevelRuleSpec]) -> None:
        if not value:
            raise ValueError("至少要有一条 rule")


# ---- loading and cross-checks ----

def _problems(label: str, problems: list[str]) -> None:
    if problems:
        raise DefinitionError(f"数据文件 {label} 有误：\n  " + "\n  ".join(problems))


def _unknown(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"“{name}”未定义" + (f"（是否想写“{close[0]}”？）" if close else f"（已定义：{'、'.join(known)}）")


def _unique(items: list[Any], attr: str, path: str) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            out.append(f"{path}[{n}].{attr}：“{key}”与 {path}[{seen[key]}] 重复")
        seen.setdefault(key, n)
    return out


def _source_refs(sources: dict[str, Source], items: list[Any], path: str) -> list[str]:
    return [f"{path}[{n}].value[{k}].source：{_unknown(v.source, sources)}"
            for n, item in enumerate(items) for k, v in enumerate(item.value) if v.source not in sources]


def _check_coefficients(doc: CoefficientFile, label: str, units: Any) -> CoefficientFile:
    problems: list[str] = []
    for key in ("carrier", "medium"):
        items = getattr(doc, key)
        problems += _unique(items, "id", key) + _unique(items, "name", key) + _source_refs(doc.source, items, key)
        problems += [f"{key}[{n}].unit：“{c.unit}”不是可识别的计量单位（可用：{'、'.join(units)}）"
                     for n, c in enumerate(items) if c.unit not in units]
    _problems(label, problems)
    return doc


def _check_grid(doc: GridFile, label: str) -> GridFile:
    problems = _unique(doc.factor, "id", "factor") + _unique(doc.factor, "name", "factor")
    problems += _source_refs(doc.source, doc.factor, "factor")
    regions = {r.id for r in doc.region}
    problems += [f"factor[{n}].region：{_unknown(f.region, regions)}"
                 for n, f in enumerate(doc.factor) if f.region and f.region not in regions]
    ids = {f.id for f in doc.factor}
    base = re.sub(r"_\d{4}$", "", doc.meta.default)
    if base not in ids:
        problems.append(f"meta.default：因子 {_unknown(doc.meta.default, ids)}")
    _problems(label, problems)
    return doc


@functools.lru_cache(maxsize=32)
def _load(path: str, _mtime: int, cls: type) -> Any:
    from cpframework.host.loader import load_data

    return load_data(Path(path), cls)


def load(name: str | Path, cls: type[T]) -> T:
    """A calc data file structured into ``cls`` (cached while the file is unchanged)."""
    path = data_path(name)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise DefinitionError(f"找不到数据文件 {path}") from None
    return _load(str(path), mtime, cls)  # type: ignore[arg-type]  # a class is hashable


def coefficient_file(name: str | Path, units: Any) -> CoefficientFile:
    return _check_coefficients(load(name, CoefficientFile), str(data_path(name)), units)


def grid_file(name: str | Path = "grid_factors.toml") -> GridFile:
    return _check_grid(load(name, GridFile), str(data_path(name)))


def rule_sets(name: str | Path = "grading_rules.toml") -> dict[str, RuleSetSpec]:
    return load(name, dict[str, RuleSetSpec])


# ---- units.toml (the unit conversions readers apply; see calc/units.py) ----

@attrs.frozen(kw_only=True)
class UnitDimension:
    name: str
    units: dict[str, float]
    maintainer_note: str = ""


@attrs.frozen(kw_only=True)
class UnitsFile:
    dimension: list[UnitDimension]
    aliases: dict[str, str] = attrs.field(factory=dict)
    maintainer_note: str = ""


def units_file(name: str | Path = "units.toml") -> UnitsFile:
    return load(name, UnitsFile)

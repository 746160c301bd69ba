"""The records a standard is made of.  Plugins declare them (mostly from data files); the core merges,
validates and uses them.  Every record carries the ``standard`` it belongs to, so a provincial add-on
can contribute records to a standard it does not own.

All records are frozen attrs classes; the data files are structured into them by
:mod:`cpframework.host.loader` with cattrs, so a wrong key or type is reported with its file and path.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

Subject = Literal["park", "industry", "enterprise", "other"]


@attrs.frozen(kw_only=True)
class Level:
    """One level of an evaluation scheme, best first (e.g. 先进水平 before 一般水平)."""

    id: str
    label: str


@attrs.frozen(kw_only=True)
class FlagDef:
    """A project flag the standard understands (manifest ``[flags]``): it switches content on or off.

    ``standard``: the standard the flag belongs to; empty inside ``StandardInfo.flags`` (the standard
    declaring it), required when an add-on declares a flag for another standard (``cpf_flags``).
    ``default`` is what ``cpaudit init`` writes into a new project's manifest; a flag an existing
    manifest does not set is false — so a flag an add-on brings never switches anything on by itself.
    """

    id: str
    label: str
    default: bool = False
    help: str = ""
    standard: str = ""


def flag_on(flags: Mapping[str, Any], when: str | None) -> bool:
    """Whether content with ``when`` applies to a project with these ``[flags]``: no ``when`` → always;
    ``"flag"`` → that flag is true; ``"not flag"`` → it is not.  One rule for every record that has a
    ``when`` (tables, indicators, stages, report outline nodes)."""
    if not when:
        return True
    negated = when.startswith("not ")
    name = when[4:].strip() if negated else when.strip()
    return bool(flags.get(name, False)) != negated


@attrs.frozen(kw_only=True)
class OptionDef:
    """A project setting the standard reads (manifest ``[options]``, or ``[report]`` when ``section`` says
    so): ``cpaudit init`` writes each one into the new project's ``project.toml`` with its Chinese label,
    help and clause, so every setting that can change a conclusion is visible in one place.

    ``default``: the value written (and the one the plugin uses when the key is absent); ``None`` = no
    default — the line is written commented out with ``example`` and the help says what to fill.
    ``year_offset``: the default is the audit year plus this many years (target years).
    ``required``: a setting without default the project must give (the comment says so).
    ``when``: the setting matters only to projects whose flags satisfy it (``check`` names a defaulted
    setting only then).
    """

    id: str
    label: str
    default: Any = None
    example: Any = None
    year_offset: int | None = None
    required: bool = False
    help: str = ""
    clause: str = ""
    section: str = "options"
    when: str = ""  # a flag expression (see flag_on): the setting matters to a project only when it holds


@attrs.frozen(kw_only=True)
class SubjectField:
    """A field of the manifest's ``[subject]`` table (park name, management committee, …)."""

    id: str
    label: str
    required: bool = False
    help: str = ""


@attrs.frozen(kw_only=True)
class SelectionRule:
    """A rule on which indicators a project selects.

    ``kind``: ``"all_mandatory"`` (every mandatory indicator selected), ``"group_min"`` (at least
    ``min`` of the indicators in ``group``), ``"total_min"`` (at least ``min`` selected in total).
    """

    kind: Literal["all_mandatory", "group_min", "total_min"]
    group: str = ""
    min: int = 0
    clause: str = ""


@attrs.frozen(kw_only=True)
class StandardInfo:
    """What a standard is: identity, levels, flags, selection rules, review period.

    ``grading`` names the grading method of the standard's own indicators (its main
    :class:`IndicatorSystem`): ``threshold`` (the level each indicator reaches) or ``weighted_score``
    (通则 comprehensive index over ``groups`` — first-level indicators with weights — decided by the
    named ``level_rules``)."""

    id: str
    code: str
    title: str
    subject: Subject
    version: str = ""
    issuer: str = ""
    status: str = ""
    description: str = ""
    levels: tuple[Level, ...] = ()
    below_level: Level = Level(id="below", label="未达标")
    review_years: int = 3
    flags: tuple[FlagDef, ...] = ()
    subject_fields: tuple[SubjectField, ...] = ()
    options: tuple[OptionDef, ...] = ()
    selection_rules: tuple[SelectionRule, ...] = ()
    indicator_table: str = ""
    default_report: str = ""
    plugin: str = ""
    grading: str = "threshold"
    groups: tuple[IndicatorGroup, ...] = ()
    level_rules: str = "default"


@attrs.frozen(kw_only=True)
class Criterion:
    """What marks a step done.

    ``kind``:
    - ``table_rows``: table ``table`` has at least ``min`` rows (default 1);
    - ``items_filled``: the listed ``items`` of items-table ``table`` have a value (all items when empty);
    - ``narrative``: narrative file ``section`` exists and is not empty;
    - ``indicators_evaluated``: every selected indicator has a value;
    - ``manifest``: manifest key ``key`` (dotted path) is set;
    - ``check``: a plugin function named ``check`` (see :class:`StatusCheck`) says done.
    """

    kind: Literal["table_rows", "items_filled", "narrative", "indicators_evaluated", "manifest", "check"]
    label: str = ""
    table: str = ""
    min: int = 1
    items: tuple[str, ...] = ()
    section: str = ""
    key: str = ""
    check: str = ""


@attrs.frozen(kw_only=True)
class Step:
    id: str
    clause: str
    title: str
    purpose: str = ""
    done_when: tuple[Criterion, ...] = ()


@attrs.frozen(kw_only=True)
class Stage:
    standard: str
    id: str
    order: int
    clause: str
    title: str
    purpose: str = ""
    steps: tuple[Step, ...] = ()
    when: str = ""


FieldType = Literal["text", "number", "integer", "percent", "bool", "date", "year", "choice"]


@attrs.frozen(kw_only=True)
class Field:
    """A column of a data table.  ``per_year`` fields get one column per year of the review period."""

    id: str
    label: str
    type: FieldType = "text"
    unit: str = ""
    required: bool = False
    per_year: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    help: str = ""
    width: float | None = None

    def header(self, year: int | None = None) -> str:
        text = f"{year}年{self.label}" if year is not None else self.label
        return f"{text}（{self.unit}）" if self.unit else text


@attrs.frozen(kw_only=True)
class Item:
    """A fixed row of an ``items`` table (a quantity the standard asks for)."""

    id: str
    label: str
    type: FieldType = "number"
    unit: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    help: str = ""
    from_subject: str = ""  # a [subject] field of project.toml this item repeats (see project/subject_items.py)


@attrs.frozen(kw_only=True)
class TableSchema:
    """A data table (one workbook sheet).

    ``kind = "records"``: free rows with the given ``fields``.
    ``kind = "items"``: fixed rows (``items``) declared by the standard, each with one value
    (``per_year = false``) or one value per year (``per_year = true``); ``years_back`` widens the
    year span beyond the review period (e.g. 4 for a three-year growth rate).
    ``when``: a flag (``"flag"`` or ``"not flag"``, see :func:`flag_on`); the table is required only
    when it holds.  A table gated by an add-on's flag is *opt-in*: ``init`` and ``upgrade`` add its
    sheet, and ``check`` reads it, only for projects that switched the flag on.
    """

    standard: str
    id: str
    title: str
    sheet: str
    kind: Literal["records", "items"] = "records"
    clause: str = ""
    description: str = ""
    fields: tuple[Field, ...] = ()
    items: tuple[Item, ...] = ()
    per_year: bool = False
    years_back: int = 0
    min_rows: int = 0
    when: str = ""
    key: str = ""

    def has_years(self) -> bool:
        return self.per_year or any(f.per_year for f in self.fields)


@attrs.frozen(kw_only=True)
class Input:
    """One argument of an indicator's formula.

    Source: ``item`` (an item of an items table, at baseline year + ``year``), ``items`` (a list of
    items, for checklists), ``flag`` (a project flag), or ``field`` — for systems that grade many units
    (enterprises) from records tables — one or more ``"table.field"`` references summed per unit over the
    rows of that unit (``where`` filters the rows, e.g. ``{pollutant = "总镍"}``).  ``table`` defaults to
    the standard's ``indicator_table``.
    """

    arg: str
    item: str = ""
    items: tuple[str, ...] = ()
    flag: str = ""
    field: tuple[str, ...] = ()
    where: dict[str, str] = attrs.field(factory=dict)
    table: str = ""
    year: int = 0
    optional: bool = False


@attrs.frozen(kw_only=True)
class Threshold:
    """The condition for one level: ``op`` one of ``>=``, ``<=``, ``>``, ``<``, ``==``, ``is`` (yes/no)."""

    op: Literal[">=", "<=", ">", "<", "==", "is"]
    value: Any

    def met(self, x: Any) -> bool:
        if x is None:
            return False
        if self.op == "is":
            return bool(x) is bool(self.value)
        x = float(x)
        v = float(self.value)
        return {">=": x >= v - 1e-9, "<=": x <= v + 1e-9, ">": x > v, "<": x < v,
                "==": abs(x - v) <= 1e-9}[self.op]

    def show(self) -> str:
        if self.op == "is":
            return str(self.value) if isinstance(self.value, str) else ("是" if self.value else "否")
        from cpframework.calc import fmt
        return f"{'' if self.op == '==' else self.op.replace('>=', '≥').replace('<=', '≤')}{fmt(self.value)}"


IndicatorKind = Literal["quantitative", "yes_no", "count", "completeness", "level"]
Direction = Literal["higher", "lower", "yes", "zero", "level"]


@attrs.frozen(kw_only=True)
class Indicator:
    """One evaluation indicator — the one record for every standard and every indicator system.

    ``thresholds`` map a level id of the system (best first, e.g. ``advanced``/``general`` or
    ``I``/``II``/``III``) to the condition for reaching it; ``threshold_text`` gives the wording of
    qualitative requirements per level.  ``direction = "level"`` means the value *is* the level reached
    (Ⅰ/Ⅱ/Ⅲ/未达), as qualitative graded indicators of evaluation systems are entered.  ``category`` is
    the first-level indicator (一级指标) a weighted system groups by; ``group`` is a *selection* group
    (e.g. "3 项至少选 1 项").  ``weight`` is the weight within the category, ``limiting`` marks a
    限定性指标.  ``formula`` + ``inputs`` say how the value is computed from the workbook.  ``min``/``max``
    are bounds the definition implies (a share of a whole ≤ 100 %): a value outside them is a data error
    that ``check`` reports with the inputs, never a grade.  ``plausible = [low, high]`` is the range real
    data fall in (from ``plausible_source``: a published survey, the standard's own levels widened …): a
    value outside it is graded but ``check`` warns, naming the inputs — the usual sign of a wrong unit or a
    misplaced decimal point (a value ×100 or ÷100).
    """

    standard: str
    id: str
    seq: int = 0
    name: str
    category: str = ""
    unit: str = ""
    kind: IndicatorKind = "quantitative"
    direction: Direction = "higher"
    thresholds: dict[str, Threshold] = attrs.field(factory=dict)
    threshold_text: dict[str, str] = attrs.field(factory=dict)
    mandatory: bool = False
    group: str = ""
    formula: str = ""
    inputs: tuple[Input, ...] = ()
    params: dict[str, Any] = attrs.field(factory=dict)
    clause: str = ""
    explanation: str = ""
    note: str = ""
    weight: float | None = None
    limiting: bool = False
    parent: str = ""
    dimension: str = ""
    min: float | None = None
    max: float | None = None
    plausible: tuple[float, float] | None = None
    plausible_source: str = ""
    when: str = ""
    # A system's "W/n" weight (e.g. 0.8/n for metal utilisation rates, n = plating types run): indicators
    # naming the same ``weight_split`` share ``weight`` (= W, the same for all of them) equally among those
    # that apply to the unit; the set's W stays whole as long as one of them applies.
    weight_split: str = ""
    # Per-product / per-process weighting (通则 §3.2 4): when set (e.g. "产量"), the set's W is shared in
    # proportion to a per-unit quantity of each member (the unit's output of that member's product),
    # passed to the grading as ``split_keys``; a unit with one member applying gets the whole W.
    weight_split_by: str = ""


@attrs.frozen(kw_only=True)
class Formula:
    """A Python function an indicator refers to by ``name``.  ``standard = ""`` makes it available to all."""

    name: str
    func: Callable[..., Any]
    standard: str = ""


@attrs.frozen(kw_only=True)
class SectionRenderer:
    """A Python function that writes computed content into a report section: ``func(ctx, writer)``."""

    standard: str
    name: str
    func: Callable[..., Any]


@attrs.frozen(kw_only=True)
class StatusCheck:
    """A Python function deciding whether a step is done: ``func(project, evaluation) -> str | None``
    (``None`` when done, otherwise what is missing)."""

    standard: str
    name: str
    func: Callable[..., Any]


# ---------------------------------------------------------------- indicator systems and grading methods


@attrs.frozen(kw_only=True)
class IndicatorGroup:
    """A first-level indicator (一级指标) of a weighted system: weight w_i and its diagnosis dimension."""

    id: str
    name: str
    weight: float
    dimension: str = ""


@attrs.frozen(kw_only=True)
class LevelRule:
    """One rule of the 通则 level decision (checked in order, the first that holds gives the level).

    ``score_level``: which comprehensive index Y_k is compared (1 = the best level); ``min_score``: its
    minimum; ``limiting_level`` / ``others_level``: the level (1 = best, n + 1 = below every level) that
    every 限定性 / every other indicator must reach or better (omitted: no requirement).
    """

    level: str
    score_level: int
    min_score: float
    limiting_level: int | None = None
    others_level: int | None = None
    title: str = ""


@attrs.frozen(kw_only=True)
class LevelRules:
    rules: tuple[LevelRule, ...]
    fallback: str = "未达Ⅲ级"
    description: str = ""


@attrs.frozen(kw_only=True)
class IndicatorSystem:
    """An indicator system (评价指标体系): indicators graded together by one grading method.

    Every standard has a main system (``id = ""``) made of its :class:`Indicator` records and its
    ``StandardInfo.levels``; a plugin may declare more (e.g. the published evaluation systems of each
    industry) through ``cpf_indicator_systems``.  ``method`` names a :class:`GradingMethod`
    (``threshold``: the level each indicator reaches; ``weighted_score``: the 通则 comprehensive index
    with ``rules``; ``share_of_load``: key lists by cumulative share).  ``unit`` says what one graded
    row is (园区, 企业 …); ``source`` cites the published document (number, title) for the reader.
    """

    standard: str
    id: str
    title: str
    method: str = "threshold"
    levels: tuple[Level, ...] = ()
    below_level: Level = Level(id="below", label="未达标")
    groups: tuple[IndicatorGroup, ...] = ()
    rules: LevelRules | None = None
    indicators: tuple[Indicator, ...] = ()
    unit: str = ""
    source: str = ""
    illustrative: bool = False
    industry: str = ""
    industry_codes: tuple[str, ...] = ()
    clause: str = ""
    params: dict[str, Any] = attrs.field(factory=dict)

    def indicator(self, ind_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == ind_id:
                return ind
        raise KeyError(ind_id)

    def group_of(self, ind: Indicator) -> IndicatorGroup | None:
        for g in self.groups:
            if ind.category in (g.id, g.name):
                return g
        return None


@attrs.frozen(kw_only=True)
class GradingMethod:
    """A way of grading, referenced by id from :class:`IndicatorSystem.method`.

    ``grade(system, cells, *, missing)`` grades a frame of units at once (one row for a single project,
    thousands in a screening) and returns a :class:`cpframework.calc.grading.Grading`; ``evaluate``,
    ``report`` and ``screen`` all call this one implementation.
    """

    id: str
    title: str
    grade: Callable[..., Any]
    description: str = ""


@attrs.frozen(kw_only=True)
class Screener:
    """Batch screening of many enterprises for one standard (``cpaudit screen -s STANDARD``).

    ``columns``: the documented input columns; ``options``: ``--option`` keys with their help text;
    ``parse_options(raw) -> opts``; ``partial(frame, opts, *, offset, source) -> DataFrame`` (row-local,
    runs chunk by chunk or per Dask partition); ``combine(parts, opts) -> ScreenResult`` (the global
    step).  ``screen(frame) == combine(partial(frame))`` for any chunking.  ``tables``: the result tables'
    keys, in order; ``table_titles``: key → the Chinese title that names the table's file (``结果-等级分布.csv``).
    """

    standard: str
    title: str
    columns: tuple[Any, ...]
    options: Mapping[str, str]
    parse_options: Callable[[dict[str, str]], Any]
    partial: Callable[..., Any]
    combine: Callable[..., Any]
    tables: tuple[str, ...] = ()
    table_titles: Mapping[str, str] = attrs.field(factory=dict)


# ---------------------------------------------------------------- reconciliation rules (check)


@attrs.frozen(kw_only=True)
class RuleRef:
    """One side of a rule: an items-table value (``item``), the sum of a records-table ``field`` over the
    rows where ``where`` holds (or their count when ``field`` is omitted), or ``days_in_year``.

    ``per``: the field(s) naming the unit, separated by commas (e.g. ``id`` of an enterprise list, ``enterprise`` of a records
    table): set on both sides of a rule, the rule is checked once per unit (each enterprise's stated
    total against the sum of its own rows) instead of once over the whole table."""

    table: str = ""
    item: str = ""
    field: str = ""
    where: dict[str, str] = attrs.field(factory=dict)
    exclude: dict[str, str] = attrs.field(factory=dict)  # rows where any of these fields has this value are left out
    days_in_year: bool = False
    label: str = ""
    per: str = ""


@attrs.frozen(kw_only=True)
class CheckRule:
    """``sum``: left (a stated total) = Σ right; ``count``: left = number of right's rows; ``le``: left ≤ right.

    ``tolerance``: relative (0.05 = 5 %); ``level``: error or warning; ``years``: ``baseline`` (default) or
    ``all`` (every year of the review period for per-year values)."""

    standard: str
    id: str
    kind: Literal["sum", "count", "le"]
    left: RuleRef
    right: RuleRef
    tolerance: float = 0.0
    level: Literal["error", "warning"] = "error"
    years: Literal["baseline", "all"] = "baseline"
    clause: str = ""
    message: str = ""

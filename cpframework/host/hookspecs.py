"""Hook specifications: the seams between the core and the standards.

Every hook is prefixed ``cpf_`` (so a misspelt implementation is caught at start-up by
``check_pending``).  Plugins implement them with :data:`cpframework.hookimpl`.

Two kinds of hooks:

* **Registration hooks** take no arguments and *yield records* (:mod:`cpframework.model`).  Every
  record names the ``standard`` it belongs to, so a provincial add-on can contribute an indicator,
  a table, a report kind or a section renderer to a standard it does not own.  The core collects the
  records of all plugins, rejects duplicates ``(standard, id)`` naming both providers, and orders them
  by their declared ``order``/``seq`` — never by plugin registration order.
* **Call hooks** are called for one project and one standard; every implementation is called
  (none stops the others); an implementation for another standard simply returns ``None``.

Each implementation is called in isolation: if it raises, the other plugins' answers stay intact, and
:mod:`cpframework.host.failures` decides what it means — an error (exit 1) when the plugin owns the
selected standard, a warning and the withdrawal of all its contributions when it is an add-on.  Implementations may accept
any subset of the arguments listed (pluggy's opt-in arguments).

.. versionadded:: 0.1 (``CPF_PLUGIN_API = 2``)
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    import click

    from cpframework.errors import Problem
    from cpframework.host.registry import AssembledStandard
    from cpframework.model import (
        CheckRule,
        FlagDef,
        Formula,
        GradingMethod,
        Indicator,
        IndicatorSystem,
        Screener,
        SectionRenderer,
        Stage,
        StandardInfo,
        StatusCheck,
        TableSchema,
    )
    from cpframework.protocols import EvaluationLike as Evaluation
    from cpframework.protocols import ProjectLike as Project
    from cpframework.report.model import OutlineInsertion, ReportKind

CPF_PLUGIN_API = 2
PROJECT_NAME = "cpframework"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)


# ---------------------------------------------------------------- registration hooks


@hookspec
def cpf_standards() -> Iterable[StandardInfo]:
    """Declare the standards this plugin *owns* (id, code, title, subject, levels, flags, selection rules).

    Called when the registry is first built (``cpaudit standards``, and before any command that
    selects a standard).  Usually one record loaded from ``data/standard.toml``::

        @hookimpl
        def cpf_standards():
            yield DATA.standard()

    :returns: standard records; a standard id must be provided by exactly one plugin.
    """
    yield from ()


@hookspec
def cpf_flags() -> Iterable[FlagDef]:
    """Declare project flags for a standard, usually one an add-on does not own: the switch a project
    turns on (``project.toml [flags]``) to take the add-on's tables and indicators in.

    Called when a standard is assembled.  The flags join the owner's (``StandardInfo.flags``): ``init``
    writes them into a new manifest, ``check`` knows them.  An add-on's tables and indicators must name
    one of its flags in ``when`` (they are *opt-in*); a project that has not switched the flag on is
    unaffected by them, and after switching it on, ``cpaudit upgrade`` adds the sheets::

        @hookimpl
        def cpf_flags():
            yield FlagDef(standard="park_cppc", id="hebei", label="执行河北省补充要求")

    :returns: flag records, each naming its ``standard``; ids unique per standard (the owner's included).
    """
    yield from ()


@hookspec
def cpf_stages() -> Iterable[Stage]:
    """Declare audit stages and their steps (with what marks each step done).

    Called when a standard is assembled (``show``, ``status``, reports).  Stages are ordered by
    ``Stage.order``; ids must be unique within a standard.

    :returns: stage records, each naming its ``standard``.
    """
    yield from ()


@hookspec
def cpf_indicators() -> Iterable[Indicator]:
    """Declare evaluation indicators (thresholds per level, mandatory/optional, selection group,
    inputs and the name of the formula that computes them).

    Called when a standard is assembled.  Every ``Indicator.formula`` must name a formula declared
    through :func:`cpf_formulas` (for the same standard or for all standards); the core checks it.

    :returns: indicator records, each naming its ``standard``; ids unique per standard.
    """
    yield from ()


@hookspec
def cpf_tables() -> Iterable[TableSchema]:
    """Declare the data tables of a standard (one workbook sheet each; ``init`` generates them,
    ``check`` validates them, indicators and reports read them).

    :returns: table schemas, each naming its ``standard``; ids and sheet names unique per standard.
    """
    yield from ()


@hookspec
def cpf_formulas() -> Iterable[Formula]:
    """Declare the Python functions that indicators refer to by name (nothing is ``eval``-ed).

    A formula is called with the indicator's resolved inputs as keyword arguments plus its
    ``params`` and ``name`` (the indicator name), and returns a :class:`cpframework.calc.Result`.
    ``Formula.standard = ""`` offers the function to every standard (the core's generic ratio,
    growth and completeness formulas are registered this way).

    :returns: formula records.
    """
    yield from ()


@hookspec
def cpf_report_kinds() -> Iterable[ReportKind]:
    """Declare report kinds (outline, cover, typesetting) — :class:`cpframework.report.model.ReportKind`.

    Called by ``cpaudit report`` and ``init`` (which pre-fills one narrative file per section).
    The enterprise standard declares two (``audit`` and ``acceptance``); ids unique per standard.

    :returns: report-kind records, each naming its ``standard``.
    """
    yield from ()


@hookspec
def cpf_outline_insertions() -> Iterable[OutlineInsertion]:
    """Put sections into the outline of a report kind of *another* plugin's standard (an add-on's
    chapter, section or table): :class:`cpframework.report.model.OutlineInsertion` with the new
    ``node`` (an ``OutlineNode`` with its ``renderer`` and/or ``requirement``) and exactly one of
    ``after``, ``before`` or ``under`` naming an existing node id (``cpaudit show ID --format json``
    lists them)::

        @hookimpl
        def cpf_outline_insertions():
            yield OutlineInsertion(standard="park_cppc", report="audit", under="preliminary",
                                   node=OutlineNode(id="hb_water_check", title="园区用水补充分析",
                                                    renderer="hb_water_table", requirement="分析新鲜水耗。"))

    Called when a standard is assembled, after its report kinds.  Insertions at one place are ordered
    by ``order``, then node id (never by plugin order); an inserted node without ``number`` is numbered
    after its siblings.  ``init`` writes the inserted node's narrative file and ``report`` renders it
    like any other node.  An insertion whose target does not exist, or that repeats a node id, is
    reported naming the add-on, and that add-on's insertions are left out.

    :returns: insertion records, each naming its ``standard`` and ``report``.
    """
    yield from ()


@hookspec
def cpf_section_renderers() -> Iterable[SectionRenderer]:
    """Declare the Python functions that write computed content (tables, charts, traces) into a
    report section: ``func(ctx, writer)``.  Outline nodes refer to them by ``renderer = "name"``.

    :returns: renderer records, each naming its ``standard``.
    """
    yield from ()


@hookspec
def cpf_status_checks() -> Iterable[StatusCheck]:
    """Declare functions that decide whether a step is done when the data-only criteria
    (rows filled, narrative written …) are not enough: ``func(project, evaluation) -> str | None``.

    :returns: status-check records, each naming its ``standard``.
    """
    yield from ()


@hookspec
def cpf_check_rules() -> Iterable[CheckRule]:
    """Declare reconciliation rules ``check`` applies to a project's data: a stated total against the sum
    of its parts (``sum``), a stated count against the rows it counts (``count``), a part against its
    whole or a bound such as the days of the year (``le``), each with a tolerance and a level.

    Called when a standard is assembled; the rules run in ``cpaudit check`` (and before ``evaluate``/
    ``report``) and every mismatch names both sides and both values.  ``DataPlugin`` loads
    ``data/rules.toml`` (``[[rule]]``).  Rules that need computation a table cannot express belong in
    :func:`cpf_validate_project`.

    :returns: :class:`~cpframework.model.CheckRule` records, each naming its ``standard``; ids unique per standard.
    """
    yield from ()


@hookspec
def cpf_indicator_systems() -> Iterable[IndicatorSystem]:
    """Declare indicator systems (评价指标体系) beyond the standard's own indicators, e.g. the published
    evaluation system of each industry an industry-wide audit may use.

    Called when a standard is assembled.  A system carries its indicators, levels, first-level groups
    with weights and the ``method`` that grades it (a :class:`GradingMethod` id); the core checks that
    the method exists and that the weights are sound.  The standard's own indicators (``cpf_indicators``)
    form its main system (id ``""``), graded by ``StandardInfo.grading``.  ``DataPlugin`` loads every
    ``data/systems/*.toml`` of the plugin as one system.

    :returns: system records, each naming its ``standard``; ids unique per standard.
    """
    yield from ()


@hookspec
def cpf_grading_methods() -> Iterable[GradingMethod]:
    """Declare grading methods that systems refer to by id (the core offers ``threshold``,
    ``weighted_score`` — the 通则 method — and ``share_of_load``).

    A method's ``grade(system, cells, *, missing, compiled)`` grades a frame of units at once and
    returns a :class:`cpframework.calc.grading.Grading`; one implementation serves ``evaluate``,
    ``report`` and ``screen``.  Method ids are global: a second method with the same id is a plugin
    error.

    :returns: grading-method records.
    """
    yield from ()


@hookspec
def cpf_screeners() -> Iterable[Screener]:
    """Declare batch screening for a standard (``cpaudit screen -s STANDARD``): the input columns,
    the ``--option`` keys, and the row-local ``partial`` and global ``combine`` steps.

    Called only by ``cpaudit screen`` (not at start-up).  One screener per standard.
    ``DataPlugin(screener=".screening:SCREENER")`` yields the given record for its standard.

    :returns: screener records, each naming its ``standard``.
    """
    yield from ()


# ---------------------------------------------------------------- call hooks


@hookspec
def cpf_validate_project(standard: AssembledStandard, project: Project) -> Iterable[Problem] | None:
    """Add data problems beyond the generic schema checks (selection rules, cross-table consistency,
    stated totals that disagree with their parts …).

    Called by ``cpaudit check`` and before ``evaluate``/``report``, after the generic checks.  All
    implementations are called; return ``None`` (or nothing) for a standard you do not handle.

    :param standard: the assembled standard the project uses (check ``standard.id``).
    :param project: the loaded project (manifest and tables).
    :returns: :class:`cpframework.errors.Problem` records naming file, sheet, row and column.
    """


@hookspec
def cpf_evaluate(standard: AssembledStandard, project: Project, evaluation: Evaluation) -> Mapping[str, Any] | None:
    """Add standard-specific results to an evaluation (targets compared with current values, the
    short-board list as audit-focus candidates, per-enterprise levels …).

    Called by ``cpaudit evaluate`` and ``report`` after the core has computed and graded every
    selected indicator (``evaluation.indicators``).  All implementations are called; each returns a
    mapping merged into ``evaluation.extra`` (a key provided twice is a plugin error) or ``None``.

    :returns: ``{"key": json-serialisable value}`` or ``None``.
    """


@hookspec
def cpf_register_commands(cli: click.Group) -> None:
    """Add commands to the ``cpaudit`` command group, e.g. ``cli.add_command(my_command)``.

    Called once when the CLI starts a command that is not built in (so ``--help`` and built-in
    commands do not pay for loading plugins).  Command names must not clash with built-in ones.
    """

"""What a plugin receives, as Protocols: the project, its evaluation and a report renderer's context.

Members are read-only properties (a plugin reads the project; it does not rebind its parts). Hooks and
renderers are typed against these rather than the core's classes, so a plugin depends on what it
may use, not on how the core stores it (the core's classes may grow; these shrink only with a new
``CPF_PLUGIN_API``).  ``_conforms`` below makes mypy prove that the core's classes satisfy them, and
``tests/test_public_api.py`` checks the same at run time on every demo project.

A renderer, for example::

    from cpframework.api import ReportContextLike, ReportWriter

    def energy_table(w: ReportWriter, ctx: ReportContextLike) -> None:
        rows = ctx.rows("energy")
        year = ctx.project.manifest.baseline
        ...
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable


@runtime_checkable
class TableDataLike(Protocol):
    """One data table as read from the workbook: ``rows`` are dicts of field id → value (``None`` = empty),
    ``sheet_rows`` the Excel row number of each (for messages), ``present`` whether the sheet exists."""

    @property
    def rows(self) -> list[dict[str, Any]]: ...
    @property
    def sheet_rows(self) -> list[int]: ...
    @property
    def present(self) -> bool: ...

    def item(self, item_id: str) -> dict[str, Any] | None: ...

    def item_row(self, item_id: str) -> int | None: ...


@runtime_checkable
class ManifestLike(Protocol):
    """``project.toml``: the standard, the audit and baseline years, subject details, flags, options."""

    @property
    def standard(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def audit_year(self) -> int: ...
    @property
    def subject(self) -> dict[str, Any]: ...
    @property
    def flags(self) -> dict[str, bool]: ...
    @property
    def report(self) -> dict[str, Any]: ...
    @property
    def options(self) -> dict[str, Any]: ...

    @property
    def baseline(self) -> int: ...

    @property
    def years(self) -> list[int]: ...

    def flag(self, name: str) -> bool: ...


@runtime_checkable
class ProjectLike(Protocol):
    """An audit project folder: its manifest, its tables by id, and the problems reading them found."""

    @property
    def root(self) -> Path: ...
    @property
    def manifest(self) -> ManifestLike: ...
    @property
    def tables(self) -> Mapping[str, TableDataLike]: ...
    @property
    def problems(self) -> list[Any]: ...  # list[Problem]

    @property
    def name(self) -> str: ...

    @property
    def workbook_path(self) -> Path: ...

    def narrative_path(self, stem: str) -> Path: ...


@runtime_checkable
class EvaluationLike(Protocol):
    """The evaluated project: indicator results, summary, what plugins added (``extra``) and graded systems."""

    @property
    def standard(self) -> str: ...
    @property
    def project(self) -> str: ...
    @property
    def baseline_year(self) -> int: ...
    @property
    def indicators(self) -> list[Any]: ...  # IndicatorResult: .indicator, .value, .level, .level_label, .trace, .selected
    @property
    def summary(self) -> dict[str, Any]: ...
    @property
    def extra(self) -> dict[str, Any]: ...
    @property
    def systems(self) -> dict[str, Any]: ...

    def result(self, ind_id: str) -> Any: ...

    def selected(self) -> list[Any]: ...

    def as_dict(self) -> dict[str, Any]: ...


@runtime_checkable
class ReportContextLike(Protocol):
    """What a section renderer receives as ``ctx``."""

    @property
    def project(self) -> Any: ...  # ProjectLike
    @property
    def standard(self) -> Any: ...  # the assembled standard: .id, .info, .tables, .indicators, .report_kinds
    @property
    def evaluation(self) -> Any: ...  # EvaluationLike
    @property
    def kind(self) -> Any: ...  # cpframework.report.model.ReportKind
    @property
    def report_vars(self) -> dict[str, Any]: ...

    def table(self, table_id: str) -> Any: ...

    def rows(self, table_id: str) -> list[dict[str, Any]]: ...


if TYPE_CHECKING:  # mypy proves the core's classes implement what plugins are promised
    from cpframework.evaluation.indicators import Evaluation
    from cpframework.project.folder import Manifest, Project, TableData
    from cpframework.report.generate import ReportContext

    def _conforms(t: TableData, m: Manifest, p: Project, e: Evaluation, c: ReportContext
                  ) -> tuple[TableDataLike, ManifestLike, ProjectLike, EvaluationLike, ReportContextLike]:
        return t, m, p, e, c


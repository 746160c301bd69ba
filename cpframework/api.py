"""The public API: everything a plugin may use, and nothing else.

A plugin package imports ``cpframework.api`` (and, in its tests, ``cpframework.testing``); every other
module of ``cpframework`` is internal and may change between versions.  ``tests/test_public_api.py``
walks the built-in plugins' imports to keep it so.

Groups (see ``docs/plugins.md`` for each):

* **records** — what a standard is made of (:mod:`cpframework.model`);
* **hooks** — :data:`hookimpl`, :data:`CPF_PLUGIN_API` and :class:`DataPlugin`;
* **errors** — the one hierarchy (:class:`CpfError` and its subclasses) and :class:`Problem`;
* **calculation** — :class:`Q`, :class:`Result`, :class:`Trace`, formatting, the ratio/growth
  formulas, and the :mod:`calc` package (``calc.energy``, ``calc.carbon``, ``calc.finance``,
  ``calc.balance``, ``calc.flows``, ``calc.scoring``, ``calc.pareto``, ``calc.grading``);
* **project and evaluation** — :func:`load_project`, the service functions, the Protocols a plugin
  receives (:class:`ProjectLike`, :class:`ManifestLike`, :class:`TableDataLike`, :class:`EvaluationLike`,
  :class:`ReportContextLike` in :mod:`cpframework.protocols`);
* **reports** — :class:`ReportWriter` (the Protocol a renderer writes through; the Word implementation
  is :class:`DocxReportWriter`), :mod:`charts`, :func:`uses`, the report-kind records
  (:class:`ReportKind`, :class:`OutlineNode`, :class:`OutlineInsertion` …) and their loaders;
* **screening** — :class:`Screener` records and their column/table/result records;
* **files** — the data-file loader for a plugin's own files (:func:`load_data`, :func:`load_csv`: schema
  errors with file and key path), safe reading and atomic writing helpers for plugin commands.

Heavy libraries are imported only when a name that needs them is first used (PEP 562), so plugin
discovery at start-up stays cheap.
"""
from __future__ import annotations

import importlib
from typing import Any

from cpframework import hookimpl
from cpframework.errors import (
    CalcError,
    CpfError,
    DefinitionError,
    InputError,
    OutputError,
    PluginError,
    Problem,
    ProfileError,
    ProjectError,
    ReportError,
    UsageError,
)
from cpframework.host.hookspecs import CPF_PLUGIN_API
from cpframework.model import (
    CheckRule,
    Criterion,
    Field,
    FlagDef,
    Formula,
    GradingMethod,
    Indicator,
    IndicatorGroup,
    IndicatorSystem,
    Input,
    Item,
    Level,
    LevelRule,
    LevelRules,
    RuleRef,
    Screener,
    SectionRenderer,
    SelectionRule,
    Stage,
    StandardInfo,
    StatusCheck,
    Step,
    SubjectField,
    TableSchema,
    Threshold,
)

# name → "module:attribute" (attribute omitted: the module itself), imported on first use
_LAZY = {
    # plugin base and host
    "DataPlugin": "cpframework.host.plugin:DataPlugin",
    "Registry": "cpframework.host.registry:Registry",
    "AssembledStandard": "cpframework.host.registry:AssembledStandard",
    "get_registry": "cpframework.host.registry:get_registry",
    "read_toml": "cpframework.host.loader:read_toml",
    "structure": "cpframework.host.loader:structure",
    # calculation
    "calc": "cpframework.calc",
    "Q": "cpframework.calc.trace:Q",
    "Result": "cpframework.calc.trace:Result",
    "Trace": "cpframework.calc.trace:Trace",
    "fmt": "cpframework.calc.trace:fmt",
    "show_value": "cpframework.calc.trace:show_value",
    "substituted": "cpframework.calc.trace:substituted",
    "ratio": "cpframework.calc.ratios:ratio",
    "avg_annual_growth": "cpframework.calc.ratios:avg_annual_growth",
    "avg_annual_reduction": "cpframework.calc.ratios:avg_annual_reduction",
    "yoy_growth": "cpframework.calc.ratios:yoy_growth",
    "completeness": "cpframework.calc.ratios:completeness",
    # project and evaluation
    "load_project": "cpframework.project.folder:load_project",
    "Project": "cpframework.project.folder:Project",
    "TableData": "cpframework.project.folder:TableData",
    "Evaluation": "cpframework.evaluation.indicators:Evaluation",
    "IndicatorResult": "cpframework.evaluation.indicators:IndicatorResult",
    "resolve_inputs": "cpframework.evaluation.indicators:resolve_inputs",
    "evaluate_units": "cpframework.evaluation.units:evaluate_units",
    "UnitValues": "cpframework.evaluation.units:UnitValues",
    "unit_value_problems": "cpframework.evaluation.units:unit_value_problems",
    "selection_problems": "cpframework.evaluation.service:selection_problems",
    "evaluate_project": "cpframework.evaluation.service:evaluate_project",
    "check_project": "cpframework.evaluation.service:check_project",
    "evaluate_indicators": "cpframework.evaluation.indicators:evaluate_indicators",
    "SERIES_FACTOR": "cpframework.evaluation.integrity:SERIES_FACTOR",
    # reports
    "ReportWriter": "cpframework.report.protocol:ReportWriter",
    "DocxReportWriter": "cpframework.report.writer:DocxReportWriter",
    "Renderer": "cpframework.report.protocol:Renderer",
    "ReportKind": "cpframework.report.model:ReportKind",
    "OutlineNode": "cpframework.report.model:OutlineNode",
    "OutlineInsertion": "cpframework.report.model:OutlineInsertion",
    "CoverSpec": "cpframework.report.model:CoverSpec",
    "InnerCover": "cpframework.report.model:InnerCover",
    "InnerItem": "cpframework.report.model:InnerItem",
    "Profile": "cpframework.report.profile:Profile",
    "report_kind_from_dict": "cpframework.report.outline:report_kind_from_dict",
    "load_report_kind": "cpframework.report.outline:load_report_kind",
    "load_profile": "cpframework.report.profile:load_profile",
    "ReportContext": "cpframework.report.generate:ReportContext",
    # what a plugin receives, as Protocols
    "ProjectLike": "cpframework.protocols:ProjectLike",
    "ManifestLike": "cpframework.protocols:ManifestLike",
    "TableDataLike": "cpframework.protocols:TableDataLike",
    "EvaluationLike": "cpframework.protocols:EvaluationLike",
    "ReportContextLike": "cpframework.protocols:ReportContextLike",
    "charts": "cpframework.report.charts",
    "choose_kind": "cpframework.report.generate:choose_kind",
    "generate_report": "cpframework.report.generate:generate_report",
    "uses": "cpframework.testing.contract:uses",
    "register_draft": "cpframework.report.drafts:register",
    # screening
    "Column": "cpframework.screen:Column",
    "Table": "cpframework.screen:Table",
    "ScreenResult": "cpframework.screen:ScreenResult",
    "ScreenError": "cpframework.screen:ScreenError",
    "screen": "cpframework.screen:screen",  # run a screener over a frame (what cpaudit screen does), for plugin tests
    "screening": "cpframework.screen.common",
    # files
    "load_data": "cpframework.host.loader:load_data",
    "load_csv": "cpframework.host.loader:load_csv",
    "read_text": "cpframework.io.safe_read:read_text",
    "read_csv_text": "cpframework.io.csv_text:read_csv_text",
    "check_zip_container": "cpframework.io.safe_read:check_zip_container",
    "atomic_output": "cpframework.io.safe_write:atomic_output",
    "safe_cell": "cpframework.io.safe_write:safe_cell",
    "parse_cell": "cpframework.project.workbook:parse_cell",
    "unit_factor": "cpframework.project.cells:unit_factor",
    "split_unit": "cpframework.project.cells:split_unit",
    "is_missing_marker": "cpframework.project.cells:is_missing_marker",
    "normalise_id": "cpframework.io.values:normalise_id",
    "SheetEdit": "cpframework.io.xlsx_edit:SheetEdit",
    "check_output": "cpframework.io.safe_write:check_output",
    "sheet_columns": "cpframework.project.workbook:columns",
    "normalise_header": "cpframework.project.workbook:norm",
}

__all__ = sorted([
    "CPF_PLUGIN_API", "hookimpl",
    "CalcError", "CpfError", "DefinitionError", "InputError", "OutputError", "PluginError", "Problem",
    "ProfileError", "ProjectError", "ReportError", "UsageError",
    "Criterion", "Field", "FlagDef", "Formula", "Indicator", "Input", "Item", "Level", "SectionRenderer",
    "SelectionRule", "Stage", "StandardInfo", "StatusCheck", "Step", "SubjectField", "TableSchema", "Threshold",
    "GradingMethod", "IndicatorGroup", "IndicatorSystem", "LevelRule", "LevelRules", "Screener", "CheckRule", "RuleRef",
    *_LAZY,
])


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'cpframework.api' has no attribute {name!r}")
    module, _, attr = target.partition(":")
    obj = importlib.import_module(module)
    if attr:
        obj = getattr(obj, attr)
    globals()[name] = obj
    return obj


def __dir__() -> list[str]:
    return __all__

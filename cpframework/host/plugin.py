"""A base for plugins whose standard lives in data files (the usual case).

Subclass or instantiate :class:`DataPlugin` in your package's ``plugin.py`` and point the
``cpframework.plugins`` entry point at it::

    from cpframework.host.plugin import DataPlugin
    from cpframework import analysis
    from . import analysis, formulas
    plugin = DataPlugin(__package__, formulas=formulas.FORMULAS, renderers=".report:RENDERERS",
                        validate=analysis.validate, evaluate=analysis.evaluate)

It implements the registration hooks from ``data/`` (``standard.toml``, ``stages.toml``,
``indicators.toml``, ``tables.toml``, ``rules.toml``, ``reports/*.toml``).  The call hooks ``cpf_validate_project``
and ``cpf_evaluate`` run the given ``validate(standard, project)`` / ``evaluate(standard, project,
evaluation)`` for this plugin's own standard only; ``commands`` are added by ``cpf_register_commands``;
``systems`` is a function returning the plugin's extra indicator systems (``cpf_indicator_systems``) and
``screener`` its :class:`~cpframework.model.Screener` record (``cpf_screeners``).
Every Python part may be given as ``".module:ATTR"`` (relative to the package), imported only when
its hook first runs, so that plugin discovery at start-up does not pay for the plugin's analysis code.
A plugin that adds to *another* standard writes its own hook implementations instead.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from cpframework import hookimpl
from cpframework.host.loader import StandardData
from cpframework.model import (
    CheckRule,
    Formula,
    Indicator,
    IndicatorSystem,
    Screener,
    SectionRenderer,
    Stage,
    StandardInfo,
    StatusCheck,
    TableSchema,
)


def resolve(ref: Any, package: str) -> Any:
    """``".module:ATTR"`` → the object (imported now); anything else is returned as is."""
    if not isinstance(ref, str):
        return ref
    module, _, attr = ref.partition(":")
    obj = importlib.import_module(module, package)
    return getattr(obj, attr) if attr else obj


class DataPlugin:
    def __init__(self, package: str, *, formulas: Mapping[str, Callable[..., Any]] | None = None,
                 renderers: Mapping[str, Callable[..., Any]] | str | None = None,
                 checks: Mapping[str, Callable[..., Any]] | str | None = None,
                 validate: Callable[..., Any] | str | None = None, evaluate: Callable[..., Any] | str | None = None,
                 commands: Sequence[Any] | str | None = None, systems: Callable[[], Any] | str | None = None,
                 screener: Any = None, folder: str = "data"):
        self.__name__ = package
        self.data = StandardData(package, folder)
        self.formulas = dict(formulas or {})
        self.renderers = renderers or {}
        self.checks = checks or {}
        self.validate = validate
        self.evaluate = evaluate
        self.commands = commands or ()
        self.systems = systems
        self.screener = screener

    def own(self, standard: Any) -> bool:
        return getattr(standard, "id", None) == self.standard_id

    @property
    def standard_id(self) -> str:
        return self.data.standard().id

    @hookimpl
    def cpf_standards(self) -> Iterator[StandardInfo]:
        yield self.data.standard()

    @hookimpl
    def cpf_stages(self) -> Iterator[Stage]:
        yield from self.data.stages()

    @hookimpl
    def cpf_indicators(self) -> Iterator[Indicator]:
        yield from self.data.indicators()

    @hookimpl
    def cpf_tables(self) -> Iterator[TableSchema]:
        yield from self.data.tables()

    @hookimpl
    def cpf_formulas(self) -> Iterator[Formula]:
        for name, func in self.formulas.items():
            yield Formula(name=name, func=func, standard=self.standard_id)

    @hookimpl
    def cpf_report_kinds(self) -> Iterator[Any]:
        if "report_kinds" not in self.data._cache:  # parsed once per process, like the other data files
            self.data._cache["report_kinds"] = list(self._load_report_kinds())
        yield from self.data._cache["report_kinds"]

    def _load_report_kinds(self) -> Iterator[Any]:
        """``data/reports/*.toml`` through the one data-file loader, each with ``data/typesetting.toml``."""
        files = self.data.report_files()
        if not files:
            return
        import attrs

        from cpframework.host.loader import read_toml
        from cpframework.report.outline import report_kind_from_dict
        from cpframework.report.profile import load_profile

        typesetting = self.data.file("typesetting.toml")
        profile = load_profile(typesetting if typesetting.is_file() else None, label=self.data.label("typesetting.toml"))
        for f in files:
            label = self.data.label(f"reports/{f.name}")
            kind = report_kind_from_dict(read_toml(f, label=label), self.standard_id, label)
            yield attrs.evolve(kind, profile=profile)

    @hookimpl
    def cpf_section_renderers(self) -> Iterator[SectionRenderer]:
        for name, func in dict(resolve(self.renderers, self.__name__)).items():
            yield SectionRenderer(standard=self.standard_id, name=name, func=func)

    @hookimpl
    def cpf_status_checks(self) -> Iterator[StatusCheck]:
        for name, func in dict(resolve(self.checks, self.__name__)).items():
            yield StatusCheck(standard=self.standard_id, name=name, func=func)

    @hookimpl
    def cpf_check_rules(self) -> Iterator[CheckRule]:
        yield from self.data.check_rules()

    @hookimpl
    def cpf_indicator_systems(self) -> Iterator[IndicatorSystem]:
        if self.systems is not None:
            yield from resolve(self.systems, self.__name__)()

    @hookimpl
    def cpf_screeners(self) -> Iterator[Screener]:
        if self.screener is not None:
            yield resolve(self.screener, self.__name__)

    @hookimpl
    def cpf_validate_project(self, standard: Any, project: Any) -> Any:
        if self.validate is None or not self.own(standard):
            return None
        return resolve(self.validate, self.__name__)(standard, project)

    @hookimpl
    def cpf_evaluate(self, standard: Any, project: Any, evaluation: Any) -> Any:
        if self.evaluate is None or not self.own(standard):
            return None
        return resolve(self.evaluate, self.__name__)(standard, project, evaluation)

    @hookimpl
    def cpf_register_commands(self, cli: Any) -> None:
        for command in resolve(self.commands, self.__name__):
            cli.add_command(command)

"""A base for plugins whose standard lives in data files (the usual case).

Subclass or instantiate :class:`DataPlugin` in your package's ``plugin.py`` and point the
``cpframework.plugins`` entry point at it::

    from cpframework.plugin import DataPlugin
    from . import formulas, sections

    plugin = DataPlugin(__package__, formulas=formulas.FORMULAS, renderers=sections.RENDERERS)

It implements the registration hooks from ``data/`` (``standard.toml``, ``stages.toml``,
``indicators.toml``, ``tables.toml``, ``reports/*.toml``); add call hooks
(``cpf_validate_project``, ``cpf_evaluate``, ``cpf_register_commands``) as methods of a subclass.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from . import hookimpl
from .data import StandardData
from .model import Formula, Indicator, SectionRenderer, Stage, StandardInfo, StatusCheck, TableSchema


class DataPlugin:
    def __init__(self, package: str, *, formulas: Mapping[str, Callable[..., Any]] | None = None,
                 renderers: Mapping[str, Callable[..., Any]] | None = None,
                 checks: Mapping[str, Callable[..., Any]] | None = None, folder: str = "data"):
        self.__name__ = package
        self.data = StandardData(package, folder)
        self.formulas = dict(formulas or {})
        self.renderers = dict(renderers or {})
        self.checks = dict(checks or {})

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
        files = self.data.report_files()
        if not files:
            return
        import attrs

        from .report.outline import load_report_kind
        from .report.profile import load_profile

        typesetting = self.data.file("typesetting.toml")
        profile = load_profile(typesetting if typesetting.is_file() else None)
        for f in files:
            yield attrs.evolve(load_report_kind(f, self.standard_id), profile=profile)

    @hookimpl
    def cpf_section_renderers(self) -> Iterator[SectionRenderer]:
        for name, func in self.renderers.items():
            yield SectionRenderer(standard=self.standard_id, name=name, func=func)

    @hookimpl
    def cpf_status_checks(self) -> Iterator[StatusCheck]:
        for name, func in self.checks.items():
            yield StatusCheck(standard=self.standard_id, name=name, func=func)

"""Settings a project leaves at the standard's default (issue #14): ``check`` names each one that matters
to the project, with the value used, its clause and how to set it — a setting that can change a conclusion
is never applied without a word."""
from __future__ import annotations

from typing import Any

from cpframework.model import OptionDef, flag_on


def _toml_value(v: Any) -> str:
    from cpframework.project.create import _toml_value as toml_value

    return toml_value(v)


def matters(option: OptionDef, flags: dict[str, bool]) -> bool:
    """An option gated by ``when`` (a flag expression) matters only when it holds; a required one without
    default is not "defaulted" (its absence is the standard's own error)."""
    return flag_on(flags, option.when) and not (option.required and option.default is None and option.year_offset is None)


def default_value(option: OptionDef, audit_year: int) -> Any:
    return audit_year + option.year_offset if option.year_offset is not None else option.default


def defaulted_settings(std: Any, manifest: Any) -> list[OptionDef]:
    """The declared options that project.toml does not set and that matter to this project."""
    flags = {f.id: f.default for f in std.info.flags} | dict(manifest.flags)
    given = {"options": manifest.options or {}, "report": manifest.report or {}}
    return [o for o in std.info.options
            if o.id not in given.get(o.section, {}) and matters(o, flags)]


def default_notes(std: Any, manifest: Any) -> list[str]:
    """One line per defaulted setting: what it is, the value used, its source and how to set it."""
    out = []
    for o in defaulted_settings(std, manifest):
        value = default_value(o, manifest.audit_year)
        source = f"（依据 {std.info.code} {o.clause}）" if o.clause else ""
        effect = f"：{o.help}" if o.help else ""
        where = f"project.toml 的 [{o.section}] 中"
        if value is None:
            example = _toml_value(o.example) if o.example is not None else '""'
            out.append(f"“{o.label}”未设定{source}{effect}。如需设定，在 {where}写 {o.id} = {example}（示例值，改为实际值）")
        else:
            offset = f"（审核年份 + {o.year_offset}）" if o.year_offset is not None else ""
            out.append(f"“{o.label}”未设定，采用默认值 {_toml_value(value)}{offset}{source}{effect}。如需改变，在 {where}写 "
                       f"{o.id} = {_toml_value(value)} 并改为实际值")
    return out

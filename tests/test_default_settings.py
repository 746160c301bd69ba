"""``check`` names every declared setting a project leaves at its default (issue #14): one line each, with
the value used, its clause and how to set it; nothing for settings project.toml gives, nor for settings that
do not matter to the project (``when``)."""
from __future__ import annotations

import re
import shutil

import attrs
import pytest

from cpframework.cli.run import main
from cpframework.host.registry import get_registry
from cpframework.model import FlagDef, OptionDef, flag_on
from cpframework.project.create import _toml_value
from cpframework.project.defaults import default_notes, default_value, defaulted_settings
from cpframework.project.folder import read_manifest

from .conftest import EXAMPLES

DEMOS = ["park_demo", "industry_demo", "enterprise_demo", "yunnan_demo"]


def demo(name):
    manifest = read_manifest(EXAMPLES / name)
    return manifest, get_registry().standard(manifest.standard)


def without(manifest, option):
    section = dict(getattr(manifest, option.section))
    section.pop(option.id, None)
    return attrs.evolve(manifest, **{option.section: section})


def note_for(notes, option):
    return [n for n in notes if re.search(rf"写 {option.id} = ", n)]


@pytest.mark.parametrize("name", DEMOS)
def test_each_setting_left_out_gets_one_line_with_value_clause_and_how_to_set_it(name):
    manifest, std = demo(name)
    already = {o.id for o in defaulted_settings(std, manifest)}
    for option in std.info.options:
        notes = default_notes(std, without(manifest, option))
        lines = note_for(notes, option)
        if not flag_on(manifest.flags, option.when):
            assert lines == []  # the setting does not matter to this project (its flag is off)
            continue
        if option.required and option.default is None and option.year_offset is None:
            assert lines == []  # not defaulted: a missing required setting is the standard's own error
            continue
        assert len(lines) == 1, (option.id, notes)
        line = lines[0]
        assert f"“{option.label}”未设定" in line and f"project.toml 的 [{option.section}] 中" in line
        if option.clause:
            assert f"依据 {std.info.code} {option.clause}" in line
        value = default_value(option, manifest.audit_year)
        if value is not None:
            assert f"采用默认值 {_toml_value(value)}" in line
        if option.id not in already:  # the other settings stay as the demo has them
            assert len(notes) == len(default_notes(std, manifest)) + 1


@pytest.mark.parametrize("name", DEMOS)
def test_settings_the_project_gives_are_not_named(name):
    manifest, std = demo(name)
    given = {o.id for o in std.info.options if o.id in getattr(manifest, o.section)}
    named = {o.id for o in defaulted_settings(std, manifest)}
    assert not given & named
    full = attrs.evolve(manifest,
                        options={**manifest.options, **{o.id: 1 for o in std.info.options if o.section == "options"}},
                        report={**manifest.report, **{o.id: 1 for o in std.info.options if o.section == "report"}})
    assert default_notes(std, full) == []


def test_a_setting_gated_by_a_flag_is_named_only_when_the_flag_holds():
    manifest, std = demo("enterprise_demo")
    gated = OptionDef(id="deadline", label="整改期限", example=2026, when="double_exceed", section="report")
    info = attrs.evolve(std.info, options=(gated,), flags=(FlagDef(id="double_exceed", label="双超"),))

    class Std:
        pass

    fake = Std()
    fake.info = info
    off = attrs.evolve(manifest, flags={"double_exceed": False})
    on = attrs.evolve(manifest, flags={"double_exceed": True})
    assert default_notes(fake, off) == []
    assert len(default_notes(fake, on)) == 1


def test_check_prints_the_line_and_still_passes(tmp_path, capsys):
    root = tmp_path / "p"
    shutil.copytree(EXAMPLES / "enterprise_demo", root)
    text = (root / "project.toml").read_text(encoding="utf-8")
    (root / "project.toml").write_text(re.sub(r"(?m)^discount_rate = .*\n", "", text), encoding="utf-8")
    code = main(["check", str(root)])
    out = capsys.readouterr().out
    assert code == 0
    line = next(ln for ln in out.splitlines() if "贴现率" in ln)
    assert line.startswith("说明  ") and "0.08" in line and "discount_rate = 0.08" in line
    assert "检查通过" in out

"""Every setting a standard reads is visible in a new project's project.toml, with its Chinese comment
and default: the generated manifest parses, its values are the declared defaults, and every setting an
example project uses is one its standard declares (so a new project is never missing one)."""
from __future__ import annotations

import re
import tomllib

import pytest

from cpframework.host.registry import get_registry
from cpframework.project.create import manifest_text

from .conftest import EXAMPLES

STANDARDS = ["park_cppc", "industry_cppc", "zhengzhou_enterprise", "yunnan_park"]
REPORT_KEYS = {"draft", "date"}  # the report's state, written for every standard


def declared(std, section):
    return {o.id: o for o in std.info.options if o.section == section}


@pytest.mark.parametrize("sid", STANDARDS)
def test_generated_manifest_shows_every_setting_with_its_default(sid):
    std = get_registry().standard(sid)
    text = manifest_text(std, "某对象", 2025)
    doc = tomllib.loads(text)
    for section in ("options", "report"):
        for key, o in declared(std, section).items():
            line = next(ln for ln in text.splitlines() if re.match(rf"#? ?{key} = ", ln))
            assert "  # " + o.label in line  # a Chinese comment names it
            want = 2025 + o.year_offset if o.year_offset is not None else o.default
            if want is None:
                assert line.startswith("#") and key not in doc.get(section, {})
                assert ("须填写" in line) == o.required
            else:
                assert doc[section][key] == want
    for f in std.info.flags:
        assert doc["flags"][f.id] == f.default


@pytest.mark.parametrize("demo", sorted(p.name for p in EXAMPLES.glob("*_demo")))
def test_every_setting_an_example_uses_is_declared(demo):
    manifest = tomllib.loads((EXAMPLES / demo / "project.toml").read_text(encoding="utf-8"))
    std = get_registry().standard(manifest["standard"])
    assert set(manifest.get("options", {})) <= set(declared(std, "options"))
    assert set(manifest.get("report", {})) - REPORT_KEYS <= set(declared(std, "report"))


def test_enterprise_targets_and_cost_split_are_in_a_new_manifest():
    text = manifest_text(get_registry().standard("zhengzhou_enterprise"), "某公司", 2025)
    doc = tomllib.loads(text)
    assert doc["report"]["near_year"] == 2026 and doc["report"]["mid_year"] == 2030
    assert "# low_cost_max = 10" in text and "# high_cost_min = 100" in text

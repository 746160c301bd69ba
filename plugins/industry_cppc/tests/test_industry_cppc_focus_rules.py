"""data/focus_rules.toml (5.2.2 审核诊断重点) through the framework's loader."""
from __future__ import annotations

from importlib import resources

import pytest

from cpf_industry_cppc.focus import FocusRules, load_rules, missing_focus
from cpframework.api import DefinitionError, get_registry, load_data

RULES = resources.files("cpf_industry_cppc") / "data" / "focus_rules.toml"


def test_every_rule_names_a_flag_the_standard_declares():
    flags = {f.id for f in get_registry().standard("industry_cppc").info.flags}
    rules = load_rules()
    assert rules and {r.flag for r in rules} <= flags


def test_rules_drive_the_check():
    rules = load_rules()
    assert missing_focus({"key_water": True}, {}, [{"kind": "水资源"}], rules) == []
    assert "水资源" in missing_focus({"key_water": True}, {}, [], rules)[0]


@pytest.mark.parametrize("old, new, expect", [
    ('kinds = ["温室气体"]', 'kind = ["温室气体"]', "是否想写“kinds”"),
    ('kinds = ["温室气体"]', 'kinds = "温室气体"', "rule[1].kinds"),
    ('kinds = ["温室气体"]', "kinds = []", "rule[1]：kinds 至少要有一个重点类型"),
    ('flag = "key_water"', "flag = 3", "rule[2].flag：应为文本"),
])
def test_schema_errors_name_the_key_path(tmp_path, old, new, expect):
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "focus_rules.toml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_data(p, FocusRules)
    assert "focus_rules.toml" in str(exc.value) and expect in str(exc.value), str(exc.value)

"""The plugin's own data files go through the framework's loader: a typo or a wrong value names the
file and the key path (or line)."""
from __future__ import annotations

from importlib import resources

import pytest

from cpf_yunnan_park.analysis import EvaluationData, KeylistData, evaluation, keylist
from cpf_yunnan_park.elements import AuditElements, elements, for_enterprise
from cpframework.api import DefinitionError, load_csv, load_data

DATA = resources.files("cpf_yunnan_park") / "data"


def _copy(tmp_path, name, old, new):
    text = (DATA / name).read_text(encoding="utf-8")
    assert old in text, old
    p = tmp_path / name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_shipped_files_load():
    k = keylist()
    assert k.threshold == 0.8 and k.grid_factor == "yunnan_2022" and [x.id for x in k.load][:2] == ["energy", "water"]
    assert evaluation().levels["Ⅰ级"] == "园区清洁生产领先水平"
    assert for_enterprise("燃煤热电").industry == "火电" and for_enterprise("不明").industry == "通用"
    assert all(e.direction and e.elements for e in elements())


@pytest.mark.parametrize("name, cls, old, new, expect", [
    ("keylist.toml", KeylistData, "grade_a_loads = 3", "grade_a_load = 3", "是否想写“grade_a_loads”"),
    ("keylist.toml", KeylistData, 'field = "fresh_water"', 'feild = "fresh_water"', "load[1]"),
    ("keylist.toml", KeylistData, "threshold = 0.8", 'threshold = "80%"', "threshold：应为数值"),
    ("keylist.toml", KeylistData, "threshold = 0.8", "threshold = 80", "threshold 应在 0～1 之间"),
    ("keylist.toml", KeylistData, 'derived = "co2"', 'derived = "co"', "load[2]：derived 只能为 co2"),
    ("evaluation.toml", EvaluationData, '[levels]', '[level]', "是否想写“levels”"),
])
def test_schema_errors_name_the_key_path(tmp_path, name, cls, old, new, expect):
    p = _copy(tmp_path, name, old, new)
    with pytest.raises(DefinitionError) as exc:
        load_data(p, cls)
    assert name in str(exc.value) and expect in str(exc.value), str(exc.value)


def test_toml_syntax_error_names_the_line(tmp_path):
    p = _copy(tmp_path, "keylist.toml", "[grades]", "[grades")
    line = p.read_text(encoding="utf-8").splitlines().index("[grades") + 1
    with pytest.raises(DefinitionError, match=f"keylist.toml 不是有效的 TOML（第 {line} 行"):
        load_data(p, KeylistData)


def test_audit_elements_csv_errors_name_the_line(tmp_path):
    p = tmp_path / "e.csv"
    text = (DATA / "enterprise_audit_elements.csv").read_text(encoding="utf-8")
    p.write_text(text.replace("industry,match,direction", "industry,match,directoin", 1), encoding="utf-8")
    with pytest.raises(DefinitionError, match="是否想写“direction”"):
        load_csv(p, AuditElements)

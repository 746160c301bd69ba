"""Standards as data: malformed definition files are rejected naming the file and the path inside it."""
import pytest

from cpframework.host.loader import StandardData, parse_threshold, structure
from cpframework.errors import DefinitionError
from cpframework.model import Indicator, TableSchema


def test_threshold_forms():
    assert parse_threshold(">=30").met(30) and not parse_threshold(">=30").met(29.9)
    assert parse_threshold("≤0.5").met(0.5) and not parse_threshold("≤0.5").met(0.51)
    assert parse_threshold("==0").met(0) and not parse_threshold("==0").met(1)
    assert parse_threshold("具备").met(True) and not parse_threshold("达标").met(False)
    with pytest.raises(ValueError, match="无法识别的阈值"):
        parse_threshold("大约三十")


def test_unknown_key_is_named_with_suggestion():
    raw = [{"standard": "s", "id": "I1", "seq": 1, "name": "x", "thresholds": {"general": ">=1"}, "formla": "ratio"}]
    with pytest.raises(DefinitionError) as exc:
        structure(raw, list[Indicator], file="pkg/data/indicators.toml", path="indicator")
    msg = str(exc.value)
    assert "pkg/data/indicators.toml" in msg and "indicator[0]" in msg and "formla" in msg and "formula" in msg


def test_missing_key_and_wrong_type_are_both_reported():
    raw = [{"standard": "s", "id": "T1", "sheet": "表1"}, {"standard": "s", "id": "T2", "title": "t", "sheet": 5, "min_rows": "x"}]
    with pytest.raises(DefinitionError) as exc:
        structure(raw, list[TableSchema], file="tables.toml", path="table")
    msg = str(exc.value)
    assert "table[0].title" in msg and "缺少" in msg
    assert "table[1].min_rows" in msg


def test_bad_threshold_text_names_the_indicator_path():
    raw = [{"standard": "s", "id": "I1", "seq": 1, "name": "x", "thresholds": {"general": "约30"}}]
    with pytest.raises(DefinitionError, match=r"indicator\[0\]\.thresholds.*无法识别的阈值"):
        structure(raw, list[Indicator], file="f.toml", path="indicator")


def test_plugin_data_folder_loads_and_reports_bad_toml(tmp_path, monkeypatch):
    pkg = tmp_path / "cpf_tmp_std"
    (pkg / "data").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "data" / "standard.toml").write_text('id = "tmp"\ncode = "X"\ntitle = "临时"\nsubject = "park"\n', encoding="utf-8")
    (pkg / "data" / "stages.toml").write_text('[[stage]\nid = "a"\n', encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    data = StandardData("cpf_tmp_std")
    assert data.standard().id == "tmp"
    with pytest.raises(DefinitionError, match=r"cpf_tmp_std/data/stages.toml 不是有效的 TOML"):
        data.stages()

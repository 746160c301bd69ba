"""The one data-file loader (``cpframework.api.load_data`` / ``load_csv``): every problem is reported
with the file and the key path (or line), in Chinese, with a "did you mean" for a typo'd key."""
from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.api import DefinitionError, load_csv, load_data


@attrs.frozen(kw_only=True)
class Cell:
    text: str
    span: int


@attrs.frozen(kw_only=True)
class Row:
    id: str
    weight: float
    count: int = 0
    enabled: bool = False
    since: int | datetime.date = 2000
    cells: list[str | Cell] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class Doc:
    title: str
    row: list[Row]


GOOD = '''title = "示例"

[[row]]
id = "a"
weight = 0.5

[[row]]
id = "b"
weight = 1
count = 3
enabled = true
since = 2021-04-01
cells = ["甲", { text = "乙", span = 2 }]
'''


def _load(tmp_path, text, cls=Doc):
    p = tmp_path / "data.toml"
    p.write_text(text, encoding="utf-8")
    return load_data(p, cls)


def _error(tmp_path, text, cls=Doc) -> str:
    with pytest.raises(DefinitionError) as exc:
        _load(tmp_path, text, cls)
    return str(exc.value)


def test_a_good_file_becomes_records(tmp_path):
    doc = _load(tmp_path, GOOD)
    assert doc.row[0] == Row(id="a", weight=0.5)
    b = doc.row[1]
    assert b.weight == 1.0 and isinstance(b.weight, float) and b.enabled is True
    assert b.since == datetime.date(2021, 4, 1) and b.cells == ["甲", Cell(text="乙", span=2)]


def test_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.toml"
    p.write_bytes("\ufeff".encode() + GOOD.encode())
    assert load_data(p, Doc).title == "示例"


def test_typo_names_file_path_and_suggestion(tmp_path):
    msg = _error(tmp_path, GOOD.replace("count = 3", "cuont = 3"))
    assert "data.toml" in msg and "row[1]" in msg and "“cuont”" in msg and "是否想写“count”" in msg


def test_missing_key_names_its_path(tmp_path):
    msg = _error(tmp_path, GOOD.replace('id = "a"\n', ""))
    assert "row[0].id：缺少必填的键" in msg


@pytest.mark.parametrize("old, new, path, wanted", [
    ("weight = 0.5", 'weight = "0.5"', "row[0].weight", "应为数值，现为文本“0.5”"),
    ("weight = 0.5", 'weight = 0.5\nenabled = "false"', "row[0].enabled", "应为true 或 false，现为文本“false”"),
    ("count = 3", "count = 2.5", "row[1].count", "应为整数，现为数值 2.5"),
    ("since = 2021-04-01", 'since = "2021"', "row[1].since", "应为整数或日期"),
    ('cells = ["甲"', "cells = [3", "row[1].cells[0]", "应为文本或表，现为数值 3"),
    ('title = "示例"', "title = 5", "title", "应为文本，现为数值 5"),
    ('cells = ["甲", { text = "乙", span = 2 }]', 'cells = "甲乙"', "row[1].cells", "应为数组"),
])
def test_wrong_type_names_the_key_path(tmp_path, old, new, path, wanted):
    assert old in GOOD
    msg = _error(tmp_path, GOOD.replace(old, new, 1))
    assert f"{path}：{wanted}" in msg, msg


def test_every_problem_is_listed(tmp_path):
    msg = _error(tmp_path, GOOD.replace("weight = 0.5", 'weight = "x"').replace("count = 3", "cuont = 3"))
    assert "row[0].weight" in msg and "cuont" in msg


@pytest.mark.parametrize("bad, words", [
    ("[[row]\n", "数组表的表头缺少“]]”"),
    ("other = \n", "值的写法不对"),
    ('id = "c\n', "少了结尾的引号"),
    ("a b = 1\n", "键后面缺少“=”"),
    ("other = 1 x\n", "值后面有多余的内容"),
])
def test_toml_syntax_error_names_file_and_line(tmp_path, bad, words):
    lines = GOOD.splitlines(keepends=True)
    at = 5  # replace line 6 (1-based) with the broken one
    text = "".join(lines[:at] + [bad] + lines[at + 1:])
    msg = _error(tmp_path, text)
    assert "data.toml 不是有效的 TOML" in msg and "第 6 行" in msg and words in msg, msg


@settings(deadline=None, max_examples=25)
@given(line=st.integers(min_value=1, max_value=len(GOOD.splitlines())))
def test_the_reported_line_is_the_broken_line(tmp_path_factory, line):
    """Break any one line of a valid file (an unterminated string): the error names exactly that line."""
    lines = GOOD.splitlines(keepends=True)
    lines[line - 1] = 'broken = "no end\n'
    p = tmp_path_factory.mktemp("t") / "x.toml"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DefinitionError, match=f"第 {line} 行"):
        load_data(p, Doc)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(DefinitionError, match="找不到数据文件"):
        load_data(tmp_path / "none.toml", Doc)
    p = tmp_path / "gbk.toml"
    p.write_bytes('title = "示例"\n'.encode("gbk"))
    with pytest.raises(DefinitionError, match="不是 UTF-8 编码"):
        load_data(p, Doc)


@attrs.frozen(kw_only=True)
class Positive:
    value: float = attrs.field()

    @value.validator
    def _check(self, _attribute, v):
        if v <= 0:
            raise ValueError(f"value 须为正数，现为 {v}")


@attrs.frozen(kw_only=True)
class Holder:
    item: list[Positive]


def test_validator_message_is_reported_at_its_record(tmp_path):
    msg = _error(tmp_path, "[[item]]\nvalue = 1\n[[item]]\nvalue = -2\n", Holder)
    assert "item[1]：value 须为正数，现为 -2" in msg


@attrs.frozen(kw_only=True)
class Element:
    industry: str
    count: int
    note: str = ""


def test_csv_records_and_errors_name_the_line(tmp_path):
    p = tmp_path / "e.csv"
    p.write_text("industry,count,note\n火电,3,\n焦化,4,说明\n", encoding="utf-8")
    assert load_csv(p, Element) == [Element(industry="火电", count=3), Element(industry="焦化", count=4, note="说明")]
    p.write_text("industry,count\n火电,3\n焦化,\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"e\.csv 有误：\n  第 3 行 count：缺少必填的键"):
        load_csv(p, Element)
    p.write_text("industry,cuont\n火电,3\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="是否想写“count”"):
        load_csv(p, Element)
    p.write_text("industry,count\n火电,3,多余\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="第 2 行的单元格多于表头"):
        load_csv(p, Element)

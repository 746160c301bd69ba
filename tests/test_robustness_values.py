"""The pieces every reader shares: unit conversion (``calc/data/units.toml``), numbers as people and Excel
write them, "no value" markers, ids, images, and the sheet editor imports use."""
from __future__ import annotations

import math
import shutil
import zipfile

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpframework.calc import units
from cpframework.io.images import image_problem
from cpframework.io.values import (clean_text, is_na_marker, is_non_finite_text, normalise_id, parse_number,
                                   percent_format, scaled_percent)
from cpframework.io.xlsx_edit import SheetEdit
from cpframework.model import Field, Item
from cpframework.project.cells import parse_cell, unit_factor

from .conftest import EXAMPLES


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("stated, template, factor", [
    ("亿元", "万元", 1e4), ("元", "万元", 1e-4), ("万元", "万元", 1.0), ("千克", "t", 1e-3), ("万吨", "t", 1e4),
    ("MWh", "kWh", 1e3), ("万千瓦时", "kWh", 1e4), ("GWh", "万kWh", 100), ("m3", "m³", 1.0), ("万立方米", "m³", 1e4),
    ("kgce", "tce", 1e-3), ("万吨标准煤", "tce", 1e4), ("‰", "%", 0.1), ("kg/a", "t/a", 1e-3), ("万t/年", "t/a", 1e4),
    ("kgce/元", "tce/万元", 10.0), ("公顷", "m²", 1e4), ("ｔ", "t", 1.0),
])
def test_known_conversions(stated, template, factor):
    assert units.factor(stated, template) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("stated, template", [
    ("t", "m³"), ("t/a", "t/d"), ("箱", "t"), ("万元", "%"), ("kWh", "tce"), ("t/a/a", "t/a"), ("", "t"),
])
def test_no_conversion_between_kinds(stated, template):
    assert units.factor(stated, template) is None


@given(st.sampled_from(["元", "万元", "亿元", "kg", "t", "万t", "kWh", "万kWh", "MWh", "tce", "万tce", "m³", "万m³"]),
       st.sampled_from(["元", "万元", "亿元", "kg", "t", "万t", "kWh", "万kWh", "MWh", "tce", "万tce", "m³", "万m³"]))
def test_conversion_round_trips(a, b):
    f, g = units.factor(a, b), units.factor(b, a)
    assert (f is None) == (g is None)
    if f is not None:
        assert f * g == pytest.approx(1.0, rel=1e-12)


def test_unit_cell_is_data():
    gdp = Item(id="gdp", label="生产总值", unit="万元")
    f, note = unit_factor("亿元", gdp)
    assert f == 1e4 and "1 亿元 = 10000 万元" in note
    assert parse_cell(398, gdp, "gdp", factor=f) == (3980000.0, None)
    f, note = unit_factor("箱", gdp)
    assert f is None and "无法换算" in note
    assert unit_factor("", gdp) == (1.0, "") and unit_factor("万 元", gdp) == (1.0, "")


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("raw, value", [
    ("1,380,000", 1380000.0), ("１２３", 123.0), ("1\u200b23", 123.0), (" 12.5 ", 12.5), ("-3", -3.0), ("1e3", 1000.0),
    (7, 7.0), (2.5, 2.5), ("", None), ("#N/A", None), ("NULL", None), ("nan", None), ("—", None), (float("nan"), None),
])
def test_numbers_read(raw, value):
    assert parse_number(raw) == (value, None)


@pytest.mark.parametrize("raw, fragment", [
    ("138,00", "逗号含义不明"), ("1,38", "逗号含义不明"), ("12,3456", "逗号含义不明"), ("inf", "有限"), ("1e400", "有限"),
    ("-Infinity", "有限"), (float("inf"), "有限"), ("1_000", "应为数字"), ("#DIV/0!", "公式错误"), ("5%", "应为数字"),
])
def test_numbers_refused(raw, fragment):
    value, err = parse_number(raw)
    assert value is None and fragment in err


def test_percent_cells_read_as_shown():
    rate = Field(id="r", label="达标率", type="percent", unit="%")
    count = Field(id="n", label="人数", type="integer", unit="人")
    assert percent_format("0.00%") and percent_format("0%") and not percent_format('0"%"') and not percent_format("General")
    assert parse_cell(0.04, rate, "r", number_format="0%") == (4.0, None)
    assert parse_cell(0.985, rate, "r", number_format="0.0%") == (98.5, None)
    assert parse_cell("4%", rate, "r") == (4.0, None) and parse_cell(4, rate, "r") == (4.0, None)
    value, err = parse_cell(1.26, count, "n", number_format="0%")
    assert value is None and "百分比" in err
    assert scaled_percent(0.07) == 7.0


@given(st.floats(-1e15, 1e15, allow_nan=False))
def test_plain_numbers_survive_as_text(x):
    assert parse_number(repr(x)) == (x, None)


# ---------------------------------------------------------------- markers and ids


def test_markers_and_ids():
    for m in ("#N/A", "n/a", "NULL", "None", "nan", "NaN", "<NA>", "无数据", "#N/A\u200b", "ＮＵＬＬ"):
        assert is_na_marker(m), m
    assert is_na_marker("-") and not is_na_marker("-", dashes=False)
    for text in ("0", "否", "无", "不适用", "N", "E001"):
        assert not is_na_marker(text), text
    assert normalise_id("Ｅ００１") == normalise_id("E001\u200b") == normalise_id(" E001 ") == "E001"
    assert clean_text("ＶＯＣｓ\u200b排放，") == "VOCs排放，"  # Chinese punctuation stays
    assert is_non_finite_text("1e999") and is_non_finite_text("-INF") and not is_non_finite_text("1e300")


def test_text_field_keeps_dashes_number_field_does_not():
    text, number = Field(id="t", label="说明"), Field(id="x", label="数量", type="number", unit="t")
    assert parse_cell("/", text, "t") == ("/", None)
    assert parse_cell("/", number, "x") == (None, None)
    assert parse_cell("NULL", text, "t") == (None, None)


# ---------------------------------------------------------------- images


def test_image_checks(tmp_path):
    from PIL import Image

    good = tmp_path / "a.png"
    Image.new("RGB", (40, 30), "white").save(good)
    assert image_problem(good) is None
    (tmp_path / "text.png").write_text("不是图片", encoding="utf-8")
    assert "不是可识别的图片" in image_problem(tmp_path / "text.png")
    (tmp_path / "cut.png").write_bytes(good.read_bytes()[:60])
    assert "无法解码" in image_problem(tmp_path / "cut.png")
    Image.new("RGB", (10, 10)).save(tmp_path / "a.webp")
    assert "WEBP" in image_problem(tmp_path / "a.webp")
    assert "文件夹" in image_problem(tmp_path)
    import os

    os.mkfifo(tmp_path / "pipe.png")
    assert "命名管道" in image_problem(tmp_path / "pipe.png")


# ---------------------------------------------------------------- the sheet editor


def test_sheet_edit_changes_one_part_only(tmp_path):
    book = tmp_path / "data.xlsx"
    shutil.copy(EXAMPLES / "yunnan_demo" / "data.xlsx", book)
    edit = SheetEdit(book, "许可排放量")
    edit.set(500, 1, "E999")
    edit.set(500, 5, 1.25)
    edit.set(2, 6, None)  # cleared, style kept
    out = tmp_path / "out.xlsx"
    edit.save(out)
    with zipfile.ZipFile(book) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert changed == [edit.part]
    ws = openpyxl.load_workbook(out, read_only=True)["许可排放量"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[-1][0] == "E999" and rows[-1][4] == 1.25 and rows[1][5] is None
    assert math.isclose(rows[1][4], 4.132)


def test_parquet_inputs_take_the_same_path(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    import pandas as pd

    from cpframework.cli.commands import main

    frame = pd.DataFrame({"企业编号": ["E1", "Ｅ2", "E3"], "年份": [2024, 2024, 2024],
                          "综合能耗": [5.0, float("inf"), 3.0]})
    frame.to_parquet(tmp_path / "inf.parquet")
    assert main(["screen", "-s", "yunnan_park", str(tmp_path / "inf.parquet"), "-o", str(tmp_path / "a.csv")]) == 1
    assert "不是有限的数" in capsys.readouterr().err
    frame["综合能耗"] = ["5", "#N/A", "3"]
    frame.to_parquet(tmp_path / "na.parquet")
    assert main(["screen", "-s", "yunnan_park", str(tmp_path / "na.parquet"), "-o", str(tmp_path / "b.csv")]) == 1
    err = capsys.readouterr().err
    assert "第 3 行" in err and "无数据" in err


_ALPHABET = st.sampled_from(list("0123456789.,+-eEiInNfFaAlLuU#/<>—－，．０１ａＡ 无数据缺测暂 企业E") + ["\u200b", "\ufeff", "\u3000", "∞"])


@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=8), min_size=1, max_size=30)
       | st.lists(st.sampled_from(["#N/A", "NULL", "none", "+nan", "inf", "1e400", "1,234", "60,5", "０．５", " E1 ",
                                   "E1\u200b", "—", "无数据", "1.#IND", "示例企业E01", "12.5"]), min_size=1, max_size=10))
def test_screening_prefilter_never_skips_a_value_that_needs_cleaning(values):
    """``_suspect`` (a vectorised regex) decides which distinct values ``_clean_value`` looks at: it may flag
    too many, never too few."""
    import pandas as pd

    from cpframework.screen.read import _clean_value, _suspect

    flagged = _suspect(pd.Index(values, dtype="str"))
    for v, f in zip(values, flagged):
        cleaned, problem = _clean_value(v)
        if problem or cleaned is not v and not (isinstance(cleaned, str) and cleaned == v):
            assert f, (v, cleaned, problem)

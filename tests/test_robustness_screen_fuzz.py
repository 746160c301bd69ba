"""Property: hostile cells in a screening file (CSV or Excel) never produce a traceback and never a
silently better grade.

A small industry_cppc file (three enterprises, one of them using a banned process) gets cells replaced
by values drawn from: "no value" markers in any spelling (``#N/A``, ``NULL``, ``nan``, full-width dashes,
with zero-width characters), non-finite numbers (``inf``, ``1e400``), full-width and zero-width
variants of the cell's own value or of an enterprise id, and huge finite numbers.  Through the real
CLI (``cpaudit screen``) the result must be either

* a refusal (exit 1) naming the non-finite cell, when one was drawn, or
* exactly the grades of a reference file written by hand: variants replaced by the value they spell,
  markers by a value that fails the indicator (a missing value is never 不适用, never lifts a grade),
  huge numbers as numbers — graded by the library directly, without the file reader.

``CPF_FUZZ_EXAMPLES=n`` runs a longer search."""
from __future__ import annotations

import csv
import os
import unicodedata
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.cli.commands import main

from .robustness_recipes import _industry_rows

LONG = int(os.environ.get("CPF_FUZZ_EXAMPLES", "0"))
BASE = _industry_rows("否")
INDICATORS = [k for k in BASE[0] if k not in ("企业编号", "企业名称", "年份")]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad"]
MARKERS = ["#N/A", "#n/a", "N/A", "NULL", "null", "None", "nan", "NaN", "<NA>", "-", "--", "—", "／", "－", "无数据"]
NON_FINITE = ["inf", "-inf", "Infinity", "+INF", "1e400", "-1e999", "１e400"]
HUGE = ["1e300", "-1e300", "1.7e308", "123456789012345678901234567890"]


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def with_invisible(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]


@st.composite
def cell_edit(draw):
    """``(row, column, written text, meaning)``; meaning: ("same",) ("marker",) ("nonfinite",) ("number", x)."""
    row = draw(st.integers(0, len(BASE) - 1))
    col = draw(st.sampled_from(INDICATORS))
    original = BASE[row][col]
    kind = draw(st.sampled_from(["marker", "nonfinite", "variant", "huge"]))
    if kind == "marker":
        text = draw(st.sampled_from(MARKERS))
        if draw(st.booleans()):
            text = with_invisible(draw, text)
        return row, col, text, ("marker",)
    if kind == "nonfinite":
        return row, col, draw(st.sampled_from(NON_FINITE)), ("nonfinite",)
    if kind == "variant":
        text = fullwidth(original) if draw(st.booleans()) else with_invisible(draw, original)
        return row, col, text, ("same",)
    text = draw(st.sampled_from(HUGE))
    if col_kind(col) != "number":
        return row, col, with_invisible(draw, original), ("same",)
    return row, col, text, ("number", float(unicodedata.normalize("NFKC", text)))


def col_kind(col: str) -> str:
    value = BASE[0][col]
    return "yes" if value in ("是", "否") else "level" if value in ("Ⅰ", "Ⅱ", "Ⅲ", "未达") else "number"


def failing(col: str) -> str:
    """A value that grades the indicator below Ⅲ (what a missing value counts as)."""
    from cpf_industry_cppc.system import load_system

    ind = next(i for i in load_system().indicators if i.id == col)
    if ind.direction in ("yes", "是否"):
        return "否"
    if ind.direction in ("level", "等级"):
        return "未达"
    return "-1e12" if ind.direction == "higher" else "1e12"


def reference(edits) -> pd.DataFrame:
    """The grades of the hand-cleaned file, graded by the library without the file reader."""
    from cpf_industry_cppc.screening import SCREENER as industry

    from cpframework.screen import screen

    rows = [dict(r) for r in BASE]
    for row, col, _text, meaning in edits:
        if meaning[0] == "marker":
            rows[row][col] = failing(col)
        elif meaning[0] == "number":
            rows[row][col] = repr(meaning[1])
    frame = pd.DataFrame(rows)
    return screen(industry, frame, industry.parse_options({})).tables["enterprises"].frame.set_index("企业编号")


def write_input(path: Path, rows: list[dict[str, str]]) -> None:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    else:
        pd.DataFrame(rows).to_excel(path, index=False)


@settings(max_examples=LONG or 30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(cell_edit(), min_size=1, max_size=4, unique_by=lambda e: (e[0], e[1])),
       id_variant=st.sampled_from([None, "fullwidth", "invisible"]), excel=st.booleans(), data=st.data())
def test_screening_cells_never_crash_or_lift(edits, id_variant, excel, data, tmp_path_factory, capsys, monkeypatch):
    tmp = tmp_path_factory.mktemp("scr")
    monkeypatch.setenv("CPF_LOG_DIR", str(tmp))
    rows = [dict(r) for r in BASE]
    for row, col, text, _meaning in edits:
        rows[row][col] = text
    if id_variant:  # an id spelled differently is the same enterprise
        r = data.draw(st.integers(0, len(rows) - 1))
        ident = rows[r]["企业编号"]
        rows[r]["企业编号"] = fullwidth(ident) if id_variant == "fullwidth" else with_invisible(data.draw, ident)
    src = tmp / ("in.xlsx" if excel else "in.csv")
    write_input(src, rows)
    code = main(["screen", "-s", "industry_cppc", str(src), "-o", str(tmp / "out.csv")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text and "内部错误" not in text, text
    if any(m[0] == "nonfinite" for *_x, m in edits):
        assert code == 1 and "不是有限的数" in text, text
        return
    assert code == 0, text
    got = pd.read_csv(tmp / "out.csv", dtype={"企业编号": str}).set_index("企业编号")
    want = reference(edits)
    assert sorted(got.index) == sorted(want.index)
    for ent in want.index:
        assert got.loc[ent, "等级"] == want.loc[ent, "等级"], (ent, edits)
        for y in ("Ⅰ级综合评价指数", "Ⅱ级综合评价指数", "Ⅲ级综合评价指数"):
            assert abs(float(got.loc[ent, y]) - float(want.loc[ent, y])) < 1e-9, (ent, y, edits)

"""Cell text as people and programs write it, read the same way everywhere (project workbook, CSV
imports, screening files): invisible characters, full-width letters and digits, "no value" markers,
thousands separators, ambiguous decimal commas, non-finite numbers.

* **Invisible characters** (zero-width space/joiners, BOM, soft hyphen, direction marks) are removed
  from every text; they cannot be seen, so they can never be meant.
* **Ids** (enterprise ids, item codes, keys) are compared after :func:`normalise_id`: NFKC (full-width →
  half-width), invisible characters removed, outer spaces stripped.
* **"No value" markers** (:data:`NA_MARKERS`: ``#N/A``, ``NULL``, ``None``, ``nan``, ``-`` …) are
  *missing* — never text, 0 or infinity.  What missing means is decided by the reader of the value.
* **Numbers**: a comma must be a thousands separator (``1,380,000``); ``138,00`` is refused as
  ambiguous.  ``inf``, ``1e400`` and the like are refused: no result may rest on an infinite input.
"""
from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

# zero-width space/non-joiner/joiner, direction marks, word joiner … invisible operators, BOM, soft hyphen,
# Mongolian vowel separator, and the other format (Cf) characters people never mean to type
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")
# full-width ASCII letters and digits (Ｅ００１ → E001); full-width punctuation in Chinese text is left alone
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
                    for c in range(r[0], r[1] + 1)}

NA_MARKERS = frozenset({
    "#n/a", "#n/a n/a", "#na", "n/a", "na", "<na>", "null", "none", "nan", "-nan", "+nan", "nat",
    "无数据", "暂无数据", "缺失", "数据缺失", "缺测",
})
# dashes and a slash: "no value" in a number, date or yes/no cell; in a Chinese text column they are the
# conventional entry for 无/不涉及 and stay text
DASH_MARKERS = frozenset({"-", "--", "---", "—", "——", "–", "/", "／", "\\"})
NON_FINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "1.#inf", "-1.#inf",
                        "1.#ind", "-1.#ind", "1.#qnan", "-1.#qnan"})
EXCEL_ERRORS = frozenset({"#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!",
                          "#getting_data"})

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def clean_text(text: str) -> str:
    """Free text as stored: invisible characters removed, full-width letters/digits made half-width,
    outer white space stripped (Chinese punctuation is kept as typed)."""
    return strip_invisible(text).translate(_FULLWIDTH_ALNUM).strip()


def normalise_id(value: Any) -> str:
    """The form in which ids are compared: NFKC, invisible characters removed, no outer spaces."""
    return strip_invisible(unicodedata.normalize("NFKC", str(value))).strip()


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", strip_invisible(text))).strip().lower()


def _first_chars() -> frozenset[str]:
    out = set()
    for m in NA_MARKERS | DASH_MARKERS:
        c = m[0]
        out |= {c, c.upper(), c.lower()}
        out |= {chr(ord(x) + 0xFEE0) for x in (c, c.upper()) if "!" <= x <= "~"}  # full-width forms
    return frozenset(out)


_FIRST = _first_chars()


def is_na_marker(value: Any, *, dashes: bool = True) -> bool:
    """``#N/A``, ``NULL``, ``None``, ``nan`` (any case, full-width or with invisible characters) and, with
    ``dashes``, ``-``, ``—``, ``/``."""
    if isinstance(value, float):
        return math.isnan(value)
    if not isinstance(value, str):
        return False
    head = value.lstrip()[:1]
    if head not in _FIRST and not INVISIBLE.match(value.lstrip()):  # the common case: ordinary text, at once
        return False
    folded = _folded(value)
    return folded in NA_MARKERS or (dashes and folded in DASH_MARKERS)


def is_excel_error(value: Any) -> bool:
    return isinstance(value, str) and _folded(value) in EXCEL_ERRORS


def parse_number(raw: Any, *, percent: bool = False) -> tuple[float | None, str | None]:
    """A cell as a finite number: ``(value, None)``, ``(None, None)`` for empty or a "no value" marker,
    or ``(None, Chinese reason)``.  ``percent``: a trailing ``%`` is allowed (the number is in %)."""
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        return None, f"应为数字，实际为“{'是' if raw else '否'}”"
    if isinstance(raw, (int, float)):
        try:
            value = float(raw)
        except OverflowError:  # an integer with hundreds of digits
            return None, f"应为有限的数字，实际为 {str(raw)[:20]}…（超出可表示的范围）"
        if math.isnan(value):
            return None, None
        if not math.isfinite(value):
            return None, f"应为有限的数字，实际为“{raw}”（无穷大）"
        return value, None
    if not isinstance(raw, str):
        return None, f"应为数字，实际为“{raw}”"
    if not raw.strip() or is_na_marker(raw):
        return None, None
    text = unicodedata.normalize("NFKC", strip_invisible(raw)).strip().replace(" ", "")
    if text.lower() in NON_FINITE:
        return None, f"应为有限的数字，实际为“{raw}”"
    if is_excel_error(text):
        return None, f"应为数字，实际为“{raw}”（Excel 公式错误值：请修正公式或直接填写数值）"
    if percent and text.endswith("%"):
        text = text[:-1]
    if "," in text:
        if not _THOUSANDS.match(text):
            return None, (f"“{raw}”中的逗号含义不明：小数点请写“.”（如 138.00），"
                          f"千位分隔符须每三位一个（如 1,380,000）")
        text = text.replace(",", "")
    if not _PLAIN_NUMBER.match(text):  # float() would also take "1_000", "infinity", "nan"
        return None, f"应为数字，实际为“{raw}”"
    value = float(text)
    if not math.isfinite(value):
        return None, f"应为有限的数字，实际为“{raw}”（超出可表示的范围）"
    return value, None


def percent_format(number_format: str | None) -> bool:
    """An Excel number format that shows a number as a percentage (``0%``, ``0.00%``; not a quoted ``"%"``)."""
    if not number_format or "%" not in number_format:
        return False
    bare = re.sub(r'"[^"]*"|\\.', "", number_format)
    return "%" in bare


def scaled_percent(value: float) -> float:
    """What Excel shows for a percentage-formatted cell: the stored fraction × 100, without binary noise."""
    from decimal import Decimal

    return float(Decimal(repr(value)) * 100)


def is_non_finite_text(text: str) -> bool:
    """``inf``, ``-Infinity``, ``1e400`` …: text that a number parser would read as infinite."""
    folded = _folded(text).replace(" ", "")
    if folded in NON_FINITE:
        return True
    return bool(_PLAIN_NUMBER.match(folded)) and not math.isfinite(float(folded))


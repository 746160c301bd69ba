"""Column widths from the content, at the table's font size.

A cell may wrap between Chinese characters and at spaces, never inside a number, a code or a Latin word
(“0.25”, “E01”, “2025”, “F03、”): each column is at least as wide as its longest such token, and as wide
as its longest text when there is room.  When the tokens do not fit across the text width, the table
does not fit the page in that orientation (the writer then turns it to landscape).

Widths are estimated from the characters: Chinese and full-width characters 1 em, digits and lower-case
Latin letters and signs ½ em (Times New Roman digits are exactly ½ em), capitals about ¾ em.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

#: Cell padding, left + right (Word's default cell margins 0.19 cm each), plus a little slack.
CELL_PADDING_TWIPS = 2 * 108 + 30
#: Narrow cell margins (0.05 cm a side) for a table that does not fit even a landscape page otherwise.
NARROW_MARGIN_TWIPS = 28
#: A legible column shows at least this many characters a line (or its whole text when shorter).
LEGIBLE_EM = 4.0
#: A column wider than this many em is not needed to avoid wrapping: long texts wrap.
PREFERRED_MAX_EM = 16.0

# Unbreakable: runs of characters that are neither spaces nor Chinese (“0.25”, “E01”, “2025–2027”, the
# “F03” of “F03、F06”): Word wraps Latin text only at spaces.
TOKEN = re.compile(r"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+")


def char_em(ch: str) -> float:
    o = ord(ch)
    if o > 0x2E7F or 0xFF01 <= o <= 0xFF5E:
        return 1.0
    if ch.isupper() or ch in "mwMW@%":
        return 0.75
    return 0.5   # digits are exactly ½ em; narrower signs are counted as ½ em too, to be safe


def text_em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


def longest_token_em(text: str) -> float:
    """The widest piece of ``text`` that may not be broken across lines."""
    widest = max((text_em(m.group(0)) for m in TOKEN.finditer(text)), default=0.0)
    if any(ord(ch) > 0x2E7F for ch in text):
        widest = max(widest, 1.0)
    return widest


def em_twips(em: float, size_pt: float) -> int:
    return int(round(em * size_pt * 20))


def needed_widths(cells: Sequence[tuple[int, str, float]], ncols: int,
                  padding: int = CELL_PADDING_TWIPS) -> tuple[list[int], list[int]]:
    """Per column (minimum, preferred) widths in twips from ``(column, text, font size in pt)`` cells."""
    least = [padding + em_twips(1.0, 10.5)] * ncols
    wish = list(least)
    for col, text, size in cells:
        lines = str(text).split("\n")
        low = max(longest_token_em(line) for line in lines)
        full = min(max(text_em(line) for line in lines), PREFERRED_MAX_EM)
        least[col] = max(least[col], padding + em_twips(low, size))
        wish[col] = max(wish[col], least[col], padding + em_twips(max(full, low), size))
    return least, wish


def legible_minimum(least: Sequence[int], wish: Sequence[int], size_pt: float, padding: int = CELL_PADDING_TWIPS) -> list[int]:
    """Per column the width that shows :data:`LEGIBLE_EM` characters a line, or its whole text if shorter,
    and never less than its longest token: a table that cannot give every column this much is turned."""
    return [max(m, min(w, padding + em_twips(LEGIBLE_EM, size_pt))) for m, w in zip(least, wish)]


def fit_widths(least: Sequence[int], wish: Sequence[int], total: int,
               weights: Sequence[float] | None = None) -> tuple[list[int], bool]:
    """Widths summing to ``total``, none below its minimum when that is possible; and whether it was."""
    fits = sum(least) <= total
    if not fits:   # the caller tries a wider page; as a last resort, the minimums scaled down
        return _scaled(least, total), False
    if weights is not None:   # the renderer's proportions, raised where a column is below its minimum
        base = _scaled([float(w) for w in weights], total)
        return _raise_to_minimum(base, list(least), total), True
    if sum(wish) <= total:
        return _scaled(list(wish), total), True
    return _rounded([m + extra for m, extra in zip(least, _fair_shares([w - m for w, m in zip(wish, least)],
                                                                       total - sum(least)))], total), True


def _fair_shares(gaps: Sequence[float], spare: float) -> list[float]:
    """Share ``spare`` so that short columns get their whole text on one line first (“可行”, “2025年”), and the
    rest goes equally to the long texts that wrap anyway (max–min fair sharing)."""
    out = [0.0] * len(gaps)
    left = sorted(range(len(gaps)), key=lambda i: gaps[i])
    while left:
        share = spare / len(left)
        i = left[0]
        if gaps[i] > share:
            for j in left:
                out[j] = share
            break
        out[i] = gaps[i]
        spare -= gaps[i]
        left.pop(0)
    return out


def _scaled(values: Sequence[float], total: int) -> list[int]:
    s = float(sum(values)) or 1.0
    return _rounded([total * v / s for v in values], total)


def _rounded(values: Sequence[float], total: int) -> list[int]:
    out = [int(v) for v in values]
    out[-1] += total - sum(out)
    return out


def _raise_to_minimum(base: list[int], least: list[int], total: int) -> list[int]:
    """Widen columns below their minimum, taking the width from the others' room above theirs."""
    short = sum(max(0, m - b) for b, m in zip(base, least))
    if not short:
        return base
    room = [max(0, b - m) for b, m in zip(base, least)]
    r = sum(room) or 1
    return _rounded([max(b, m) - (short * room[i] / r if b > m else 0)
                     for i, (b, m) in enumerate(zip(base, least))], total)

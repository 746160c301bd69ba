"""Chinese font sizes (字号), length conversions and Chinese numerals. No python-docx here."""
from __future__ import annotations

import re

#: 字号 → 磅 (Word's table; 七号/八号 included).
ZIHAO: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
    "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
    "七号": 5.5, "八号": 5,
}

_PT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:pt|磅|号)?\s*$", re.I)


def size_pt(value) -> float:
    """``"三号"`` → 16, ``12`` → 12, ``"20pt"``/``"20 号"``/``"20磅"`` → 20. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value <= 0:
            raise ValueError(value)
        return float(value)
    text = str(value).strip()
    if text in ZIHAO:
        return float(ZIHAO[text])
    m = _PT.match(text)
    if m and float(m.group(1)) > 0:
        return float(m.group(1))
    raise ValueError(value)


def twips(pt: float) -> int:
    return int(round(pt * 20))


def cm_to_twips(cm: float) -> int:
    return int(round(cm / 2.54 * 1440))


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for chapters and 附件 labels, n < 100)."""
    if n < 0 or n >= 100:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def parse_chinese_number(text: str) -> int | None:
    """Inverse of :func:`chinese_number` for 一…九十九; ``None`` when not a Chinese numeral."""
    if not text or any(c not in _DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    t = 1 if tens == "" else _DIGITS.index(tens) if len(tens) == 1 else None
    o = 0 if ones == "" else _DIGITS.index(ones) if len(ones) == 1 else None
    return None if t is None or o is None else t * 10 + o


def chapter_index(number: str | None) -> int | None:
    """The chapter's arabic index from the standard's numbering: "第四章" → 4, "4" → 4, "4.1" → 4."""
    if not number:
        return None
    s = number.strip()
    m = re.fullmatch(r"第(.+)章", s)
    if m:
        return parse_chinese_number(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
    m = re.match(r"(\d+)", s)
    return int(m.group(1)) if m else parse_chinese_number(s)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def item_label(fmt: str, n: int) -> str:
    """Numbered-item label: ``"({n})"`` → "(3)", ``"{n})"`` → "3)", ``"{circled}"`` → "③", ``"{cn}、"`` → "三、"."""
    circled = CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else f"({n})"
    return fmt.format(n=n, circled=circled, cn=chinese_number(n))

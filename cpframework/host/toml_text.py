"""TOML syntax errors in the words a person editing the file needs, with line and column."""
from __future__ import annotations

import re
import tomllib

# tomllib's messages, in the words a person editing the file needs
_TOML_REASONS = (
    ("Expected ']]' at the end of an array declaration", "数组表的表头缺少“]]”"),
    ("Expected ']' at the end of a table declaration", "表头缺少“]”"),
    ("Expected '=' after a key", "键后面缺少“=”（键名含空格或中文标点时要加引号）"),
    ("Expected newline or end of document after a statement", "一行只能写一个“键 = 值”，值后面有多余的内容"),
    ("Cannot overwrite a value", "同一个键写了两次"),
    ("Cannot declare", "同一个表头写了两次"),
    ("Cannot mutate immutable namespace", "这个表已在前面完整写出，不能再追加"),
    ("Invalid value", "值的写法不对（文本要加引号，数组要用“]”结束）"),
    ("Invalid statement", "无法识别的行"),
    ("Invalid initial character for a key part", "键名的开头字符不对"),
    ("Illegal character", "文本中有非法字符（多半是少了结尾的引号）"),
    ("Unclosed array", "数组缺少结尾的“]”"),
    ("Unclosed inline table", "内联表缺少结尾的“}”"),
    ("Unterminated string", "文本缺少结尾的引号"),
    ("Invalid date or datetime", "日期写法不对（应为 2021-04-01）"),
    ("Duplicate inline table key", "内联表中同一个键写了两次"),
)
_TOML_AT = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)\s*$")


def toml_error_text(exc: tomllib.TOMLDecodeError) -> str:
    """``第 3 行第 10 列：表头缺少“]”`` from a tomllib error (line and column are 1-based)."""
    raw = str(exc)
    m = _TOML_AT.search(raw)
    reason = raw[:m.start()] if m else raw
    words = next((cn for en, cn in _TOML_REASONS if reason.startswith(en)), f"语法错误（{reason}）")
    if m and m.group(1):
        return f"第 {m.group(1)} 行第 {m.group(2)} 列：{words}"
    return f"文件末尾：{words}" if m else words

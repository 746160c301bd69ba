"""Is this text fit to hand in?  The shared oracle for every report kind of every standard.

A report (and the CLI's output) is a deliverable: a 评审专家 reads it, a consultant signs it.  It must not
carry developer notes, research source codes, English identifiers or programming notation.  This module
finds them in a ``.docx`` (body, tables, headers, footers) or in plain text, so every plugin can assert::

    from cpframework.testing import deliverable_problems

    def test_report_is_a_deliverable(tmp_path):
        ...  # build the report to tmp_path / "r.docx"
        assert deliverable_problems(tmp_path / "r.docx") == []

Each problem names where it is ("正文第 12 段", "表 3 第 2 行第 4 列") and quotes the offending text.  The rules
are deliberately about *kinds* of text, not about one report's sentences, so a new plugin's notes are caught
too.  Legitimate Latin text — units (kgce, tCO₂, m³/a), chemical and pollutant names (VOCs, NOx, COD),
document numbers (GB/T 2589, HJ 1115), indicator and enterprise codes (E07, Y16, F03), e-mail addresses and
web addresses — is not flagged.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

# Words a developer writes about the tool or its sources, never an auditor about the audit.
DEVELOPER_WORDS = ("种子", "本实现", "本插件", "插件", "推定为", "待填", "二分法", "实现取", "原式", "误印",
                   "源代码", "字段名", "占位")
# Latin words allowed in a report although lowercase and long: units and the product's own name.
ALLOWED_WORDS = frozenset({"kgce", "kgco", "kcal", "mcal", "kwh", "mwh", "gwh", "twh", "cpaudit", "mgce"})

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("研究来源代码", re.compile(r"(?<![\w\-/])S\d{1,2}(?![\w\-])|\[[A-Z]\]")),
    ("程序记法", re.compile(r"Σ_\{|_\{|\w\[\d+\]|\b\d+\.\.[A-Za-z\d]|==|!=|\bcf_t\b|\bNone\b|\bnan\b|\bNaN\b"
                        r"|\bTrue\b|\bFalse\b|\{[A-Za-z_][\w.]*\}")),
    ("英文标识符", re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9\u2160-\u216b]+)+")),
)
_EMAIL_OR_URL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+"
                           # the user's own files: an absolute path, a file name with its extension
                           r"|(?:~|[A-Za-z]:)?[/\\][^\s，。；：“”（）]+"
                           r"|[^\s/\\，。；：“”（）]+\.(?:xlsx|xls|csv|toml|docx|md|json|parquet|png|pdf)\b"
                           r"|\bcpaudit(?:\s+-{0,2}[a-z][a-z-]*)*")   # a command the user is told to run
_LOWER_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z]{4,}(?![A-Za-z0-9])")


def text_problems(text: str) -> list[str]:
    """The offending pieces of one text: ``["程序记法：cf[0]", …]`` (empty when the text is fit)."""
    found: list[str] = []
    clean = _EMAIL_OR_URL.sub(" ", text)
    for word in DEVELOPER_WORDS:
        if word in clean:
            found.append(f"开发说明用语：{word}")
    for label, pattern in _RULES:
        for m in pattern.finditer(clean):
            found.append(f"{label}：{m.group(0)}")
        clean = pattern.sub(" ", clean)  # one finding per offending piece
    for m in _LOWER_WORD.finditer(clean):
        if m.group(0).lower() not in ALLOWED_WORDS:
            found.append(f"英文标识符：{m.group(0)}")
    return found


def _docx_texts(path: Path) -> Iterator[tuple[str, str]]:
    import docx

    document = docx.Document(str(path))
    for i, p in enumerate(document.paragraphs, 1):
        yield f"正文第 {i} 段", p.text
    for t_no, table in enumerate(document.tables, 1):
        for r_no, row in enumerate(table.rows, 1):
            seen: set[int] = set()
            for c_no, cell in enumerate(row.cells, 1):
                if id(cell._tc) in seen:  # a merged cell repeats across the columns it spans
                    continue
                seen.add(id(cell._tc))
                yield f"表 {t_no} 第 {r_no} 行第 {c_no} 列", cell.text
    for s_no, section in enumerate(document.sections, 1):
        for part, name in ((section.header, "页眉"), (section.footer, "页脚")):
            for p in part.paragraphs:
                yield f"第 {s_no} 节{name}", p.text


def located_problems(texts: Iterable[tuple[str, str]]) -> list[str]:
    """``"<where>：<problem>（<excerpt>）"`` for every problem in ``(where, text)`` pairs."""
    out: list[str] = []
    for where, text in texts:
        for problem in text_problems(text):
            out.append(f"{where}：{problem}（{text.strip()[:60]}）")
    return out


def deliverable_problems(path: str | Path) -> list[str]:
    """Every problem of a ``.docx`` report (or a ``.txt``/``.md`` file), located; empty when it is fit."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return located_problems(_docx_texts(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    return located_problems((f"第 {i} 行", line) for i, line in enumerate(lines, 1))

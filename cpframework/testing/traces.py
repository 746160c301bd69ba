"""Can a reviewer redo the traces?  Checks for one trace and for every trace printed in a report.

``trace_redo_problems(trace)`` re-evaluates the printed substitution at its printed precision and compares it
with the printed result, and flags programming notation (:mod:`cpframework.calc.redo`).
``docx_trace_problems(path)`` finds every trace a report prints (the “代入：” line and the “结果：” line after
it) and checks each, located by paragraph.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from cpframework.calc.redo import redo_problems as trace_redo_problems


def printed_traces(paragraphs: list[str]) -> list[tuple[int, SimpleNamespace]]:
    """``(paragraph number, trace)`` for each “名称：公式 / 代入：… / 结果：…” group in a list of paragraphs."""
    found = []
    for i, text in enumerate(paragraphs):
        if not text.startswith("代入：") or i + 1 >= len(paragraphs) or not paragraphs[i + 1].startswith("结果："):
            continue
        head = paragraphs[i - 1] if i else ""
        name, _, formula = head.partition("：")
        found.append((i + 1, SimpleNamespace(name=name.strip(), formula=formula, notes=(),
                                             substitution=text[len("代入："):], result=paragraphs[i + 1][len("结果："):])))
    return found


def docx_trace_problems(path: str | Path) -> list[str]:
    """Every trace in a ``.docx`` report that cannot be redone, with its paragraph number; [] when all redo."""
    import docx

    paragraphs = [p.text.strip() for p in docx.Document(str(path)).paragraphs]
    return [f"正文第 {n} 段：{problem}" for n, trace in printed_traces(paragraphs) for problem in trace_redo_problems(trace)]

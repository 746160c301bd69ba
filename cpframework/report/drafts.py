"""Drafts from data: a paragraph for a section whose narrative is not yet written, stated only from the
data the section shows.

When a section asks for narrative (its ``requirement``) and the consultant has not written it, the
report shows, instead of the bare placeholder, a draft marked "【草稿，请审阅】" built from the tables the
section's renderer wrote and from the evaluation: changes over the review years, totals and counts of
options by class and status, targets met, rankings, balance deviations, the levels indicators reach.
Every number in a draft is a number of those tables, printed as the table prints it.  The consultant
accepts a draft (``cpaudit narrative accept``, or edits it in Word and runs ``narrative pull``) or
writes the narrative; either way the draft disappears.

**Registry.**  A drafter is ``func(section: DraftInput) -> str | None``; :data:`DRAFTERS` holds them
in order and every one that returns text contributes a sentence.  A plugin adds one for its own data
with :func:`register` (through ``cpframework.api.register_draft``), e.g. from its module body::

    from cpframework.api import register_draft

    @register_draft("my_standard")
    def _water(section):
        if section.node.id == "water": ...
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

DRAFT_MARK = "【草稿，请审阅】"
DRAFT_NOTE_MARK = "【草稿说明】"


@attrs.frozen
class LoggedTable:
    """A table a renderer wrote: what :meth:`DocxReportWriter.table` received."""

    header: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""
    units: tuple[Any, ...] | None = None


@attrs.frozen
class DraftInput:
    node: Any                       # the outline node
    ctx: Any                        # the report context (project, standard, evaluation)
    tables: tuple[LoggedTable, ...]


Drafter = Callable[[DraftInput], "str | None"]
DRAFTERS: list[tuple[str, Drafter]] = []   # (standard id or "" for every standard, drafter)


def register(standard: str = "") -> Callable[[Drafter], Drafter]:
    """Add a drafter (for one standard, or all with ``""``); drafters run in registration order."""
    def add(func: Drafter) -> Drafter:
        DRAFTERS.append((standard, func))
        return func
    return add


def draft(node: Any, ctx: Any, tables: Sequence[LoggedTable]) -> str:
    """The draft for ``node`` from ``tables`` (what its renderer wrote) and the evaluation; ``""`` if none."""
    std = getattr(getattr(ctx, "standard", None), "id", "")
    s = DraftInput(node=node, ctx=ctx, tables=tuple(tables))
    sentences = []
    for owner, func in DRAFTERS:
        if owner and owner != std:
            continue
        try:
            text = func(s)
        except (ArithmeticError, LookupError, TypeError, ValueError):   # a drafter never stops the report
            text = None
        if text and text not in sentences:
            sentences.append(text)
    return "".join(sentences)


from cpframework.report import drafters as _core_drafters  # noqa: E402,F401  (registers the core drafters first)

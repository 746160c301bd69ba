"""A small Markdown reader for narrative files (no dependency): the subset consultants need.

Blocks: ATX headings, paragraphs, block quotes (``> 注：…``, printed as a note), bullet and numbered
lists (nested by indentation), pipe tables (with an optional caption line "表：…" right before),
images on their own line ``![题注](path)`` (path relative to the Markdown file).
Inline: ``**bold**``, ``*italic*``/``_italic_``, ```code``` (kept as text), backslash escapes.
"""
from __future__ import annotations

import re
from typing import Any

Inline = list[tuple[str, dict]]

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)、])\s+(.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(\s*<?([^)>\s]+)>?(?:\s+\"[^\"]*\")?\s*\)$")
_TABLE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CAPTION = re.compile(r"^(?:表|Table)\s*[:：]\s*(.+)$")
# emphasis spans are bounded (200 characters): an unbounded lazy match makes a line of many unmatched
# "_a _a …" quadratic (minutes for a hostile paragraph)
_INLINE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])|(\*\*|__)(.{1,200}?)\2|(\*|_)(?!\s)(.{1,200}?)(?<!\s)\4|`([^`]{1,200})`")


def inline(text: str) -> Inline:
    """``"a **b** *c*"`` → ``[("a ", {}), ("b", {"bold": True}), (" ", {}), ("c", {"italic": True})]``."""
    out: Inline = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], {}))
        if m.group(1):
            out.append((m.group(1), {}))
        elif m.group(2):
            out.extend((t, {**f, "bold": True}) for t, f in inline(m.group(3)))
        elif m.group(4):
            out.extend((t, {**f, "italic": True}) for t, f in inline(m.group(5)))
        else:
            out.append((m.group(6), {}))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], {}))
    merged: Inline = []
    for t, f in out:
        if merged and merged[-1][1] == f:
            merged[-1] = (merged[-1][0] + t, f)
        elif t:
            merged.append((t, f))
    return merged


def _join(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one space otherwise."""
    out = ""
    for line in (x.strip() for x in lines):
        if out and line and not (ord(out[-1]) > 0x2E7F or ord(line[0]) > 0x2E7F):
            out += " "
        out += line
    return out


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", s)]


MAX_LIST_DEPTH = 6  # deeper items are kept at this depth (a hostile file cannot exhaust the stack)


def _list(lines: list[str], i: int, depth: int = 1) -> tuple[dict, int]:
    """Parse a (possibly nested) list starting at lines[i]; returns (block, next index)."""
    m = _ITEM.match(lines[i])
    assert m is not None, "called on a list item line"
    indent, ordered = len(m.group(1).expandtabs(4)), m.group(2)[0].isdigit()
    items: list[list[Any]] = []
    while i < len(lines):
        m = _ITEM.match(lines[i])
        if m is None:
            line = lines[i]
            if line.strip() and items and len(line) - len(line.lstrip()) > indent:
                items[-1][0] += line.strip()          # lazy continuation line
                i += 1
                continue
            break
        ind = len(m.group(1).expandtabs(4))
        if ind < indent or (ind == indent and m.group(2)[0].isdigit() != ordered):
            break
        if ind > indent and items and depth < MAX_LIST_DEPTH:
            sub, i = _list(lines, i, depth + 1)
            items[-1][1] = sub
            continue
        items.append([m.group(3).strip(), None])
        i += 1
    return {"type": "list", "ordered": ordered,
            "items": [(inline(t), sub) for t, sub in items]}, i


def parse(text: str) -> list[dict]:
    """Markdown text → blocks (dicts with a ``type`` key: heading, para, list, table, image), each with
    ``lines``: the ``(first, end)`` line indices of its source (``narrative pull`` keeps unchanged
    blocks as written)."""
    lines = text.replace("\r\n", "\n").replace("\t", "    ").split("\n")
    blocks: list[dict] = []
    para: list[str] = []
    para_start = 0
    caption: str | None = None

    def flush():
        nonlocal para
        if para:
            blocks.append({"type": "para", "inline": inline(_join(para)), "lines": (para_start, i)})
            para = []

    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if s.startswith("```"):                       # fenced block: keep lines as plain paragraphs
            flush()
            i += 1
            start, first = i - 1, len(blocks)
            while i < len(lines) and not lines[i].strip().startswith("```"):
                if lines[i].strip():
                    blocks.append({"type": "para", "inline": [(lines[i].rstrip(), {})]})
                i += 1
            i += 1
            for b in blocks[first:]:
                b["lines"] = (start, min(i, len(lines)))
            continue
        if not s or re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", s):
            flush()
        elif s.startswith(">"):                        # block quote: a note ("> 注：…"), printed without ">"
            flush()
            start, quoted = i, []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quoted.append(lines[i].strip()[1:].strip())
                i += 1
            for chunk in "\n".join(quoted).split("\n\n"):
                if chunk.strip():
                    blocks.append({"type": "quote", "inline": inline(_join(chunk.split("\n"))), "lines": (start, i)})
            continue
        elif m := _HEADING.match(s):
            flush()
            blocks.append({"type": "heading", "level": len(m.group(1)), "inline": inline(m.group(2)),
                           "lines": (i, i + 1)})
        elif m := _IMAGE.match(s):
            flush()
            blocks.append({"type": "image", "caption": m.group(1).strip(), "path": m.group(2), "lines": (i, i + 1)})
        elif "|" in s and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1].strip()):
            start = i
            if para and (cm := _CAPTION.match(_join(para))):
                caption, para, start = cm.group(1).strip(), [], para_start
            flush()
            header = _cells(s)
            rows = []
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                row = _cells(lines[i])
                rows.append((row + [""] * len(header))[:len(header)])
                i += 1
            blocks.append({"type": "table", "header": header, "rows": rows, "caption": caption, "lines": (start, i)})
            caption = None
            continue
        elif _ITEM.match(line) and not para:
            start = i
            block, i = _list(lines, i)
            blocks.append({**block, "lines": (start, i)})
            continue
        else:
            if not para:
                para_start = i
            para.append(line)
        i += 1
    flush()
    return blocks


def plain(inl: Inline) -> str:
    return "".join(t for t, _ in inl)

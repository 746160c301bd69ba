"""``cpaudit narrative pull``: the text a consultant wrote in the Word report, back into the narrative files.

Uses the record the report carries (:mod:`cpframework.report.fingerprint`): every numbered heading of
the outline is found by its record, and below it every block the program wrote (computed paragraphs,
tables, placeholders, drafts) is left out.  What remains is the node's narrative: a block unchanged
since generation is kept as its Markdown source (so images and ``{{指标:…}}`` references survive); a
new or edited block is turned into Markdown (paragraphs with bold/italic, sub-headings, lists, 注,
simple tables).  An edited draft (still starting with the draft mark) counts as accepted.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
from docx.oxml.ns import qn

from cpframework.errors import UsageError
from cpframework.report.fingerprint import Block, blocks, open_docx, read_record, scoped

DRAFT_MARK = "【草稿，请审阅】"
_SKIP = ("【待编写】", "【注意】", "【草稿说明】")
_NUMBERED = re.compile(r"^\s*(?:[（(]\d{1,3}[)）]|\d{1,3}[)）.、]|[①-⑳])\s*")
_BULLET = re.compile(r"^\s*[•●·▪■◆\-–]\s+")
_CAPTION = re.compile(r"^表\s*[\dA-Za-z一二三四五六七八九十]+(?:[.\-–]\d+)*\s+(.+)$")


@attrs.frozen
class Section:
    """The narrative found in the report below the heading of outline node ``node_id``."""

    node_id: str
    heading: str
    parts: tuple[tuple[str, str, str], ...]   # ("src", source key, as read from Word) or ("md", "", Markdown)


def _runs_markdown(p: Any) -> str:
    out = []
    for r in p.iter(qn("w:r")):
        if _in_field_or_deleted(r):
            continue
        text = "".join((t.text or "") if t.tag == qn("w:t") else " " for t in r.iter(qn("w:t"), qn("w:tab")))
        if not text:
            continue
        rpr = r.find(qn("w:rPr"))
        bold = rpr is not None and _on(rpr.find(qn("w:b")))
        italic = rpr is not None and _on(rpr.find(qn("w:i")))
        text = re.sub(r"([*_`\\])", r"\\\1", text)
        if bold and text.strip():
            text = f"**{text}**"
        elif italic and text.strip():
            text = f"*{text}*"
        out.append(text)
    return re.sub(r"\*\*\*\*", "", "".join(out)).strip()


def _on(el: Any) -> bool:
    return el is not None and el.get(qn("w:val")) not in ("0", "false", "off")


def _in_field_or_deleted(r: Any) -> bool:
    parent = r.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        if parent.tag in (qn("w:del"), qn("w:fldSimple")):
            return True
        parent = parent.getparent()
    return False


def _cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|").strip() or " "


def block_markdown(b: Block, base_level: int) -> str:
    """One new or edited block of the Word report as Markdown."""
    if b.kind == "tbl":
        rows = []
        for tr in b.element.iter(qn("w:tr")):
            rows.append([_cell(" ".join(t.text or "" for t in tc.iter(qn("w:t")))) for tc in tr.iter(qn("w:tc"))])
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [" "] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    text = _runs_markdown(b.element) or b.text
    if b.level:
        return "#" * max(1, min(4, b.level - base_level)) + " " + b.text
    if text.startswith(DRAFT_MARK):
        text = text[len(DRAFT_MARK):].strip()
    if m := _NUMBERED.match(b.text):
        return "1. " + _strip_label(text, m)
    if m := _BULLET.match(b.text):
        return "- " + _strip_label(text, m)
    if b.text.startswith(("注：", "注:")):
        return "> " + text
    return text


def _strip_label(text: str, m: re.Match) -> str:
    label = m.group().strip()
    i = text.find(label)
    return text[i + len(label):].strip() if 0 <= i <= 4 else text


def read_sections(path: Path) -> tuple[Any, list[Section]]:
    """The record and the narrative of every outline node found in the report at ``path``."""
    doc = open_docx(path)
    if doc is None:
        raise UsageError(f"{path} 不是可读取的 Word 文档（.docx）")
    rec = read_record(doc)
    if rec is None:
        raise UsageError(f"{path} 不是由 cpaudit report 生成的报告（或其中的生成记录已丢失），无法找到各章节的叙述文字；"
                         "请把文字直接写入叙述文件")
    heads = dict(rec.nodes)
    src = dict(rec.narrative)
    out: list[Section] = []
    node: tuple[str, str, int] | None = None
    parts: list[tuple[str, str, str]] = []
    items = list(blocks(doc))

    def close() -> None:
        if node is not None:
            out.append(Section(node[0], node[1], tuple(parts)))

    for i, b in enumerate(items):
        if b.key in heads:
            close()
            node, parts = (heads[b.key], b.text, b.level), []
            continue
        if node is None:
            continue
        if (key := scoped(node[0], b.key)) in src:
            if not any(p[1] == src[key] for p in parts):
                parts.append(("src", src[key], block_markdown(b, node[2])))
        elif b.key in rec.generated or b.text.startswith(_SKIP):
            continue
        elif b.kind == "p" and not b.level and (m := _CAPTION.match(b.text)) and i + 1 < len(items) \
                and items[i + 1].kind == "tbl" and items[i + 1].key not in rec.generated:
            parts.append(("md", "", f"表：{m.group(1)}"))
        else:
            md = block_markdown(b, node[2])
            if md:
                parts.append(("md", "", md))
    close()
    return rec, out


def source_snippets(text: str) -> dict[str, str]:
    """Markdown source of every block of a narrative text, by its key (see ``NarrativePart``)."""
    from cpframework.report import markdown
    from cpframework.report.narrative import source_key

    lines = text.replace("\r\n", "\n").replace("\t", "    ").split("\n")
    out = {}
    for block in markdown.parse(text):
        snippet = "\n".join(lines[slice(*block["lines"])]).strip()
        out[source_key(snippet)] = snippet
    return out


def section_markdown(section: Section, snippets: dict[str, str]) -> tuple[str, int]:
    """The narrative Markdown of ``section``; and how many blocks unchanged in Word were changed in the
    file since the report was generated (taken from Word: the caller says so)."""
    out, missing = [], 0
    for kind, key, md in section.parts:
        if kind == "src" and key in snippets:
            out.append(snippets[key])
        else:
            missing += kind == "src"
            out.append(md)
    joined: list[str] = []
    for piece in out:   # list items written one per paragraph in Word stay one list
        if joined and re.match(r"^(1\.|-) ", piece) and re.match(r"^(1\.|-) ", joined[-1].splitlines()[-1]):
            joined[-1] += "\n" + piece
        else:
            joined.append(piece)
    return "\n\n".join(joined).strip(), missing


@attrs.frozen
class FileChange:
    path: Path
    heading: str
    old: str | None        # the file's text (None: no file yet)
    new: str
    conflicts: int = 0     # blocks changed in the file since generation, taken from Word

    def diff(self, limit: int = 40) -> list[str]:
        import difflib

        from cpframework.project.narrative import strip_comments

        lines = [ln for ln in difflib.unified_diff(strip_comments(self.old or "").splitlines(),
                                                   strip_comments(self.new).splitlines(), lineterm="", n=0)
                 if not ln.startswith(("---", "+++", "@@")) and ln[1:].strip()]
        return lines[:limit] + ([f"……（另有 {len(lines) - limit} 行改动）"] if len(lines) > limit else [])


_LEADING_COMMENTS = re.compile(r"^\s*(?:<!--.*?-->\s*)+", re.S)


def plan_pull(report: Path, project: Any, std: Any) -> tuple[list[FileChange], list[str]]:
    """What ``narrative pull`` would write: one change per narrative file whose text differs from the
    report's, and notes (sections not found, conflicts)."""
    from cpframework.project.narrative import narrative_text, strip_comments

    rec, found = read_sections(Path(report))
    if rec.standard and rec.standard != std.id:
        raise UsageError(f"报告 {report} 是按另一标准生成的（与项目 {project.root} 的标准不同），不能收回到这个项目")
    kind = std.report_kinds.get(rec.kind)
    if kind is None:
        raise UsageError(f"项目 {project.root} 的标准没有生成这份报告的报告类型，无法对应章节")
    changes: list[FileChange] = []
    notes: list[str] = []
    seen: set[Path] = set()
    for section in found:
        node = kind.node(section.node_id)
        if node is None:
            continue
        path = Path(project.narrative_path(node.narrative_stem))
        if path in seen:   # one file for several sections (a stem shared): the first section decides
            continue
        seen.add(path)
        old = path.read_text(encoding="utf-8-sig", errors="replace") if path.is_file() else None
        body_now = narrative_text(path) if old is not None else ""
        new_body, conflicts = section_markdown(section, source_snippets(body_now))
        if new_body == strip_comments(body_now).strip():
            continue
        if not new_body and not body_now:
            continue
        head = _LEADING_COMMENTS.match(old or "")
        new = (head.group().rstrip() + "\n\n" if head else "") + new_body + ("\n" if new_body else "")
        if conflicts:
            notes.append(f"「{section.heading}」：叙述文件在生成报告后也改过（{conflicts} 段），这些段落以 Word 中的文字为准；请核对")
        changes.append(FileChange(path=path, heading=section.heading, old=old, new=new, conflicts=conflicts))
    return changes, notes


def apply_pull(changes: list[FileChange], folder: Path, label: str = "收回前") -> Path | None:
    """Write the changes atomically; the previous versions go to ``narrative/备份/<时间>/``; returns that folder."""
    import datetime as dt
    import shutil

    from cpframework.io.safe_write import atomic_output

    backup = None
    if any(c.old is not None for c in changes):
        backup = Path(folder) / "备份" / f"{label}-{dt.datetime.now():%Y%m%d-%H%M%S}"
        backup.mkdir(parents=True, exist_ok=True)
    for c in changes:
        if c.old is not None and backup is not None:
            shutil.copy2(c.path, backup / c.path.name)
        with atomic_output(c.path) as tmp:
            Path(tmp).write_text(c.new, encoding="utf-8")
    return backup


def plan_accept(report: Path, project: Any, std: Any, wanted: tuple[str, ...] = ()) -> tuple[list[FileChange], list[str]]:
    """``narrative accept``: the drafts of the report (all, or of the sections whose heading number or
    title is in ``wanted``) as the narrative of their sections; a section already written is left alone."""
    from cpframework.project.narrative import narrative_text

    doc = open_docx(Path(report))
    rec = read_record(doc) if doc is not None else None
    if rec is None:
        raise UsageError(f"{report} 不是由 cpaudit report 生成的报告（或其中的生成记录已丢失），无法找到草稿")
    kind = std.report_kinds.get(rec.kind)
    if kind is None:
        raise UsageError(f"项目 {project.root} 的标准没有生成这份报告的报告类型，无法对应章节")
    heads = dict(rec.nodes)
    drafts: dict[str, tuple[str, list[str]]] = {}
    node = None
    for b in blocks(doc):
        if b.key in heads:
            node = heads[b.key]
            drafts.setdefault(node, (b.text, []))
        elif node is not None and b.kind == "p" and b.text.startswith(DRAFT_MARK):
            drafts[node][1].append(b.text[len(DRAFT_MARK):].strip())
    changes: list[Any] = []
    notes: list[str] = []
    matched: set[str] = set()
    for node_id, (heading, texts) in drafts.items():
        number, _, title = heading.partition(" ")
        hit = not wanted or any(w.strip() in (heading, number, title.strip()) for w in wanted)
        if not hit:
            continue
        matched.update(w for w in wanted if w.strip() in (heading, number, title.strip()))
        if not texts:
            continue
        target = kind.node(node_id)
        if target is None:
            continue
        path = Path(project.narrative_path(target.narrative_stem))
        if path.is_file() and narrative_text(path):
            notes.append(f"「{heading}」已有叙述文字（{path.name}），草稿未采纳")
            continue
        old = path.read_text(encoding="utf-8-sig", errors="replace") if path.is_file() else None
        head = _LEADING_COMMENTS.match(old or "")
        new = (head.group().rstrip() + "\n\n" if head else "") + "\n\n".join(texts) + "\n"
        changes.append(FileChange(path=path, heading=heading, old=old, new=new))
    for w in wanted:
        if w not in matched:
            notes.append(f"报告中没有章节“{w}”（请写章节编号，如 4.1.2.6，或标题）")
    return changes, notes

"""The fingerprint a generated report carries, so that Word edits are never lost.

At generation the report gets a small custom XML part (``customXml/item*.xml``, which Word keeps when it
saves) holding: a hash of the document's text, the hash of every block the program wrote (headings,
computed paragraphs, tables, placeholders, drafts: everything that is *not* the consultant's narrative),
the outline node each numbered heading belongs to, and a hash per heading of the text below it.

From that, without the project: :func:`report_state` tells "our report, unchanged" (may be regenerated
over), "our report, edited in Word" (refuse unless ``--force``; say which sections changed) or "not a
report we generated"; and :mod:`cpframework.report.pull` finds the text a consultant wrote in Word.

The text of a block is its visible text: field results (the table of contents, page numbers) and deleted
tracked changes are left out, so updating the TOC in Word is not an edit.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
from docx.oxml.ns import qn

NS = "urn:cpframework:report-fingerprint:1"
_ITEM_PROPS_CT = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_RT_CUSTOM_XML_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
_SPACE = re.compile(r"\s+")
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.I)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def scoped(node_id: str, key: str) -> str:
    """A narrative block's key within its outline node (the same paragraph in two sections is two blocks)."""
    return short_hash(f"{node_id}\n{key}")


@attrs.frozen
class Block:
    """A paragraph or table of the body: its visible text and, for a heading, its level."""

    element: Any
    kind: str              # "p" or "tbl"
    text: str
    level: int = 0         # 1–4 for a heading paragraph
    style: str = ""        # the paragraph style's name ("" for a table)

    @property
    def key(self) -> str:
        return short_hash(f"{self.kind}:{self.text}")


def _style_names(doc: Any) -> dict[str, str]:
    out = {}
    for st in doc.styles.element.iterchildren(qn("w:style")):
        name = st.find(qn("w:name"))
        out[st.get(qn("w:styleId"))] = (name.get(qn("w:val")) if name is not None else "") or ""
    return out


_T, _TAB, _BR, _FLDCHAR, _FLDSIMPLE, _P = (qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:fldChar"), qn("w:fldSimple"),
                                          qn("w:p"))
_FLDCHARTYPE = qn("w:fldCharType")


class _Text:
    """Visible text of body elements, with field state carried across paragraphs (a TOC field spans many)."""

    def __init__(self) -> None:
        self.depth = 0

    def of(self, element: Any) -> str:
        parts: list[str] = []
        simple = next(element.iter(_FLDSIMPLE), None) is not None  # else no node can be inside one
        for node in element.iter(_T, _TAB, _BR, _FLDCHAR, _FLDSIMPLE, _P):
            tag = node.tag
            if tag == _FLDCHAR:
                kind = node.get(_FLDCHARTYPE)
                self.depth += 1 if kind == "begin" else -1 if kind == "end" else 0
                self.depth = max(self.depth, 0)
            elif self.depth or (simple and _inside(node, _FLDSIMPLE, element)):
                continue
            elif tag == _T:
                parts.append(node.text or "")
            elif tag == _TAB or tag == _BR:
                parts.append(" ")
            elif tag == _P and node is not element:
                parts.append("\n")
        return "\n".join(_SPACE.sub(" ", x).strip() for x in "".join(parts).split("\n") if x.strip())


def _inside(node: Any, tag: str, stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def blocks(doc: Any) -> Iterator[Block]:
    """The body's paragraphs and tables in order (content controls opened; TOC paragraphs skipped)."""
    names = _style_names(doc)
    text = _Text()

    def walk(parent: Any) -> Iterator[Block]:
        for child in parent.iterchildren():
            if child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)
            elif child.tag == qn("w:p"):
                sid = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                style = names.get(sid.get(qn("w:val")), "") if sid is not None else ""
                body = text.of(child)
                if style.lower().startswith("toc") or not body:
                    continue
                m = _HEADING_STYLE.match(style)
                yield Block(child, "p", body, int(m.group(1)) if m else 0, style)
            elif child.tag == qn("w:tbl"):
                body = text.of(child)
                if body:
                    yield Block(child, "tbl", body)
    yield from walk(doc.element.body)


def document_hash(doc: Any, of: Iterable[Block] | None = None) -> str:
    """Hash of the document's text; ``of``: its blocks when the caller has them already."""
    return hashlib.sha256("\n\n".join(f"{b.kind}:{b.text}" for b in (blocks(doc) if of is None else of))
                          .encode("utf-8")).hexdigest()


def sections(doc: Any, of: Iterable[Block] | None = None) -> list[tuple[str, str]]:
    """``(heading text, hash of what follows it up to the next heading)`` in order; ``""`` heads the
    part before the first heading (cover, inner covers)."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for b in (blocks(doc) if of is None else of):
        if b.level:
            out.append((b.text, []))
        else:
            out[-1][1].append(b.key)
    return [(head, short_hash(" ".join(keys))) for head, keys in out]


# ---------------------------------------------------------------- the record in the document


@attrs.frozen
class Record:
    """What the report says about itself (see the module docs)."""

    fingerprint: str
    generated: frozenset[str] = frozenset()          # block keys the program wrote (not narrative)
    nodes: tuple[tuple[str, str], ...] = ()          # (heading block key, outline node id)
    sections: tuple[tuple[str, str], ...] = ()       # (heading text hash, content hash)
    narrative: tuple[tuple[str, str], ...] = ()      # (scoped block key, key of the Markdown source that wrote it)
    standard: str = ""
    kind: str = ""
    parts: str = ""   # digest of document.xml and styles.xml as saved (see :func:`_untouched`)


def stamp(doc: Any, provenance: dict[Any, str], headings: dict[Any, str], standard: str, kind: str) -> Record:
    """Compute the record of the finished ``doc`` and add it as a custom XML part.

    ``provenance``: narrative element → key of its Markdown source; ``headings``: heading element → the
    outline node id it opens.  Every other block is recorded as written by the program."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    generated, nodes, narrative = set(), [], []
    node = ""
    every = list(blocks(doc))   # walked once: the document is large (the acceptance report has 42 000 elements)
    for b in every:
        if b.element in headings:
            node = headings[b.element]
            nodes.append((b.key, node))
        if b.element in provenance:
            narrative.append((scoped(node, b.key), provenance[b.element]))
        else:
            generated.add(b.key)
    rec = Record(fingerprint=document_hash(doc, every), generated=frozenset(generated), nodes=tuple(nodes),
                 sections=tuple((short_hash(h), c) for h, c in sections(doc, every)), narrative=tuple(narrative),
                 standard=standard, kind=kind,
                 parts=parts_digest(*(etree.tostring(e, encoding="UTF-8", standalone=True)  # as python-docx saves
                                      for e in (doc.element, doc.styles.element))))
    root = etree.Element(f"{{{NS}}}report", nsmap={None: NS}, standard=standard, kind=kind, parts=rec.parts)
    etree.SubElement(root, f"{{{NS}}}fingerprint").text = rec.fingerprint
    etree.SubElement(root, f"{{{NS}}}generated").text = " ".join(sorted(rec.generated))
    etree.SubElement(root, f"{{{NS}}}nodes").text = " ".join(f"{k}={n}" for k, n in rec.nodes)
    etree.SubElement(root, f"{{{NS}}}sections").text = " ".join(f"{h}:{c}" for h, c in rec.sections)
    etree.SubElement(root, f"{{{NS}}}narrative").text = " ".join(f"{k}:{c}" for k, c in rec.narrative)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package
    n = 1 + sum(1 for p in package.iter_parts() if str(p.partname).startswith("/customXml/item")
                and not str(p.partname).startswith("/customXml/itemProps"))
    item = Part(PackURI(f"/customXml/item{n}.xml"), "application/xml", blob, package)
    guid = "{" + hashlib.md5(blob).hexdigest().upper() + "}"
    guid = f"{guid[:9]}-{guid[9:13]}-{guid[13:17]}-{guid[17:21]}-{guid[21:]}"
    props = (f'<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
             f'<ds:datastoreItem ds:itemID="{guid}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             f'<ds:schemaRefs><ds:schemaRef ds:uri="{NS}"/></ds:schemaRefs></ds:datastoreItem>').encode()
    item.relate_to(Part(PackURI(f"/customXml/itemProps{n}.xml"), _ITEM_PROPS_CT, props, package), _RT_CUSTOM_XML_PROPS)
    doc.part.relate_to(item, _RT_CUSTOM_XML)
    return rec


def read_record(doc: Any) -> Record | None:
    """The record of a report we generated, or ``None``."""
    from lxml import etree

    for rel in doc.part.rels.values():
        if rel.reltype != _RT_CUSTOM_XML or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except (etree.XMLSyntaxError, ValueError, AttributeError):
            continue
        if root.tag != f"{{{NS}}}report":
            continue

        def words(name: str) -> list[str]:
            el = root.find(f"{{{NS}}}{name}")
            return (el.text or "").split() if el is not None else []
        fp = words("fingerprint")
        if not fp:
            return None
        return Record(fingerprint=fp[0], generated=frozenset(words("generated")),
                      nodes=tuple(tuple(w.split("=", 1)) for w in words("nodes") if "=" in w),  # type: ignore[misc]
                      sections=tuple(tuple(w.split(":", 1)) for w in words("sections") if ":" in w),  # type: ignore[misc]
                      narrative=tuple(tuple(w.split(":", 1)) for w in words("narrative") if ":" in w),  # type: ignore[misc]
                      standard=root.get("standard", ""), kind=root.get("kind", ""), parts=root.get("parts", ""))
    return None


def parts_digest(document_xml: bytes, styles_xml: bytes) -> str:
    """What the text of a report follows from: its body and its style names (headings, TOC paragraphs)."""
    return hashlib.sha256(document_xml + b"\0" + styles_xml).hexdigest()


def _untouched(path: Path) -> bool:
    """Whether ``path`` is one of our reports whose body and styles are byte for byte as generated: then
    its text is too, and it need not be opened and walked (a quarter of a second for a large report).
    ``False`` says nothing (Word re-saves every part): :func:`report_state` then compares the text."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            rels = zf.read("word/_rels/document.xml.rels") if "word/_rels/document.xml.rels" in names else b""
            for name in sorted(names):
                if not re.fullmatch(r"customXml/item\d+\.xml", name) or name.encode() not in rels:
                    continue
                info = zf.getinfo(name)
                if info.file_size > 1 << 22:
                    continue
                root = etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
                if root.tag != f"{{{NS}}}report" or not root.get("parts"):
                    continue
                if any(zf.getinfo(n).file_size > 1 << 28 for n in ("word/document.xml", "word/styles.xml")):
                    return False
                return root.get("parts") == parts_digest(zf.read("word/document.xml"), zf.read("word/styles.xml"))
    except Exception:  # noqa: BLE001 - anything unusual: the full comparison decides
        return False
    return False


def open_docx(path: Path) -> Any | None:
    """The python-docx document at ``path``, or ``None`` when it is not a readable .docx."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return None
    except Exception:  # noqa: BLE001 - any malformed package is "not a report we generated"
        return None


@attrs.frozen
class State:
    ours: bool
    edited: bool = False
    changed: tuple[str, ...] = ()     # headings whose text below changed ("" → the cover pages)
    added: tuple[str, ...] = ()       # headings that were not in the generated report
    removed: int = 0                  # generated headings no longer found


def report_state(path: Path) -> State:
    if _untouched(path):
        return State(ours=True)
    doc = open_docx(path)
    rec = read_record(doc) if doc is not None else None
    if rec is None:
        return State(ours=False)
    if document_hash(doc) == rec.fingerprint:
        return State(ours=True)
    before = dict(rec.sections)
    now = sections(doc)
    changed = tuple(h for h, c in now if short_hash(h) in before and before[short_hash(h)] != c)
    added = tuple(h for h, _c in now if short_hash(h) not in before)
    removed = len(set(before) - {short_hash(h) for h, _c in now})
    return State(ours=True, edited=True, changed=changed, added=added, removed=removed)


def _changes(state: State) -> str:
    def names(items: tuple[str, ...]) -> str:
        shown = "、".join(f"「{h or '封面等目录前的页面'}」" for h in items[:5])
        return shown + (f"等 {len(items)} 处" if len(items) > 5 else "")
    parts = []
    if state.changed:
        parts.append(f"这些章节下的文字有改动：{names(state.changed)}")
    if state.added:
        parts.append(f"新增了标题：{names(state.added)}")
    if state.removed:
        parts.append(f"删除或改动了 {state.removed} 个标题")
    return "；".join(parts) or "文字有改动"


def backup_name(path: Path) -> Path:
    import datetime as dt

    stamp_ = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}（Word修改稿 {stamp_}）{path.suffix}")


def may_overwrite(path: Path, force: bool, project: Any = None, std: Any = None) -> tuple[bool, str]:
    """Whether ``cpaudit report`` may write over ``path``, and a note for the user (``""`` for none).

    A report we generated and nobody changed may be regenerated without ``--force``.  One edited in
    Word is refused (:class:`OutputError`, exit code 2) while it holds narrative text the narrative
    files lack (``narrative pull`` brings it back) unless ``force``; when it is overwritten, a copy is
    kept first.  Any other existing file keeps the usual rule (``--force``)."""
    import shutil

    from cpframework.errors import OutputError

    path = Path(path)
    try:
        if not path.is_file():
            return force, ""
    except OSError:          # a name too long …: check_output says so (exit code 2)
        return force, ""
    state = report_state(path)
    if not state.ours:
        return force, ""
    if not state.edited:
        return True, ""
    pending = True
    if project is not None and std is not None:
        from cpframework.errors import CpfError
        from cpframework.report.pull import plan_pull

        try:
            pending = bool(plan_pull(path, project, std)[0])
        except CpfError:
            pending = True
    if pending and not force:
        where = getattr(project, "root", "项目目录")
        raise OutputError(
            f"报告 {path} 生成后已在 Word 中修改过（{_changes(state)}），重新生成会覆盖这些修改。"
            f"请先运行 cpaudit narrative pull \"{path}\" \"{where}\" 把在 Word 中写的文字收回叙述文件，再重新生成；"
            f"如确定不要这些修改，请加 --force（原文件会先另存一份）。")
    backup = backup_name(path)
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        from cpframework.io.oserror import os_error_text

        raise OutputError(f"无法另存在 Word 中修改过的报告 {path}：{os_error_text(exc)}；报告未重新生成") from None
    return True, f"报告 {path} 曾在 Word 中修改过（{_changes(state)}），已先另存为 {backup.name}"

"""#16 item 10: the standard fixes the chapter numbers (附录B), so a section the project's flags leave out keeps
its number unused; the preface says so in one sentence, naming the numbers left out."""
from __future__ import annotations


def _on(project, when: str | None) -> bool:
    if not when:
        return True
    neg = when.startswith("not ")
    on = bool(project.manifest.flag(when[4:].strip() if neg else when.strip()))
    return not on if neg else on


def skipped(ctx) -> list[str]:
    """Numbered sections (and their number) of this report kind that the project's flags leave out."""
    out: list[str] = []

    def visit(nodes):
        for n in nodes:
            if not _on(ctx.project, n.when):
                if n.number:
                    out.append(f"{n.number} {n.title}")
                continue
            visit(n.children)
    visit(ctx.kind.outline)
    return out


def numbering_note(ctx, w):
    gaps = skipped(ctx)
    if gaps:
        w.paragraph(f"说明：本报告的章节和附件编号按 DB4101/T 61—2023 附录B 的报告正文框架编排，"
                    f"{'、'.join(gaps)}不适用于本企业，未予编写，其编号保留不用。")

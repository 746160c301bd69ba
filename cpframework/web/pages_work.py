"""Pages: the evaluation dashboard and the narrative editor."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from cpframework.errors import CpfError
from cpframework.web import security, services
from cpframework.web.app import call, form_of, site
from cpframework.web.markdown_html import to_html
from cpframework.web.pages_project import loaded, page, project_root

MAX_NARRATIVE_CHARS = 2_000_000


# ---------------------------------------------------------------- evaluation


def _latest_report(request: Request, root: Path) -> Path | None:
    out = services.output_dir(site(request).root, root)
    docs = [p for p in out.glob("*.docx") if p.is_file() and not p.name.startswith(".")] if out.is_dir() else []
    return max(docs, key=lambda p: p.stat().st_mtime) if docs else None


def _views(ev: Any) -> list[dict]:
    """Plugin result views (``{"title", "columns", "rows"}``) the CLI prints after the indicator table."""
    out = []
    for value in (ev.extra.values() if ev is not None else []):
        for view in (value if isinstance(value, list) else [value]):
            if isinstance(view, dict) and {"title", "columns", "rows"} <= set(view):
                out.append(view)
    return out


async def evaluation(request: Request) -> Response:
    root, st = await loaded(request)
    report = _latest_report(request, root) if not st.error else None
    figs = []
    if report is not None:
        try:
            figs = [f.caption for f in await call(services.figures, report)]
        except CpfError:
            figs = []
    return page(request, "evaluation.html", root, st, "evaluation", views=_views(st.evaluation),
                report=report, figures=figs, levels=list(st.std.info.levels) if st.std else [])


async def figure(request: Request) -> Response:
    root = project_root(request)
    report = _latest_report(request, root)
    n = request.path_params["n"]
    figs = await call(services.figures, security.inside(site(request).root, report)) if report else []
    if not 0 <= n < len(figs):
        raise security.Forbidden("找不到这个图。", 404)
    return Response(figs[n].data, media_type=figs[n].content_type)


# ---------------------------------------------------------------- narrative


async def narrative_list(request: Request) -> Response:
    root, st = await loaded(request)
    rows = []
    if st.std is not None:
        for sec in services.sections(st.std):
            rows.append((sec, await call(services.is_written, st.project, sec.stem)))
    return page(request, "narrative_list.html", root, st, "narrative", rows=rows)


def _section(st: services.State, stem: str) -> services.Section:
    for sec in services.sections(st.std) if st.std is not None else []:
        if sec.stem == stem:
            return sec
    raise security.Forbidden("这个项目的报告中没有这一节。", 404)


async def _editor(request: Request, root: Path, st: services.State, sec: services.Section, text: str, base: str,
                  *, message: str = "", conflict: str | None = None, status: int = 200) -> Response:
    draft = await call(services.draft, st.project, st.std, st.evaluation, sec.stem)
    return page(request, "narrative_edit.html", root, st, "narrative", sec=sec, text=text, base=base,
                preview=to_html(services.preview_blocks(text)), draft=draft, message=message, conflict=conflict,
                conflict_hash=services.text_hash(conflict) if conflict is not None else "",
                failed=status >= 400, status=status)


async def narrative_edit(request: Request) -> Response:
    root, st = await loaded(request)
    if st.error:
        raise CpfError(st.error)
    sec = _section(st, request.path_params["stem"])
    path = security.inside(root, services.narrative_file(st.project, sec.stem))
    text = await call(services.read_narrative, path)
    return await _editor(request, root, st, sec, text, services.text_hash(text))


async def narrative_post(request: Request) -> Response:
    """One form, three buttons: 预览, 采用草稿 (insert the draft into the text), 保存.  The text typed is
    always sent back, so nothing is lost; saving over a file that changed on disk since the editor
    was opened is refused and both versions are shown."""
    root, st = await loaded(request)
    if st.error:
        raise CpfError(st.error)
    sec = _section(st, request.path_params["stem"])
    form = await form_of(request)
    text = str(form.get("text", "")).replace("\r\n", "\n")
    base = str(form.get("base", ""))
    action = form.get("action", "preview")
    if len(text) > MAX_NARRATIVE_CHARS:
        return await _editor(request, root, st, sec, text[:MAX_NARRATIVE_CHARS], base, status=413,
                             message=f"正文超过 {MAX_NARRATIVE_CHARS} 字，未保存。")
    path = security.inside(root, services.narrative_file(st.project, sec.stem))
    if action == "accept_draft":
        draft = await call(services.draft, st.project, st.std, st.evaluation, sec.stem)
        if draft:
            text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + draft + "\n"
        return await _editor(request, root, st, sec, text, base, message="已把草稿放入正文，核对修改后请保存。")
    if action != "save":
        return await _editor(request, root, st, sec, text, base)
    on_disk = await call(services.read_narrative, path)
    current = services.text_hash(on_disk)
    if base != current and form.get("overwrite") != current:
        return await _editor(request, root, st, sec, text, base, conflict=on_disk, status=409,
                             message="保存前发现文件已被其他程序修改（如在编辑器或另一个浏览器窗口中）。您输入的内容仍在下方，未保存。")
    await call(services.save_narrative, root, path, text)
    return await _editor(request, root, await call(services.state, root), sec, text, services.text_hash(text),
                         message=f"已保存 narrative/{path.name}。")


async def narrative_preview(request: Request) -> Response:
    """The live preview the editor's script asks for (the same rendering as the 预览 button)."""
    project_root(request)
    form = await form_of(request)
    return HTMLResponse(to_html(services.preview_blocks(str(form.get("text", ""))[:MAX_NARRATIVE_CHARS])))


ROUTES = [
    Route("/p/{name}/evaluation", evaluation, name="evaluation"),
    Route("/p/{name}/figures/{n:int}", figure, name="figure"),
    Route("/p/{name}/narrative", narrative_list, name="narrative_list"),
    Route("/p/{name}/narrative/{stem}", narrative_edit, name="narrative_edit"),
    Route("/p/{name}/narrative/{stem}", narrative_post, methods=["POST"], name="narrative_post"),
    Route("/p/{name}/narrative/{stem}/preview", narrative_preview, methods=["POST"], name="narrative_preview"),
]

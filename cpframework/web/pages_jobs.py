"""Pages: report generation and batch screening (both run on the worker with a progress page), and
downloads of what they wrote into ``DIR/输出/``."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from cpframework.errors import CpfError
from cpframework.web import security, services
from cpframework.web.app import call, form_of, render, site
from cpframework.web.pages_project import loaded, page, project_root
from cpframework.web.uploads import UploadError, receive

SCREEN_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".parquet", ".pq")
PAGE_ROWS = 50
EXCEL_ROWS = 100_000   # above this the Excel copy is skipped (openpyxl writes ~10 000 rows/s); CSV always


def outputs(request: Request) -> Path:
    return site(request).root / services.OUTPUT_DIR


def file_url(request: Request, path: Path) -> str:
    rel = security.inside(outputs(request), path).relative_to(outputs(request).resolve())
    return str(request.url_for("files", path=rel.as_posix()))


# ---------------------------------------------------------------- report


async def report(request: Request, error: str = "", status: int = 200) -> Response:
    root, st = await loaded(request)
    out = services.output_dir(site(request).root, root)
    files = sorted((p for p in out.iterdir() if p.is_file() and not p.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True) if out.is_dir() else []
    job = site(request).worker.latest("report", root.name)
    return page(request, "report.html", root, st, "report", kinds=services.report_kinds(st.std) if st.std else [],
                files=[(p, file_url(request, p), p.stat().st_mtime) for p in files], job=job, error=error,
                pdf=await call(services.pdf_available), status=status)


async def report_post(request: Request) -> Response:
    s = site(request)
    root = project_root(request)
    form = await form_of(request)
    kind = str(form.get("kind", ""))
    force, pdf = form.get("force") == "1", form.get("pdf") == "1"

    def work(job: Any) -> dict:
        return services.generate(s.root, root, kind, force=force, pdf=pdf, progress=lambda t: job.progress(t))

    job = s.worker.submit("report", f"生成报告：{root.name}", work, owner=root.name)
    return RedirectResponse(request.url_for("job", id=job.id), 303)


async def job_page(request: Request) -> Response:
    s = site(request)
    job = s.worker.get(request.path_params["id"])
    if job is None:
        raise security.Forbidden("找不到这个任务（服务重启后，任务记录会清空；已写出的文件仍在“输出”文件夹中）。", 404)
    if job.kind == "screen" and job.state == "done":
        return RedirectResponse(request.url_for("screen_result", id=job.id), 303)
    links = []
    if job.kind == "report" and job.state == "done":
        links = [(p.name, file_url(request, p)) for p in job.result["files"]]
    return render(request, "job.html", job=job, ahead=s.worker.ahead_of(job), links=links)


async def files(request: Request) -> Response:
    path = security.inside(outputs(request), outputs(request) / request.path_params["path"])
    if not path.is_file() or path.name.startswith("."):
        raise security.Forbidden("找不到这个文件。", 404)
    return FileResponse(path, filename=path.name)


# ---------------------------------------------------------------- screening


async def screen(request: Request, error: str = "", status: int = 200, values: dict | None = None) -> Response:
    stds = await call(services.screen_standards)
    values = values or {}
    chosen = values.get("standard") or request.query_params.get("standard") or (stds[0].id if stds else "")
    mod = await call(services.screener, chosen) if chosen in {s.id for s in stds} else None
    base = outputs(request) / services.SCREEN_DIR
    history = sorted((d for d in base.iterdir() if d.is_dir() and not d.name.startswith(".")),
                     key=lambda d: d.name, reverse=True)[:20] if base.is_dir() else []
    past = [(d.name, [(f.name, file_url(request, f)) for f in sorted(d.iterdir()) if f.is_file()]) for d in history]
    return render(request, "screen.html", status=status, standards=stds, chosen=chosen, mod=mod,
                  columns=services.screen_columns(mod) if mod else "", options=services.screen_options(mod),
                  values=values, error=error, limit=site(request).screen_limit, past=past)


def _stem(name: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", Path(name).stem)[:40] or "输入"


async def screen_post(request: Request) -> Response:
    s = site(request)
    from cpframework.io.safe_write import clean_stale, temp_prefix

    uploads = outputs(request) / services.SCREEN_DIR / ".uploads"
    await call(clean_stale, uploads / "upload")  # inputs left by a server that was killed mid-run
    try:
        form, staged, name = await receive(request, s.token, field="file", dest=uploads, limit=s.screen_limit,
                                           suffixes=SCREEN_SUFFIXES, what="筛查数据文件",
                                           prefix=temp_prefix(uploads / "upload"))
    except UploadError as exc:
        return await screen(request, error=str(exc), status=413 if "上限" in str(exc) else 400)
    std_id = str(form.get("standard", ""))
    mod_options = {k[4:]: str(v).strip() for k, v in form.items() if k.startswith("opt.") and str(v).strip()}
    encoding = {"gbk": "gbk"}.get(str(form.get("encoding", "")))
    try:
        mod = await call(services.screener, std_id)
        await call(services.parse_screen_options, mod, mod_options)  # wrong options are said now, not after the upload
    except CpfError as exc:
        staged.unlink(missing_ok=True)
        values = {"standard": std_id, **{f"opt.{k}": v for k, v in mod_options.items()}}
        return await screen(request, error=str(exc), status=400, values=values)
    folder = outputs(request) / services.SCREEN_DIR / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{_stem(name)}"

    def work(job: Any) -> dict:
        try:
            job.progress("正在读取并逐块筛查", 0.0)
            result = services.run_screen(mod, staged, mod_options, encoding,
                                         lambda f: job.progress(fraction=0.8 * f))
        finally:
            staged.unlink(missing_ok=True)
        job.progress("正在写出结果文件", 0.85)
        folder.mkdir(parents=True, exist_ok=True)
        written = services.write_screen(result, folder / f"{_stem(name)}-筛查结果.csv", "csv")
        excel_skipped = max(len(t.frame) for t in result.tables.values()) > EXCEL_ROWS
        if not excel_skipped:
            written += services.write_screen(result, folder / f"{_stem(name)}-筛查结果.xlsx", "xlsx")
        job.progress("正在绘制图表", 0.95)
        charts = []
        for i, (caption, fig) in enumerate(services.screen_figures(result), 1):
            png = folder / f"图{i}.png"
            services.save_png(fig, png)
            charts.append((caption, png))
        return {"result": result, "files": written, "charts": charts, "folder": folder, "source": name,
                "excel_skipped": excel_skipped}

    job = s.worker.submit("screen", f"批量筛查：{name}", work)
    return RedirectResponse(request.url_for("job", id=job.id), 303)


async def screen_result(request: Request) -> Response:
    job = site(request).worker.get(request.path_params["id"])
    if job is None or job.kind != "screen":
        raise security.Forbidden("找不到这个筛查结果（服务重启后只保留文件：见“批量筛查”页下方的历史结果）。", 404)
    if job.state != "done":
        return RedirectResponse(request.url_for("job", id=job.id), 303)
    res = job.result
    tables = res["result"].tables
    key = request.query_params.get("table") or next(iter(tables))
    if key not in tables:
        raise security.Forbidden("没有这个结果表。", 404)
    frame = tables[key].frame
    pages = max(1, -(-len(frame) // PAGE_ROWS))
    try:
        n = min(max(1, int(request.query_params.get("page", "1"))), pages)
    except ValueError:
        n = 1
    rows = frame.iloc[(n - 1) * PAGE_ROWS: n * PAGE_ROWS]
    return render(request, "screen_result.html", job=job, res=res, tables=tables, key=key, columns=list(map(str, frame.columns)),
                  rows=rows.itertuples(index=False, name=None), page_no=n, pages=pages, total=len(frame),
                  first=(n - 1) * PAGE_ROWS + 1, last=min(n * PAGE_ROWS, len(frame)), charts=[(c, file_url(request, p)) for c, p in res["charts"]],
                  downloads=[(p.name, file_url(request, p)) for p in res["files"]])


ROUTES = [
    Route("/p/{name}/report", report, name="report"),
    Route("/p/{name}/report", report_post, methods=["POST"], name="report_post"),
    Route("/jobs/{id}", job_page, name="job"),
    Route("/files/{path:path}", files, name="files"),
    Route("/screen", screen, name="screen"),
    Route("/screen", screen_post, methods=["POST"], name="screen_post"),
    Route("/screen/{id}", screen_result, name="screen_result"),
]

"""Pages: the projects under DIR, a new project, a project's progress, check results and workbook."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from cpframework.errors import CpfError
from cpframework.web import security, services
from cpframework.web.app import call, form_of, render, site
from cpframework.web.uploads import UploadError, receive

XLSX = (".xlsx", ".xlsm")


def project_root(request: Request) -> Path:
    s = site(request)
    root = security.child(s.root, request.path_params["name"])
    if not (root / "project.toml").is_file():
        raise security.Forbidden(f"“{root.name}”不是这里的项目（找不到 project.toml）。", 404)
    return root


async def loaded(request: Request) -> tuple[Path, services.State]:
    root = project_root(request)
    return root, await call(services.state, root)


def page(request: Request, name: str, root: Path, st: services.State, tab: str, **ctx: Any) -> Response:
    return render(request, name, folder=root.name, st=st, tab=tab, **ctx)


# ---------------------------------------------------------------- index and new project


async def index(request: Request) -> Response:
    s = site(request)
    dirs = await call(services.project_dirs, s.root)
    rows = []
    for d in dirs:
        st = await call(services.state, d)
        rows.append((d.name, st))
    itself = (s.root / "project.toml").is_file()
    return render(request, "index.html", rows=rows, itself=itself)


_FOLDER = re.compile(r"^[^\\/:*?\"<>|\x00-\x1f.][^\\/:*?\"<>|\x00-\x1f]{0,79}$")


async def new_form(request: Request, errors: list[str] | None = None, values: dict | None = None,
                   status: int = 200) -> Response:
    stds = await call(services.standards)
    values = values or {}
    chosen = values.get("standard") or request.query_params.get("standard") or (stds[0].id if stds else "")
    known = {s.id for s in stds}
    fields = await call(services.subject_fields, chosen) if chosen in known else []
    import datetime as dt

    return render(request, "new.html", status=status, standards=stds, chosen=chosen, fields=fields,
                  values=values, errors=errors or [], this_year=dt.date.today().year)


async def new_get(request: Request) -> Response:
    return await new_form(request)


async def new_post(request: Request) -> Response:
    s = site(request)
    form = await form_of(request)
    values = {k: str(v).strip() for k, v in form.items() if isinstance(v, str)}
    errors = []
    folder, name = values.get("folder", ""), values.get("name", "")
    std_id = values.get("standard", "")
    if not _FOLDER.match(folder):
        errors.append("文件夹名：请填写 1–80 个字符，不含 \\ / : * ? \" < > |，不以“.”开头。")
    if not name:
        errors.append("审核对象名称：必填。")
    year = None
    if values.get("year"):
        if not values["year"].isdigit() or not 1990 <= int(values["year"]) <= 2100:
            errors.append("审核年份：应为 1990–2100 之间的四位年份，如 2025。")
        else:
            year = int(values["year"])
    if values.get("change"):  # the standard was changed: show its subject fields, create nothing
        return await new_form(request, values=values)
    try:
        fields = await call(services.subject_fields, std_id)
    except CpfError as exc:
        errors.append(str(exc))
        fields = []
    subject = {f.id: values.get(f"subject.{f.id}", "") for f in fields}
    errors += [f"{f.label}：必填。" for f in fields if f.required and not subject[f.id]]
    if folder and _FOLDER.match(folder):
        target = s.root / folder
        security.inside(s.root, target)
        if target.exists():
            errors.append(f"文件夹“{folder}”已存在；为避免覆盖您的文件，请换一个名字。")
    if errors:
        return await new_form(request, errors=errors, values=values, status=422)
    try:
        await call(services.create, s.root / folder, std_id, name=name, year=year, subject=subject)
    except CpfError as exc:
        return await new_form(request, errors=[str(exc)], values=values, status=422)
    return RedirectResponse(request.url_for("overview", name=folder), 303)


# ---------------------------------------------------------------- a project


async def overview(request: Request) -> Response:
    root, st = await loaded(request)
    return page(request, "overview.html", root, st, "overview")


async def check(request: Request) -> Response:
    root, st = await loaded(request)
    groups: dict[str, list[Any]] = {}
    for p in st.problems:
        key = f"工作表“{p.sheet}”" if p.sheet else (p.file or "其他")
        groups.setdefault(key, []).append(p)
    from cpframework.project.defaults import default_notes

    notes = default_notes(st.std, st.project.manifest) if st.project is not None else []
    return page(request, "check.html", root, st, "check", groups=groups, notes=notes,
                uploaded=request.query_params.get("uploaded"))


async def workbook(request: Request, message: str = "", error: str = "", status: int = 200) -> Response:
    root, st = await loaded(request)
    versions = await call(services.workbook_versions, root) if not st.error else []
    return page(request, "workbook.html", root, st, "workbook", versions=versions, message=message, error=error,
                limit=site(request).workbook_limit, status=status)


async def workbook_download(request: Request) -> Response:
    root = project_root(request)
    path = security.inside(root, await call(services.workbook_path, root))
    if not path.is_file():
        raise security.Forbidden("项目的数据工作簿不存在。", 404)
    return FileResponse(path, filename=f"{root.name}-{path.name}")


async def version_download(request: Request) -> Response:
    root = project_root(request)
    wanted = request.path_params["file"]
    for v in await call(services.workbook_versions, root):
        if v.name == wanted:
            return FileResponse(security.inside(root, v), filename=f"{root.name}-{v.name}")
    raise security.Forbidden("找不到这个历史版本。", 404)


async def workbook_upload(request: Request) -> Response:
    from cpframework.io.safe_write import temp_prefix

    s = site(request)
    root = project_root(request)
    target = await call(services.workbook_path, root)
    try:
        _form, staged, name = await receive(request, s.token, field="file", dest=target.parent, limit=s.workbook_limit,
                                            suffixes=XLSX, what="Excel 工作簿", prefix=temp_prefix(target))
    except UploadError as exc:
        return await workbook(request, error=str(exc), status=413 if "上限" in str(exc) else 400)
    try:
        kept = await call(services.install_workbook, root, staged, name)
    except CpfError as exc:
        return await workbook(request, error=f"未替换：{exc}", status=400)
    finally:
        staged.unlink(missing_ok=True)
    note = f"已用“{name}”替换数据工作簿" + (f"；原工作簿已保存为 {kept.parent.name}/{kept.name}" if kept else "")
    return RedirectResponse(str(request.url_for("check", name=root.name)) + "?uploaded=" + _q(note), 303)


async def workbook_restore(request: Request) -> Response:
    root = project_root(request)
    form = await form_of(request)
    wanted = str(form.get("version", ""))
    match = [v for v in await call(services.workbook_versions, root) if v.name == wanted]
    if not match:
        raise security.Forbidden("找不到这个历史版本。", 404)
    kept = await call(services.restore_workbook, root, security.inside(root, match[0]))
    note = f"已恢复 {wanted}" + (f"；替换下来的工作簿已保存为 {kept.name}" if kept else "")
    return RedirectResponse(str(request.url_for("check", name=root.name)) + "?uploaded=" + _q(note), 303)


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


ROUTES = [
    Route("/", index, name="index"),
    Route("/new", new_get, name="new"),
    Route("/new", new_post, methods=["POST"], name="new_post"),
    Route("/p/{name}/", overview, name="overview"),
    Route("/p/{name}/check", check, name="check"),
    Route("/p/{name}/workbook", workbook, name="workbook"),
    Route("/p/{name}/workbook", workbook_upload, methods=["POST"], name="workbook_upload"),
    Route("/p/{name}/workbook/download", workbook_download, name="workbook_download"),
    Route("/p/{name}/workbook/versions/{file}", version_download, name="version_download"),
    Route("/p/{name}/workbook/restore", workbook_restore, methods=["POST"], name="workbook_restore"),
]

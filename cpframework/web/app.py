"""The Starlette application of ``cpaudit serve``: routes, templates, error pages.

Server-side rendered pages (Jinja2); the only script is ``static/app.js`` (live narrative preview and
progress polling, both optional: every page works without it).  Pages call the core through
:mod:`cpframework.web.services` only.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import attrs
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from cpframework.errors import CpfError
from cpframework.web import security
from cpframework.web.jobs import Worker

HERE = Path(__file__).parent
log = logging.getLogger("cpframework.web")
MB = 1024 * 1024


@attrs.define
class Site:
    root: Path
    token: str
    worker: Worker
    templates: Any
    workbook_limit: int
    screen_limit: int
    warnings: list[str] = attrs.field(factory=list)

    @property
    def csrf(self) -> str:
        return security.csrf_token(self.token)


def site(request: Request) -> Site:
    return request.app.state.site


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> Response:
    s = site(request)
    return s.templates.TemplateResponse(request, name, {"site": s, "csrf": s.csrf, **ctx}, status_code=status)


async def call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """A blocking core call, off the event loop."""
    return await run_in_threadpool(fn, *args, **kwargs)


async def form_of(request: Request) -> Any:
    """A small (non-upload) form, with its CSRF token checked."""
    form = await request.form(max_files=0, max_fields=200, max_part_size=8 * MB)
    security.check_csrf(site(request).token, form.get("csrf"))
    return form


# ---------------------------------------------------------------- error pages


async def _forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, security.Forbidden)
    return render(request, "error.html", status=exc.status, title="无法访问", message=str(exc))


async def _cpf_error(request: Request, exc: Exception) -> Response:
    return render(request, "error.html", status=400, title="无法完成", message=str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = {400: "请求无法解析（表单格式有误、字段过多或内容过大），未执行。请回到页面重新提交。",
            404: "找不到这个页面（地址有误，或项目已被移走）。", 405: "不支持这种请求方式。"}.get(exc.status_code, "请求未能完成。")
    return render(request, "error.html", status=exc.status_code, title="出错了", message=text)


async def _internal(request: Request, exc: Exception) -> Response:
    log.exception("内部错误")
    return render(request, "error.html", status=500, title="内部错误",
                  message=f"内部错误：{type(exc).__name__}。这是 cpaudit 的缺陷，不是您的数据问题；"
                          "完整信息已写在启动服务的终端窗口中，请附上它报告问题。")


# ---------------------------------------------------------------- the app


def _templates() -> Jinja2Templates:
    from cpframework.web import filters

    t = Jinja2Templates(directory=str(HERE / "templates"))
    t.env.autoescape = True
    t.env.trim_blocks = True
    t.env.lstrip_blocks = True
    filters.install(t.env)
    return t


def create_app(root: Path | str, token: str | None = None, *, workbook_limit: int | None = None,
               screen_limit: int = 2048 * MB, worker: Worker | None = None) -> Starlette:
    """The app serving the project folders under ``root``.  ``token``: the access token (random if None)."""
    from cpframework.io.safe_read import MAX_INPUT_BYTES
    from cpframework.web import pages_jobs, pages_project, pages_work, services

    root = Path(root).resolve()
    token = token or security.new_token()
    routes = [*pages_project.ROUTES, *pages_work.ROUTES, *pages_jobs.ROUTES,
              Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static")]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(security.TokenGate, token=token)],
        exception_handlers={security.Forbidden: _forbidden, CpfError: _cpf_error, HTTPException: _http_error,
                            Exception: _internal},
    )
    app.state.site = Site(root=root, token=token, worker=worker or Worker(), templates=_templates(),
                          workbook_limit=workbook_limit or MAX_INPUT_BYTES, screen_limit=screen_limit,
                          warnings=services.warm())
    return app


__all__ = ["Route", "Site", "call", "create_app", "form_of", "render", "site"]

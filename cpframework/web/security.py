"""Who may use the app and what it may touch.

* **Access token.**  A random token is printed in the address (``/?token=…``).  The first request with it
  sets an HttpOnly, SameSite=Strict cookie and redirects to the same address without the token (so it
  does not stay in the history); every later request needs the cookie.  Anything else gets a Chinese
  page saying to use the printed address.
* **CSRF.**  Every form carries a hidden ``csrf`` field; a POST without the right value is refused.  (The
  SameSite cookie already keeps other sites out; the token makes that explicit and testable.)
* **Paths.**  Every file the app reads or writes is resolved (symlinks followed) and must lie inside DIR.
* **Headers.**  No framing, no sniffing, no referrer, scripts and styles only from the app itself.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
     b"form-action 'self'; base-uri 'none'"),
    (b"cache-control", b"no-store"),
]


class Forbidden(Exception):
    """A request that must not be served (path outside DIR, bad CSRF token)."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


def new_token() -> str:
    return secrets.token_urlsafe(24)


def cookie_name(token: str) -> str:
    """Per server (two servers on one machine do not overwrite each other's cookie)."""
    return "cpaudit_" + hashlib.sha256(token.encode()).hexdigest()[:10]


def csrf_token(token: str) -> str:
    return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()


def check_csrf(token: str, given: object) -> None:
    if not isinstance(given, str) or not hmac.compare_digest(given, csrf_token(token)):
        raise Forbidden("表单已过期或来源不明（缺少安全令牌），未执行。请回到页面重新提交。")


DENIED = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>需要访问令牌</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.7">
<h1>需要访问令牌</h1><p>这个页面只对启动它的人开放。请使用 <code>cpaudit serve</code> 启动时打印的完整地址
（含 <code>?token=…</code>）打开，或重新运行 <code>cpaudit serve</code>。</p></body></html>"""


class TokenGate:
    """ASGI middleware: the access token (query once, then cookie) and the security headers."""

    def __init__(self, app: ASGIApp, token: str):
        self.app = app
        self.token = token
        self.cookie = cookie_name(token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        request = Request(scope)
        response: Response
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given, self.token):
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            response = RedirectResponse(request.url.path + (f"?{urlencode(rest)}" if rest else ""), 303)
            response.set_cookie(self.cookie, self.token, httponly=True, samesite="strict", path="/")
        elif hmac.compare_digest(request.cookies.get(self.cookie, ""), self.token):
            await self.app(scope, receive, _with_headers(send))
            return
        else:
            response = HTMLResponse(DENIED, status_code=403)
        await response(scope, receive, _with_headers(send))


def _with_headers(send: Send) -> Send:
    async def wrapped(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
        await send(message)
    return wrapped


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved (symlinks followed); :class:`Forbidden` unless it lies inside ``root``."""
    real_root = Path(root).resolve()
    real = Path(path).resolve()
    if real != real_root and not real.is_relative_to(real_root):
        raise Forbidden("路径位于服务目录之外，已拒绝访问。", 404)
    return real


def child(root: Path, name: str) -> Path:
    """A direct sub-folder of ``root`` named by a URL segment (no separators, no '..', not hidden)."""
    if not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\\0:"):
        raise Forbidden("无效的项目名称。", 404)
    path = Path(root) / name
    real = inside(root, path)
    if real.parent != Path(root).resolve():
        raise Forbidden("路径位于服务目录之外，已拒绝访问。", 404)
    return path

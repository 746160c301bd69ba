"""Starting the web app: pick the address, print it with the token, open the browser, run uvicorn."""
from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from pathlib import Path

LOCAL = ("127.0.0.1", "localhost", "::1")


def free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def address(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else (f"[{host}]" if ":" in host else host)
    return f"http://{shown}:{port}/?token={token}"


def serve(root: Path, host: str = "127.0.0.1", port: int = 0, *, open_browser: bool = True,
          echo=None) -> None:
    """Serve until Ctrl-C.  ``port = 0`` chooses a free port."""
    import click
    import uvicorn

    echo = echo or click.echo
    from cpframework.web.app import create_app
    from cpframework.web.security import new_token

    token = new_token()
    app = create_app(root, token)
    if port == 0:
        port = free_port(host)
    url = address(host, port, token)
    if host not in LOCAL:
        echo(f"警告：服务绑定在 {host} 上，同一网络中的其他电脑也能连接（仍需要访问令牌）。"
             "只在本机使用时请去掉 --host。", err=True)
    echo(f"cpaudit 网页界面已启动，服务目录：{Path(root).resolve()}")
    echo(f"请在浏览器中打开：{url}")
    echo("（地址中含访问令牌，请勿分享；按 Ctrl+C 停止服务）")
    if open_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    uvicorn.Server(config).run()
    sys.stdout.flush()

"""``cpaudit serve``: the local web app (loaded lazily: Starlette and uvicorn only when it runs)."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("serve", short_help="启动本机网页界面：在浏览器中完成审核和批量筛查。")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".", metavar="[目录]")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；默认只允许本机访问。改为其他地址时会给出警告")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="端口；0 = 自动选择空闲端口")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
def serve(directory: Path, host: str, port: int, no_browser: bool) -> None:
    """启动网页界面：在浏览器中管理“目录”下的审核项目（新建、上传工作簿、检查、评价、撰写叙述、
    生成报告）和批量筛查。项目文件夹就是数据存放处，可与命令行同时使用。

    \b
    示例：
      cpaudit serve 我的项目们              打开浏览器，列出该目录下的项目
      cpaudit serve . --port 8765 --no-browser
    报告和筛查结果写在“目录/输出/”中。地址含访问令牌，只对启动它的人开放。
    """
    from cpframework.errors import UsageError

    if not directory.is_dir():
        raise UsageError(f"目录 {directory} 不存在或不是文件夹；请给出存放项目文件夹的目录（可先 mkdir 创建）")
    from cpframework.web.server import serve as run

    try:
        run(directory, host, port, open_browser=not no_browser, echo=click.echo)
    except OSError as exc:
        raise UsageError(f"无法在 {host}:{port} 上启动服务：{exc.strerror or exc}（端口被占用？可换一个 --port，或用 0 自动选择）") from None

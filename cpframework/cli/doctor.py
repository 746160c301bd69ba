"""``cpaudit doctor``: is this machine ready — Python, Chinese fonts, LibreOffice, the standards' plugins —
and, for each thing missing, what to install (per operating system)."""
from __future__ import annotations

import platform
import sys
from typing import Any

import click

OK, WARN, FAIL = "正常", "注意", "缺少"


def _python() -> tuple[str, str, str]:
    version = platform.python_version()
    return OK, f"Python {version}", ""  # an older Python cannot install cpaudit at all (requires-python)


def _font_hint() -> str:
    if sys.platform.startswith("win"):
        return "Windows 自带宋体/黑体；若仍未找到，请确认 C:\\Windows\\Fonts 中有 simsun.ttc 或 msyh.ttc"
    if sys.platform == "darwin":
        return "macOS 自带苹方/宋体；若仍未找到，可从 Noto 网站安装“Noto Sans CJK SC”"
    return "Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；Fedora：sudo dnf install google-noto-sans-cjk-fonts"


def _fonts() -> tuple[str, str, str]:
    from cpframework.report.charts import cjk_font

    font = cjk_font()
    if font:
        return OK, f"图表使用中文字体“{font}”", ""
    return WARN, "未找到中文字体：报告照常生成，但图表位置只有文字说明", _font_hint()


def _libreoffice() -> tuple[str, str, str]:
    from cpframework.report.render import soffice

    path = soffice()
    if path:
        return OK, f"LibreOffice：{path}（可把报告转换为 PDF）", ""
    hint = ("从 libreoffice.org 下载安装（Windows/macOS）" if sys.platform in ("win32", "darwin")
            else "sudo apt-get install libreoffice-writer（Debian/Ubuntu）")
    return WARN, "未找到 LibreOffice：Word 报告照常生成；网页界面不能同时生成 PDF", f"可选：{hint}"


def _plugins(reg: Any) -> list[tuple[str, str, str]]:
    from cpframework.cli.views import plugin_rows

    rows, standards = [], 0
    for r in plugin_rows(reg):
        standards += len(r["standards"])
        what = f"插件 {r['name']} {r['version'] or ''}".strip()
        if r["standards"]:
            what += f"：标准 {'、'.join(r['standards'])}"
        if r["status"] == "ok" and not r["notes"]:
            rows.append((OK, what, ""))
        elif r["status"] == "ok":
            rows.append((WARN, what, "；".join(r["notes"])))
        else:
            rows.append((FAIL, f"{what}（{r['status']}）", (r["error"] or "") + "；请重新安装该插件的发行包"))
    if not standards:
        rows.append((FAIL, "没有安装任何标准插件",
                     "请用仓库中的 scripts/install.sh（Windows：scripts\\install.ps1）重新安装，它会装上全部内置标准"))
    return rows


@click.command("doctor")
def doctor() -> None:
    """检查本机环境：Python、中文字体、LibreOffice、标准插件。

    逐项说明能否正常使用 cpaudit（含已安装的标准插件及其版本），缺什么就说明怎么安装。
    有“缺少”项时退出码为 1。

    \b
    示例：
      cpaudit doctor
    """
    from cpframework import __version__
    from cpframework.host.registry import get_registry

    reg = get_registry()
    checks = [(OK, f"cpaudit {__version__}（{sys.executable}）", ""), _python(), _fonts(), _libreoffice(),
              *_plugins(reg)]
    reg.warnings.clear()  # each plugin's problem is shown on its own line above
    colour = {OK: "green", WARN: "yellow", FAIL: "red"}
    for state, what, hint in checks:
        click.secho(f"[{state}] ", fg=colour[state], nl=False)
        click.echo(what)
        if hint:
            click.echo(f"       → {hint}")
    missing = sum(1 for s, _w, _h in checks if s == FAIL)
    if missing:
        click.secho(f"有 {missing} 项缺少，请按上面的提示安装后再运行 cpaudit doctor。", fg="red", bold=True)
        sys.exit(1)
    notes = sum(1 for s, _w, _h in checks if s == WARN)
    click.secho("可以使用。" + (f"（{notes} 项可选功能未就绪，见上。）" if notes else ""), fg="green", bold=True)

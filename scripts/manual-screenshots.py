"""Regenerate the user manual's pictures (docs/manual/img/*.png):

    .venv/bin/python scripts/manual-screenshots.py            # all
    .venv/bin/python scripts/manual-screenshots.py --only web  # web | workbook | report

``web``: the local web app (``cpaudit serve``) on copies of the demo projects, driven by Debian's
``/usr/bin/chromium`` through Playwright (as tests/web/test_browser.py does). ``workbook`` and ``report``:
a new project's 从这里开始 sheet and pages of the park demo's report, rendered by LibreOffice
(``soffice``) and ``pdftoppm``. Nothing is written outside docs/manual/img and a temporary folder.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
IMG = REPO / "docs" / "manual" / "img"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--lang=zh-CN"]
TOKEN = "manual-screenshots"
IMAGES_LOADED = "Array.from(document.querySelectorAll('.figures img')).every(i => i.complete && i.naturalWidth > 0)"


def serve(root: Path) -> tuple[str, object]:
    import uvicorn

    from cpframework.web.app import create_app
    from cpframework.web.server import free_port

    port = free_port("127.0.0.1")
    server = uvicorn.Server(uvicorn.Config(create_app(root, TOKEN), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            sys.exit("网页服务未能启动")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def projects(tmp: Path) -> Path:
    """The served folder: the park and enterprise demos, and a park copy with one typing error."""
    import openpyxl

    root = tmp / "我的项目们"
    root.mkdir()
    shutil.copytree(EXAMPLES / "park_demo", root / "江南园区")
    shutil.copytree(EXAMPLES / "enterprise_demo", root / "示例精密部件")
    shutil.copytree(EXAMPLES / "park_demo", root / "数据有误的园区")
    wb = openpyxl.load_workbook(root / "数据有误的园区" / "data.xlsx")
    wb["指标基础数据"]["D2"] = "一千二"
    wb.save(root / "数据有误的园区" / "data.xlsx")
    return root


def screening_input(tmp: Path) -> Path:
    """300 synthetic enterprises of a park (the generator the screening benchmarks use)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    from screen_synthetic import yunnan_frame

    path = tmp / "园区企业负荷.csv"
    yunnan_frame(300, seed=3).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def web_shots(tmp: Path) -> list[Path]:
    import playwright.sync_api as pw

    root = projects(tmp)
    base, server = serve(root)
    out: list[Path] = []

    def shot(page, name: str) -> None:
        path = IMG / f"{name}.png"
        page.screenshot(path=str(path))
        out.append(path)

    try:
        with pw.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN").new_page()
            page.set_default_timeout(240_000)
            page.goto(f"{base}/?token={TOKEN}")
            shot(page, "web-projects")
            page.goto(f"{base}/new?standard=zhengzhou_enterprise")
            shot(page, "web-new")
            page.goto(f"{base}/p/江南园区/")
            shot(page, "web-overview")
            page.goto(f"{base}/p/数据有误的园区/check")
            page.wait_for_selector("tr.error")
            shot(page, "web-check-errors")
            page.goto(f"{base}/p/江南园区/evaluation")
            page.locator("details summary").first.click()
            shot(page, "web-evaluation")
            page.goto(f"{base}/p/江南园区/narrative")
            page.locator("td a").first.click()
            page.wait_for_selector("#narrative-preview")
            shot(page, "web-narrative")
            page.goto(f"{base}/p/江南园区/report")
            shot(page, "web-report")
            page.click("button:has-text('生成报告')")
            page.wait_for_selector("a:has-text('.docx')")
            shot(page, "web-report-done")
            page.goto(f"{base}/screen")
            page.check("input[value=yunnan_park]")
            page.wait_for_selector("text=外购电力")
            page.set_input_files("input[type=file]", str(screening_input(tmp)))
            shot(page, "web-screen")
            page.click("button:has-text('开始筛查')")
            page.wait_for_selector("h1:has-text('筛查结果')")
            page.wait_for_function(IMAGES_LOADED)
            page.set_viewport_size({"width": 1280, "height": 1300})  # the summary and the first charts
            shot(page, "web-screen-result")
            browser.close()
    finally:
        server.should_exit = True
    return out


def soffice_pdf(src: Path, outdir: Path) -> Path | None:
    """The PDF LibreOffice makes of ``src``; None when it cannot open it (e.g. Calc is not installed)."""
    profile = (outdir / "lo-profile").as_uri()  # its own profile: another LibreOffice may be running
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), str(src)], capture_output=True, timeout=600)
    pdf = outdir / (src.stem + ".pdf")
    return pdf if pdf.is_file() else None


def png_pages(pdf: Path, pages: dict[int, str], dpi: int = 70) -> list[Path]:
    out = []
    for number, name in pages.items():
        stem = IMG / name
        subprocess.run(["pdftoppm", "-f", str(number), "-l", str(number), "-r", str(dpi), "-png", "-singlefile",
                        str(pdf), str(stem)], check=True)
        out.append(stem.with_suffix(".png"))
    return out


def workbook_shots(tmp: Path) -> list[Path]:
    import openpyxl

    from cpframework.cli.run import main

    project = tmp / "新园区"
    if main(["init", str(project), "-s", "park_cppc", "-n", "某经济技术开发区", "-y", "2025"]) != 0:
        sys.exit("init 失败")
    out = []
    for sheet, name in (("从这里开始", "workbook-start"), ("指标选择", "workbook-selection")):
        wb = openpyxl.load_workbook(project / "data.xlsx")
        for other in [s for s in wb.sheetnames if s != sheet]:   # hidden, not deleted: the live counts refer to them
            wb[other].sheet_state = "hidden"
        wb.active = wb.sheetnames.index(sheet)
        single = tmp / f"{name}.xlsx"
        wb.save(single)
        pdf = soffice_pdf(single, tmp)
        if pdf is None:
            print("LibreOffice 打不开工作簿（未安装 Calc 组件？），跳过工作簿插图", file=sys.stderr)
            return out
        out += png_pages(pdf, {1: name}, dpi=80)
    return out


def report_shots(tmp: Path) -> list[Path]:
    from cpframework.cli.run import main

    docx = tmp / "园区审核报告.docx"
    if main(["report", str(EXAMPLES / "park_demo"), "-o", str(docx), "--quiet"]) != 0:
        sys.exit("报告生成失败")
    pdf = soffice_pdf(docx, tmp)
    if pdf is None:
        sys.exit("LibreOffice 未能把报告转换为 PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    chart = next((i for i, t in enumerate(pages, 1) if "图" in t and "达标" in t and i > 5), 8)
    table = next((i for i, t in enumerate(pages, 1) if "评价指标" in t and "先进" in t and i > 5), 10)
    return png_pages(pdf, {1: "report-cover", table: "report-table", chart: "report-chart"})


def main() -> None:
    parser = argparse.ArgumentParser(description="重新生成使用说明书的插图（docs/manual/img）")
    parser.add_argument("--only", choices=["web", "workbook", "report"], help="只生成一类")
    args = parser.parse_args()
    IMG.mkdir(parents=True, exist_ok=True)
    jobs = {"web": web_shots, "workbook": workbook_shots, "report": report_shots}
    written: list[Path] = []
    for kind, job in jobs.items():
        if args.only in (None, kind):
            with tempfile.TemporaryDirectory(prefix="cpf-shots-") as tmp:
                written += job(Path(tmp))
    for path in written:
        print(f"已写出 {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()

"""Route tests with Starlette's test client: every page, every form, every error path (token, CSRF,
paths outside DIR, bad and oversized uploads, hostile workbooks, conflicting saves)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.web.conftest import EXAMPLES, TOKEN, csrf, make_client, synthetic, wait_job

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ["/", "/new", "/new?standard=zhengzhou_enterprise", "/p/park/", "/p/park/check", "/p/park/workbook",
         "/p/park/evaluation", "/p/park/narrative", "/p/park/narrative/overview", "/p/park/report", "/screen",
         "/screen?standard=industry_cppc"]
POSTS = ["/new", "/p/park/workbook", "/p/park/workbook/restore", "/p/park/narrative/overview",
         "/p/park/narrative/overview/preview", "/p/park/report", "/screen"]


def upload(client, url: str, path: Path, name: str | None = None, **fields):
    with open(path, "rb") as fh:
        return client.post(url, data={"csrf": csrf(), **fields}, files={"file": (name or path.name, fh, XLSX)})


# ---------------------------------------------------------------- access


def test_every_page_renders_in_chinese(client):
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 200, url
        assert '<html lang="zh-CN">' in r.text and "Traceback" not in r.text
        assert r.headers["x-frame-options"] == "DENY" and "default-src 'self'" in r.headers["content-security-policy"]


def test_token_gate(served):
    from starlette.testclient import TestClient

    from cpframework.web.app import create_app
    from cpframework.web.security import cookie_name

    with TestClient(create_app(served, TOKEN)) as c:
        for url in ("/", "/p/park/", "/static/app.css", "/files/x"):
            r = c.get(url)
            assert r.status_code == 403 and "需要访问令牌" in r.text, url
        assert c.get("/?token=wrong").status_code == 403
        r = c.get(f"/p/park/check?token={TOKEN}&x=1", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/p/park/check?x=1"  # the token leaves the address
        assert cookie_name(TOKEN) in r.cookies and "httponly" in r.headers["set-cookie"].lower()
        assert "samesite=strict" in r.headers["set-cookie"].lower()
        assert c.get("/p/park/").status_code == 200  # the cookie now opens every page
        c.cookies.set(cookie_name(TOKEN), "forged")
        assert c.get("/").status_code == 403


@pytest.mark.parametrize("url", POSTS)
def test_every_form_needs_its_csrf_token(client, served, url):
    before = sorted(p.name for p in served.rglob("*"))
    r = client.post(url, data={"csrf": "nope", "folder": "x", "name": "x", "standard": "park_cppc", "text": "x",
                               "kind": "audit", "version": "x"})
    assert r.status_code == 403 and "安全令牌" in r.text
    r = client.post(url, data={"text": "x"}, files={"file": ("a.xlsx", b"PK", XLSX)})
    assert r.status_code in (400, 403)  # a file where none is expected is a bad request anyway
    assert sorted(p.name for p in served.rglob("*")) == before  # nothing was written


def test_paths_outside_dir_are_refused(client, served, tmp_path):
    outside = tmp_path / "secret"
    outside.mkdir()
    (outside / "project.toml").write_text('standard = "park_cppc"\nname = "x"\naudit_year = 2025\n', encoding="utf-8")
    (served / "外链项目").symlink_to(outside)
    (served / "输出").mkdir()
    (served / "输出" / "passwd").symlink_to("/etc/passwd")
    for url in ("/p/%2e%2e/", "/p/..%2Fsecret/", "/p/外链项目/", "/p/.hidden/", "/p/nope/",
                "/files/passwd", "/files/%2e%2e/park/project.toml", "/files/..%2Fpark%2Fproject.toml",
                "/p/park/workbook/versions/..%2Fdata.xlsx", "/p/park/narrative/..%2F..%2Fproject"):
        r = client.get(url)
        assert r.status_code in (403, 404), url
        assert "root:" not in r.text and "audit_year" not in r.text
    assert "外链项目" not in client.get("/").text  # a symlink leading out of DIR is not listed


# ---------------------------------------------------------------- new project


def test_new_project_writes_the_same_manifest_as_init(client, served):
    r = client.post("/new", data={"csrf": csrf(), "standard": "park_cppc", "folder": "新园区", "name": "某某经济开发区",
                                  "year": "2025", "subject.management_committee": "某某管委会", "subject.location": "东部"})
    assert r.status_code == 200 and "某某经济开发区" in r.text
    text = (served / "新园区" / "project.toml").read_text(encoding="utf-8")
    assert 'management_committee = "某某管委会"' in text and 'standard = "park_cppc"' in text
    assert (served / "新园区" / "data.xlsx").is_file() and list((served / "新园区" / "narrative").glob("*.md"))
    from cpframework.project.folder import read_manifest

    assert read_manifest(served / "新园区").subject["location"] == "东部"


@pytest.mark.parametrize("fields, message", [
    ({"folder": "../逃出去"}, "文件夹名"),
    ({"folder": ".hidden"}, "文件夹名"),
    ({"folder": "park"}, "已存在"),
    ({"name": ""}, "审核对象名称"),
    ({"year": "二〇二五"}, "审核年份"),
    ({"year": "1800"}, "审核年份"),
    ({"subject.management_committee": ""}, "园区管委会名称：必填"),
    ({"standard": "parc_cppc"}, "未知的标准"),
])
def test_new_project_errors_are_shown_and_nothing_is_written(client, served, fields, message):
    data = {"csrf": csrf(), "standard": "park_cppc", "folder": "新园区", "name": "某园区", "year": "2025",
            "subject.management_committee": "管委会", **fields}
    r = client.post("/new", data=data)
    assert r.status_code == 422 and message in r.text
    assert not (served / "新园区").exists() and not (served.parent / "逃出去").exists()
    assert 'value="某园区"' in r.text or fields.get("name") == ""  # what was typed is kept


def test_changing_the_standard_shows_its_subject_fields_and_creates_nothing(client, served):
    r = client.post("/new", data={"csrf": csrf(), "standard": "zhengzhou_enterprise", "change": "1", "folder": "企业"})
    assert r.status_code == 200 and not (served / "企业").exists()
    assert 'value="zhengzhou_enterprise" checked' in r.text and 'value="企业"' in r.text


# ---------------------------------------------------------------- workbook


def test_upload_keeps_the_previous_version_and_shows_the_check(client, served, tmp_path):
    broken = tmp_path / "新数据.xlsx"
    shutil.copy(EXAMPLES / "park_demo" / "data.xlsx", broken)
    wb = openpyxl.load_workbook(broken)
    wb["指标基础数据"]["E3"] = "很多"
    wb.save(broken)
    original = (served / "park" / "data.xlsx").read_bytes()
    r = upload(client, "/p/park/workbook", broken)
    assert r.status_code == 200 and "已用“新数据.xlsx”替换数据工作簿" in r.text
    assert "工作表“指标基础数据”" in r.text and ">E3<" in r.text and "很多" in r.text  # sheet, cell, value
    kept = list((served / "park" / "历史版本").glob("data-*.xlsx"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    assert client.get(f"/p/park/workbook/versions/{kept[0].name}").content == original
    assert client.get("/p/park/workbook/download").content == broken.read_bytes()
    r = client.post("/p/park/workbook/restore", data={"csrf": csrf(), "version": kept[0].name})
    assert r.status_code == 200 and "检查通过" in r.text
    assert (served / "park" / "data.xlsx").read_bytes() == original
    assert len(list((served / "park" / "历史版本").glob("data-*.xlsx"))) == 2  # the replaced one is kept too
    assert client.post("/p/park/workbook/restore", data={"csrf": csrf(), "version": "../project.toml"}).status_code == 404
    assert client.get("/p/park/workbook/versions/nope.xlsx").status_code == 404


def _hostile(recipe: str, tmp: Path) -> Path:
    import tests.test_robustness_corpus as corpus

    proj = tmp / "proj"
    proj.mkdir()
    shutil.copy(EXAMPLES / "park_demo" / "data.xlsx", proj / "data.xlsx")
    getattr(corpus, f"r_{recipe}")(proj, tmp)
    return proj / "data.xlsx"


@pytest.mark.parametrize("recipe, message", [
    ("zip_bomb", "压缩炸弹"), ("xls", "旧版 Excel"), ("corrupt_zip", "已损坏"), ("csv_as_xlsx", "不是 .xlsx"),
    ("xxe", "不安全的 XML"), ("zip_many_members", "部件"),
])
def test_hostile_workbooks_are_refused_and_nothing_is_replaced(client, served, tmp_path, recipe, message):
    bad = _hostile(recipe, tmp_path)
    original = (served / "park" / "data.xlsx").read_bytes()
    r = upload(client, "/p/park/workbook", bad, "我的工作簿.xlsx")
    assert r.status_code == 400 and "未替换" in r.text and message in r.text and "我的工作簿.xlsx" in r.text
    assert ".part" not in r.text and "~" not in r.text.split("未替换")[1][:300]  # the user's name, not our temp file
    assert (served / "park" / "data.xlsx").read_bytes() == original
    assert not [p for p in (served / "park").iterdir() if p.name.startswith(".")]  # no temp file left
    assert "TOP-SECRET" not in r.text


def test_upload_errors(served, tmp_path):
    with make_client(served, workbook_limit=20_000) as c:
        r = upload(c, "/p/park/workbook", EXAMPLES / "park_demo" / "data.xlsx")  # ~45 KB > 20 KB
        assert r.status_code == 413 and "上限" in r.text
        empty = tmp_path / "空.xlsx"
        empty.write_bytes(b"")
        assert "空文件" in upload(c, "/p/park/workbook", empty).text
        txt = tmp_path / "数据.txt"
        txt.write_text("x", encoding="utf-8")
        r = upload(c, "/p/park/workbook", txt)
        assert r.status_code == 400 and "不是可接受的Excel 工作簿" in r.text
        r = c.post("/p/park/workbook", data={"csrf": csrf()})
        assert r.status_code == 400 and "请先选择" in r.text
        big = b"x" * 200_000  # announced size above the limit: refused before reading
        r = c.post("/p/park/workbook", content=big, headers={"content-type": "multipart/form-data; boundary=b",
                                                              "content-length": str(len(big))})
        assert r.status_code == 413
    assert not [p for p in (served / "park").iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- narrative


def test_narrative_list_and_editor(client):
    r = client.get("/p/park/narrative")
    assert "narrative/overview.md" in r.text and "已撰写" in r.text
    r = client.get("/p/park/narrative/overview")
    assert "标准要求" in r.text and "附件2 2.2" in r.text and "介绍项目背景" in r.text
    assert "根据数据起草" not in r.text  # no draft function in the core: no draft panel, never a fake one
    assert client.get("/p/park/narrative/nope").status_code == 404


def test_narrative_preview_uses_the_report_markdown(client):
    text = "<!-- 注释不进报告 -->\n# 小标题\n\n正文 **加粗** <script>alert(1)</script>\n\n| 项 | 值 |\n|---|---|\n| a | 1 |\n"
    for r in (client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": text, "action": "preview"}),
              client.post("/p/park/narrative/overview/preview", data={"csrf": csrf(), "text": text})):
        assert r.status_code == 200
        html = r.text.split('id="narrative-preview"')[-1]
        assert "<strong>加粗</strong>" in html and "<th>项</th>" in html and "小标题</h3>" in html
        assert "<script>alert" not in html and "注释不进报告" not in html


def test_narrative_save_and_conflict_never_lose_text(client, served):
    path = served / "park" / "narrative" / "overview.md"
    page = client.get("/p/park/narrative/overview").text
    base = re.search(r'name="base" value="([0-9a-f]+)"', page).group(1)
    r = client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": "第一版正文。", "base": base, "action": "save"})
    assert r.status_code == 200 and "已保存" in r.text and path.read_text(encoding="utf-8") == "第一版正文。"
    base = re.search(r'name="base" value="([0-9a-f]+)"', r.text).group(1)
    path.write_text("别处改过的内容。", encoding="utf-8")  # changed on disk meanwhile
    r = client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": "我刚写的内容。", "base": base, "action": "save"})
    assert r.status_code == 409 and "我刚写的内容。" in r.text and "别处改过的内容。" in r.text
    assert path.read_text(encoding="utf-8") == "别处改过的内容。"
    overwrite = re.search(r'name="overwrite" value="([0-9a-f]+)"', r.text).group(1)
    r = client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": "我刚写的内容。", "base": base,
                                                       "overwrite": overwrite, "action": "save"})
    assert r.status_code == 200 and path.read_text(encoding="utf-8") == "我刚写的内容。"
    r = client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": "x" * 2_000_001, "base": base, "action": "save"})
    assert r.status_code == 413 and path.read_text(encoding="utf-8") == "我刚写的内容。"


def test_a_draft_from_the_core_is_shown_and_accepted(client, monkeypatch):
    from cpframework.web import services

    monkeypatch.setattr(services, "draft", lambda project, std, ev, stem: f"根据数据：{project.name}的草稿段落。")
    r = client.get("/p/park/narrative/overview")
    assert "根据数据起草的段落" in r.text and "的草稿段落。" in r.text
    r = client.post("/p/park/narrative/overview", data={"csrf": csrf(), "text": "已有正文。", "action": "accept_draft"})
    assert "已有正文。\n\n根据数据：" in r.text and "已把草稿放入正文" in r.text


# ---------------------------------------------------------------- evaluation and report


def test_report_generation_download_and_charts(client, served, monkeypatch):
    import cpframework.report.render as render

    def fake_pdf(docx, outdir, timeout=180):  # LibreOffice is not on every test machine
        pdf = Path(outdir) / (Path(docx).stem + ".pdf")
        pdf.write_bytes(b"%PDF-1.4 test")
        return pdf
    assert 'name="pdf"' not in client.get("/p/park/report").text or render.soffice()
    monkeypatch.setattr(render, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(render, "render_pdf", fake_pdf)
    r = client.get("/p/park/evaluation")
    assert "高新技术产业增加值占园区生产总值比值" in r.text and "代入：" in r.text and "生成报告</a>后" in r.text
    assert 'name="pdf"' in client.get("/p/park/report").text
    r = client.post("/p/park/report", data={"csrf": csrf(), "kind": "audit", "pdf": "1"}, follow_redirects=False)
    assert r.status_code == 303
    done = wait_job(client, r.headers["location"])
    assert "完成" in done.text and "待撰写" in done.text and ".pdf</a>" in done.text
    docx = next((served / "输出" / "park").glob("*.docx"))
    link = re.search(r'href="(http://testserver/files/[^"]+\.docx)"', done.text).group(1)
    assert client.get(link).content == docx.read_bytes()
    r = client.get("/p/park/evaluation")
    assert "标准的图表" in r.text and "图 4-3" in r.text
    png = client.get("/p/park/figures/0")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert client.get("/p/park/figures/99").status_code == 404
    r = client.post("/p/park/report", data={"csrf": csrf(), "kind": "audit"})  # our unedited report: regenerated
    assert "完成" in wait_job(client, str(r.url)).text
    import docx as python_docx

    edited = python_docx.Document(str(docx))  # a paragraph written in Word under the last heading
    edited.add_paragraph("在 Word 中补写的一段结论。")
    edited.save(str(docx))
    r = client.post("/p/park/report", data={"csrf": csrf(), "kind": "audit"})
    refused = wait_job(client, str(r.url)).text
    assert "在 Word 中修改过" in refused and "覆盖已有报告" in refused
    assert "已生成的文件" in client.get("/p/park/report").text


def test_report_refused_on_data_errors_and_unknown_kind(client, served):
    from tests.helpers import set_cells

    set_cells(served / "park" / "data.xlsx", "指标基础数据", {("gdp", "2022年"): "很多"})
    assert "不能生成报告" in client.get("/p/park/report").text
    assert "未给出评价结果" in client.get("/p/park/evaluation").text
    r = client.post("/p/park/report", data={"csrf": csrf(), "kind": "audit"})
    assert "数据有 1 个错误，未生成报告" in wait_job(client, str(r.url)).text
    r = client.post("/p/park/report", data={"csrf": csrf(), "kind": "nope"})
    assert "没有“nope”报告" in wait_job(client, str(r.url)).text
    assert not (served / "输出" / "park").exists() or not list((served / "输出" / "park").glob("*.docx"))
    assert client.get("/jobs/nope").status_code == 404


def test_unreadable_project_is_explained_not_crashed(client, served):
    (served / "park" / "data.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "无法读取" in client.get("/").text
    for url in ("/p/park/", "/p/park/check", "/p/park/workbook", "/p/park/evaluation", "/p/park/report"):
        r = client.get(url)
        assert r.status_code == 200 and "旧版 Excel" in r.text, url
    assert client.get("/p/park/narrative/overview").status_code == 400


# ---------------------------------------------------------------- screening


def test_screening_yunnan(client, served, tmp_path):
    src = tmp_path / "负荷.csv"
    synthetic("yunnan", 120).to_csv(src, index=False, encoding="utf-8-sig")
    r = upload(client, "/screen", src, standard="yunnan_park", **{"opt.threshold": "0.8"})
    r = wait_job(client, str(r.url))
    assert "筛查结果" in r.text and "共 120 家企业" in r.text and "第 1 / 3 页" in r.text
    assert r.text.count('class="figures"') == 1 and "重点企业" in r.text
    jid = re.search(r"/screen/([0-9a-f]+)", str(r.url)).group(1)
    assert "第 51–100 行" in client.get(f"/screen/{jid}?page=2").text
    assert "第 3 / 3 页" in client.get(f"/screen/{jid}?page=999").text
    assert "累计占比(%)" in client.get(f"/screen/{jid}?table=key_lists").text
    assert client.get(f"/screen/{jid}?table=nope").status_code == 404
    out = served / "输出" / "筛查"
    assert len(list(out.glob("*/*.csv"))) == 5 and list(out.glob("*/*.xlsx")) and list(out.glob("*/图*.png"))
    assert not list((out / ".uploads").iterdir())  # the uploaded input is removed after the run
    link = re.search(r'href="(http://testserver/files/[^"]+\.csv)"', r.text).group(1)
    assert client.get(link).content.startswith("\ufeff企业编号".encode("utf-8"))
    assert "历史结果" in client.get("/screen").text


def test_screening_industry_distribution(client, tmp_path):
    src = tmp_path / "行业.xlsx"
    synthetic("industry", 40).to_excel(src, index=False)
    r = wait_job(client, str(upload(client, "/screen", src, standard="industry_cppc").url))
    assert "共 40 家企业" in r.text and "等级分布" in r.text and 'alt="等级分布（企业数）"' in r.text


@pytest.mark.parametrize("case, status, message", [
    ("bad_option", 400, "应为数值"), ("unknown_option", 400, "未知的 --option"), ("suffix", 400, "不是可接受的筛查数据文件"),
    ("standard", 400, "不支持批量筛查"),
])
def test_screening_form_errors(client, served, tmp_path, case, status, message):
    src = tmp_path / ("负荷.doc" if case == "suffix" else "负荷.csv")
    synthetic("yunnan", 5).to_csv(src, index=False)
    opts = {"bad_option": {"opt.threshold": "八成"}, "unknown_option": {"opt.nope": "1"}}.get(case, {})
    r = upload(client, "/screen", src, standard="park_cppc" if case == "standard" else "yunnan_park", **opts)
    assert r.status_code == status and message in r.text
    assert not (served / "输出" / "筛查" / ".uploads").exists() or not list((served / "输出" / "筛查" / ".uploads").iterdir())


def test_screening_refuses_a_hostile_excel_input(client, tmp_path):
    bomb = _hostile("zip_bomb", tmp_path)
    r = wait_job(client, str(upload(client, "/screen", bomb, "负荷.xlsx", standard="yunnan_park").url))
    assert "未完成" in r.text and "压缩炸弹" in r.text


def test_screening_bad_content_and_size(served, tmp_path):
    src = tmp_path / "缺列.csv"
    src.write_text("企业编号,年份\nE1,2024\n", encoding="utf-8")
    with make_client(served, screen_limit=10_000) as c:
        r = wait_job(c, str(upload(c, "/screen", src, standard="yunnan_park").url))
        assert "未完成" in r.text and "没有任何负荷列" in r.text
        gbk = tmp_path / "gbk.csv"
        gbk.write_bytes("企业编号,年份,综合能耗\nE1,2024,1\n".encode("gbk"))
        r = wait_job(c, str(upload(c, "/screen", gbk, standard="yunnan_park").url))
        assert "GBK" in r.text
        big = tmp_path / "大.csv"
        synthetic("yunnan", 200).to_csv(big, index=False)
        r = upload(c, "/screen", big, standard="yunnan_park")
        assert r.status_code == 413 and "上限" in r.text


@pytest.mark.parametrize("demo", ["enterprise_demo", "industry_demo", "yunnan_demo"])
def test_every_project_page_of_every_demo(tmp_path, demo):
    root = tmp_path / "projects"
    root.mkdir()
    shutil.copytree(EXAMPLES / demo, root / "demo")
    with make_client(root) as c:
        for url in ("/", "/p/demo/", "/p/demo/check", "/p/demo/workbook", "/p/demo/evaluation", "/p/demo/narrative",
                    "/p/demo/report"):
            r = c.get(url)
            assert r.status_code == 200 and "内部错误" not in r.text, url
        stems = re.findall(r"/p/demo/narrative/([\w.\-]+)\"", c.get("/p/demo/narrative").text)
        assert stems and c.get(f"/p/demo/narrative/{stems[-1]}").status_code == 200


def test_check_page_lists_settings_left_at_their_default(served):
    shutil.copytree(EXAMPLES / "yunnan_demo", served / "yn")
    toml = served / "yn" / "project.toml"
    toml.write_text("\n".join(line for line in toml.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("grading_rules")) + "\n", encoding="utf-8")
    with make_client(served) as c:
        page = c.get("/p/yn/check").text
    assert "采用默认值的设置" in page and "园区清洁生产水平的分级规则" in page
    with make_client(served) as c:
        assert "采用默认值的设置" not in c.get("/p/park/check").text

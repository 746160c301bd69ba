"""The small core helpers the web app needed: listing projects, replacing a workbook keeping the previous
one, a report's figures read back, screening charts from the result tables, init with subject values,
and the ``serve`` command itself."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tests.web.conftest import EXAMPLES, REPO, synthetic


def test_project_dirs(tmp_path):
    from cpframework.project.listing import project_dirs

    root = tmp_path / "root"
    root.mkdir()
    for name in ("b项目", "a项目", ".隐藏", "不是项目"):
        (root / name).mkdir()
    for name in ("b项目", "a项目", ".隐藏"):
        (root / name / "project.toml").write_text("", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "project.toml").write_text("", encoding="utf-8")
    (root / "外链").symlink_to(outside)
    (root / "内链").symlink_to(root / "a项目")
    (root / "文件.toml").write_text("", encoding="utf-8")
    assert [p.name for p in project_dirs(root)] == ["a项目", "b项目", "内链"]
    assert project_dirs(tmp_path / "nope") == []


def test_replace_keeping_previous(tmp_path):
    from cpframework.project.versions import HISTORY_DIR, previous_versions, replace_keeping_previous

    target = tmp_path / "data.xlsx"
    assert replace_keeping_previous(target, _staged(tmp_path, b"v1")) is None  # nothing to keep yet
    kept = []
    for content in (b"v2", b"v3"):
        kept.append(replace_keeping_previous(target, _staged(tmp_path, content)))
    assert target.read_bytes() == b"v3"
    assert [k.read_bytes() for k in kept] == [b"v1", b"v2"]
    assert all(k.parent.name == HISTORY_DIR for k in kept)
    assert [p.read_bytes() for p in previous_versions(target)] == [b"v2", b"v1"]  # newest first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _staged(folder: Path, content: bytes) -> Path:
    p = folder / f".data.xlsx.~{os.getpid()}-{content.decode()}.xlsx"
    p.write_bytes(content)
    return p


def test_replace_keeps_nothing_half_done_when_the_copy_fails(tmp_path, monkeypatch):
    from cpframework.project import versions

    target = tmp_path / "data.xlsx"
    target.write_bytes(b"old")
    staged = _staged(tmp_path, b"new")

    def fail(*a, **k):
        raise OSError("disk full")
    monkeypatch.setattr(versions.shutil, "copy2", fail)
    with pytest.raises(OSError):
        versions.replace_keeping_previous(target, staged)
    assert target.read_bytes() == b"old" and staged.read_bytes() == b"new"


def test_check_workbook_file(tmp_path):
    from cpframework.errors import ProjectError
    from cpframework.project.versions import check_workbook_file

    check_workbook_file(EXAMPLES / "park_demo" / "data.xlsx")
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(ProjectError, match="旧版 Excel"):
        check_workbook_file(bad)


def test_report_figures_follow_the_writer(tmp_path):
    from cpframework.report import charts
    from cpframework.report.figures import report_figures
    from cpframework.report.profile import load_profile
    from cpframework.report.writer import DocxReportWriter as ReportWriter

    out = tmp_path / "r.docx"
    with ReportWriter(load_profile(None), tmp_path, {}) as w:
        w.begin_body()
        w.chapter("第一章", "1")
        w.paragraph("正文")
        w.figure(charts.distribution_chart({"一级": 1, "二级": 2}), "等级分布")
        w.figure(charts.distribution_chart({"甲": 3}), "第二个图")
        w.save(out)
    figs = report_figures(out)
    assert [f.caption for f in figs] == ["图 1-1 等级分布", "图 1-2 第二个图"]
    assert all(f.data.startswith(b"\x89PNG") and f.content_type == "image/png" for f in figs)


@settings(max_examples=15, deadline=None)
@given(counts=st.lists(st.integers(0, 500), min_size=1, max_size=6))
def test_distribution_chart_draws_the_table(counts):
    import matplotlib.pyplot as plt
    import pandas as pd

    from cpframework.screen import ScreenResult, Table
    from cpframework.screen.charts import distribution_figure

    frame = pd.DataFrame({"分级代码": [f"L{i}" for i in range(len(counts))],
                          "分级": [f"第{i}级" for i in range(len(counts))], "企业数": counts})
    caption, fig = distribution_figure(ScreenResult("x", {"distribution": Table("分级分布", frame)}))
    ax = fig.axes[0]
    assert [round(b.get_height()) for b in ax.patches] == counts  # the bars are the table's numbers
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"L{i} 第{i}级" for i in range(len(counts))]
    plt.close(fig)


def test_concentration_charts_agree_with_the_key_list():
    import matplotlib.pyplot as plt

    from cpf_yunnan_park import screening
    from cpframework.screen import screen
    from cpframework.screen.charts import concentration_figures, result_figures

    result = screen(screening, synthetic("yunnan", 80), screening.options({}))
    lists = result.tables["key_lists"].frame
    figs = concentration_figures(result)
    assert len(figs) == lists["负荷"].nunique()
    for (caption, fig), (load, part) in zip(figs, lists.groupby("负荷", sort=False)):
        line = fig.axes[1].lines[0].get_ydata()
        assert list(line) == pytest.approx(list(part["累计占比(%)"].head(len(line))))  # the table's own shares
        assert f"{load}：重点企业 {len(part)} 家" in caption
        plt.close(fig)
    assert len(result_figures(result)) == len(figs) + 1
    for _c, f in result_figures(result):
        plt.close(f)


def test_create_project_writes_subject_values(tmp_path, registry):
    from cpframework.project.create import create_project
    from cpframework.project.folder import read_manifest

    std = registry.standard("park_cppc")
    create_project(tmp_path / "p", std, name="园区", year=2025,
                   subject={"management_committee": '管委会 "甲"\n第二行', "location": "东部"})
    m = read_manifest(tmp_path / "p")
    assert m.subject["management_committee"] == '管委会 "甲"\n第二行' and m.subject["service_org"] == ""


def test_strip_comments():
    from cpframework.project.narrative import strip_comments

    assert strip_comments("<!-- 要求\n多行 -->\n正文 <!-- x --> 继续\n") == "正文  继续"


# ---------------------------------------------------------------- the command


def test_serve_is_lazy_and_listed():
    code = "import sys, cpframework.cli.commands as c; print('starlette' in sys.modules, 'serve' in c.LAZY_GROUPS)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
    from click.testing import CliRunner

    from cpframework.cli.commands import cli

    r = CliRunner().invoke(cli, ["serve", "--help"])
    assert r.exit_code == 0 and "--no-browser" in r.output and "访问令牌" in r.output
    assert "serve" in CliRunner().invoke(cli, ["--help"]).output


def test_serve_warns_when_not_bound_to_this_machine(tmp_path, monkeypatch):
    import uvicorn

    from cpframework.web.server import serve

    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)
    out = []
    serve(tmp_path, "0.0.0.0", 0, open_browser=False, echo=lambda m, err=False: out.append((m, err)))
    assert any("警告" in m and "其他电脑" in m and err for m, err in out)
    assert any(re.search(r"http://127\.0\.0\.1:\d+/\?token=", m) for m, _ in out)
    out.clear()
    serve(tmp_path, "127.0.0.1", 8765, open_browser=False, echo=lambda m, err=False: out.append((m, err)))
    assert not any("警告" in m for m, _ in out) and any(":8765/?token=" in m for m, _ in out)


def test_serve_refuses_a_missing_directory(tmp_path):
    from cpframework.cli.commands import main

    assert main(["serve", str(tmp_path / "nope"), "--no-browser"]) == 2


def test_serve_prints_the_address_with_token_and_serves(tmp_path):
    root = tmp_path / "projects"
    shutil.copytree(EXAMPLES / "park_demo", root / "park")
    exe = Path(sys.executable).with_name("cpaudit")
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "cpframework"]),
           "serve", str(root), "--no-browser", "--port", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    try:
        url, lines = None, []
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            m = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
            url = m.group(1) if m else None
        assert url, "".join(lines)
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=10) as r:  # follows the redirect, keeps no cookie
                    pytest.fail("a request without the cookie must not be served")
            except urllib.error.HTTPError as e:
                if e.code == 403:  # the redirect dropped the token; the cookie-less follow-up is refused
                    break
            except urllib.error.URLError:
                time.sleep(0.2)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(url, timeout=30) as r:
            body = r.read().decode("utf-8")
        assert "江南示范经济技术开发区" in body
    finally:
        proc.terminate()
        proc.wait(20)

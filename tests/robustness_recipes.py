"""Recipes (``r_*``: build a hostile input before the command) and after-checks (``a_*``) of the bad-input
corpus, round two (issue 23: units and number formats, "no value" markers, screening inputs, text and
images the writer must sanitise, outputs that could replace inputs, imports).  Collected by
``tests/test_robustness_corpus.py`` by their prefix."""
from __future__ import annotations

import csv
import json
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl

from .conftest import EXAMPLES

# ---------------------------------------------------------------- screening inputs


def _industry_rows(banned: str = "否") -> list[dict[str, str]]:
    """Three enterprises of 2024 at level Ⅰ on every indicator, except C001 which uses a banned process
    (E01 限定性 = ``banned``: 否 grades it 未达Ⅲ级)."""
    from cpf_industry_cppc.system import load_system

    system = load_system()
    rows = []
    for ent in ("C001", "C002", "C003"):
        row = {"企业编号": ent, "企业名称": f"示例企业{ent}", "年份": "2024"}
        for ind in system.indicators:
            if ind.direction in ("yes", "是否"):
                row[ind.id] = "是"
            elif ind.direction in ("level", "等级"):
                row[ind.id] = "Ⅰ"
            else:
                row[ind.id] = f"{float(ind.thresholds['I'].value):g}"
        rows.append(row)
    rows[0]["E01"] = banned
    return rows


def _write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def r_screen_banned(proj: Path, tmp: Path) -> None:
    _write_csv(tmp / "in.csv", _industry_rows("否"))


def r_screen_banned_na(proj: Path, tmp: Path) -> None:
    """The banned-process cell says "#N/A": read as missing, it must not lift C001 to Ⅰ级."""
    _write_csv(tmp / "in.csv", _industry_rows("#N/A"))


def r_screen_markers(proj: Path, tmp: Path) -> None:
    rows = _industry_rows("是")
    rows[1]["E07"] = "NULL"      # a numeric indicator
    rows[2]["E02"] = "－"        # a full-width dash in a graded one
    _write_csv(tmp / "in.csv", rows)


def r_screen_inf(proj: Path, tmp: Path) -> None:
    rows = _industry_rows("是")
    rows[1]["E07"] = "inf"
    rows[2]["E05"] = "1e400"
    _write_csv(tmp / "in.csv", rows)


def r_screen_decimal_comma(proj: Path, tmp: Path) -> None:
    rows = _industry_rows("是")
    rows[1]["E07"] = "60,5"
    _write_csv(tmp / "in.csv", rows)


def r_screen_ids(proj: Path, tmp: Path) -> None:
    """The same enterprise twice in one year, once with a full-width letter and once with a zero-width space."""
    rows = _industry_rows("是")
    rows[1]["企业编号"] = "Ｃ001"
    rows[2]["企业编号"] = "C001\u200b"
    _write_csv(tmp / "in.csv", rows)


def r_screen_gbk(proj: Path, tmp: Path) -> None:
    _write_csv(tmp / "in.csv", _industry_rows("否"), encoding="gbk")


def r_screen_wide(proj: Path, tmp: Path) -> None:
    """A CSV with 200,000 columns: refused from its header line, before any parser sees the file."""
    with (tmp / "in.csv").open("w", encoding="utf-8") as fh:
        fh.write(",".join("c" for _ in range(200_000)) + "\n" + ",".join("1" for _ in range(200_000)) + "\n")


def r_screen_xlsx_bomb(proj: Path, tmp: Path) -> None:
    with zipfile.ZipFile(tmp / "in.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 << 20))


def r_screen_xls(proj: Path, tmp: Path) -> None:
    (tmp / "in.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


def r_screen_xxe(proj: Path, tmp: Path) -> None:
    """An Excel screening file whose worksheet declares an external entity pointing at a secret."""
    import pandas as pd

    secret = tmp / "secret.txt"
    secret.write_text("TOP-SECRET-XXE-CONTENT", encoding="utf-8")
    plain = tmp / "plain.xlsx"
    pd.DataFrame(_industry_rows("否")).to_excel(plain, index=False)
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(tmp / "in.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
                text = data.decode("utf-8")
                head, body = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                root = body.lstrip()[1:].split(" ", 1)[0].split(">", 1)[0]
                body = body.replace("<t>", "<t>&xxe;", 1)
                text = (head + "?>" if head else "") + f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>' + body
                data = text.encode("utf-8")
            zout.writestr(info, data)
    plain.unlink()


def a_banned_not_lifted(proj: Path, tmp: Path, case: dict) -> None:
    rows = {r["企业编号"]: r for r in csv.DictReader((tmp / "out.csv").open(encoding="utf-8-sig"))}
    assert rows["C001"]["等级"] == "未达Ⅲ级", rows["C001"]
    assert rows["C002"]["等级"] == "Ⅰ级"
    if case.get("recipe") == "screen_banned_na":  # the banned process written as "no value": listed as missing
        assert "淘汰" in rows["C001"]["缺值指标"]


def a_markers_never_better(proj: Path, tmp: Path, case: dict) -> None:
    rows = {r["企业编号"]: r for r in csv.DictReader((tmp / "out.csv").open(encoding="utf-8-sig"))}
    assert float(rows["C001"]["Ⅰ级综合评价指数"]) == 100  # every value at level Ⅰ
    for ent, ind in (("C002", "E07"), ("C003", "E02")):  # a marker instead of a Ⅰ-level value: lower, and shown
        assert float(rows[ent]["Ⅰ级综合评价指数"]) < 100 and float(rows[ent][f"{ind}级别"]) == 4, rows[ent]
        assert rows[ent]["缺值指标"], rows[ent]


# ---------------------------------------------------------------- files that are not what they seem


def r_fifo_workbook(proj: Path, tmp: Path) -> None:
    (proj / "data.xlsx").unlink()
    os.mkfifo(proj / "data.xlsx")


def r_fifo_narrative(proj: Path, tmp: Path) -> None:
    (proj / "narrative" / "overview.md").unlink()
    os.mkfifo(proj / "narrative" / "overview.md")


def r_narrative_link_outside(proj: Path, tmp: Path) -> None:
    secret = tmp / "secret.md"
    secret.write_text("TOP-SECRET-NARRATIVE", encoding="utf-8")
    (proj / "narrative" / "overview.md").unlink()
    (proj / "narrative" / "overview.md").symlink_to(secret)


def r_deep_toml(proj: Path, tmp: Path) -> None:
    with (proj / "project.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[options]\ndeep = " + "[" * 20000 + "]" * 20000 + "\n")


def r_control_chars(proj: Path, tmp: Path) -> None:
    text = (proj / "project.toml").read_text(encoding="utf-8").replace('name = "江南', 'name = "\\u000b江南', 1)
    (proj / "project.toml").write_text(text, encoding="utf-8")
    (proj / "narrative" / "overview.md").write_text("园区概况\f示意文字\x07，第二句\x0b换行。\n", encoding="utf-8")


def _cover(proj: Path, rel: str) -> None:
    text = (proj / "project.toml").read_text(encoding="utf-8").replace('cover_image = ""', f'cover_image = "{rel}"', 1)
    (proj / "project.toml").write_text(text, encoding="utf-8")
    (proj / "assets").mkdir(exist_ok=True)


def r_cover_undecodable(proj: Path, tmp: Path) -> None:
    _cover(proj, "assets/cover.png")
    (proj / "assets" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10)


def r_cover_pixel_bomb(proj: Path, tmp: Path) -> None:
    """A PNG that declares 60000×60000 pixels in a few bytes (a "pixel bomb")."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    _cover(proj, "assets/cover.png")
    header = struct.pack(">IIBBBBB", 60000, 60000, 1, 0, 0, 0, 0)
    (proj / "assets" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                                                + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def r_narrative_big_image(proj: Path, tmp: Path) -> None:
    """A valid PNG above the byte limit (the limit is lowered by the case)."""
    from PIL import Image

    (proj / "assets").mkdir(exist_ok=True)
    Image.effect_noise((400, 400), 64).convert("RGB").save(proj / "assets" / "photo.png")
    (proj / "narrative" / "overview.md").write_text("园区概况。\n\n![园区鸟瞰](assets/photo.png)\n", encoding="utf-8")


# ---------------------------------------------------------------- outputs and inputs


def r_link_into_project(proj: Path, tmp: Path) -> None:
    (tmp / "link.xlsx").symlink_to(proj / "data.xlsx")


def r_screen_input_copy(proj: Path, tmp: Path) -> None:
    r_screen_banned(proj, tmp)
    shutil.copy(tmp / "in.csv", tmp / "in.csv.orig")


def a_input_untouched(proj: Path, tmp: Path, case: dict) -> None:
    assert (tmp / "in.csv").read_bytes() == (tmp / "in.csv.orig").read_bytes()


# ---------------------------------------------------------------- workbook values


def a_same_evaluation_as_demo(proj: Path, tmp: Path, case: dict) -> None:
    """A unit stated differently (and converted) gives the demo's values exactly."""
    from cpframework.evaluation.service import evaluate_project
    from cpframework.host.registry import get_registry
    from cpframework.project.folder import load_project

    def values(folder: Path) -> dict:
        project, std = load_project(folder, get_registry())
        return {r.indicator.id: r.value for r in evaluate_project(get_registry(), std, project).indicators}

    got, want = values(proj), values(EXAMPLES / case["base"])
    assert got == want and any(v is not None for v in got.values())


def a_percent_read_as_shown(proj: Path, tmp: Path, case: dict) -> None:
    from cpframework.project.folder import load_project

    project, _std = load_project(proj)
    assert project.tables["pollutants"].rows[0]["compliance"] == 100


# ---------------------------------------------------------------- imports


def r_formula_elsewhere(proj: Path, tmp: Path) -> None:
    """A formula with a cached value in another sheet (固体废物 E2), as Excel leaves it."""
    from lxml import etree

    from cpframework.io.xlsx_edit import SheetEdit, _q

    edit = SheetEdit(proj / "data.xlsx", "固体废物")
    cell = edit._cell(2, 5, create=True)
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    etree.SubElement(cell, _q("f")).text = "SUM(20000,4647.55)"
    etree.SubElement(cell, _q("v")).text = "24647.55"
    edit.save(tmp / "x.xlsx")
    shutil.move(tmp / "x.xlsx", proj / "data.xlsx")


def a_formula_cache_kept(proj: Path, tmp: Path, case: dict) -> None:
    values = openpyxl.load_workbook(proj / "data.xlsx", read_only=True, data_only=True)
    assert list(values["固体废物"].iter_rows(min_row=2, max_row=2, values_only=True))[0][4] == 24647.55
    formulas = openpyxl.load_workbook(proj / "data.xlsx")
    assert formulas["固体废物"]["E2"].value == "=SUM(20000,4647.55)"
    rows = list(values["许可排放量"].iter_rows(values_only=True))
    assert rows[-1][:2] == ("E067", "颗粒物")


def a_imported_in_tonnes(proj: Path, tmp: Path, case: dict) -> None:
    rows = list(openpyxl.load_workbook(proj / "data.xlsx", read_only=True)["许可排放量"].iter_rows(values_only=True))
    assert rows[-1][0] == "E067" and rows[-1][4] == 1.5, rows[-1]


# ---------------------------------------------------------------- sheets that are not tables


def r_chart_sheet(proj: Path, tmp: Path) -> None:
    """A chart sheet carrying the name of a data table."""
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.load_workbook(proj / "data.xlsx")
    del wb["宣传培训"]
    chart = BarChart()
    chart.add_data(Reference(wb["指标基础数据"], min_col=4, min_row=1, max_row=5), titles_from_data=True)
    wb.create_chartsheet("宣传培训").add_chart(chart)
    wb.save(proj / "data.xlsx")


def r_uncached_formula(proj: Path, tmp: Path) -> None:
    """A formula saved without its result (openpyxl, like other non-calculating writers, stores none)."""
    wb = openpyxl.load_workbook(proj / "data.xlsx")
    wb["指标基础数据"]["G3"] = "=G2*0.3"
    wb.save(proj / "data.xlsx")


def r_huge_int(proj: Path, tmp: Path) -> None:
    """An integer of 400 digits in a number cell (Excel cannot make one; a script can)."""
    from cpframework.io.xlsx_edit import SheetEdit

    edit = SheetEdit(proj / "data.xlsx", "指标基础数据")
    edit.set(2, 7, 10 ** 400)
    edit.save(tmp / "x.xlsx")
    shutil.move(tmp / "x.xlsx", proj / "data.xlsx")


def r_screen_uncached_formula(proj: Path, tmp: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业编号", "年份", "综合能耗"])
    ws.append(["E1", 2024, "=1/0"])
    ws.append(["E2", 2024, 5])
    wb.save(tmp / "in.xlsx")

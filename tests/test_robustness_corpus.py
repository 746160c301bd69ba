"""The bad-input corpus (``tests/bad_inputs/*/case.toml``) run through the real CLI.

Each case copies a demo project (``base``), applies edits (``[manifest]`` keys, ``manifest_text``,
``[[cells]]`` workbook edits, files under ``files/``, a named ``recipe`` below for binary inputs
generated at test time), runs ``args`` through :func:`cpframework.cli.commands.main` in-process and checks the
exit code and the message fragments.  No case may produce a traceback or an internal error, and a
command that fails must not leave an output file behind.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from cpframework.io import safe_read
from cpframework.cli.commands import main

from . import robustness_recipes
from .conftest import EXAMPLES

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p.parent for p in CORPUS.glob("*/case.toml"))


# ---------------------------------------------------------------- TOML writing (no tomli_w dependency)


def toml_value(v: Any) -> str:
    import json

    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_value(str(k))} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def toml_dumps(doc: dict[str, Any]) -> str:
    lines = [f"{toml_value(str(k))} = {toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines.append(f"[{toml_value(str(k))}]")
            lines += [f"{toml_value(str(kk))} = {toml_value(vv)}" for kk, vv in v.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- recipes for generated inputs


def _zip_with(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def r_zip_bomb(proj: Path, tmp: Path) -> None:
    """A tiny file whose one member declares 40 MB (ratio ~1000): refused before openpyxl."""
    _zip_with(proj / "data.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (40 << 20)})


def r_zip_many_members(proj: Path, tmp: Path) -> None:
    _zip_with(proj / "data.xlsx", {f"xl/media/{i}.bin": b"x" for i in range(safe_read.MAX_ZIP_MEMBERS + 1)})


def r_corrupt_zip(proj: Path, tmp: Path) -> None:
    data = (proj / "data.xlsx").read_bytes()
    (proj / "data.xlsx").write_bytes(data[: len(data) // 3])  # truncated: the central directory is gone


def r_xls(proj: Path, tmp: Path) -> None:
    (proj / "data.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)


def r_empty_workbook(proj: Path, tmp: Path) -> None:
    (proj / "data.xlsx").write_bytes(b"")


def r_workbook_is_dir(proj: Path, tmp: Path) -> None:
    (proj / "data.xlsx").unlink()
    (proj / "data.xlsx").mkdir()


def r_csv_as_xlsx(proj: Path, tmp: Path) -> None:
    (proj / "data.xlsx").write_text("代码,数值\nplanned_area,32\n", encoding="utf-8")


def r_xxe(proj: Path, tmp: Path) -> None:
    """A worksheet declaring an external entity that points at a secret file, used in a cell."""
    secret = tmp / "secret.txt"
    secret.write_text("TOP-SECRET-XXE-CONTENT", encoding="utf-8")
    src = proj / "data.xlsx"
    out = tmp / "x.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in ("xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"):
                text = data.decode("utf-8")
                head, body = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
                root = body.lstrip()[1:].split(" ", 1)[0].split(">", 1)[0]
                doctype = f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>'
                body = body.replace("<t>", "<t>&xxe;", 1)
                data = ((head + "?>" if head else "") + doctype + body).encode("utf-8")
            zout.writestr(info, data)
    shutil.move(out, src)


def r_many_rows(proj: Path, tmp: Path) -> None:
    wb = openpyxl.load_workbook(proj / "data.xlsx")
    ws = wb["宣传培训"]
    for i in range(safe_read.MAX_SHEET_ROWS + 5):
        ws.append(["2025-04-01", "培训班", f"第 {i} 次", 10])
    wb.save(proj / "data.xlsx")


def r_gbk_csv(proj: Path, tmp: Path) -> None:
    text = "企业编号,污染物,类别,许可排放量（t/a）,实际排放量（t/a）,数据来源\nE067,颗粒物,废气,2,1.5,执行报告年报\n"
    (tmp / "in.csv").write_bytes(text.encode("gbk"))


def r_empty_csv(proj: Path, tmp: Path) -> None:
    (tmp / "in.csv").write_bytes(b"")


def r_readonly_out(proj: Path, tmp: Path) -> None:
    (tmp / "ro").mkdir()
    os.chmod(tmp / "ro", 0o500)


def r_existing_out(proj: Path, tmp: Path) -> None:
    (tmp / "out.csv").write_text("旧文件\n", encoding="utf-8")


def r_out_dir(proj: Path, tmp: Path) -> None:
    (tmp / "out.csv").mkdir()


def r_narrative_gbk(proj: Path, tmp: Path) -> None:
    (proj / "narrative" / "overview.md").write_bytes("园区概况：示意文字，二〇二四年。".encode("gbk"))


def r_locked_narrative(proj: Path, tmp: Path) -> None:
    os.chmod(proj / "narrative", 0o000)


def r_no_manifest(proj: Path, tmp: Path) -> None:
    (proj / "project.toml").unlink()


def r_manifest_gbk(proj: Path, tmp: Path) -> None:
    text = (proj / "project.toml").read_text(encoding="utf-8")
    (proj / "project.toml").write_bytes(text.encode("gbk", errors="replace"))


def r_symlink_cover(proj: Path, tmp: Path) -> None:
    outside = tmp / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (proj / "assets").mkdir(exist_ok=True)
    (proj / "assets" / "cover.png").symlink_to(outside)


RECIPES = {name[2:]: fn for name, fn in [*globals().items(), *vars(robustness_recipes).items()]
           if name.startswith("r_") and callable(fn)}
CHMOD_RECIPES = {"readonly_out", "locked_narrative"}


# ---------------------------------------------------------------- applying a case


def _edit_cells(book: Path, edits: list[dict[str, Any]]) -> None:
    wb = openpyxl.load_workbook(book)
    for e in edits:
        if "delete_sheet" in e:
            del wb[e["delete_sheet"]]
            continue
        if "rename_sheet" in e:
            wb[e["rename_sheet"]].title = e["to"]
            continue
        ws = wb[e["sheet"]]
        if "append" in e:
            ws.append(e["append"])
            continue
        if "key" in e:
            row = next(r for r in range(2, ws.max_row + 1) if str(ws.cell(r, 1).value) == e["key"])
        else:
            row = e["row"]
        headers = {str(c.value).lstrip("*"): c.column for c in ws[1] if c.value is not None}
        col = headers[e["column"]] if "column" in e else e["col"]
        ws.cell(row, col).value = e.get("value")
        if "number_format" in e:  # e.g. "0%": Excel stores 0.04 for what it shows as 4%
            ws.cell(row, col).number_format = e["number_format"]
    wb.save(book)


def prepare(case: dict[str, Any], case_dir: Path, tmp: Path) -> Path:
    proj = tmp / "proj"
    if case.get("base"):
        shutil.copytree(EXAMPLES / case["base"], proj)
    if (case_dir / "files").is_dir():
        shutil.copytree(case_dir / "files", tmp, dirs_exist_ok=True)
    if "manifest" in case or "manifest_remove" in case:
        doc = tomllib.loads((proj / "project.toml").read_text(encoding="utf-8"))
        for key, value in case.get("manifest", {}).items():
            if isinstance(value, dict) and isinstance(doc.get(key), dict):
                doc[key].update(value)
            else:
                doc[key] = value
        for key in case.get("manifest_remove", []):
            doc.pop(key, None)
        (proj / "project.toml").write_text(toml_dumps(doc), encoding="utf-8")
    if "manifest_text" in case:
        (proj / "project.toml").write_text(case["manifest_text"], encoding="utf-8")
    if case.get("cells"):
        _edit_cells(proj / "data.xlsx", case["cells"])
    if case.get("recipe"):
        RECIPES[case["recipe"]](proj, tmp)
    return proj


def _restore_modes(tmp: Path) -> None:
    for p in [tmp, *tmp.rglob("*")] if tmp.exists() else []:
        try:
            if p.is_dir() and not p.is_symlink():
                os.chmod(p, 0o700)
        except OSError:
            pass
    for d in (tmp / "ro", tmp / "proj" / "narrative"):
        if d.exists():
            os.chmod(d, 0o700)


def _simulate_denied(monkeypatch, tmp: Path, recipe: str) -> None:
    import tempfile

    real_mkstemp, real_access = tempfile.mkstemp, os.access

    def mkstemp(*a, **kw):
        if Path(kw.get("dir", "")).name == "ro":
            raise PermissionError(13, "Permission denied", str(kw["dir"]))
        return real_mkstemp(*a, **kw)

    def access(path, mode, **kw):
        return False if Path(path).name == "narrative" and str(path).startswith(str(tmp)) else real_access(path, mode, **kw)

    if recipe == "readonly_out":
        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    else:
        monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_bad_input(case_dir: Path, tmp_path: Path, capsys, monkeypatch):
    case = tomllib.loads((case_dir / "case.toml").read_text(encoding="utf-8"))
    if case.get("recipe") in CHMOD_RECIPES and os.geteuid() == 0:
        _simulate_denied(monkeypatch, tmp_path, case["recipe"])  # root ignores file modes: make the OS calls refuse instead
    for name, value in case.get("limits", {}).items():
        assert hasattr(safe_read, name), name
        monkeypatch.setattr(safe_read, name, value)
        import cpframework.project.workbook as wbmod

        if hasattr(wbmod, name):
            monkeypatch.setattr(wbmod, name, value)
    monkeypatch.setenv("CPF_LOG_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    proj = prepare(case, case_dir, tmp_path)
    before = {p.name for p in tmp_path.iterdir()}
    args = [a.format(proj=proj, tmp=tmp_path) for a in case["args"]]
    guarded = {p: _digest(Path(p)) for p in (x.format(proj=proj, tmp=tmp_path) for x in case.get("unchanged", []))}
    mask = os.umask(case["umask"]) if "umask" in case else None
    try:
        code = main(args)
        out = capsys.readouterr()
    finally:
        if mask is not None:
            os.umask(mask)
        _restore_modes(tmp_path)
    text = out.out + out.err
    assert "Traceback" not in text and "内部错误" not in text, text
    assert code == case["exit"], f"退出码 {code}，期望 {case['exit']}：\n{text}"
    for fragment in case.get("expect", []):
        assert fragment in text, f"缺少“{fragment}”：\n{text}"
    for fragment in case.get("absent", []):
        assert fragment not in text, f"不应出现“{fragment}”：\n{text}"
    for p, digest in guarded.items():  # inputs the command must not replace, with or without --force
        assert _digest(Path(p)) == digest, f"{p} 被改动了"
    if case.get("json_stdout"):  # strict JSON: NaN/Infinity would fail here
        json.loads(out.out, parse_constant=lambda c: pytest.fail(f"JSON 中出现 {c}"))
    if code != 0:  # a failed command leaves no new file (output or temp) next to where it ran
        after = {p.name for p in tmp_path.iterdir()}
        assert after - before <= {"cpaudit-error.log"}, after - before
    if case.get("after"):
        AFTER[case["after"]](proj, tmp_path, case)


# ---------------------------------------------------------------- checks after a successful command


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "（不存在）"


def a_no_formula_in_workbook(proj: Path, tmp: Path, case: dict) -> None:
    wb = openpyxl.load_workbook(proj / "data.xlsx")
    from cpframework.project.guide import START_SHEET

    # the guide sheet's own counting formulas (written by init) are not imported text
    formulas = [(ws.title, c.coordinate, c.value) for ws in wb if ws.title != START_SHEET for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    assert not formulas, formulas
    values = [c.value for row in wb["许可排放量"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(v.startswith("'=HYPERLINK") for v in values)
    assert any(p.name.endswith("导入前备份.xlsx") for p in proj.iterdir())


def a_no_formula_in_export(proj: Path, tmp: Path, case: dict) -> None:
    wb = openpyxl.load_workbook(tmp / "out.xlsx")
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


AFTER = {name[2:]: fn for name, fn in [*globals().items(), *vars(robustness_recipes).items()]
         if name.startswith("a_") and callable(fn)}


def test_corpus_is_large_enough():
    cats = {tomllib.loads((c / "case.toml").read_text(encoding="utf-8")).get("category") for c in CASES}
    assert len(CASES) >= 30 and {"manifest", "workbook", "csv", "narrative", "hostile", "writes"} <= cats

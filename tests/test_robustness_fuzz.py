"""Property: structured-random manifests and workbook contents (of every bundled demo) never produce a
traceback or an exit code outside {0, 1, 2} (3 would be an internal error, i.e. a bug) from ``check``
and ``status``.  ``CPF_FUZZ_EXAMPLES=n`` runs a longer search (also through ``evaluate``)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tomllib
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.cli.commands import main

from .conftest import EXAMPLES
from .test_robustness_corpus import toml_dumps

BASE = tomllib.loads((EXAMPLES / "park_demo" / "project.toml").read_text(encoding="utf-8"))
KEYS = ["standard", "name", "audit_year", "baseline_year", "review_years", "workbook", "subject", "flags",
        "report", "options"]
SUB_KEYS = ["management_committee", "service_org", "cover_image", "location", "repeat_audit",
            "hazardous_industry_park", "draft", "date"]

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
special_text = st.sampled_from(["", " ", "park_cppc", "data.xlsx", "../data.xlsx", "/etc/passwd", "data.xls",
                                "assets/x.png", "..", ".", "narrative", "=1+1", "2024", "false", "C:\\x.xlsx",
                                "a\x00b", "送审稿", "2025-13"])
scalar = st.one_of(st.integers(-10**20, 10**20), st.integers(1985, 2030), st.floats(allow_nan=True),
                   st.booleans(), text, special_text,
                   st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(str))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.sampled_from(SUB_KEYS) | text, inner,
                                                                     max_size=4)), max_leaves=8)


@st.composite
def manifests(draw):
    doc = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(KEYS) | text.filter(bool))
        action = draw(st.sampled_from(["set", "drop", "nested"]))
        if action == "drop":
            doc.pop(key, None)
        elif action == "nested" and isinstance(doc.get(key), dict):
            doc[key][draw(st.sampled_from(SUB_KEYS) | text)] = draw(value)
        else:
            doc[key] = draw(value)
    return doc


def _run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def _assert_clean(code: int, output: str) -> None:
    assert code in (0, 1, 2), output
    assert "Traceback" not in output and "内部错误" not in output, output


LONG = int(os.environ.get("CPF_FUZZ_EXAMPLES", "0"))
COMMANDS = ("check", "status", "evaluate") if LONG else ("check", "status")


@settings(max_examples=LONG or 40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=manifests())
def test_random_manifests_never_crash(doc, tmp_path_factory, capsys, monkeypatch):
    proj = _project(tmp_path_factory)
    monkeypatch.setenv("CPF_LOG_DIR", str(proj.parent))
    try:
        text_doc = toml_dumps(doc)
    except TypeError:
        return
    (proj / "project.toml").write_text(text_doc, encoding="utf-8")
    for command in COMMANDS:
        _assert_clean(*_run(capsys, command, str(proj)))


_PROJECTS: dict[str, Path] = {}


def _project(factory) -> Path:
    """One park copy per session for the manifest property (the workbook is never changed by it)."""
    if "manifest" not in _PROJECTS:
        dst = factory.mktemp("fuzz") / "proj"
        shutil.copytree(EXAMPLES / "park_demo", dst)
        _PROJECTS["manifest"] = dst
    return _PROJECTS["manifest"]


DEMOS = ["park_demo", "industry_demo", "enterprise_demo", "yunnan_demo"]
SHEETS = sorted({name for d in DEMOS for name in openpyxl.load_workbook(EXAMPLES / d / "data.xlsx", read_only=True).sheetnames})
cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(lambda s: s.replace("=", ""))
cell_value = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                       st.booleans(), cell_text, special_text.filter(lambda s: "\x00" not in s),
                       st.sampled_from(["nan", "inf", "-1", "1e400", "50%", "是", "否", "#N/A", "１２３", "2024年"]),
                       st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)))
edit = st.one_of(
    st.tuples(st.just("cell"), st.sampled_from(SHEETS), st.integers(1, 14), st.integers(1, 10), cell_value),
    st.tuples(st.just("drop"), st.sampled_from(SHEETS)),
    st.tuples(st.just("rename"), st.sampled_from(SHEETS), text.filter(lambda s: 0 < len(s.strip()) <= 20)),
    st.tuples(st.just("dup_row"), st.sampled_from(SHEETS), st.integers(2, 8)),
)


@settings(max_examples=LONG or 25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(demo=st.sampled_from(DEMOS), edits=st.lists(edit, min_size=1, max_size=6))
def test_random_workbook_contents_never_crash(demo, edits, tmp_path_factory, capsys, monkeypatch):
    proj = tmp_path_factory.mktemp("wb") / "proj"
    shutil.copytree(EXAMPLES / demo, proj)
    monkeypatch.setenv("CPF_LOG_DIR", str(proj.parent))
    wb = openpyxl.load_workbook(proj / "data.xlsx")
    for e in edits:
        if e[1] not in wb.sheetnames:
            continue
        ws = wb[e[1]]
        if e[0] == "cell":
            ws.cell(e[2], e[3]).value = e[4]
        elif e[0] == "drop" and len(wb.sheetnames) > 1:
            del wb[e[1]]
        elif e[0] == "rename":
            bad = set('[]:*?/\\')
            name = "".join(c for c in e[2] if c not in bad and c.isprintable())[:31].strip("'")
            if name and name not in wb.sheetnames:
                ws.title = name
        elif e[0] == "dup_row":
            ws.append([c.value for c in ws[e[2]]])
    wb.save(proj / "data.xlsx")
    for command in COMMANDS:
        _assert_clean(*_run(capsys, command, str(proj)))

"""The concrete writer conforms to the ``ReportWriter`` Protocol renderers are typed against, and the
writer's parts (narrative, charts) work through the Protocol alone, with any writer."""
from __future__ import annotations

import inspect
import typing
from pathlib import Path

import pytest

from cpframework import api
from cpframework.report.chart_part import ChartPart
from cpframework.report.narrative import NarrativePart
from cpframework.report.protocol import ReportWriter
from cpframework.report.writer import DocxReportWriter

MEMBERS = sorted(n for n in dir(ReportWriter) if not n.startswith("_") and n not in dir(typing.Protocol))


def test_api_exports_the_protocol_and_the_word_writer():
    assert api.ReportWriter is ReportWriter and api.DocxReportWriter is DocxReportWriter
    assert {"chapter", "section", "table", "figure", "narrative", "chart", "chart_attainment", "profile"} <= set(MEMBERS)


@pytest.mark.parametrize("name", MEMBERS)
def test_every_protocol_member_exists_with_a_compatible_signature(name):
    """Same kind (method/property); every Protocol parameter exists in the implementation with the same
    kind and default; the implementation adds only optional parameters."""
    proto, impl = inspect.getattr_static(ReportWriter, name), inspect.getattr_static(DocxReportWriter, name, None)
    assert impl is not None, f"DocxReportWriter lacks {name}"
    if isinstance(proto, property):
        assert isinstance(impl, property), f"{name} should be a property"
        return
    want, have = inspect.signature(proto).parameters, inspect.signature(impl).parameters
    for pname, p in want.items():
        assert pname in have, f"{name}: parameter {pname} missing"
        assert (have[pname].kind, have[pname].default) == (p.kind, p.default), f"{name}({pname})"
    assert list(want) == list(have)[:len(want)], f"{name}: parameter order {list(have)} vs {list(want)}"
    extra = [p for n, p in have.items() if n not in want]
    assert all(p.default is not inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
               for p in extra), f"{name}: extra required parameters {extra}"


def test_the_word_writer_is_a_report_writer(profile):
    with DocxReportWriter(profile) as w:
        assert isinstance(w, ReportWriter)


class Recorder:
    """A minimal ReportWriter that records calls (the kind of test double a plugin author can write)."""

    def __init__(self, profile):
        self.calls: list[tuple[str, object]] = []
        self._profile = profile

    profile = property(lambda self: self._profile)
    text_width_cm = property(lambda self: 15.0)
    chapter_index = property(lambda self: None)

    def __getattr__(self, name):
        if name.startswith("_") or not hasattr(ReportWriter, name):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.calls.append((name, args)) or f"{name}-label"


def test_the_parts_need_nothing_but_the_protocol(profile, monkeypatch, tmp_path):
    from cpframework.report import charts

    rec = Recorder(profile)
    assert isinstance(rec, ReportWriter)
    md = "# 小标题\n\n正文 **粗**\n\n1. 甲\n\n表：数据\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![图](x.png)\n"
    assert NarrativePart(rec, tmp_path).render(md, "要求", base_level=2) is True
    assert [c[0] for c in rec.calls] == ["heading", "runs", "runs", "table", "notice"]
    assert rec.calls[0][1] == ("小标题", 3)
    rec.calls.clear()
    assert NarrativePart(rec, None).render(Path(tmp_path / "missing.md"), "请写现状。", 1) is False
    assert rec.calls == [("placeholder", ("请写现状。",))]
    rec.calls.clear()
    monkeypatch.setitem(charts._state, "families", (None, ["DejaVu Serif"]))
    assert ChartPart(rec).trend([2021], {"用水": [1.0]}, "趋势") == "caption_only-label"
    assert [c[0] for c in rec.calls] == ["warn", "notice", "caption_only"]

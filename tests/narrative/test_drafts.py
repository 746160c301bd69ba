"""Drafts from data: stated only from what the tables hold, marked, and accepted into the narrative."""
from __future__ import annotations

from types import SimpleNamespace

import docx
from hypothesis import given
from hypothesis import strategies as st

from cpframework.report.drafts import DRAFT_MARK, LoggedTable, draft

NODE = SimpleNamespace(id="x", title="x")


def _draft(*tables):
    return draft(NODE, SimpleNamespace(), tables)


@given(st.lists(st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)), min_size=1, max_size=5))
def test_year_changes_state_the_tables_numbers_and_direction(values):
    from cpframework.report.tables import cell_text

    rows = [(f"产品{i}", "t", a, b) for i, (a, b) in enumerate(values)]
    text = _draft(LoggedTable(("名称", "单位", "2022年", "2024年"), tuple(rows), "产量表"))
    for name, _u, a, b in rows:
        assert f"{name}" in text and cell_text(a, "") in text and cell_text(b, "") in text
        if a != b:
            word = "增至" if b > a else "降至"
            assert f"{name}由2022年的 {cell_text(a, '')} t{word}2024年的 {cell_text(b, '')} t" in text


def test_totals_and_sub_rows_are_not_counted_as_options():
    header = ("编号", "方案名称", "费用类别", "投资（万元）")
    rows = (("F01", "甲", "无/低费", 1.5), ("F02", "乙", "中/高费", 10.0), ("F03", "丙", "无/低费", 0.5),
            ("—", "—", "—", None), ("汇总", "3 项", "—", 12.0))
    text = _draft(LoggedTable(header, rows, "方案汇总表"))
    assert "共列出方案 3 项" in text and "无/低费 2 项" in text and "中/高费 1 项" in text and "投资合计 12 万元" in text


def test_a_completion_column_that_is_not_yes_or_no_says_nothing():
    t = LoggedTable(("指标", "目标值", "完成情况"), (("能耗", 1.0, "进行中"),), "目标完成表")
    assert "已完成" not in _draft(t)


def test_measured_values_over_their_limits_are_named():
    t = LoggedTable(("监测点位", "监测时段", "监测值dB(A)", "标准值dB(A)"),
                    (("东厂界", "昼间", 58.2, 65), ("西厂界", "夜间", 56.0, 55)), "噪声监测表")
    text = _draft(t)
    assert "超过标准值的有：西厂界夜间（56，标准值 55）" in text


def test_no_table_no_draft():
    assert _draft() == ""


def test_a_failing_drafter_never_stops_the_report(monkeypatch):
    from cpframework.report import drafts

    def broken(section):
        raise ZeroDivisionError
    monkeypatch.setattr(drafts, "DRAFTERS", [("", broken)] + drafts.DRAFTERS)
    t = LoggedTable(("名称", "2022年", "2024年"), (("甲", 1, 2),), "表")
    assert "甲由2022年的 1增至2024年的 2" in _draft(t)


def test_a_plugin_drafter_runs_for_its_standard_only(monkeypatch):
    from cpframework.report import drafts

    monkeypatch.setattr(drafts, "DRAFTERS", list(drafts.DRAFTERS))
    drafts.register("mine")(lambda s: "本标准专有的草稿。")
    assert draft(NODE, SimpleNamespace(standard=SimpleNamespace(id="mine")), ()) == "本标准专有的草稿。"
    assert draft(NODE, SimpleNamespace(standard=SimpleNamespace(id="other")), ()) == ""


def test_the_report_shows_a_marked_draft_and_accept_writes_it(build, project):
    from cpframework.report.pull import apply_pull, plan_accept, plan_pull

    out = build()
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    drafted = [t for t in texts if t.startswith(DRAFT_MARK)]
    assert len(drafted) == 1 and "领导小组的人数由2022年的 3增至2023年的 4" in drafted[0]
    assert plan_pull(out, project.project, project.std) == ([], [])     # an unedited draft is not pulled
    changes, notes = plan_accept(out, project.project, project.std, ("筹划和组织",))
    assert [c.path.name for c in changes] == ["2 筹划和组织.md"] and notes == []
    apply_pull(changes, project.root / "narrative", "采纳前")
    again = [p.text for p in docx.Document(str(build("r2.docx"))).paragraphs]
    assert drafted[0][len(DRAFT_MARK):] in again and not any(t.startswith(DRAFT_MARK) for t in again)


def test_accept_leaves_a_written_section_alone(build, project):
    from cpframework.report.pull import plan_accept

    out = build()
    (project.root / "narrative" / "2 筹划和组织.md").write_text("已写好的组织情况。\n", encoding="utf-8")
    changes, notes = plan_accept(out, project.project, project.std)
    assert changes == [] and any("已有叙述文字" in n for n in notes)


def test_a_share_changes_by_percentage_points_not_percent():
    t = LoggedTable(("指标", "2023年", "2024年"), (("工业用水重复利用率", "74.64%", "75%"),), "年度对比")
    text = _draft(t)
    assert "由2023年的 74.64%增至2024年的 75%，提高 0.36 个百分点" in text and "增加 0.5%" not in text


def test_targets_not_met_are_named_and_all_met_said_once():
    header = ("指标", "目标值", "已完成")
    some = _draft(LoggedTable(header, (("能耗", 1, "是"), ("水耗", 2, "否")), "目标完成情况表"))
    assert "2 项目标中，1 项已完成，未完成的是水耗。" in some
    every = _draft(LoggedTable(header, (("能耗", 1, "是"), ("水耗", 2, "是")), "目标完成情况表"))
    assert "2 项目标均已完成。" in every

"""Issue #19 build item 5, yunnan_park: 附录A (编制说明 5.6 “已发布的行业清洁生产标准规范表”) generated for
the park's industries from the project's 企业名录 and 企业水平 and the plugin's list of published documents."""
from __future__ import annotations

from pathlib import Path

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo"


def test_every_industry_of_the_park_once_with_its_enterprises():
    from cpframework.api import load_project
    from cpf_yunnan_park import analysis
    from cpf_yunnan_park.appendix import appendix_a
    from cpf_yunnan_park.elements import for_enterprise

    project, _ = load_project(DEMO)
    groups = appendix_a(project)
    ent = analysis.enterprises(project)
    assert sorted(i for g in groups for i in g["ids"]) == sorted(map(str, ent.index))   # each enterprise once
    assert len({g["industry"] for g in groups}) == len(groups)
    by = {g["industry"]: g for g in groups}
    # by hand: the cement plant is 附录C1 水泥 and its document is the 2014 national evaluation system
    e051 = ent.loc["E051"]
    assert for_enterprise(e051["industry"], e051["cp_industry"]).industry == "水泥"
    assert [d.cite() for d in by["水泥"]["documents"]] == ["《水泥行业清洁生产评价指标体系》（国家发展改革委、环境保护部、工业和信息化部，2014年）"]
    # the step-8 bases written for its enterprises come along
    assert by["磷化工"]["bases"] == ["肥料制造业（磷肥）清洁生产评价指标体系"]


def test_published_list_names_only_appendix_c1_industries_and_says_what_is_unchecked():
    from cpf_yunnan_park.appendix import published
    from cpf_yunnan_park.elements import elements

    rows = published()
    assert {r.industry for r in rows} <= {e.industry for e in elements()}
    for r in rows:
        assert r.checked in ("是", "否")
        assert r.checked == "是" or "待核对" in r.note, r   # an unchecked entry says so in print
        assert r.checked == "否" or r.year, r                # a checked entry has its year


def test_audit_report_has_appendix_a_fit_for_delivery(tmp_path):
    import docx

    from cpframework.testing import cpaudit_main as main, deliverable_problems

    out = tmp_path / "audit.docx"
    assert main(["report", str(DEMO), "-o", str(out)]) == 0
    d = docx.Document(str(out))
    heads = [p.text for p in d.paragraphs]
    assert any("已发布的行业清洁生产标准规范（附录A）" in h for h in heads)
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "行业（附录C1）")
    text = "\n".join("｜".join(c.text for c in r.cells) for r in table.rows)
    assert "水泥｜1 家：水泥熟料制造｜《水泥行业清洁生产评价指标体系》" in text
    assert "本行业企业不在第8步判定范围内" in text      # 医药: 简化管理, not key: not judged, and said why
    assert deliverable_problems(out) == []

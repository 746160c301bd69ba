"""Both reports generated from the demo and read back with python-docx."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest

from cpframework.api import load_project
from cpframework.api import get_registry
from cpframework.api import choose_kind, generate_report
from cpframework.api import evaluate_project

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"
AUDIT_CHAPTERS = ["前言", "第一章  审核概述", "第二章  审核回顾", "第三章  审核准备", "第四章  预审核", "第五章  审核",
                  "第六章  方案产生和筛选", "第七章  方案确定", "第八章  结论"]
ACC_TAIL = ["第八章  审核评估情况", "第九章  方案实施", "第十章  持续清洁生产", "第十一章  结论"]


def build(root: Path, kind: str, out: Path):
    reg = get_registry()
    project, std = load_project(root, reg)
    ev = evaluate_project(reg, std, project)
    generate_report(std, project, ev, choose_kind(std, kind), out, force=True)
    return docx.Document(str(out))


def headings(doc, level):
    return [p.text for p in doc.paragraphs if p.style.name.lower() == f"heading {level}"]


def captions(doc):
    return [p.text for p in doc.paragraphs if p.style.name.lower() == "caption"]


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    return build(DEMO, "audit", tmp_path_factory.mktemp("a") / "audit.docx")


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory):
    return build(DEMO, "acceptance", tmp_path_factory.mktemp("b") / "acc.docx")


def test_audit_outline_in_order(audit):
    assert headings(audit, 1) == AUDIT_CHAPTERS
    h2 = headings(audit, 2)
    for t in ("1.1 审核目的", "3.2 工作计划", "4.4 确定审核重点", "4.5 审核目标", "5.2 审核重点实测和分析", "7.2 可行性分析", "7.5 方案实施计划"):
        assert t in h2
    assert h2.index("4.4 确定审核重点") < h2.index("4.5 审核目标") < h2.index("5.1 审核重点概况")
    assert "7.2.1 方案一：F09 空压站变频改造及余热回收" in headings(audit, 3)


def test_audit_tables_with_seed_captions(audit):
    caps = captions(audit)
    for c in ("表 3-1 清洁生产审核领导/工作小组成员构成与职责分工表（领导小组）", "清洁生产审核工作计划表", "企业基本信息表",
              "产品产量一览表", "主要原辅材料消耗表", "有毒有害原辅材料理化性质一览表", "水资源消耗表", "能源消耗情况表",
              "综合能耗情况表", "废水主要污染物监测情况表", "本轮清洁生产目标一览表", "备选清洁生产方案汇总表",
              "不可行方案汇总表", "本轮清洁生产审核目标预期完成情况表", "拟实施方案实施计划及完成情况表",
              "本轮清洁生产方案实施情况及审核预期效益汇总表", "企业清洁生产档案建立情况"):
        assert any(c in x for x in caps), c
    # numbering per chapter: 表 4-1, 4-2 … restart in chapter 5
    four = [int(m.group(1)) for x in caps if (m := re.match(r"表 4-(\d+) ", x))]
    assert four == list(range(1, len(four) + 1)) and len(four) > 20
    assert any(x.startswith("表 5-1 ") for x in caps)
    assert any(x.startswith("图 3-1 ") and "甘特图" in x for x in caps)


def test_inner_cover_tables(audit):
    first = [[c.text for c in t.rows[0].cells] for t in audit.tables[:4]]
    assert ["小组职务", "姓名", "公司职务", "联系电话", "签名"] in first
    assert ["姓名", "清洁生产审核师证书编号", "技术职称", "项目职责", "签名"] in first
    text = "\n".join(p.text for p in audit.paragraphs[:80])
    assert "清洁生产审核承诺" in text and "行 业 专 家 姓 名：陈国华" in text


def test_traces_printed(audit):
    text = "\n".join(p.text for p in audit.paragraphs)
    assert "综合能耗：" in text or "年综合能耗：Σ" in text
    assert "净现值 NPV" in text and "审核重点权重总和计分排序" in text


def test_acceptance_outline_and_tables(acceptance):
    assert headings(acceptance, 1) == AUDIT_CHAPTERS[:-1] + ACC_TAIL
    caps = captions(acceptance)
    for c in ("无/低费（中/高费）方案实施效益表（无/低费）", "无/低费（中/高费）方案实施效益表（中/高费）",
              "本轮清洁生产方案实施情况表", "本轮清洁生产方案环境效益汇总表", "本轮清洁生产方案经济效益汇总表",
              "本轮清洁生产目标完成情况表", "持续清洁生产计划", "审核绩效汇总表"):
        assert any(c in x for x in caps), c
    assert any(x.startswith("表 9-") and "方案实施效益表" in x for x in caps)
    assert any("审核前后主要指标对比" in x for x in caps)


def test_flags_switch_content(tmp_path):
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    t = (dst / "project.toml").read_text(encoding="utf-8")
    t = t.replace("has_previous_round = true", "has_previous_round = false").replace("toxic = true", "toxic = false")
    t = t.replace("double_exceed = false", "double_exceed = true")
    (dst / "project.toml").write_text(t, encoding="utf-8")
    doc = build(dst, "audit", tmp_path / "x.docx")
    h1 = headings(doc, 1)
    assert "第二章  审核回顾" not in h1 and "第三章  审核准备" in h1
    caps = captions(doc)
    assert not any("有毒有害原辅材料理化性质一览表" in x for x in caps)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "“双超”分析" in text and "6.5.5 c) 核查" in text


def test_heavy_metal_balance_under_materials(tmp_path):
    """6.5.1.2.4 c): a 涉重金属 enterprise gets the baseline heavy-metal balance inside 原辅材料消耗
    (written by the ``materials`` renderer); without such a balance the report says what is missing."""
    from cpframework.testing import append_rows

    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    t = (dst / "project.toml").read_text(encoding="utf-8")
    (dst / "project.toml").write_text(t.replace("heavy_metal = false", "heavy_metal = true"), encoding="utf-8")
    doc = build(dst, "audit", tmp_path / "missing.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "审核基准期重金属元素平衡" in text and "类型为“重金属”的平衡" in text
    wb = dst / load_project(dst)[0].manifest.workbook
    append_rows(wb, "平衡实测", [
        {"平衡名称": "镍元素平衡", "平衡类型": "重金属", "物流名称": "硫酸镍带入", "方向": "输入", "数量": 10.0, "单位": "kg"},
        {"平衡名称": "镍元素平衡", "平衡类型": "重金属", "物流名称": "产品带出", "方向": "输出", "数量": 9.6, "单位": "kg"}])
    doc = build(dst, "audit", tmp_path / "found.docx")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "类型为“重金属”的平衡" not in text
    assert any("镍元素平衡" in c for c in captions(doc))

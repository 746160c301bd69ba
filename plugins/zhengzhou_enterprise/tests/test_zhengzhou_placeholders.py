"""#16 item 11: each placeholder lists, as a checklist the consultant fills in, every element the seed's
clause requires there (6.5.1.1.1 b), 6.5.1.3.1 c), 6.6.2.2 c), 6.8.2.2/6.8.2.3 a)–f), 7.3.5.1, 7.3.6)."""
from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import openpyxl
import pytest

from cpframework.testing import cpaudit_main, text_problems

HERE = Path(__file__).resolve().parents[1]
DEMO = HERE.parents[1] / "examples" / "enterprise_demo"

# clause → words the standard's text requires there (DB4101/T 61—2023)
REQUIRED = {
    "6.5.1.1": ("历史沿革", "发展规划", "行业类别及代码", "工作班制", "地理位置", "平面布局", "车间平面布置", "排污口",
                "危险化学品", "危险废物贮存场所", "组织机构", "管理制度", "改进措施"),
    "6.5.1.3.1": ("环评", "竣工验收", "排污许可", "应急预案", "绩效分级", "信用评价", "超标排放", "环保处罚", "投诉信访",
                  "整改", "证明材料", "合规性分析", "最新节能环保政策"),
    "6.6.2.2": ("平衡测试项目", "点位", "工具", "方法", "周期", "现场条件", "实测人员", "现场记录", "表D.26", "GB 17167",
                "GB 24789", "完善计量设备方案", "生产负荷"),
    "6.8.2": ("资料来源", "先进性", "能源政策", "消化吸收", "技术途径", "安全性", "成熟", "GB/T 13234", "排放量变化",
              "有毒有害物质", "二次污染物", "人员健康", "再生回收", "净现值", "内部收益率", "可行性结论"),
    "7.3.5.1": ("原辅材料", "资源能源", "生产工艺", "设备", "产品", "污染物排放", "碳减排量", "表E.4", "审核后平衡"),
    "7.3.6": ("企业内部", "企业外部", "公示", "审核后的成效", "污染物达标情况"),
}


def _nodes(kind: str):
    doc = tomllib.loads((HERE / "data" / "reports" / f"{kind}.toml").read_text(encoding="utf-8"))
    stack = list(doc["outline"])
    while stack:
        n = stack.pop()
        yield n
        stack += n.get("children", [])


@pytest.mark.parametrize("kind", ["audit", "acceptance"])
def test_placeholders_list_what_the_clause_requires(kind):
    by_clause = {n.get("clause"): n.get("requirement", "") for n in _nodes(kind)}
    for clause, words in REQUIRED.items():
        if clause not in by_clause:
            assert kind == "audit" and clause.startswith("7."), clause
            continue
        text = by_clause[clause]
        missing = [w for w in words if w not in text]
        assert not missing, f"{clause}: {missing}"
        assert text.count("□") >= 3 and text_problems(text) == [], clause


def test_blank_technical_assessment_gets_the_a_to_f_checklist(tmp_path):
    from docx import Document
    root = tmp_path / "p"
    shutil.copytree(DEMO, root)
    wb = openpyxl.load_workbook(root / "data.xlsx")
    ws = wb["可行性分析"]
    for header in ("技术评估", "环境评估"):
        col = next(c.column for c in ws[1] if str(c.value or "").lstrip("*") == header)
        ws.cell(2, col).value = None
    wb.save(root / "data.xlsx")
    out = tmp_path / "a.docx"
    assert cpaudit_main(["report", str(root), "--kind", "audit", "-o", str(out)]) in (0, 1)
    text = "\n".join(p.text for p in Document(out).paragraphs)
    tech = next(t for t in text.splitlines() if "技术评估（6.8.2.2）" in t)
    env = next(t for t in text.splitlines() if "环境评估（6.8.2.3）" in t)
    assert all(f"□ {x})" in tech and f"□ {x})" in env for x in "abcdef")
    assert tech.startswith("【待编写】") and text_problems(tech) == [] and text_problems(env) == []

"""#16 item 8: 表E.4 as the seed draws it — 审核单位（盖章）, 企业性质 checkboxes, 行业类别 and its 4-digit code
apart, consultant address, every benefit row kept (zero included), the method column holding the benefits'
own calculation (the carbon formula goes below the table as a trace)."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cpf_zhengzhou_enterprise import report_e4 as e4
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"


@pytest.mark.parametrize("text, parts", [("汽车零部件及配件制造 C3670", ("汽车零部件及配件制造", "3670")),
                                         ("电镀（3360）", ("电镀", "3360")), ("金属制品业", ("金属制品业", ""))])
def test_industry_and_code_apart(text, parts):
    assert e4.industry_parts(text) == parts


def test_nature_boxes():
    assert "民营（√）" in e4.nature_boxes("有限责任公司（民营）") and "国有（　）" in e4.nature_boxes("有限责任公司（民营）")
    assert "其他（√）股份合作" in e4.nature_boxes("股份合作")


def test_e4_in_the_acceptance_report(tmp_path):
    out = tmp_path / "a.docx"
    assert cpaudit_main(["report", "-k", "acceptance", "-o", str(out), "--force", str(DEMO)]) == 0
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "审核单位（盖章）：" in text
    cells = {c.text for t in d.tables for r in t.rows for c in r.cells}
    assert {"行业代码", "3670", "咨询单位通讯地址", "总氮", "总磷", "重金属", "废气", "节煤", "节油"} <= cells
    assert not any("2.7725" in c for c in cells)   # the carbon formula is not in the 方法说明 column

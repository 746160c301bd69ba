"""Per-product indicators weighted by product output (通则 §3.2 4) in a project: a copy of the demo whose
system splits 镀件一次合格率 into one indicator per product (镀镍铬件 / 镀锌件) sharing W = 1.0 by output."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from cpframework.api import load_project
from cpframework.testing import cpaudit_main

from cpf_industry_cppc import analysis
from cpf_industry_cppc.evaluation import WEIGHT_PREFIX

ROOT = Path(__file__).resolve().parents[1]
DEMO = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"
PER_PRODUCT = '''[[indicator]]
id = "E12A"
group = "G5"
name = "镀件一次合格率（镀镍铬件）"
unit = "%"
direction = ">="
weight = 1.0
by_output = "镀件一次合格率"
product = "镀镍铬件"
benchmarks = [98, 96, 94]

[[indicator]]
id = "E12B"
group = "G5"
name = "镀件一次合格率（镀锌件）"
unit = "%"
direction = ">="
weight = 1.0
by_output = "镀件一次合格率"
product = "镀锌件"
benchmarks = [98, 96, 94]
'''


def _system_file() -> str:
    text = (ROOT / "data" / "systems" / "electroplating.toml").read_text(encoding="utf-8")
    text = text.replace('id = "electroplating"', 'id = "electroplating_per_product"', 1)
    block = re.search(r'\[\[indicator\]\]\nid = "E12"\n.*?benchmarks = \[98, 96, 94\]\n', text, re.S)
    assert block is not None
    return text.replace(block.group(0), PER_PRODUCT)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    dst = tmp_path / "p"
    shutil.copytree(DEMO, dst)
    (dst / "per_product.toml").write_text(_system_file(), encoding="utf-8")
    manifest = dst / "project.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        'evaluation_system = "electroplating"', 'evaluation_system = "per_product.toml"'), encoding="utf-8")
    wb = openpyxl.load_workbook(dst / "data.xlsx")
    made = {r[0]: r[1] for r in wb["产品产量"].iter_rows(min_row=2, values_only=True) if r[0]}
    ws = wb["评价指标取值"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 2).value == "E12":
            ent = ws.cell(r, 1).value
            ws.cell(r, 2).value = "E12A" if made[ent] == "镀镍铬件" else "E12B"
            ws.append([ent, "E12B" if made[ent] == "镀镍铬件" else "E12A", "不适用", None, "不生产该产品"])
    # QY01 also plates zinc: 70 171.67 m² in 2024 beside 210 515 m² of 镀镍铬件 (a quarter of its output)
    wb["产品产量"].append(["QY01", "镀锌件", "m²", 60000, 65000, 70171.67])
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "QY01" and ws.cell(r, 2).value == "E12B":
            ws.cell(r, 3).value, ws.cell(r, 5).value = 93, "台账"
    for name, col in (("清洁生产方案", 6), ("清洁生产方案", 16), ("诊断发现", 6)):
        for r in range(2, wb[name].max_row + 1):
            if wb[name].cell(r, col).value == "E12":
                wb[name].cell(r, col).value = "E12A"
    wb.save(dst / "data.xlsx")
    return dst


def _run(project: Path) -> dict:
    p, std = load_project(project)
    return analysis.run(std, p)


def test_check_is_clean_and_weights_follow_output(project: Path, capsys) -> None:
    assert cpaudit_main(["check", str(project)]) == 0, capsys.readouterr().out
    capsys.readouterr()
    r = _run(project)
    res = r["result"]
    g5 = 0.05  # 产品特征指标 weight
    qy01 = res.loc["QY01"]
    assert qy01[WEIGHT_PREFIX + "E12A"] == pytest.approx(g5 * 210515 / (210515 + 70171.67))
    assert qy01[WEIGHT_PREFIX + "E12B"] == pytest.approx(g5 * 70171.67 / (210515 + 70171.67))
    one = res.loc["QY02"]  # one product: the whole W, as an unsplit indicator
    assert one[WEIGHT_PREFIX + "E12A"] == pytest.approx(g5) and one[WEIGHT_PREFIX + "E12B"] == 0
    weights = res[[c for c in res.columns if c.startswith(WEIGHT_PREFIX)]]
    assert weights.sum(axis=1).to_numpy() == pytest.approx(1.0)
    # QY01: 镀镍铬件 97.3 % reaches Ⅱ (≥96), 镀锌件 93 % is below Ⅲ (< 94): the product term of YⅡ is 0.75 × 5
    lv = {k: qy01["lv_" + k] for k in ("E12A", "E12B")}
    assert lv == {"E12A": 2.0, "E12B": 4.0}


def test_output_and_not_applicable_must_agree(project: Path, capsys) -> None:
    wb = openpyxl.load_workbook(project / "data.xlsx")
    ws = wb["评价指标取值"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == "QY02" and ws.cell(r, 2).value == "E12A":
            ws.cell(r, 3).value = "不适用"          # QY02 makes 镀镍铬件
    prod = wb["产品产量"]
    for r in range(prod.max_row, 1, -1):
        if prod.cell(r, 1).value == "QY01" and prod.cell(r, 2).value == "镀锌件":
            prod.delete_rows(r)                    # QY01 keeps its 镀锌件 value without any 镀锌件 output
    wb.save(project / "data.xlsx")
    code = cpaudit_main(["check", str(project)])
    cap = capsys.readouterr()
    out = cap.out + cap.err
    assert code == 1, out
    assert "QY02" in out and "不能填“不适用”" in out and "E12A" in out
    assert "QY01" in out and "镀锌件" in out and "产量" in out and "E12B" in out


def test_screen_agrees_with_evaluate(project: Path) -> None:
    """``cpaudit screen`` grades the same enterprises with the same per-product weights when the file carries
    one 产量（产品） column per product."""
    import numpy as np

    from cpf_industry_cppc.screening import SCREENER
    from cpframework.api import screen

    r = _run(project)
    values, keys = r["values"], r["split_keys"]
    frame = values.reset_index(drop=True).assign(企业编号=list(values.index), 年份=2024)
    frame["产量（镀镍铬件）"] = keys["E12A"].to_numpy()
    frame["产量（镀锌件）"] = keys["E12B"].to_numpy()
    opts = SCREENER.parse_options({"system": str(project / "per_product.toml")})
    got = screen(SCREENER, frame, opts).tables["enterprises"].frame.set_index("企业编号")
    ref = r["result"]
    assert (got["等级"] == ref["level"].reindex(got.index)).all()
    for k, col in ((1, "Ⅰ级综合评价指数"), (2, "Ⅱ级综合评价指数"), (3, "Ⅲ级综合评价指数")):
        np.testing.assert_allclose(got[col], ref[f"Y{k}"].reindex(got.index), atol=1e-8)


def test_report_states_the_shared_weight_and_is_deliverable(project: Path, tmp_path: Path, capsys) -> None:
    from cpframework.testing import deliverable_problems

    out = tmp_path / "报告.docx"
    assert cpaudit_main(["report", str(project), "-o", str(out)]) == 0, capsys.readouterr()
    assert deliverable_problems(out) == []
    import docx

    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    assert "指标 E12A、E12B 共用二级权重 1，按企业各产品的产量占比分配" in text

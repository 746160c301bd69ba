"""Issue #17 item 1 (rest): energy by carrier per enterprise (企业能源消费, GB/T 2589), aggregated by industry
and reconciled with each enterprise's 综合能耗 and the park's carrier totals — by hand on the demo, with an
independent oracle read straight from the workbook, properties in memory, and the checks through the CLI."""
import copy
import shutil
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.api import load_project
from cpframework.testing import cpaudit_main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


@pytest.fixture(scope="module")
def demo():
    return load_project(DEMO)[0]


@pytest.fixture()
def park(tmp_path):
    dst = tmp_path / "park"
    shutil.copytree(DEMO, dst)
    return dst


def _sheet(name: str) -> list[dict]:
    """The rows of a sheet as header → value (headers without * and （unit）): read straight from the file."""
    ws = openpyxl.load_workbook(DEMO / "data.xlsx", data_only=True)[name]
    heads = [str(c.value).lstrip("*").split("（")[0] if c.value else "" for c in ws[1]]
    return [dict(zip(heads, (c.value for c in row))) for row in ws.iter_rows(min_row=2)
            if any(c.value is not None for c in row)]


def _check(park, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = cpaudit_main(["check", str(park)])
    out = capsys.readouterr()
    return code, (out.out + out.err).replace("\n", "")


def _with_rows(project, table: str, rows: list[dict]):
    """A copy of ``project`` whose ``table`` holds ``rows`` (sheet rows numbered from 2)."""
    p = copy.copy(project)
    p.tables = dict(project.tables)
    p.tables[table] = attrs.evolve(project.tables[table], rows=rows, sheet_rows=list(range(2, len(rows) + 2)),
                                   present=True)
    return p


# ---------------------------------------------------------------- by hand and against the workbook


def test_demo_industries_by_carrier_match_the_workbook(demo):
    from cpf_park_cppc.carriers import industry_carriers

    got = industry_carriers(demo)
    industry_of = {r["企业编号"]: r["所属行业"] for r in _sheet("企业清单")}
    oracle: dict[tuple[str, str], float] = {}
    for r in _sheet("企业能源消费"):
        key = (industry_of[r["企业编号"]], r["能源品种"])
        oracle[key] = oracle.get(key, 0.0) + r["折标准煤量"]
    for i in got["industries"]:
        for c, v in i["by_carrier"].items():
            assert v == pytest.approx(oracle.get((i["industry"], c), 0.0))
    assert len(got["industries"]) == 5 and sum(i["enterprises"] for i in got["industries"]) == 42
    # every enterprise of the register reconciles with its 综合能耗 (GB/T 2589: the sum of its carriers)
    split = {}
    for r in _sheet("企业能源消费"):
        split[r["企业编号"]] = split.get(r["企业编号"], 0.0) + r["折标准煤量"]
    for r in _sheet("企业清单"):
        assert split[r["企业编号"]] == pytest.approx(r["综合能耗"], rel=0.01)
    # the list's carriers plus the enterprises not surveyed = the park's energy structure
    park = {r["能源品种"]: r["折标准煤量"] for r in _sheet("能源消费结构")}
    for c in got["carriers"]:
        assert got["listed"][c] + got["others"].get(c, 0.0) == pytest.approx(park[c])


def test_a_small_case_by_hand(demo):
    """E01 burns 10 t of coal (0.7143 tce/t → 7.143 tce) and uses 2 万 kWh (1.229 → 2.458 tce): 9.601 tce."""
    from cpf_park_cppc.carriers import by_enterprise, carrier_problems

    rows = [{"ent_id": "E01", "carrier": "原煤", "quantity": 10, "factor": 0.7143, "tce": 7.143},
            {"ent_id": "E01", "carrier": "外购电力", "quantity": 2, "factor": 1.229, "tce": 2.458}]
    p = _with_rows(demo, "enterprise_energy", rows)
    assert by_enterprise(p) == {"E01": {"原煤": 7.143, "外购电力": 2.458}}
    e01 = next(r for r in demo.tables["enterprises"].rows if r["ent_id"] == "E01")
    msgs = [x.message for x in carrier_problems(None, p) if x.sheet == "企业清单"]
    # E01 states its own 综合能耗, far from 9.601; the other 41 enterprises have no rows at all
    from cpframework.api import fmt

    assert any(f"综合能耗 {fmt(e01['energy'])} tce" in m and f"之和为 {fmt(7.143 + 2.458)} tce" in m for m in msgs)
    assert sum("中没有这家企业的行" in m for m in msgs) == 41


# ---------------------------------------------------------------- properties (in memory)


@settings(max_examples=40, deadline=None)
@given(seed=st.randoms(use_true_random=False))
def test_row_order_never_changes_the_industry_totals(demo, seed):
    from cpf_park_cppc.carriers import carrier_problems, industry_carriers

    rows = list(demo.tables["enterprise_energy"].rows)
    seed.shuffle(rows)
    p = _with_rows(demo, "enterprise_energy", rows)
    a, b = industry_carriers(demo), industry_carriers(p)
    assert [i["industry"] for i in a["industries"]] == [i["industry"] for i in b["industries"]]
    for x, y in zip(a["industries"], b["industries"]):
        assert x["by_carrier"] == pytest.approx(y["by_carrier"])
    assert not carrier_problems(None, p)


@settings(max_examples=60, deadline=None)
@given(index=st.integers(0, 10_000), factor=st.floats(0.5, 1.5))
def test_an_enterprise_off_its_total_is_flagged_exactly_beyond_the_tolerance(demo, index, factor):
    """Scale one row's quantity and tce by ``factor``: flagged iff the enterprise's sum moves beyond the
    tolerance of data/reconcile.toml (1 tce: rounding only)."""
    from cpf_park_cppc.carriers import by_enterprise, carrier_problems, tolerance

    rows = [dict(r) for r in demo.tables["enterprise_energy"].rows]
    r = rows[index % len(rows)]
    r["quantity"], r["tce"] = r["quantity"] * factor, r["tce"] * factor
    p = _with_rows(demo, "enterprise_energy", rows)
    stated = next(e["energy"] for e in demo.tables["enterprises"].rows if e["ent_id"] == r["ent_id"])
    parts = sum(by_enterprise(p)[r["ent_id"]].values())
    off = abs(parts - stated) > tolerance() + 1e-9
    flagged = [x for x in carrier_problems(None, p) if x.sheet == "企业清单"]
    assert bool(flagged) == off
    if off:
        assert flagged[0].field == "综合能耗" and flagged[0].value == stated


# ---------------------------------------------------------------- through the CLI


def _edit(park: Path, sheet: str, match: dict, updates: dict) -> int:
    wb = openpyxl.load_workbook(park / "data.xlsx")
    ws = wb[sheet]
    cols = {str(c.value).lstrip("*").split("（")[0]: c.column for c in ws[1] if c.value}
    row = next(r for r in range(2, ws.max_row + 1)
               if all(str(ws.cell(r, cols[h]).value) == str(v) for h, v in match.items()))
    for h, v in updates.items():
        ws.cell(row, cols[h]).value = v
    wb.save(park / "data.xlsx")
    return row


def test_a_carrier_split_off_the_enterprise_total_names_both_values(park, capsys, demo):
    from cpf_park_cppc.carriers import by_enterprise

    ent = next(r for r in demo.tables["enterprises"].rows if r["ent_id"] == "E23")
    reg_row = demo.tables["enterprises"].sheet_rows[demo.tables["enterprises"].rows.index(ent)]
    coal = by_enterprise(demo)["E23"]["原煤"]
    _edit(park, "企业能源消费", {"企业编号": "E23", "能源品种": "原煤"},
          {"实物量": round(coal / 2 / 0.7143, 2), "折标准煤量": round(round(coal / 2 / 0.7143, 2) * 0.7143, 1)})
    code, out = _check(park, capsys)
    assert code == 1
    assert f"工作表“企业清单” 第 {reg_row} 行" in out and "综合能耗" in out
    line = out[out.index(f"工作表“企业清单” 第 {reg_row} 行"):][:400]
    from cpframework.api import fmt
    assert fmt(ent["energy"]) in line and "企业能源消费" in line and "只容许 1 tce 的取整差异" in line


def test_an_unknown_carrier_gets_a_hint_where_it_was_typed(park, capsys):
    row = _edit(park, "企业能源消费", {"企业编号": "E01", "能源品种": "天然气"}, {"能源品种": "天燃气"})
    code, out = _check(park, capsys)
    assert code == 1
    assert f"工作表“企业能源消费” 第 {row} 行" in out and "是否想写“天然气”" in out


def test_carriers_above_the_park_total_are_an_error(demo):
    from cpf_park_cppc.carriers import carrier_problems

    structure = [dict(r) for r in demo.tables["energy_structure"].rows]
    diesel = next(r for r in structure if r["carrier"] == "柴油")
    diesel["quantity"], diesel["tce"] = diesel["quantity"] / 2, diesel["tce"] / 2
    p = _with_rows(demo, "energy_structure", structure)
    msgs = [x for x in carrier_problems(None, p) if x.sheet == "能源消费结构"]
    assert len(msgs) == 1 and "少于" in msgs[0].message and "柴油" in msgs[0].message

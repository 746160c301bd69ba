"""Issue #19 item 2: permit-platform exports as they really come — generated in many shapes, each must import
to the same figures, or be refused naming file, row and column.

One set of true records (enterprise, pollutant, medium, permitted, actual, destination) is written out in
randomly drawn shapes: encoding (GBK, UTF-8 with and without BOM), CSV with comma or tab, or .xlsx; a title
line above the header; header wordings with half- or full-width brackets and units t, 吨, t/a, kg; the
enterprise named by 许可证编号, 统一社会信用代码 or 排污单位名称; pollutant names as the platform writes them
(总铅, 铅及其化合物, 氨氮（NH3-N）, 总磷（以P计）…); the medium as a column, or only in the outlet code
(DW…/DA…); extra columns; thousands separators; a blank line and a 合计 line at the bottom.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cpframework.testing import cpaudit_main as main

DEMO = Path(__file__).resolve().parents[3] / "examples" / "yunnan_demo_2025"

ENTERPRISES = [  # what 企业名录 holds
    {"ent_id": "E1", "name": "示例铅锌冶炼有限公司", "permit_no": "91530300MA6K000001001P"},
    {"ent_id": "E2", "name": "示例磷化工（集团）有限公司", "permit_no": "91530300MA6K000002001P"},
    {"ent_id": "E3", "name": "园区污水处理厂", "permit_no": "91530300MA6K000003001V"},
]
TRUTH = [  # ent, pollutant, medium, permitted t/a, actual t/a, destination
    ("E1", "铅", "废气", 0.85, 0.412, None),
    ("E1", "镉", "废水", 0.01, 0.002, "间接排放"),
    ("E1", "汞", "废气", 0.002, 0.0004, None),
    ("E1", "砷", "废水", 0.05, 0.012, "间接排放"),
    ("E1", "二氧化硫", "废气", 1166.88, 1234.5, None),          # above its permit
    ("E2", "氟化物", "废气", 12.5, 3.215, None),
    ("E2", "氟化物", "废水", 1.2, 0.64, "间接排放"),
    ("E2", "六价铬", "废水", 0.02, 0.005, "间接排放"),
    ("E2", "铬", "废水", 0.05, 0.011, "间接排放"),
    ("E2", "总磷", "废水", 3.74, 2.162, "间接排放"),
    ("E3", "氨氮", "废水", 12.19, 10.001, "直接排放"),
    ("E3", "化学需氧量", "废水", 2301.65, 1777.808, "直接排放"),
]
SPELLINGS = {"铅": ["铅", "总铅", "铅及其化合物"], "镉": ["镉", "总镉", "镉及其化合物"], "汞": ["汞", "总汞"],
             "砷": ["砷", "总砷"], "铬": ["总铬", "铬"], "六价铬": ["六价铬"], "氟化物": ["氟化物", "氟化物（以F-计）"],
             "总磷": ["总磷", "总磷（以P计）", "总磷(以P计)"], "氨氮": ["氨氮", "氨氮（NH3-N）", "NH3-N"],
             "化学需氧量": ["化学需氧量", "COD", "化学需氧量(CODcr)"], "二氧化硫": ["二氧化硫", "SO2"]}
UNITS = {"t": 1.0, "吨": 1.0, "t/a": 1.0, "吨/年": 1.0, "kg": 1000.0, "千克/年": 1000.0}
DESTINATIONS = {"间接排放": ["间接排放", "间接排放（进入园区污水处理厂）", "进入工业废水集中处理厂"],
                "直接排放": ["直接排放", "直接进入江河湖、库等水环境"]}


def _number(x: float, rng: random.Random) -> str:
    text = f"{x:.6g}" if abs(x) < 1000 else f"{x:,.4f}".rstrip("0").rstrip(".")
    return text if rng.random() < 0.7 or abs(x) < 1000 else text.replace(",", "")


def _export(rng: random.Random, tmp: Path, i: int) -> Path:
    """One platform-shaped file holding TRUTH."""
    br = (lambda s: f"（{s}）") if rng.random() < 0.5 else (lambda s: f"({s})")
    unit_a, unit_p = rng.choice(list(UNITS)), rng.choice(list(UNITS))
    ident = rng.choice(["许可证编号", "统一社会信用代码", "排污单位名称", "排污单位", "许可证号"])
    medium_col = rng.random() < 0.5
    header = ["序号", ident, rng.choice(["排放口编号", "排放口编码"]), "污染物种类"] + (["污染物类别"] if medium_col else []) + \
             [f"许可排放量{br(unit_p)}", f"{rng.choice(['实际排放量', '年实际排放量'])}{br(unit_a)}", "排放去向", "备注"]
    rows = []
    by = {e["ent_id"]: e for e in ENTERPRISES}
    for n, (ent, pol, med, permitted, actual, dest) in enumerate(TRUTH, start=1):
        e = by[ent]
        who = {"许可证编号": e["permit_no"], "许可证号": e["permit_no"], "统一社会信用代码": e["permit_no"][:18],
               "排污单位名称": e["name"], "排污单位": e["name"]}[ident]
        outlet = ("DW" if med == "废水" else "DA") + f"{n:03d}"
        row = [str(n), who, outlet, rng.choice(SPELLINGS.get(pol, [pol]))] + ([med] if medium_col else []) + \
              [_number(permitted * UNITS[unit_p], rng), _number(actual * UNITS[unit_a], rng),
               rng.choice(DESTINATIONS[dest]) if dest else rng.choice(["", "有组织"]), ""]
        rows.append(row)
    extra = rng.choice(["悬浮物", "石油类", "氯化氢", "氨（氨气）", "总铜", "锡及其化合物"])   # reported, not a load
    rows.insert(rng.randrange(len(rows) + 1), ["99", who, "DW099", extra] + (["废水"] if medium_col else [])
                + ["1.5", "0.7", "", ""])
    if rng.random() < 0.5:   # a 年度 column as the platform writes it
        header.insert(1, "年度")
        for r in rows:
            r.insert(1, rng.choice(["2025", "2025年", "2025年度"]))
    if rng.random() < 0.5:   # a per-pollutant subtotal
        sub = [""] * len(header)
        sub[header.index("污染物种类")], sub[0] = "化学需氧量", "小计"
        rows.append(sub)
    rows += [[""] * len(header), ["合计"] + [""] * (len(header) - 1)]
    title = [["排污许可证执行报告（年报）污染物实际排放量统计表"]] if rng.random() < 0.5 else []
    kind = rng.choice(["gbk", "utf-8-sig", "utf-8", "tab", "xlsx", "utf-16"])
    if kind == "xlsx":
        import openpyxl
        wb = openpyxl.Workbook()
        for r in title + [header] + rows:
            wb.active.append(r)
        path = tmp / f"导出{i}.xlsx"
        wb.save(path)
        return path
    sep = "\t" if kind in ("tab", "utf-16") else ","   # Excel “Unicode 文本” is UTF-16 with tabs
    text = "\n".join(sep.join(f'"{c}"' if "," in c and sep == "," else c for c in r) for r in title + [header] + rows)
    path = tmp / f"导出{i}.csv"
    path.write_bytes(text.encode("gbk" if kind in ("gbk", "tab") else kind))
    return path


def _schema():
    from cpframework.api import get_registry
    return get_registry().standard("yunnan_park").tables["emissions"]


@pytest.mark.parametrize("seed", range(30))
def test_generated_platform_export_imports_to_the_same_figures(seed, tmp_path):
    from cpf_yunnan_park import platform_export as pe
    from cpf_yunnan_park.csv_import import parse_rows

    rng = random.Random(seed)
    path = _export(rng, tmp_path, seed)
    rows, label = pe.read_rows(path)
    notes: list[str] = []
    got = parse_rows(rows, _schema(), label, enterprises=ENTERPRISES, notes=notes)
    as_read = sorted((r["ent_id"], r["pollutant"], r["medium"], round(r["permitted"], 9), round(r["actual"], 9),
                      r.get("destination")) for r in got)
    assert as_read == sorted((e, p, m, round(a, 9), round(b, 9), d) for e, p, m, a, b, d in TRUTH)
    assert all(r.get("year") in (None, 2025) for r in got)
    assert any("合计行" in n for n in notes)
    assert any("不是审核分级清单的负荷" in n and "未导入" in n for n in notes)
    assert any("备注" in n and "未导入" in n for n in notes)


def test_a_row_the_file_cannot_place_is_refused_naming_file_row_and_column(tmp_path):
    from cpf_yunnan_park import platform_export as pe
    from cpf_yunnan_park.csv_import import parse_rows

    from cpframework.api import UsageError

    text = ("排污单位名称,许可证编号,污染物种类,实际排放量(t)\n"
            "示例铅锌冶炼有限公司,91530300MA6K000001001P,总铅,0.4\n"             # 铅: air or water?
            "示例铅锌冶炼有限公司,91530300MA6K000002001P,二氧化硫,1\n"            # name and permit disagree
            "示例铅锌冶炼有限公司,91530300MA6K000001001P,氮氧化物,/\n"            # no value
            "示例铅锌冶炼有限公司,91530300MA6K000001001P,总铅盐,1\n"             # not a pollutant the import knows
            "示例铅锌冶炼有限公司,91530300MA6K000001001P,氮氧化物,2\n")           # 有组织 and 无组织 rows: not summed
    f = tmp_path / "有误.csv"
    f.write_bytes(text.encode("gbk"))
    with pytest.raises(UsageError) as err:
        parse_rows(pe.read_rows(f)[0], _schema(), f.name, enterprises=ENTERPRISES)
    msg = str(err.value)
    assert "有误.csv 第 2 行：污染物“铅”" in msg and "类别" in msg
    assert "第 3 行" in msg and "对应不同的企业" in msg
    assert "第 4 行“实际排放量(t)”列：必填" in msg
    assert "第 5 行“污染物种类”列" in msg and "总铅盐" in msg
    assert "第 6 行与第 4 行" in msg and "全厂合计" in msg


def test_old_excel_and_non_text_files_are_refused_in_chinese(tmp_path):
    from cpf_yunnan_park import platform_export as pe

    from cpframework.api import UsageError

    xls = tmp_path / "导出.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(UsageError, match="旧版 Excel"):
        pe.read_rows(xls)
    broken = tmp_path / "导出.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(300))
    with pytest.raises(UsageError, match="不是可以读取的 Excel 工作簿"):
        pe.read_rows(broken)
    with pytest.raises(UsageError):
        pe.read_rows(tmp_path / "不存在.xlsx")
    junk = tmp_path / "导出.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UsageError, match="既不是 UTF-8 也不是 GBK"):
        pe.read_rows(junk)


def test_xlsx_export_through_the_command(tmp_path, capsys):
    """End to end: an .xlsx with a title line, 统一社会信用代码 only, outlet codes and a 合计 line."""
    import openpyxl

    from cpframework.api import load_project

    proj = tmp_path / "p"
    shutil.copytree(DEMO, proj)
    ents = [r for r in load_project(proj)[0].tables["enterprises"].rows if r.get("permit_no")]
    e = ents[0]
    wb = openpyxl.Workbook()
    for r in (["执行报告（年报）排放量"], ["统一社会信用代码", "排放口编号", "污染物种类", "年许可排放量限值(t)", "年实际排放量(t)"],
              [e["permit_no"][:18], "DA001", "铅及其化合物", 0.85, "0.412"], [e["permit_no"][:18], "DW001", "总镉", 0.01, 0.002],
              [None] * 5, ["合计", None, None, None, 0.414]):
        wb.active.append(r)
    f = tmp_path / "平台导出.xlsx"
    wb.save(f)
    code = main(["yunnan-import", str(proj), str(f), "--table", "emissions"])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "合计行" in out.err and "标题" in out.err
    rows = load_project(proj)[0].tables["emissions"].rows
    got = {(r["ent_id"], r["pollutant"], r["medium"]): r["actual"] for r in rows}
    assert got[(e["ent_id"], "铅", "废气")] == 0.412 and got[(e["ent_id"], "镉", "废水")] == 0.002


def test_a_county_wide_export_imports_the_parks_enterprises_with_outside(tmp_path):
    """Exports go by administrative area: rows of enterprises not in 企业名录 are refused, or with --outside
    skipped and listed (a bad cell in such a row does not matter); a conflicting row is refused either way."""
    from cpf_yunnan_park import platform_export as pe
    from cpf_yunnan_park.csv_import import parse_rows

    from cpframework.api import UsageError

    text = ("排污单位名称,污染物种类,实际排放量(t),排放口编号\n"
            "示例铅锌冶炼有限公司,二氧化硫,12,DA001\n"
            "邻县某水泥厂,氮氧化物,未监测,DA001\n"
            "邻县某糖厂,化学需氧量,30,DW001\n")
    f = tmp_path / "全县导出.csv"
    f.write_text(text, encoding="utf-8")
    rows = pe.read_rows(f)[0]
    with pytest.raises(UsageError, match="--outside"):
        parse_rows(rows, _schema(), f.name, enterprises=ENTERPRISES)
    notes: list[str] = []
    got = parse_rows(rows, _schema(), f.name, enterprises=ENTERPRISES, notes=notes, outside=True)
    assert [(r["ent_id"], r["pollutant"], r["actual"]) for r in got] == [("E1", "二氧化硫", 12.0)]
    assert any("2 行的企业不在企业名录中" in n and "第 3、4 行" in n for n in notes)


def test_other_departments_exports_find_the_enterprise_the_same_way(tmp_path):
    """能源、水利、统计部门的导出文件也没有园区的企业编号：按名称、许可证编号或统一社会信用代码查出；单位按表头换算。"""
    from cpf_yunnan_park import platform_export as pe
    from cpf_yunnan_park.csv_import import parse_rows

    from cpframework.api import get_registry

    schema = get_registry().standard("yunnan_park").tables["energy_water"]
    text = ("统计年度 2025\n企业名称,年度,综合能源消费量（吨标准煤）,外购电力（万千瓦时）,新鲜水取用量（万立方米）\n"
            "示例磷化工（集团）有限公司,2025年,\"170,123.5\",5200,120.5\n合计,,\"170,123.5\",5200,120.5\n")
    f = tmp_path / "能源.csv"
    f.write_bytes(text.encode("gbk"))
    notes: list[str] = []
    got = parse_rows(pe.read_rows(f)[0], schema, f.name, enterprises=ENTERPRISES, notes=notes)
    assert [(r["ent_id"], r["year"], r["energy_tce"], r["electricity"], r["fresh_water"]) for r in got] == \
        [("E2", 2025, 170123.5, 5200.0, 1205000.0)]
    assert any("合计行" in n for n in notes) and any("10000 m³" in n for n in notes)


def test_a_two_row_header_with_the_units_below_the_names(tmp_path):
    import openpyxl
    from cpf_yunnan_park import platform_export as pe
    from cpf_yunnan_park.csv_import import parse_rows

    wb = openpyxl.Workbook()
    for r in (["排污单位名称", "污染物种类", "许可排放量", "实际排放量", "排放口编号"], [None, None, "（吨/年）", "（千克）", None],
              ["示例铅锌冶炼有限公司", "总铅", 0.85, 412, "DA001"]):
        wb.active.append(r)
    f = tmp_path / "两行表头.xlsx"
    wb.save(f)
    notes: list[str] = []
    got = parse_rows(*pe.read_rows(f)[:1], _schema(), f.name, enterprises=ENTERPRISES, notes=notes)
    assert [(r["pollutant"], r["medium"], r["permitted"], r["actual"]) for r in got] == [("铅", "废气", 0.85, 0.412)]
    assert any("单位行" in n for n in notes)


def test_the_demo_years_emissions_re_imported_from_a_platform_export_give_the_same_key_list(tmp_path, capsys):
    """End to end: the 2025 emissions of the demo written out as the platform would (names, credit codes,
    platform pollutant spellings, kg, written-out destinations, outlet codes, GBK, a 合计 line) and imported
    with --update leave the workbook's figures, the key list and its grades exactly as they were."""
    from cpf_yunnan_park import results

    from cpframework.api import load_project

    proj = tmp_path / "p"
    shutil.copytree(DEMO, proj)
    project = load_project(proj)[0]
    before = results.key_results(project, 2025)
    ents = {r["ent_id"]: r for r in project.tables["enterprises"].rows if r.get("year") in (None, 2025)}
    rng = random.Random(19)
    lines = ["执行报告年报 排放量（示意）", "排污单位名称,统一社会信用代码,排放口编号,污染物种类,许可排放量（吨）,实际排放量（千克）,排放去向"]
    for r in project.tables["emissions"].rows:
        if r.get("year") != 2025:
            continue
        e = ents[r["ent_id"]]
        pol = rng.choice(SPELLINGS.get(r["pollutant"], [r["pollutant"]]))
        dest = rng.choice(DESTINATIONS[r["destination"]]) if r.get("destination") and r["medium"] == "废水" else ""
        permitted = "" if r.get("permitted") is None else f"{r['permitted']:g}"
        lines.append(f"{e['name']},{e['permit_no'][:18]},{'DW' if r['medium'] == '废水' else 'DA'}001,{pol},{permitted},"
                     f"\"{r['actual'] * 1000:,.6g}\",{dest}")
    lines.append("合计,,,,,,")
    f = tmp_path / "全园区导出.csv"
    f.write_bytes("\n".join(lines).encode("gbk"))
    assert main(["yunnan-import", str(proj), str(f), "--table", "emissions", "--update"]) == 0, capsys.readouterr()
    after = results.key_results(load_project(proj)[0], 2025)
    pd.testing.assert_frame_equal(after["loads"], before["loads"], rtol=1e-9)
    assert after["screened"]["grade_code"].to_dict() == before["screened"]["grade_code"].to_dict()

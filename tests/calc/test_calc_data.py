"""The calc data files: schemas (errors name file and key path), dated parameters (the value in force
in the baseline year, with its source), and reader text free of maintainers' research notes."""
from __future__ import annotations

import datetime
import json
import re

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.carbon import (electricity_co2, gas_co2, grid_factor, grid_regions, load_grid_factors, oil_co2,
                                     om_factor)
from cpframework.calc.energy import comprehensive_energy, load_coefficients, load_media, lookup, to_tce
from cpframework.calc.grading import load_level_rules
from cpframework.calc.params import Source, in_force
from cpframework.calc.tables import DATA_DIR, CoefficientFile, GridFile, RuleSetSpec, load
from cpframework.cli.calc import calc
from cpframework.errors import DefinitionError

# Research keys and verification marks of the maintainers' notes; none may reach a reader.
FORBIDDEN = re.compile(r"\bS\d+[a-z]?\b|\[[VUSD]\]|种子|本实现|本插件|推定|未核实|domain-reference")


def _copy(tmp_path, name, old, new):
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert old in text, old
    p = tmp_path / name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


LOADERS = {
    "energy_coefficients.toml": load_coefficients,
    "energy_media.toml": load_media,
    "grid_factors.toml": load_grid_factors,
    "grading_rules.toml": lambda p: load_level_rules("default", p),
}


@pytest.mark.parametrize("name, old, new, path, hint", [
    ("energy_coefficients.toml", "coefficient = 0.7143", "coefficent = 0.7143", "carrier[0].value[0]", "coefficient"),
    ("energy_media.toml", 'calorific = "2.51', 'calorfic = "2.51', "medium[0].value[0]", "calorific"),
    ("grid_factors.toml", "value = 0.5568", "vaule = 0.5568", "factor[0].value[0]", "value"),
    ("grading_rules.toml", "min_score = 85", "min_scor = 85", "default.rule[0]", "min_score"),
])
def test_typo_in_each_calc_file_says_did_you_mean(tmp_path, name, old, new, path, hint):
    p = _copy(tmp_path, name, old, new)
    with pytest.raises(DefinitionError) as exc:
        LOADERS[name](p)
    msg = str(exc.value)
    assert str(p) in msg and f"{path}：" in msg and f"是否想写“{hint}”" in msg, msg


@pytest.mark.parametrize("name, old, new, path", [
    ("energy_coefficients.toml", "coefficient = 0.7143", 'coefficient = "0.7143"', "carrier[0].value[0].coefficient"),
    ("energy_media.toml", "coefficient = 0.0857", "coefficient = -0.0857", "medium[0].value[0]"),
    ("grid_factors.toml", "since = 2021", 'since = "2021年"', "factor[0].value[0].since"),
    ("grading_rules.toml", "score_level = 1", "score_level = 4", "default.rule[0]"),
])
def test_wrong_value_in_each_calc_file_names_the_key_path(tmp_path, name, old, new, path):
    p = _copy(tmp_path, name, old, new)
    with pytest.raises(DefinitionError, match=re.escape(path)):
        LOADERS[name](p)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_toml_syntax_error_in_each_calc_file_names_the_line(tmp_path, name):
    text = (DATA_DIR / name).read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(text) if line.startswith("[["))
    text[n] = text[n].rstrip().rstrip("]") + "\n"  # "[[carrier" without its brackets
    p = tmp_path / name
    p.write_text("".join(text), encoding="utf-8")
    with pytest.raises(DefinitionError, match=rf"{re.escape(name)} 不是有效的 TOML（第 {n + 1} 行"):
        LOADERS[name](p)


def test_cross_references_are_checked(tmp_path):
    p = _copy(tmp_path, "energy_coefficients.toml", 'source = "gbt2589_2008"', 'source = "gbt2589_2009"')
    with pytest.raises(DefinitionError, match=r"carrier\[0\]\.value\[0\]\.source：“gbt2589_2009”未定义（是否想写"):
        load_coefficients(p)
    p = _copy(tmp_path, "energy_coefficients.toml", 'unit = "kg"', 'unit = "斤"')
    with pytest.raises(DefinitionError, match=r"carrier\[0\]\.unit：“斤”不是可识别的计量单位"):
        load_coefficients(p)
    p = _copy(tmp_path, "grid_factors.toml", 'default = "national"', 'default = "nation"')
    with pytest.raises(DefinitionError, match="meta.default"):
        load_grid_factors(p)
    p = _copy(tmp_path, "grid_factors.toml", "  since = 2022\n  value = 0.5366", "  since = 2021\n  value = 0.5366")
    with pytest.raises(DefinitionError, match=r"factor\[0\]：有两个取值的 since 相同"):
        load_grid_factors(p)


# ---- dated parameters ----

@attrs.frozen
class V:
    since: int | datetime.date
    value: float


EDITIONS = [V(2008, 1.0), V(datetime.date(2021, 4, 1), 2.0)]


def test_in_force_boundaries():
    assert in_force(EDITIONS, 2020, what="系数").value == 1.0
    assert in_force(EDITIONS, 2021, what="系数").value == 2.0  # in force from April: applies to 2021
    assert in_force(EDITIONS, 2008, what="系数").value == 1.0
    assert in_force(EDITIONS, None, what="系数").value == 2.0
    with pytest.raises(CalcError, match="系数在 2007 年没有适用的取值：最早的取值自 2008年起施行；请给出"):
        in_force(EDITIONS, 2007, what="系数", how_to_override="请给出")


@settings(deadline=None, max_examples=100)
@given(years=st.lists(st.integers(1990, 2030), min_size=1, max_size=6, unique=True), year=st.integers(1980, 2040))
def test_in_force_is_the_latest_value_not_after_the_year(years, year):
    values = [V(y, float(y)) for y in years]
    if year < min(years):
        with pytest.raises(CalcError):
            in_force(values, year, what="x")
    else:
        assert in_force(values, year, what="x").value == max(y for y in years if y <= year)


@pytest.mark.parametrize("year, value", [(2021, 0.5568), (2022, 0.5366), (2023, 0.5306), (2030, 0.5306),
                                         (None, 0.5306)])
def test_grid_factor_for_the_baseline_year(year, value):
    g = grid_factor("national", year=year)
    assert g.value == value and g.source.startswith("生态环境部、国家统计局《关于发布")
    assert grid_factor(None, year=year).value == value  # the default factor follows the year too


def test_grid_factor_ids_with_a_year_are_exact():
    assert grid_factor("national_2022", year=2030).value == 0.5366
    assert grid_factor("全国电力平均（2021年度）").value == 0.5568
    assert grid_factor("central").value == 0.5271 and grid_factor("central", year=2022).value == 0.5395
    with pytest.raises(CalcError, match="没有 2020 年度的值，已有：2021、2022、2023"):
        grid_factor("national_2020")
    with pytest.raises(CalcError, match="在 2020 年没有适用的取值"):
        grid_factor("national", year=2020)
    assert set(load_grid_factors()) >= {"national_2023", "yunnan_2022", "central_2023", "carbon_market_2022"}
    assert electricity_co2(1e6, "central", year=2022).value == pytest.approx(539.5)


def test_om_factors_by_region_and_edition():
    assert {r.name for r in grid_regions()} == {"华北", "东北", "华东", "华中", "西北", "南方"}
    assert om_factor("河南", year=2018).value == 0.9229 and "2016年度" in om_factor("华中", year=2018).source
    g = om_factor("central", year=2024)
    assert g.value == 0.8587 and g.kind == "om" and "参考值" in g.label()
    assert om_factor("华北", year=2024, override=0.9).value == 0.9
    with pytest.raises(CalcError, match="在 2015 年没有适用的取值"):
        om_factor("华东", year=2015)
    with pytest.raises(CalcError, match="无法确定“火星”所属的区域电网"):
        om_factor("火星")


def test_coefficients_by_edition():
    assert "41816 kJ/kg" in load_coefficients(year=2020)["原油"].calorific
    assert "41868 kJ/kg" in load_coefficients(year=2021)["原油"].calorific
    assert load_coefficients(year=2020)["原油"].source == "GB/T 2589—2008《综合能耗计算通则》附录A"
    assert load_coefficients(year=2024)["原油"].source == "GB/T 2589—2020《综合能耗计算通则》附录A 表A.1"
    steam = load_coefficients(year=2019)["蒸汽"]
    with pytest.raises(CalcError, match="蒸汽的折标准煤参考系数在 2019 年没有适用的取值.*请按实测低位发热量或项目系数给出"):
        to_tce(100, steam)
    assert to_tce(100, steam, coefficient=0.13).value == pytest.approx(0.013)  # a project value still works
    assert "GB/T 2589—2008" in oil_co2(1, year=2019).trace.text()
    assert "GB/T 2589—2020" in gas_co2(1000, year=2022).trace.text()


def test_results_do_not_depend_on_the_year_where_values_did_not_change():
    for year in (2010, 2020, 2021, 2024, None):
        e = comprehensive_energy({"电力": 1.2e6, "原煤": (500, "t")}, year=year)
        assert e.total.value == pytest.approx(147.48 + 357.15)


# ---- reader text vs maintainers' notes ----

def _reader_texts(obj):
    """Every string of a loaded data file except maintainer_note."""
    if isinstance(obj, str):
        yield obj
    elif attrs.has(type(obj)):
        for f in attrs.fields(type(obj)):
            if f.name != "maintainer_note":
                yield from _reader_texts(getattr(obj, f.name))
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _reader_texts(k)
            yield from _reader_texts(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            yield from _reader_texts(v)


@pytest.mark.parametrize("name, cls", [("energy_coefficients.toml", CoefficientFile),
                                       ("energy_media.toml", CoefficientFile), ("grid_factors.toml", GridFile),
                                       ("grading_rules.toml", dict[str, RuleSetSpec])])
def test_reader_text_of_calc_data_has_no_research_notes(name, cls):
    bad = [t for t in _reader_texts(load(name, cls)) if FORBIDDEN.search(t)]
    assert not bad


def test_every_source_is_cited_by_document_and_title():
    for name, cls in (("energy_coefficients.toml", CoefficientFile), ("energy_media.toml", CoefficientFile),
                      ("grid_factors.toml", GridFile)):
        for key, src in load(name, cls).source.items():
            assert isinstance(src, Source) and src.title and "《" in src.cite(), key
            assert src.code or src.issuer or "非 GB/T" in src.clause, f"{name}: {key} 未写文号或发布机关"


def _all_cli_outputs():
    carriers = [n for n, c in load_coefficients().items() if c.coefficient is not None]
    ranged = [n for n, c in load_coefficients().items() if c.coefficient is None]
    energy = ["energy", *[a for n in carriers for a in ("--item", f"{n}=10")],
              *[a for n in ranged for a in ("--item", f"{n}=10", "--calorific", f"{n}=2500")],
              *[a for n in load_media() for a in ("--media", f"{n}=10")]]
    yield energy
    yield energy + ["--year", "2019", "--coef", "蒸汽=0.13", "--coef", "液化天然气=1.7", "--coef", "甲醇（用作燃料）=0.68"]
    yield ["energy", "--item", "电力=1000", "--equivalent-electricity", "0.305", "--item", "天然气=10", "--gas-coef", "1.2"]
    for gid in load_grid_factors():
        yield ["carbon", "--electricity", "1000", "--coal", "1", "--oil", "1", "--gas", "10", "--grid-factor", gid]
    yield ["carbon", "--electricity", "1000", "--grid-factor", "om_central", "--year", "2024"]
    yield ["carbon", "--electricity", "1000", "--grid-factor", "0.6", "--coal-coef", "0.7", "--gas-coef", "1.2"]
    yield ["finance", "--investment", "100", "--annual-saving", "40", "--years", "5", "--tax-rate", "25%",
           "--rate", "8%", "--payback-norm", "中费", "--benchmark-rate", "10%"]
    yield ["finance", "--cashflow", "-100,30,30,30,30,30", "--rate", "8%"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_cli_calc_output_has_no_research_codes(fmt):
    runner = CliRunner()
    for args in _all_cli_outputs():
        r = runner.invoke(calc, [*args, "--format", fmt])
        assert r.exit_code == 0, (args, r.output)
        found = FORBIDDEN.findall(r.output)
        assert not found, (args, found)


def test_cli_shows_the_source_of_each_value():
    runner = CliRunner()
    j = json.loads(runner.invoke(calc, ["energy", "--item", "原煤=1t", "--item", "电力=10", "--coef", "电力=0.3",
                                        "--year", "2020", "--format", "json"]).output)
    assert j["items"][0]["coefficient_source"] == "GB/T 2589—2008《综合能耗计算通则》附录A"
    assert j["items"][1]["coefficient_source"] == "项目给定"
    j = json.loads(runner.invoke(calc, ["carbon", "--electricity", "1000", "--grid-factor", "central",
                                        "--year", "2022", "--format", "json"]).output)
    assert j["grid_factor"]["value"] == 0.5395 and "2022年电力二氧化碳排放因子" in j["grid_factor"]["source"]
    text = runner.invoke(calc, ["carbon", "--electricity", "1000"]).output
    assert "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》" in text
    r = runner.invoke(calc, ["carbon", "--electricity", "1000", "--grid-factor", "national", "--year", "2019"])
    assert r.exit_code == 1 and "2019 年没有适用的取值" in r.output


def test_media_lookup_keeps_the_water_choice_explicit():
    with pytest.raises(CalcError, match="水类须明确选择其一"):
        lookup(load_media(), "水")

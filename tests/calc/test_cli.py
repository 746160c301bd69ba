import json

import pytest
from click.testing import CliRunner

from cpframework.cli.calc import calc


def run(*args):
    return CliRunner().invoke(calc, list(args))


def test_energy_text_and_json():
    r = run("energy", "--item", "电力=1200000", "--item", "天然气=350000", "--gas-coef", "1.2143",
            "--media", "新水=5000")
    assert r.exit_code == 0, r.output
    assert "综合能耗" in r.output and "结果：" in r.output and "0.2571" in r.output
    j = json.loads(run("energy", "--item", "电力=1200000", "--item", "原煤=500t", "--format", "json").output)
    assert j["total_tce"] == pytest.approx(147.48 + 357.15)
    assert j["traces"][-1]["name"] == "综合能耗"
    j = json.loads(run("energy", "--item", "电力=1000", "--equivalent-electricity", "0.305", "--format", "json").output)
    assert j["total_tce"] == pytest.approx(0.305)


def test_energy_errors():
    r = run("energy", "--item", "电力=abc")
    assert r.exit_code == 2 and "名称=数值" in r.output and "Traceback" not in r.output
    r = run("energy", "--item", "天然气=1", "--gas-coef", "1.5")
    assert r.exit_code == 1 and "1.1000～1.3300" in r.output
    r = run("energy", "--item", "不明燃料=1")
    assert r.exit_code == 1 and "未知的能源品种" in r.output


def test_carbon():
    j = json.loads(run("carbon", "--electricity", "1000000", "--coal", "100", "--format", "json").output)
    assert j["electricity_tco2"] == pytest.approx(530.6) and j["coal_tco2"] == pytest.approx(277.25)
    j = json.loads(run("carbon", "--electricity", "1000000", "--grid-factor", "yunnan_2022", "--format", "json").output)
    assert j["total_tco2"] == pytest.approx(107.3)
    assert run("carbon", "--gas", "100", "--gas-coef", "2").exit_code == 1
    assert run("carbon", "--grid-factor", "火星").exit_code == 1


def test_finance():
    j = json.loads(run("finance", "--cashflow", "-100,30,30,30,30,30", "--rate", "8%", "--format", "json").output)
    assert j["npv"] == pytest.approx(19.7813, abs=1e-4) and j["irr"] == pytest.approx(0.152382, abs=1e-6)
    assert j["payback_years"] == pytest.approx(10 / 3) and j["feasible"] is True
    r = run("finance", "--investment", "100", "--annual-saving", "40", "--years", "5", "--tax-rate", "25%",
            "--rate", "0.08", "--subsidy", "10", "--payback-norm", "中费")
    assert r.exit_code == 0 and "投资偿还期" in r.output and "可行" in r.output
    j = json.loads(run("finance", "--cashflow", "-100,50,-10,80", "--rate", "0.08", "--format", "json").output)
    assert j["irr"] is None and "不唯一" in j["irr_note"]
    assert run("finance", "--cashflow", "-100,30", "--rate", "8").exit_code == 2
    assert run("finance", "--investment", "100", "--rate", "0.08").exit_code == 2
    assert run("finance", "--cashflow", "-100,x", "--rate", "0.08").exit_code == 2
    r = run("finance", "--investment", "100", "--annual-saving", "40", "--years", "5", "--tax-rate", "0.25",
            "--rate", "0.08", "--subsidy", "100")
    assert r.exit_code == 1 and "投资" in r.output


def test_exit_codes_through_main_group():
    main = pytest.importorskip("cpframework.cli.commands").main
    assert main(["calc", "carbon", "--coal", "-5"]) == 1
    assert main(["calc", "carbon", "--coal", "100"]) == 0

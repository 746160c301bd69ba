import json
import subprocess
import sys

from click.testing import CliRunner

from cpframework.cli.commands import cli, main

from .conftest import EXAMPLES

DEMO = str(EXAMPLES / "park_demo")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_standards_json_lists_park():
    res = run("standards", "--format", "json")
    assert res.exit_code == 0
    rows = json.loads(res.output)
    park = next(r for r in rows if r["id"] == "park_cppc")
    assert park["code"] == "T/CPPC XXXX-2023" and park["subject"] == "park" and park["title"]


def test_show_lists_stages_and_indicators():
    res = run("show", "park_cppc", "--format", "json")
    data = json.loads(res.output)
    assert [s["clause"] for s in data["stages"]] == ["5.1", "5.2", "5.3", "5.4", "5.5"]
    assert len(data["indicators"]) == 26
    assert data["indicators"][6]["thresholds"] == {"general": "≤0.5", "advanced": "≤0.3"}


def test_check_demo_is_clean():
    assert main(["check", DEMO]) == 0


def test_evaluate_json_shape_and_levels():
    res = run("evaluate", DEMO, "--format", "json")
    data = json.loads(res.output)
    assert {"standard", "project", "baseline_year", "indicators", "summary"} <= set(data)
    assert data["baseline_year"] == 2024
    ind = {i["id"]: i for i in data["indicators"]}
    keys = {"id", "seq", "category", "name", "unit", "selected", "mandatory", "value", "level", "thresholds", "gap", "trace"}
    assert keys <= set(ind["I01"])
    assert ind["I07"]["level"] == "general" and abs(ind["I07"]["value"] - 520000 / 1310000) < 1e-9
    assert ind["I25"]["level"] == "below" and ind["I25"]["value"] == 75.0
    assert ind["I09"]["value"] is True and ind["I09"]["level"] == "advanced"
    assert sorted(data["summary"]["short_boards"]) == ["I03", "I08", "I21", "I25"]
    assert ind["I04"]["selected"] is False and ind["I04"]["value"] is None
    assert "×" in ind["I01"]["trace"]["formula"]


def test_status_json_reports_missing_screening():
    res = run("status", DEMO, "--format", "json")
    stages = json.loads(res.output)["stages"]
    screen = stages[3]["steps"][1]
    assert screen["clause"] == "5.4.2" and not screen["done"] and "环境监测预警平台" in screen["missing"][0]
    assert stages[0]["done"]


def test_evaluate_exports_refuse_overwrite(tmp_path):
    out = tmp_path / "ev.csv"
    assert main(["evaluate", DEMO, "--format", "csv", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "单位工业增加值综合能耗" in text
    assert main(["evaluate", DEMO, "--format", "csv", "-o", str(out)]) == 2
    assert main(["evaluate", DEMO, "--format", "xlsx", "-o", str(tmp_path / "ev.xlsx")]) == 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_init_creates_and_refuses_existing(tmp_path, capsys):
    target = tmp_path / "new"
    assert main(["init", str(target), "-s", "park_cppc", "-n", "测试园区", "-y", "2025"]) == 0
    assert (target / "project.toml").is_file() and (target / "data.xlsx").is_file()
    assert (target / "narrative").is_dir()
    before = (target / "project.toml").read_text(encoding="utf-8")
    assert main(["init", str(target), "-s", "park_cppc", "-n", "别的", "-y", "2025"]) == 2
    assert "不会写入" in capsys.readouterr().err
    assert (target / "project.toml").read_text(encoding="utf-8") == before


def test_init_project_checks_with_located_errors(tmp_path, capsys):
    target = tmp_path / "p"
    main(["init", str(target), "-s", "park_cppc", "-n", "测试园区", "-y", "2025"])
    capsys.readouterr()
    assert main(["check", str(target)]) == 1
    out = capsys.readouterr().out
    assert "工作表“指标基础数据”" in out and "“2024年”列未填写" in out


def test_unknown_standard_is_usage_error(capsys):
    assert main(["show", "park_cpcc"]) == 2
    err = capsys.readouterr().err
    assert "未知的标准" in err and "park_cppc" in err and "Traceback" not in err


def test_missing_project_is_clear(tmp_path, capsys):
    assert main(["check", str(tmp_path)]) == 1
    assert "project.toml" in capsys.readouterr().err


def test_real_subprocess_run():
    proc = subprocess.run([sys.executable, "-m", "cpframework", "standards", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert any(r["id"] == "park_cppc" for r in json.loads(proc.stdout))

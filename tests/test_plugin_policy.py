"""The failure policy in-process: an add-on that fails in any way — a declaration raising, an invalid
or clashing contribution, a project hook raising — is withdrawn from the standard with *all* of its
contributions (tables, indicators, stages, checks, report kinds, renderers, its sheets in a loaded
project and its results), whatever order the plugins were registered in; the owner's failures are
errors; declarations are collected once per registry."""
from __future__ import annotations

import pytest

from cpframework import hookimpl
from cpframework.errors import PluginError
from cpframework.evaluation.service import check_project, evaluate_project
from cpframework.host.manager import create_host
from cpframework.host.registry import Registry
from cpframework.model import Criterion, Indicator, Input, Item, Stage, StandardInfo, Step, TableSchema, Threshold
from cpframework.project.folder import load_project
from cpframework.testing import check_standard, make_registry

from .test_hooks_exercised import HebeiAddon

PARK = "park_cppc"
HB_ITEMS = {("table", "hb_water"), ("indicator", "HB1"), ("stage", "hb_stage"), ("check", "hb_declared"),
            ("report", "hb_supplement"), ("renderer", "hb_water_table"), ("formula", "hb_water_per_va"), ("flag", "hebei"),
            ("outline", "audit/hb_water_check")}


def park_plugin():
    from cpf_park_cppc.plugin import plugin

    return plugin


def contributed(std, name):
    return {key for key, source in std.sources.items() if source == name}


def addon_indicator(ind_id="AD1", **kw):
    fields = dict(standard=PARK, id=ind_id, seq=201, name="附加指标", unit="%", formula="ratio_percent",
                  thresholds={"advanced": Threshold(op=">=", value=50), "general": Threshold(op=">=", value=30)},
                  inputs=(Input(arg="numerator", item="hitech_va"), Input(arg="denominator", item="gdp")))
    fields.update(kw)
    return Indicator(**fields)


ADDON_STAGE = Stage(standard=PARK, id="addon_stage", order=99, clause="附-1", title="附加阶段",
                    steps=(Step(id="s", clause="附-1.1", title="附加步骤", done_when=(Criterion(kind="manifest", key="name"),)),))


class RaisingValidateHebei(HebeiAddon):
    @hookimpl
    def cpf_validate_project(self, standard, project):
        raise RuntimeError("河北校验出错")


class RaisingEvaluateHebei(HebeiAddon):
    @hookimpl
    def cpf_evaluate(self, standard, project, evaluation):
        raise KeyError("hb")


@pytest.mark.parametrize("addon", [RaisingValidateHebei, RaisingEvaluateHebei])
def test_addon_raising_in_a_project_hook_is_withdrawn_whole(addon, park_copy):
    reg = make_registry(("hebei", addon()), autoload=True)
    project, std = load_project(park_copy, reg)
    assert contributed(std, "hebei") == HB_ITEMS
    problems, ev = check_project(reg, std, project)
    assert not contributed(std, "hebei") and "hebei" in std.excluded and "hebei" in std.dropped
    assert "hb_water" not in std.tables and "HB1" not in {i.id for i in std.indicators}
    assert "hb_supplement" not in std.report_kinds and "hb_water_table" not in std.renderers
    assert "hb_stage" not in {s.id for s in std.stages} and "hb_declared" not in std.status_checks
    assert "hb_water" not in project.tables  # the missing sheet it declared is no longer a problem either
    assert not [p for p in problems if p.sheet == "河北补充数据"]
    assert "HB1" not in {r.indicator.id for r in ev.indicators} and "hb_summary" not in ev.extra
    assert len(std.indicators) == 26 and ev.summary["selected"] == len(ev.selected())
    warning = std.dropped["hebei"]
    assert "附加插件“hebei”" in warning and "标准“park_cppc”的全部附加内容" in warning and "指标 HB1" in warning
    assert warning in reg.warnings
    assert check_standard(std)[0].startswith("[plugins] 附加插件“hebei”")
    assert "hebei" in reg.standard(PARK).dropped  # the registry's standard was updated too, not only this view
    again = evaluate_project(reg, std, project)  # the withdrawn add-on is not called again
    assert "HB1" not in {r.indicator.id for r in again.indicators}


class DeclarationFailsAddon:
    """Declares a stage and an indicator fine, but its tables raise (a data file with a syntax error)."""

    @hookimpl
    def cpf_tables(self):
        from cpframework.errors import DefinitionError

        raise DefinitionError("定义文件 addon/data/tables.toml 不是有效的 TOML：Invalid value (at line 3, column 9)")

    @hookimpl
    def cpf_stages(self):
        yield ADDON_STAGE

    @hookimpl
    def cpf_indicators(self):
        yield addon_indicator()


def test_addon_declaration_failing_withdraws_its_other_declarations():
    reg = make_registry(("addon", DeclarationFailsAddon()), autoload=True)
    std = reg.standard(PARK)
    assert "AD1" not in {i.id for i in std.indicators} and "addon_stage" not in {s.id for s in std.stages}
    assert reg.host.records["addon"].status == "failed" and "line 3" in reg.host.records["addon"].error
    first = check_standard(std)[0]
    assert first.startswith("[plugins]") and "addon/data/tables.toml" in first and "line 3" in first
    assert "阶段 addon_stage" in first and "指标 AD1" in first


class BrokenPureAddon:
    @hookimpl
    def cpf_indicators(self):
        raise RuntimeError("炸了")


def test_failing_addon_declaring_nothing_is_reported_for_every_standard():
    reg = make_registry(("pure", BrokenPureAddon()), autoload=True)
    for std_id in (PARK, "yunnan_park"):
        std = reg.standard(std_id)
        assert "钩子 cpf_indicators 出错：RuntimeError: 炸了" in std.dropped["pure"]


class InvalidIndicatorAddon:
    @hookimpl
    def cpf_indicators(self):
        yield addon_indicator(formula="no_such_formula")

    @hookimpl
    def cpf_stages(self):
        yield ADDON_STAGE


class ClashingAddon:
    """Registered before the owner: declares an indicator id and a sheet name the owner uses."""

    @hookimpl
    def cpf_indicators(self):
        yield addon_indicator("I01", name="冒名指标")

    @hookimpl
    def cpf_tables(self):
        yield TableSchema(standard=PARK, id="addon_table", title="附加表", sheet="园区基本情况", kind="items",
                          items=(Item(id="x", label="x"),))

    @hookimpl
    def cpf_stages(self):
        yield ADDON_STAGE


@pytest.mark.parametrize("addon", [InvalidIndicatorAddon, ClashingAddon])
def test_invalid_or_clashing_addon_is_withdrawn_whole_and_the_owner_keeps_its_own(addon):
    host = create_host(autoload=False, plugins=[("addon", addon()), (PARK, park_plugin())])
    reg = Registry(host)
    std = reg.standard(PARK)
    assert not contributed(std, "addon") and "addon_stage" not in {s.id for s in std.stages}
    assert std.indicator("I01").name != "冒名指标" and len(std.indicators) == 26
    assert "addon_table" not in std.tables and [t.sheet for t in std.tables.values()].count("园区基本情况") == 1
    assert "addon" in std.dropped and std.dropped["addon"] in reg.warnings
    assert check_standard(std)[0].startswith("[plugins] 附加插件“addon”")


class TinyOwner:
    """A standard whose owner declares one indicator id twice: the owner's error, not an add-on's."""

    @hookimpl
    def cpf_standards(self):
        yield StandardInfo(id="tiny", code="T-1", title="小标准", subject="enterprise")

    @hookimpl
    def cpf_indicators(self):
        for name in ("甲", "乙"):
            yield Indicator(standard="tiny", id="T1", seq=1, name=name)


class TinyAddon:
    @hookimpl
    def cpf_indicators(self):
        yield Indicator(standard="tiny", id="T2", seq=2, name="附加")


def test_the_owner_duplicating_itself_is_an_error_naming_it():
    reg = make_registry(("addon", TinyAddon()), ("tiny", TinyOwner()))
    with pytest.raises(PluginError, match="指标“T1”被插件“tiny”和插件“tiny”重复声明"):
        reg.standard("tiny")


def test_strict_mode_makes_an_addon_failure_fatal(monkeypatch):
    monkeypatch.setenv("CPF_STRICT_PLUGINS", "1")
    reg = make_registry(("addon", InvalidIndicatorAddon()), autoload=True)
    with pytest.raises(PluginError, match="CPF_STRICT_PLUGINS"):
        reg.standard(PARK)


class CountingAddon:
    calls = 0

    @hookimpl
    def cpf_indicators(self):
        CountingAddon.calls += 1
        return []


def test_declarations_are_collected_once_per_registry():
    reg = make_registry(("count", CountingAddon()), autoload=True)
    for std_id in (PARK, "yunnan_park", "industry_cppc"):
        reg.standard(std_id)
    assert CountingAddon.calls == 1


def test_plugins_listing_shows_extensions_and_withdrawn_addons():
    from cpframework.cli.views import plugin_rows

    reg = make_registry(("hebei", HebeiAddon()), ("addon", InvalidIndicatorAddon()), autoload=True)
    rows = {r["name"]: r for r in plugin_rows(reg)}
    assert rows["hebei"]["extends"] == [PARK] and rows["hebei"]["notes"] == []
    assert rows["addon"]["extends"] == [] and "no_such_formula" in rows["addon"]["notes"][0]
    assert rows[PARK]["standards"] == [PARK] and rows[PARK]["notes"] == []


class BrokenStandardFile:
    """Like a DataPlugin whose standard.toml has a syntax error: every declaration fails alike."""

    def _fail(self):
        from cpframework.errors import DefinitionError

        raise DefinitionError("定义文件 cpf_x/data/standard.toml 不是有效的 TOML：Invalid value (at line 1, column 6)")

    @hookimpl
    def cpf_standards(self):
        self._fail()

    @hookimpl
    def cpf_tables(self):
        self._fail()

    @hookimpl
    def cpf_formulas(self):
        self._fail()


def test_a_would_be_owner_failing_is_one_warning_not_an_addon_of_every_standard():
    reg = make_registry(("x_std", BrokenStandardFile()), autoload=True)
    std = reg.standard(PARK)
    assert "x_std" in std.excluded and "x_std" not in std.dropped
    mentions = [w for w in reg.warnings if "x_std" in w]
    assert len(mentions) == 1 and "standard.toml" in mentions[0] and "line 1" in mentions[0]
    assert reg.host.records["x_std"].status == "failed"


def test_an_unloadable_plugin_is_named_when_it_looks_like_the_provider():
    from cpframework.errors import UsageError
    from cpframework.host import failures
    from cpframework.host.manager import PluginRecord

    def failed(**kw):
        return PluginRecord(status="failed", error="导入 x 失败：ModuleNotFoundError: No module named 'y'", **kw)

    acme = failed(name="acme", module="acme.plugin:plugin", dist="acme-standards", version="1.0")
    assert isinstance(failures.unknown_standard("bar_std", "", [acme], ["park_cppc"]), UsageError)
    pinned = failures.unknown_standard("bar_std", "Acme_Standards", [acme], ["park_cppc"])
    assert isinstance(pinned, PluginError) and "acme-standards 1.0" in str(pinned) and "No module named" in str(pinned)
    for rec in (failed(name="bar_std", module="z:plugin"), failed(name="p", module="cpf_bar_std.plugin:plugin"),
                failed(name="p", module="q:plugin", dist="cpframework-bar-std")):
        assert isinstance(failures.unknown_standard("bar_std", "", [rec], []), PluginError)
    blocked = PluginRecord(name="bar_std", status="blocked")
    message = str(failures.unknown_standard("bar_std", "", [blocked], ["park_cppc"]))
    assert "未知的标准“bar_std”" in message and "屏蔽" in message

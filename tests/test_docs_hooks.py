"""docs/plugins.md and cpframework/host/hookspecs.py must agree (datasette's test_plugin_hooks_are_documented):
every hook appears as ``name(arg, …)`` with the calling mode its spec has, and the guide names no hook
that does not exist."""
import inspect
import re

import pytest

from cpframework.host import hookspecs
from .conftest import REPO

DOC = (REPO / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = sorted(n for n in dir(hookspecs) if n.startswith("cpf_"))


def signature(name):
    return f"{name}({', '.join(inspect.signature(getattr(hookspecs, name)).parameters)})"


def section(name):
    """The text of the ``#### name(...)`` reference section."""
    m = re.search(rf"^#### {re.escape(name)}\(.*?$(.*?)(?=^#{{2,4}} )", DOC, re.S | re.M)
    assert m, f"docs/plugins.md has no '#### {name}(…)' section"
    return m.group(1)


@pytest.mark.parametrize("name", HOOKS)
def test_hook_is_documented_with_its_arguments(name):
    assert f"#### {signature(name)}" in DOC, f"missing from docs/plugins.md: '#### {signature(name)}'"


@pytest.mark.parametrize("name", HOOKS)
def test_documented_calling_mode_matches_spec(name):
    opts = getattr(getattr(hookspecs, name), f"{hookspecs.PROJECT_NAME}_spec")
    text = section(name)
    for key in ("**参数**", "**返回**", "**何时调用**", "**调用方式**", "**示例**"):
        assert key in text, f"{name}: section lacks {key}"
    mode = re.search(r"\*\*调用方式\*\*：(.*)", text).group(1)
    if opts["firstresult"]:
        assert "firstresult" in mode and "第一个" in mode, f"{name} is firstresult but the doc says: {mode}"
    else:
        assert "所有实现都被调用" in mode and "firstresult" not in mode, f"{name}: {mode}"


@pytest.mark.parametrize("name", HOOKS)
def test_documented_arguments_are_described(name):
    params = list(inspect.signature(getattr(hookspecs, name)).parameters)
    described = re.search(r"\*\*参数\*\*：(.*?)- \*\*返回", section(name), re.S).group(1)
    if not params:
        assert described.startswith("无"), f"{name} takes no arguments but the doc says: {described}"
    for p in params:
        assert f"`{p}`" in described, f"{name}: argument {p} not described"


def test_doc_names_no_hook_that_does_not_exist():
    named = set(re.findall(r"\b(cpf_[a-z_]+)\(", DOC))
    unknown = named - set(HOOKS)
    assert not unknown, f"docs/plugins.md names hooks that do not exist: {sorted(unknown)}"


def test_doc_mentions_every_environment_switch_the_manager_reads():
    source = (REPO / "cpframework" / "host" / "manager.py").read_text(encoding="utf-8")
    switches = set(re.findall(r'"(CPF_[A-Z_]+)"', source))
    assert switches and switches <= set(re.findall(r"CPF_[A-Z_]+", DOC)), switches


def test_doc_covers_every_data_file_the_loader_reads():
    for name in ("standard.toml", "stages.toml", "tables.toml", "indicators.toml", "reports/*.toml", "typesetting.toml"):
        assert re.search(rf"^### 3\.\d {re.escape(name)}", DOC, re.M), f"docs/plugins.md §3 lacks {name}"

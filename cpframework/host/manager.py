"""Plugin discovery and isolated hook calls.

Plugins are found through one entry-point group, ``cpframework.plugins``; the built-in standards
are registered through that same group.  Loading never stops at a broken plugin: it is recorded with
its cause and a Chinese warning, and every other standard keeps working.  Environment switches:

* ``CPF_STRICT_PLUGINS=1`` — any plugin error is fatal (for plugin authors and CI);
* ``CPF_DISABLED_PLUGINS=a,b`` — block these entry-point names;
* ``CPF_PLUGINS=a,b`` — load only these entry-point names;
* ``CPF_DISABLE_PLUGIN_AUTOLOAD=1`` — load no entry points at all (tests register plugins by hand).
"""
from __future__ import annotations

import difflib
import inspect
import os
from collections.abc import Callable, Collection, Iterable
from typing import Any

import attrs
import pluggy

from cpframework.errors import PluginError
from cpframework.host import hookspecs
from cpframework.host.entry_points import ENTRY_POINT_GROUP, EntryPoint, entry_points  # noqa: F401 - re-exported


@attrs.define
class PluginRecord:
    name: str
    module: str = ""
    dist: str = ""
    version: str = ""
    status: str = "ok"  # ok | failed | blocked
    error: str = ""
    hooks: list[str] = attrs.field(factory=list)

    def who(self) -> str:
        dist = f"（{self.dist} {self.version}）" if self.dist else ""
        return f"插件“{self.name}”{dist}"


OnError = Callable[[PluginRecord, str, BaseException], None]


def _env_list(name: str) -> set[str]:
    return {x.strip() for x in os.environ.get(name, "").split(",") if x.strip()}


def strict_mode() -> bool:
    return os.environ.get("CPF_STRICT_PLUGINS", "").strip() not in ("", "0", "false", "no")


class PluginHost:
    """A pluggy manager plus what we know about each plugin (distribution, status, warnings)."""

    def __init__(self) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.pm.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self.warnings: list[str] = []
        self._spec_names = [n for n in dir(hookspecs) if n.startswith("cpf_")]

    # ------------------------------------------------------------------ loading
    def warn(self, message: str) -> None:
        if strict_mode():
            raise PluginError(message + "（已设置 CPF_STRICT_PLUGINS，插件错误视为致命错误）")
        self.warnings.append(message)

    def fail(self, record: PluginRecord, cause: str) -> None:
        record.status = "failed"
        record.error = cause
        self.warn(f"{record.who()}未能加载：{cause}。其他标准不受影响。")

    def register(self, plugin: Any, name: str, *, dist: str = "", version: str = "") -> PluginRecord:
        module = getattr(plugin, "__name__", type(plugin).__module__)
        record = self.records.setdefault(name, PluginRecord(name=name, module=module, dist=dist, version=version))
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:  # pluggy.PluginValidationError, or a duplicate name
            self.fail(record, f"钩子定义无效：{exc}")
            return record
        unknown = [c.name for c in (self.pm.get_hookcallers(plugin) or []) if not c.has_spec()]
        misspelt = [n for n in dir(plugin) if n.startswith("cpf_") and n not in self._spec_names]
        if unknown or misspelt:
            bad = sorted(set(unknown) | set(misspelt))
            self.pm.unregister(plugin)
            hints = []
            for n in bad:
                close = difflib.get_close_matches(n, self._spec_names, n=1)
                hints.append(n + (f"（是否想写 {close[0]}？）" if close else ""))
            self.fail(record, f"实现了不存在的钩子 {'、'.join(hints)}")
            return record
        unmarked = [n for n in self._spec_names if callable(getattr(plugin, n, None))
                    and n not in {c.name for c in self.pm.get_hookcallers(plugin) or []}]
        if unmarked:
            self.warn(f"{record.who()}定义了 {'、'.join(unmarked)} 但没有用 @hookimpl 标记，这些函数不会被调用。")
        record.hooks = sorted(c.name for c in self.pm.get_hookcallers(plugin) or [])
        return record

    def load_entry_points(self) -> None:
        if os.environ.get("CPF_DISABLE_PLUGIN_AUTOLOAD", "").strip() not in ("", "0"):
            return
        blocked, allowed = _env_list("CPF_DISABLED_PLUGINS"), _env_list("CPF_PLUGINS")
        seen: set[str] = set()
        for ep in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
            if ep.name in seen:
                continue
            seen.add(ep.name)
            record = PluginRecord(name=ep.name, module=ep.value, dist=ep.dist_name, version=ep.version)
            if ep.name in blocked or (allowed and ep.name not in allowed):
                record.status = "blocked"
                record.error = "已被 CPF_DISABLED_PLUGINS / CPF_PLUGINS 设置屏蔽"
                self.records[ep.name] = record
                continue
            self.records[ep.name] = record
            try:
                plugin = ep.load()
            except Exception as exc:  # any import-time failure of third-party code
                self.fail(record, f"导入 {ep.value} 失败：{type(exc).__name__}: {exc}")
                continue
            self.register(plugin, ep.name, dist=record.dist, version=record.version)

    # ------------------------------------------------------------------ calling
    def call_each(self, hook: str, *, on_error: OnError | None = None, skip: Collection[str] = (),
                  **kwargs: Any) -> list[tuple[PluginRecord, Any]]:
        """Call every implementation of ``hook`` on its own, in registration order.

        Generators are consumed inside the guard so an error half-way through is caught too.  A raising
        implementation is skipped and handed to ``on_error(record, hook, exc)``, which decides what the
        failure means (the registry: an error for the standard's owner, a dropped add-on otherwise) and
        may raise; without ``on_error`` it is a warning naming plugin and cause.  Plugins named in
        ``skip`` are not called.
        """
        caller = getattr(self.pm.hook, hook)
        out: list[tuple[PluginRecord, Any]] = []
        for impl in caller.get_hookimpls():  # registration order (pluggy itself calls them in reverse)
            if impl.plugin_name in skip:
                continue
            record = self.records.get(impl.plugin_name) or PluginRecord(name=impl.plugin_name)
            try:
                result = impl.function(*[kwargs[a] for a in impl.argnames])
                if inspect.isgenerator(result) or (isinstance(result, Iterable)
                                                   and not isinstance(result, (dict, str, bytes))):
                    result = list(result)
            except Exception as exc:
                if on_error is not None:
                    on_error(record, hook, exc)
                else:
                    self.warn(f"{record.who()}在钩子 {hook} 中出错：{describe(exc)}")
                    record.error = record.error or f"{hook}：{describe(exc)}"
                continue
            out.append((record, result))
        return out


def describe(exc: BaseException) -> str:
    """The cause of a plugin failure for a message: our own errors are already Chinese sentences naming
    file and line; anything else is shown with its exception type (a bug in the plugin)."""
    from cpframework.errors import CpfError

    return str(exc) if isinstance(exc, CpfError) else f"{type(exc).__name__}: {exc}"


def create_host(*, autoload: bool = True, plugins: Iterable[tuple[str, Any]] = ()) -> PluginHost:
    """A fresh host: the core's built-in plugin, the entry-point plugins (unless ``autoload`` is
    false) and any ``(name, plugin)`` pairs given (used by tests and ``--plugin``)."""
    from cpframework.host import builtin
    host = PluginHost()
    host.register(builtin, "cpframework", dist="cpframework", version=_version())
    if autoload:
        host.load_entry_points()
    for name, plugin in plugins:
        host.register(plugin, name)
    return host


def _version() -> str:
    from cpframework import __version__  # not importlib.metadata: its import alone costs more than discovery

    return __version__

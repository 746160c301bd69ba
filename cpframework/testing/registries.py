"""Fresh registries for tests: the installed plugins, or a hand-picked set of inline plugins.

A registry is never shared between tests here: each call builds a fresh plugin host, so an inline
plugin registered for one test cannot leak into another (no global to patch and restore).
"""
from __future__ import annotations

from typing import Any


def make_registry(*plugins: Any, autoload: bool = False) -> Any:
    """A fresh :class:`~cpframework.host.registry.Registry` with the given plugins registered.

    Each plugin is an object with ``@hookimpl`` methods/functions, or a ``(name, plugin)`` pair.
    ``autoload=True`` also loads every installed entry-point plugin (the built-in standards …), so an
    inline add-on can be tested against a standard it does not own::

        reg = make_registry(("my_addon", MyAddon()), autoload=True)
        std = reg.standard("park_cppc")
    """
    from cpframework.host.manager import create_host
    from cpframework.host.registry import Registry

    pairs = []
    for i, p in enumerate(plugins):
        if isinstance(p, tuple):
            pairs.append(p)
        else:
            pairs.append((getattr(p, "name", None) or f"{type(p).__name__.lower()}_{i}", p))
    return Registry(create_host(autoload=autoload, plugins=pairs))


def installed_registry() -> Any:
    """A fresh registry over the installed plugins (entry points), like ``cpaudit`` builds."""
    return make_registry(autoload=True)

"""cpframework — a plugin-based framework for cleaner production audits (清洁生产审核).

Plugin authors need :data:`hookimpl` and the records in :mod:`cpframework.model`; the hooks are
documented in :mod:`cpframework.host.hookspecs`.  Heavy libraries (pandas, python-docx, matplotlib) are
imported only by the commands that use them.
"""
from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    """``hookimpl`` made on first use: ``cpaudit --help`` and ``standards`` answered from the discovery
    cache never import pluggy."""
    if name == "hookimpl":
        import pluggy

        globals()["hookimpl"] = pluggy.HookimplMarker("cpframework")
        return globals()["hookimpl"]
    raise AttributeError(f"module 'cpframework' has no attribute {name!r}")

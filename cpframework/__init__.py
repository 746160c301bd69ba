"""cpframework — a plugin-based framework for cleaner production audits (清洁生产审核).

Plugin authors need :data:`hookimpl` and the records in :mod:`cpframework.model`; the hooks are
documented in :mod:`cpframework.host.hookspecs`.  Heavy libraries (pandas, python-docx, matplotlib) are
imported only by the commands that use them.
"""
import pluggy

__version__ = "0.1.0"
hookimpl = pluggy.HookimplMarker("cpframework")

__all__ = ["__version__", "hookimpl"]

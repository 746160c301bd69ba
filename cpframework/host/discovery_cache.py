"""What ``cpaudit standards`` and ``cpaudit --help`` show about the installed plugins, kept between runs.

Discovery imports every plugin and reads its standard definitions: most of the start-up time.  Both
commands reuse what a previous run found while nothing it came from has changed.  The key holds

* every plugin entry point on the path (name, module, distribution, version: a plugin installed,
  removed or upgraded changes it),
* the size and time of every file under the folders the plugins were imported from and under
  ``cpframework`` itself (an edited plugin, an edited ``standard.toml`` in an editable install),
* the Python interpreter, ``sys.path`` and every ``CPF_*`` setting.

A discovery that warned about anything (a plugin failing, a conflict, a blocked plugin) is never saved,
so its warnings appear on every run.  Only a fresh process uses the cache (never once the registry has
been built, e.g. in tests that substitute plugins).  ``CPF_DISCOVERY_CACHE=0`` switches it off.  The file
is ``discovery.json`` in the cache folder (``$CPF_CACHE_DIR``, else ``$XDG_CACHE_HOME/cpframework``, else
``~/.cache/cpframework``), written atomically; an unreadable or unwritable file only means discovering.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any

VERSION = 1
KEEP = 8  # environments remembered


def enabled() -> bool:
    return (os.environ.get("CPF_DISCOVERY_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")
            and "cpframework.host.registry" not in sys.modules)


def cache_file() -> str:
    base = os.environ.get("CPF_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cpframework")
    return os.path.join(base, "discovery.json")


def _environment() -> list[Any]:
    from cpframework.host.entry_points import ENTRY_POINT_GROUP, entry_points

    eps = sorted(ep.key() for ep in entry_points(ENTRY_POINT_GROUP))
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("CPF_"))
    return [VERSION, sys.executable, sys.version, list(sys.path), settings, [list(e) for e in eps]]


def tree_stamp(roots: list[str]) -> str:
    """A digest of the path, size and modification time of every file under ``roots`` (``__pycache__`` and
    hidden folders left out: compiled files follow their sources)."""
    import hashlib

    h = hashlib.sha1()
    stack = list(roots)
    while stack:
        path = stack.pop()
        try:
            st = os.stat(path)
        except OSError:
            h.update(f"missing {path}\n".encode())
            continue
        if not os.path.isdir(path):
            h.update(f"{path} {st.st_size} {st.st_mtime_ns}\n".encode())
            continue
        try:
            with os.scandir(path) as it:
                entries = sorted((e.name, e.is_dir()) for e in it)
        except OSError:
            h.update(f"unreadable {path}\n".encode())
            continue
        h.update(f"dir {path} {st.st_mtime_ns}\n".encode())
        for name, is_dir in entries:
            if is_dir and (name == "__pycache__" or name.startswith(".")):
                continue
            stack.append(os.path.join(path, name))
    return h.hexdigest()


def _env_key() -> str:
    import hashlib

    return hashlib.sha1(json.dumps(_environment(), ensure_ascii=False).encode()).hexdigest()


def _load() -> dict[str, Any] | None:
    """The saved discovery if it is still true of this environment, else ``None``."""
    if not enabled():
        return None
    try:
        data = (_read_any() or {}).get("entries", {}).get(_env_key())
        if not data or data.get("stamp") != tree_stamp(list(data.get("roots", []))):
            return None
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return data


def standards() -> list[dict[str, Any]] | None:
    """The rows of ``cpaudit standards`` as last discovered, or ``None`` (discover)."""
    data = _load()
    return None if data is None else data.get("standards")


def commands() -> dict[str, dict[str, Any]] | None:
    """Name → ``help``/``short_help``/``hidden``/``deprecated`` of the commands not defined in
    :mod:`cpframework.cli.commands` itself (lazy groups and plugins' commands), or ``None`` (discover)."""
    data = _load()
    return None if data is None else data.get("commands")


def clean(reg: Any) -> bool:
    """Whether a discovery may be saved: no warning, no conflict, no failed or blocked plugin."""
    return (not reg.warnings and not reg.conflicts()
            and all(r.status == "ok" and not r.error for r in reg.host.records.values()))


def save(reg: Any, *, standards: list[dict[str, Any]] | None = None,
         commands: dict[str, dict[str, Any]] | None = None) -> None:
    """Remember what a clean discovery found (merged with what is saved for the same environment)."""
    if os.environ.get("CPF_DISCOVERY_CACHE", "1").strip().lower() in ("0", "no", "false", "off") or not clean(reg):
        return
    try:
        import time

        roots, key = _roots(reg), _env_key()
        data = {"roots": roots, "stamp": tree_stamp(roots), "saved": time.time()}
        entries = (_read_any() or {}).get("entries", {})
        old = entries.get(key) or {}
        if old.get("stamp") == data["stamp"] and old.get("roots") == roots:
            data.update({k: old[k] for k in ("standards", "commands") if k in old})
        if standards is not None:
            data["standards"] = standards
        if commands is not None:
            data["commands"] = commands
        entries[key] = data  # one per environment (console script, python -m, another venv …), newest kept
        keep = sorted(entries, key=lambda k: entries[k].get("saved", 0), reverse=True)[:KEEP]
        _write(json.dumps({"version": VERSION, "entries": {k: entries[k] for k in keep}}, ensure_ascii=False))
    except (OSError, ValueError, TypeError, AttributeError):
        pass


def _roots(reg: Any) -> list[str]:
    """The folders (or single files) the core and every loaded plugin were imported from."""
    roots = {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}  # the cpframework package
    for rec in reg.host.records.values():
        top = (rec.module or "").split(":")[0].split(".")[0].strip()
        mod = sys.modules.get(top)
        path = getattr(mod, "__file__", None)
        if path:
            roots.add(os.path.dirname(path) if os.path.basename(path) == "__init__.py" else path)
        for p in getattr(mod, "__path__", []) or []:
            roots.add(p)
    return sorted(roots)


def _read_any() -> dict[str, Any] | None:
    try:
        with open(cache_file(), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def _write(text: str) -> None:
    import tempfile

    path = cache_file()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)  # atomic: a concurrent run reads the old file or the new one
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise

"""What ``cpaudit --help`` and ``cpaudit standards`` printed, shown again without importing click or rich.

Both print the same text while nothing they depend on has changed: the installed plugins and their files
(the discovery cache's key and stamp, see :mod:`cpframework.host.discovery_cache`), the installed packages
(the time of every folder on ``sys.path``: an install or upgrade changes it), the command line, and how
the output is shown (whether each standard stream is a terminal, its size and encoding, and the settings
click and rich read: ``COLUMNS``, ``NO_COLOR``, ``TERM`` …).  The text is kept only for a run that
succeeded and wrote nothing to stderr (a warning is shown on every run).  Starting the interpreter is then
most of what such a command costs.  ``cpaudit_output.json`` in the cache folder; ``CPF_OUTPUT_CACHE=0``
(or ``CPF_DISCOVERY_CACHE=0``) switches it off.  No import here beyond the standard library.
"""
from __future__ import annotations

import json
import os
import sys
from typing import Any

COMMANDS = (("--help",), ("-h",), ("standards",))
KEEP = 16
_DISPLAY_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE",
                "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES", "DATABRICKS_RUNTIME_VERSION", "CLICOLOR",
                "CLICOLOR_FORCE", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "PYTHONIOENCODING",
                "PYTHONUTF8")


def enabled() -> bool:
    off = ("0", "no", "false", "off")
    return (os.environ.get("CPF_OUTPUT_CACHE", "1").strip().lower() not in off
            and os.environ.get("CPF_DISCOVERY_CACHE", "1").strip().lower() not in off)


def cache_file() -> str:
    from cpframework.host.discovery_cache import cache_file as discovery_file

    return os.path.join(os.path.dirname(discovery_file()), "cpaudit_output.json")


def _display() -> list[Any]:
    out: list[Any] = [sys.platform, [(k, os.environ.get(k)) for k in _DISPLAY_ENV]]
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
            out.append([os.isatty(fd), tuple(os.get_terminal_size(fd)) if os.isatty(fd) else None,
                        getattr(stream, "encoding", None), getattr(stream, "errors", None)])
        except (AttributeError, OSError, ValueError):
            out.append(None)
    return out


def key(argv: list[str]) -> str | None:
    """The key of this command's output, or ``None`` when it is not kept (another command, an unknown or
    changed plugin environment)."""
    if tuple(argv) not in COMMANDS or not enabled():
        return None
    from cpframework.host import discovery_cache

    data = discovery_cache._load()  # None unless the last discovery is still true of this environment
    if data is None:
        return None
    try:
        packages = [(p, os.stat(p).st_mtime_ns) for p in sys.path if p and os.path.isdir(p)]
        import hashlib

        text = json.dumps([argv, sys.argv[0], discovery_cache._env_key(), data.get("stamp"), packages, _display()],
                          ensure_ascii=False, default=str)
    except (OSError, ValueError, TypeError):
        return None
    return hashlib.sha1(text.encode()).hexdigest()


def _read() -> dict[str, Any]:
    try:
        with open(cache_file(), encoding="utf-8") as fh:
            data = json.load(fh)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def replay(k: str | None) -> bool:
    """Print the kept output for ``k``; whether there was one."""
    if k is None:
        return False
    entry = _read().get(k)
    if not isinstance(entry, dict) or not isinstance(entry.get("out"), str):
        return False
    sys.stdout.write(entry["out"])
    sys.stdout.flush()
    return True


class _Tee:
    """A standard stream that also keeps what is written to it (everything else is the stream's own).
    Bytes written to its ``buffer`` bypass the text kept: such a run is not kept."""

    def __init__(self, stream: Any) -> None:
        self._stream, self.bypassed = stream, False
        self.written: list[str] = []

    def write(self, text: Any) -> int:
        if isinstance(text, str):
            self.written.append(text)
        elif text:  # click probes a stream with b"" to tell a binary one
            self.bypassed = True
        return self._stream.write(text)

    @property
    def buffer(self) -> Any:
        self.bypassed = True
        return self._stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def run_and_keep(argv: list[str], run: Any) -> None:
    """``run()`` (which exits), keeping its stdout when it succeeds silently on stderr."""
    if (tuple(argv) not in COMMANDS or not enabled() or sys.stdout is None or sys.stderr is None
            or sys.platform == "win32"):  # a Windows console may be written through its own API
        run()
        return
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    code: Any = "unfinished"
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code
        raise
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        if code in (0, None) and not err.written and not err.bypassed and not out.bypassed:
            _save(key(argv), "".join(out.written))


def _save(k: str | None, text: str) -> None:
    if k is None:
        return
    try:
        import tempfile
        import time

        data = _read()
        data[k] = {"out": text, "saved": time.time()}
        keep = sorted(data, key=lambda x: data[x].get("saved", 0) if isinstance(data[x], dict) else 0,
                      reverse=True)[:KEEP]
        path = cache_file()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({x: data[x] for x in keep}, fh, ensure_ascii=False)
        os.replace(tmp, path)
    except (OSError, ValueError, TypeError):
        pass

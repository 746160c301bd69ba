"""Charts cached by content hash: a chart drawn once is not drawn again while its inputs are the same.

A chart function decorated with :func:`cached` returns a stand-in figure at once; the drawing happens only
when the stand-in is saved (``savefig``, as the report writer does) and the PNG is not in the cache yet.
The key is a SHA-256 of the function, its arguments (pickled), the save options (dpi …), the fonts, the
matplotlib version and the source of the chart module, so a changed input, font or code draws anew.

The cache is a folder of PNG files — ``$CPF_CACHE_DIR/charts``, else ``$XDG_CACHE_HOME/cpframework/charts``,
else ``~/.cache/cpframework/charts`` — written atomically (temporary file + rename, safe for concurrent
runs), used least-recently-first when it grows past ``CPF_CHART_CACHE_MB`` (default 200 MB), switched
off with ``CPF_CHART_CACHE=0``.  Any failure of the cache (unwritable folder, unpicklable argument) falls
back to drawing the chart: the cache can make a report faster, never different or broken.
"""
from __future__ import annotations

import functools
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

VERSION = "1"


def cache_dir() -> Path:
    base = os.environ.get("CPF_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "cpframework")
    return Path(base) / "charts"


def enabled() -> bool:
    return os.environ.get("CPF_CHART_CACHE", "1").strip().lower() not in ("0", "no", "false", "off")


def limit_bytes() -> int:
    try:
        return int(float(os.environ.get("CPF_CHART_CACHE_MB", "200")) * 2**20)
    except ValueError:
        return 200 * 2**20


class CachedChart(Protocol):
    """A chart function behind the cache; ``uncached`` draws a real figure at once (for callers that look inside)."""
    uncached: Callable[..., Any]

    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...


def cached(context: Callable[[], Any]) -> Callable[[Callable[..., Any]], CachedChart]:
    """Decorate a chart function returning a matplotlib figure; ``context()`` adds what else decides the
    picture (fonts, module source …) to the key."""
    def wrap(builder: Callable[..., Any]) -> CachedChart:
        @functools.wraps(builder)
        def chart(*args: Any, **kwargs: Any) -> Any:
            if not enabled():
                return builder(*args, **kwargs)
            try:
                digest = hashlib.sha256(_dumps((VERSION, builder.__module__, builder.__qualname__, args,
                                                sorted(kwargs.items()), context())))
            except Exception:  # noqa: BLE001 - an argument that cannot be pickled: draw as usual
                return builder(*args, **kwargs)
            return LazyChart(builder, args, kwargs, digest)
        chart.uncached = builder  # type: ignore[attr-defined]
        return cast(CachedChart, chart)
    return wrap


def _dumps(obj: Any) -> bytes:
    """Pickled without the memo, so equal values give equal bytes whether or not they are one object (a
    string shared in one run and read twice from a file in the next); a cycle raises and the chart is drawn."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=4)
    p.fast = True
    p.dump(obj)
    return buf.getvalue()


def close(fig: Any) -> None:
    """Release a figure after saving it: a real matplotlib figure is closed, a cached stand-in holds none."""
    if not getattr(fig, "lazy_chart", False):
        import matplotlib.pyplot as plt

        plt.close(fig)


class LazyChart:
    """A chart to be drawn only if its picture is not in the cache: what ``savefig`` needs, nothing of matplotlib
    (a report whose charts are all cached never imports it)."""
    lazy_chart = True

    def __init__(self, builder: Callable[..., Any], args: tuple, kwargs: dict, digest: Any):
        self._cpf = (builder, args, kwargs, digest)

    def draw_now(self) -> Any:
        """The real matplotlib figure, for a caller that looks inside the chart."""
        builder, args, kwargs, _d = self._cpf
        return builder(*args, **kwargs)

    def savefig(self, fname: Any, *args: Any, **kwargs: Any) -> None:
        _save(self, fname, args, kwargs)


def _save(lazy: Any, fname: Any, args: tuple, kwargs: dict) -> None:
    builder, b_args, b_kwargs, digest = lazy._cpf
    digest = digest.copy()
    digest.update(_dumps((args, sorted(kwargs.items()))))
    path = cache_dir() / f"{digest.hexdigest()}.png"
    data = _read(path)
    if data is None:
        import matplotlib.pyplot as plt

        fig = builder(*b_args, **b_kwargs)
        buf = io.BytesIO()
        try:
            fig.savefig(buf, *args, **{**kwargs, "format": kwargs.get("format", "png")})
        finally:
            plt.close(fig)
        data = buf.getvalue()
        _store(path, data)
    if hasattr(fname, "write"):
        fname.write(data)
    else:
        Path(fname).write_bytes(data)


def _read(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: pruned last
    except OSError:
        return None
    return data if data.startswith(b"\x89PNG") else None


def _store(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".png")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)  # atomic: a concurrent run reads the old file, the new one, or none
        prune(path.parent, limit_bytes())
    except OSError:
        pass


def prune(folder: Path, limit: int) -> None:
    """Delete the least recently used PNG files until the folder holds at most 80 % of ``limit``."""
    entries = []
    for p in folder.glob("*.png"):
        try:
            st = p.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, p))
    total = sum(e[1] for e in entries)
    if total <= limit:
        return
    for _mtime, size, p in sorted(entries, key=lambda e: e[0]):
        try:
            p.unlink()
        except OSError:
            continue
        total -= size
        if total <= 0.8 * limit:
            break

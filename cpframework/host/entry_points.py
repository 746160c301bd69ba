"""Plugin entry points read cheaply, without importing the plugins, pluggy or :mod:`importlib.metadata`
(used by discovery and by the start-up cache, :mod:`cpframework.host.discovery_cache`)."""
from __future__ import annotations

import os
from typing import Any

ENTRY_POINT_GROUP = "cpframework.plugins"


class EntryPoint:
    """One plugin entry point: ``value`` is "package.module:attribute"; ``loader`` is importlib.metadata's
    ``EntryPoint.load`` when it came from there."""
    __slots__ = ("name", "value", "dist_name", "version", "loader")

    def __init__(self, name: str, value: str, dist_name: str, version: str, loader: Any = None):
        self.name, self.value, self.dist_name, self.version, self.loader = name, value, dist_name, version, loader

    def key(self) -> tuple[str, str, str, str]:
        return self.name, self.value, self.dist_name, self.version

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntryPoint) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r}, {self.dist_name!r}, {self.version!r})"

    def load(self) -> Any:
        import importlib

        if self.loader is not None:
            return self.loader()

        module, _, attr = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group``, in ``sys.path`` order, as :func:`importlib.metadata.entry_points`
    finds them — read from the ``*.dist-info``/``*.egg-info`` folders directly: importing
    :mod:`importlib.metadata` (it pulls in the e-mail parser for METADATA) and parsing every
    distribution's metadata cost more than the rest of ``cpaudit standards`` together.  Anything unusual
    on the path (zip archives) falls back to :mod:`importlib.metadata`, and so does a process that has
    imported it already (no extra cost then; tests substitute entry points there)."""
    import sys

    if "importlib.metadata" in sys.modules:
        return _metadata_entry_points(group)
    found: list[EntryPoint] = []
    dists: set[str] = set()  # a distribution counts once, where it is first on the path (as importlib.metadata)
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.isfile(folder):  # a zip archive on the path
                return _metadata_entry_points(group)
            continue
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            key = name.rsplit(".", 1)[0].split("-")[0].lower().replace(".", "_")  # "a.b-1.0.dist-info" → "a_b"
            if key in dists:
                continue
            dists.add(key)
            info = os.path.join(folder, name)
            text = _read(os.path.join(info, "entry_points.txt"))
            if text is None or f"[{group}]" not in text:
                continue
            dist, version = _name_version(info)
            found += [EntryPoint(n, v, dist, version) for n, v in _section(text, group)]
    return found


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return None


def _section(text: str, group: str) -> list[tuple[str, str]]:
    out, inside = [], False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            inside = line == f"[{group}]"
        elif inside and "=" in line:
            key, _, value = line.partition("=")
            out.append((key.strip(), value.split("[")[0].strip()))  # "mod:attr [extra]" → "mod:attr"
    return out


def _name_version(info: str) -> tuple[str, str]:
    """Name and Version from the METADATA / PKG-INFO header (the lines before the first blank one)."""
    name = version = ""
    text = _read(os.path.join(info, "METADATA")) or _read(os.path.join(info, "PKG-INFO")) or ""
    for line in text.splitlines():
        if not line.strip():
            break
        if line.startswith("Name:") and not name:
            name = line[5:].strip()
        elif line.startswith("Version:") and not version:
            version = line[8:].strip()
    return name, version


def _metadata_entry_points(group: str) -> list[EntryPoint]:
    from importlib import metadata

    out = []
    for ep in metadata.entry_points(group=group):
        dist = getattr(ep, "dist", None)
        out.append(EntryPoint(ep.name, ep.value, dist.metadata["Name"] if dist else "", dist.version if dist else "",
                              loader=ep.load))
    return out


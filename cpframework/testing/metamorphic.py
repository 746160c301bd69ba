"""Metamorphic tests of ``check``: mutate a project's data and require that ``check`` reports a new
problem, or that no result changes.  Plugin authors run it on their demo project::

    from cpframework.testing.metamorphic import Sweep

    def test_check_catches_every_mutation():
        sweep = Sweep.load("examples/my_demo")
        failures = [v for v in sweep.run(sweep.sample(200, seed=1)) if not v.ok]
        assert not failures, "\\n".join(v.text() for v in failures[:10])

The mutations are generated, never hand-picked: for each row of each data table (a) delete it, (b)
duplicate it, (c) blank each required cell, (d) multiply each numeric cell by 100.  The project is
loaded once; each mutation works on an in-memory copy of the one table it touches and goes through the
same ``check`` and ``evaluate`` code the CLI runs (:func:`cpframework.evaluation.service.check_project`).
A mutation passes when ``check`` reports a problem the unmutated project does not have (an error or a
warning), or when every result — indicator values and levels, grades, key-list memberships, totals, all
that ``evaluate --format json`` reports — is unchanged.
"""
from __future__ import annotations

import copy
import json
import math
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

Kind = Literal["delete", "duplicate", "blank", "scale"]
KINDS: tuple[Kind, ...] = ("delete", "duplicate", "blank", "scale")
SCALE = 100.0


@attrs.frozen
class Mutation:
    kind: Kind
    table: str
    index: int                 # position in TableData.rows
    field: str = ""            # blank/scale: field id ("value" for items tables)
    year: int | None = None    # the year of a per-year cell

    def text(self, project: Any) -> str:
        data = project.tables[self.table]
        row = data.sheet_rows[self.index] if self.index < len(data.sheet_rows) else "?"
        cell = f" “{self.field}”" + (f"（{self.year}年）" if self.year else "") if self.field else ""
        what = {"delete": "删除", "duplicate": "复制", "blank": "清空", "scale": "×100"}[self.kind]
        return f"{what}工作表“{data.schema.sheet}”第 {row} 行{cell}"


@attrs.frozen
class Verdict:
    mutation: Mutation
    flagged: bool
    changed: bool
    new_problems: tuple[str, ...]
    description: str

    @property
    def ok(self) -> bool:
        return self.flagged or not self.changed

    def text(self) -> str:
        state = "check 报告了新问题" if self.flagged else "check 没有报告新问题"
        return f"{self.description}：结果{'改变' if self.changed else '未变'}，{state}"


def _numeric(spec: Any) -> bool:
    return spec is not None and spec.type in ("number", "integer", "percent")


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def mutations(project: Any, kinds: Iterable[Kind] = KINDS) -> Iterator[Mutation]:
    """Every mutation of every row of every present table, in table and row order."""
    kinds = tuple(kinds)
    for table_id, data in project.tables.items():
        if not data.present:
            continue
        schema = data.schema
        items = {it.id: it for it in schema.items}
        for i, row in enumerate(data.rows):
            if "delete" in kinds:
                yield Mutation("delete", table_id, i)
            if "duplicate" in kinds:
                yield Mutation("duplicate", table_id, i)
            specs = [(items.get(row.get("id")), "value")] if schema.kind == "items" else [(f, f.id) for f in schema.fields]
            for spec, fid in specs:
                value = row.get(fid)
                cells = value.items() if isinstance(value, dict) else [(None, value)]
                for year, v in cells:
                    if "blank" in kinds and v is not None and spec is not None and spec.required:
                        yield Mutation("blank", table_id, i, fid, year)
                    if "scale" in kinds and _numeric(spec) and _is_number(v) and v != 0:
                        yield Mutation("scale", table_id, i, fid, year)


def apply(project: Any, m: Mutation) -> Any:
    """A shallow copy of ``project`` whose table ``m.table`` is mutated (the original is untouched)."""
    data = project.tables[m.table]
    new = attrs.evolve(data, rows=[dict(r) for r in data.rows], sheet_rows=list(data.sheet_rows))
    if m.kind == "delete":
        del new.rows[m.index]
        del new.sheet_rows[m.index]
    elif m.kind == "duplicate":
        new.rows.append(copy.deepcopy(new.rows[m.index]))
        new.sheet_rows.append(max(new.sheet_rows, default=1) + 1)
    else:
        row = new.rows[m.index]
        value = copy.deepcopy(row.get(m.field))
        if m.year is not None:
            value[m.year] = None if m.kind == "blank" else value[m.year] * SCALE
        else:
            value = None if m.kind == "blank" else value * SCALE
        row[m.field] = value
    return attrs.evolve(project, tables={**project.tables, m.table: new}, problems=list(project.problems))


def permute(project: Any, seed: int) -> Any:
    """A shallow copy of ``project`` with the rows of every present table in a random order (each row keeps
    its sheet row number, so every message about it names the same row)."""
    rnd = random.Random(seed)
    tables = {}
    for table_id, data in project.tables.items():
        order = list(range(len(data.rows)))
        rnd.shuffle(order)
        rows = [dict(data.rows[i]) for i in order]
        tables[table_id] = attrs.evolve(data, rows=rows,
                                        sheet_rows=[data.sheet_rows[i] for i in order if i < len(data.sheet_rows)])
    return attrs.evolve(project, tables=tables, problems=list(project.problems))


def canonical(x: Any) -> Any:
    """``x`` with every list sorted: what a result says, regardless of the order its rows are listed in."""
    if isinstance(x, dict):
        return {k: canonical(v) for k, v in x.items()}
    if isinstance(x, list):
        return sorted((canonical(v) for v in x), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return x


def _differences(a: Any, b: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    """Where two results differ: (path, before, after), descending into dicts and equal-length lists."""
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            yield from _differences(a.get(k), b.get(k), f"{path}/{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from _differences(x, y, f"{path}[{i}]")
    else:
        yield path or "/", json.dumps(a, ensure_ascii=False)[:200], json.dumps(b, ensure_ascii=False)[:200]


def _round(x: Any) -> Any:
    if isinstance(x, float):
        return float(f"{x:.9g}") if math.isfinite(x) else str(x)
    if isinstance(x, dict):
        return {str(k): _round(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_round(v) for v in x]
    return x


def fingerprint(ev: Any) -> Any:
    """Every result ``evaluate --format json`` reports, with floats at 9 significant digits."""
    return _round(json.loads(json.dumps(ev.as_dict(), ensure_ascii=False, default=str)))


def _problem_keys(problems: Iterable[Any]) -> set[tuple[Any, ...]]:
    return {(p.level, p.sheet, p.row, p.field, p.message) for p in problems}


@attrs.define
class Sweep:
    """A project loaded once, its baseline ``check`` problems and results, and the mutations to try."""

    registry: Any
    standard: Any
    project: Any
    base_problems: set[tuple[Any, ...]]
    base_results: Any

    @classmethod
    def load(cls, root: Path | str, registry: Any = None) -> Sweep:
        from cpframework.host.registry import get_registry
        from cpframework.project.folder import load_project

        registry = registry or get_registry()
        project, std = load_project(Path(root), registry)
        problems, ev = cls._check(registry, std, project)
        return cls(registry, std, project, _problem_keys(problems), fingerprint(ev))

    @staticmethod
    def _check(registry: Any, std: Any, project: Any) -> tuple[list[Any], Any]:
        from cpframework.evaluation.service import check_project

        return check_project(registry, std, project)

    def all(self, kinds: Iterable[Kind] = KINDS) -> list[Mutation]:
        return list(mutations(self.project, kinds))

    def sample(self, n: int, seed: int = 0, kinds: Iterable[Kind] = KINDS) -> list[Mutation]:
        """``n`` mutations drawn without replacement (deterministic for a seed), all kinds represented."""
        pool = self.all(kinds)
        rnd = random.Random(seed)
        return pool if n >= len(pool) else rnd.sample(pool, n)

    def verdict(self, m: Mutation) -> Verdict:
        mutated = apply(self.project, m)
        try:
            problems, ev = self._check(self.registry, self.standard, mutated)
            new = _problem_keys(problems) - self.base_problems
            changed = fingerprint(ev) != self.base_results
        except Exception as exc:  # noqa: BLE001 - an evaluation that breaks is a changed result, never a pass
            new, changed = set(), True
            exc_text = f"{type(exc).__name__}: {exc}"
            return Verdict(m, False, changed, (exc_text,), m.text(self.project))
        return Verdict(m, bool(new), changed, tuple(sorted(str(k[-1]) for k in new)), m.text(self.project))

    def permutation_differences(self, seed: int) -> list[str]:
        """What changes when every table's rows are listed in another order: new or lost ``check`` problems and
        results whose content (not their listing order) differs.  Always ``[]`` for a correct standard."""
        problems, ev = self._check(self.registry, self.standard, permute(self.project, seed))
        keys = _problem_keys(p for p in problems if p.code != "sequence")  # 序号 out of order: said, and right
        out = [f"新问题：{k[-1]}" for k in sorted(keys - self.base_problems, key=str)]
        out += [f"消失的问题：{k[-1]}" for k in sorted(self.base_problems - keys, key=str)]
        before, after = canonical(self.base_results), canonical(fingerprint(ev))
        out += [f"结果 {path} 由 {a} 变为 {b}" for path, a, b in _differences(before, after)]
        return out

    def run(self, muts: Iterable[Mutation]) -> Iterator[Verdict]:
        for m in muts:
            yield self.verdict(m)

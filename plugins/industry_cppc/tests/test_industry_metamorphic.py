"""Metamorphic sweep of ``check`` on examples/industry_demo (issue #14): delete / duplicate / blank /
×100 any row or cell of any table; ``check`` must report a new problem or every result must stay the same.

CI runs a stratified sample (every table × every kind of mutation, seeded; ~1 s per mutation on the
2-core machine); ``pytest -m slow`` runs the whole sweep (5 000+ mutations, about an hour).
"""
from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest

from cpframework.testing import Sweep

DEMO = Path(__file__).resolve().parents[3] / "examples" / "industry_demo"


@pytest.fixture(scope="module")
def sweep() -> Sweep:
    return Sweep.load(DEMO)


def _stratified(sweep: Sweep, per_stratum: int, seed: int) -> list:
    strata = defaultdict(list)
    for m in sweep.all():
        strata[(m.table, m.kind)].append(m)
    rnd = random.Random(seed)
    return [m for key in sorted(strata) for m in rnd.sample(strata[key], min(per_stratum, len(strata[key])))]


def _failures(sweep: Sweep, muts: list) -> list[str]:
    return [v.text() for v in sweep.run(muts) if not v.ok]


def test_demo_passes_check_cleanly(sweep: Sweep) -> None:
    assert not sweep.base_problems, sweep.base_problems


def test_every_table_and_kind_sampled(sweep: Sweep) -> None:
    muts = _stratified(sweep, 1, seed=14)
    assert {m.kind for m in muts} == {"delete", "duplicate", "blank", "scale"}
    failures = _failures(sweep, muts)
    assert not failures, "\n".join(failures[:10])


def test_mutations_of_the_graded_inputs(sweep: Sweep) -> None:
    """The tables the grades come from: a second independent draw of the mutations that change values."""
    graded = {"enterprises", "production", "water", "energy", "pollutants", "indicator_values", "materials"}
    muts = [m for m in _stratified(sweep, 1, seed=20250) if m.table in graded and m.kind in ("delete", "scale")]
    failures = _failures(sweep, muts)
    assert not failures, "\n".join(failures[:10])


@pytest.mark.slow
def test_whole_sweep(sweep: Sweep, request: pytest.FixtureRequest) -> None:
    if "slow" not in (request.config.getoption("-m") or ""):
        pytest.skip("整套变异（5000 余个）只在 pytest -m slow 时运行")
    failures = _failures(sweep, sweep.all())
    assert not failures, f"{len(failures)} 个变异未被发现：\n" + "\n".join(failures[:20])

"""Issue #14: every generated mutation of the demo's data (delete / duplicate a row, blank a required
cell, ×100 a number) is reported by ``check`` or leaves every result unchanged.

The whole sweep (about 690 mutations) runs in about 40 s on one core, so CI runs all of it."""
from collections import Counter
from pathlib import Path

from cpframework.testing.metamorphic import KINDS, Sweep

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"


def test_every_mutation_of_the_demo_is_flagged_or_harmless():
    sweep = Sweep.load(DEMO)
    assert not sweep.base_problems, "the demo itself must pass check clean"
    muts = sweep.all()
    kinds = Counter(m.kind for m in muts)
    assert set(kinds) == set(KINDS) and len(muts) > 600, kinds
    failures = [v for v in sweep.run(muts) if not v.ok]
    assert not failures, "\n".join(v.text() for v in failures[:20])

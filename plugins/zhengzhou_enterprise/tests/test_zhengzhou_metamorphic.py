"""Metamorphic sweep of ``check`` on examples/enterprise_demo (issue #14): every generated mutation — delete,
duplicate, blank a required cell, ×100 a number — is flagged by ``check`` or leaves every result unchanged.

CI runs a seeded sample of 80 mutations over all kinds (about 30–40 s here); the whole sweep (≈2 000
mutations, about 12 minutes on a shared 2-core machine) runs with ``CPF_FULL_SWEEP=1 pytest -m slow``.

``KNOWN_GAPS`` lists what ``check`` cannot yet tell from the data: deleting a whole row of D.7 (a material no
target or balance refers to) or of D.24 (a target dropped) changes the results, yet nothing else in the
workbook states that the row existed.  The same holds for a process-emission row of 碳排放核算参数 (deleting
its fuel rows is caught or changes nothing), and for the measured 天然气 coefficient of D.12: it equals the
GB/T 2589 reference, so 综合能耗 is unchanged, but carbon accounting then falls back from the measured calorific
value to the guide's default (6.5.1.2.7), and nothing else in the workbook says a measurement existed.  (Deleting a D.10/D.11 row is caught since each target's baseline is
checked against the data it declares as its source.)  The gap is listed here, so the sweep fails on any
other mutation and on a listed one that becomes flagged.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from cpframework.testing import MUTATION_KINDS as KINDS
from cpframework.testing import Sweep

DEMO = Path(__file__).resolve().parents[3] / "examples" / "enterprise_demo"
KNOWN_GAPS = {("delete", "D.7"), ("delete", "D.24"), ("delete", "carbon"), ("delete", "D.12")}


@pytest.fixture(scope="module")
def sweep():
    return Sweep.load(DEMO)


def _unexpected(verdicts):
    return [v for v in verdicts if not v.ok and (v.mutation.kind, v.mutation.table) not in KNOWN_GAPS]


def test_demo_is_clean(sweep):
    assert sweep.base_problems == set(), sweep.base_problems


def test_seeded_sample(sweep):
    muts = []
    for i, kind in enumerate(KINDS):
        muts += sweep.sample(20, seed=14 + i, kinds=[kind])
    bad = _unexpected(sweep.run(muts))
    assert not bad, "\n".join(v.text() + " " + "；".join(v.new_problems)[:300] for v in bad[:10])


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("CPF_FULL_SWEEP") != "1", reason="whole sweep: CPF_FULL_SWEEP=1 pytest -m slow")
def test_full_sweep(sweep):
    verdicts = list(sweep.run(sweep.all()))
    bad = _unexpected(verdicts)
    assert not bad, "\n".join(v.text() for v in bad[:20])
    gaps = {(v.mutation.kind, v.mutation.table) for v in verdicts if not v.ok}
    assert gaps == KNOWN_GAPS, f"已不再是缺口，请从 KNOWN_GAPS 删除：{KNOWN_GAPS - gaps}"

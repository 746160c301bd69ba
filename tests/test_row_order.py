"""Issue #14: listing a table's rows in another order never changes what ``check`` says or any result
(grades, levels, key-list memberships, totals) — for every demo project, with orders drawn by hypothesis.
Ties broken by input order (a Pareto cut, a best performer, a rank) are what this finds."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpframework.testing.metamorphic import Sweep, canonical, permute

from .conftest import EXAMPLES

DEMOS = ["park_demo", "industry_demo", "enterprise_demo", "yunnan_demo", "yunnan_demo_2025"]
_SWEEPS: dict[str, Sweep] = {}


def _sweep(name: str) -> Sweep:
    if name not in _SWEEPS:
        _SWEEPS[name] = Sweep.load(EXAMPLES / name)
    return _SWEEPS[name]


def test_permute_keeps_rows_and_their_sheet_rows_together():
    sweep = _sweep("park_demo")
    shuffled = permute(sweep.project, seed=7)
    for table_id, data in sweep.project.tables.items():
        new = shuffled.tables[table_id]
        strip = new.rows
        assert sorted(zip(new.sheet_rows, map(repr, strip))) == sorted(
            zip(data.sheet_rows, map(repr, data.rows)))
    assert any(shuffled.tables[t].rows != d.rows for t, d in sweep.project.tables.items())


def test_canonical_ignores_listing_order_only():
    assert canonical({"a": [{"x": 1}, {"x": 2}]}) == canonical({"a": [{"x": 2}, {"x": 1}]})
    assert canonical({"a": [1, 2]}) != canonical({"a": [1, 3]})


@pytest.mark.parametrize("demo", DEMOS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_row_order_changes_nothing(demo, seed):
    differences = _sweep(demo).permutation_differences(seed)
    assert not differences, "\n".join(differences[:10])

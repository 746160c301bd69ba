"""Issue #17 item 3 (part): the LMDI decomposition of the park's carbon intensity — exact by construction
(a property), a worked example by hand, and the demo's four years."""
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.api import load_project

DEMO = Path(__file__).resolve().parents[3] / "examples" / "park_demo"
positive = st.floats(1e-3, 1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(c0=positive, e0=positive, y0=positive, c1=positive, e1=positive, y1=positive)
def test_the_effects_add_up_to_the_change(c0, e0, y0, c1, e1, y1):
    from cpf_park_cppc.lmdi import decompose

    d = decompose(c0, e0, y0, c1, e1, y1)
    assert d["structure"] + d["intensity"] == pytest.approx(d["change"], rel=1e-9, abs=1e-12 * max(d["before"], d["after"]))


def test_by_hand():
    """C 100 → 90 t, E 50 → 50 tce, Y 10 → 10 万元: intensity 10 → 9, all of it the structure effect
    (carbon per tce 2 → 1.8); the energy intensity does not move."""
    from cpf_park_cppc.lmdi import decompose, log_mean

    d = decompose(100, 50, 10, 90, 50, 10)
    assert d["change"] == pytest.approx(-1.0)
    assert d["intensity"] == pytest.approx(0.0, abs=1e-15)
    assert d["structure"] == pytest.approx(log_mean(9, 10) * math.log(0.9)) == pytest.approx(-1.0)
    assert log_mean(9, 10) == pytest.approx(1 / math.log(10 / 9))


def test_demo_years():
    from cpf_park_cppc.lmdi import yearly

    rows = yearly(load_project(DEMO)[0])
    assert [(r["from"], r["to"]) for r in rows] == [(2021, 2022), (2022, 2023), (2023, 2024)]
    last = rows[-1]
    assert last["before"] == pytest.approx(1_470_000 / 1_220_000) and last["after"] == pytest.approx(1_480_000 / 1_310_000)
    assert last["structure"] + last["intensity"] == pytest.approx(last["change"])

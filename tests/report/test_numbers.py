"""Numbers in tables as a profile policy: decimals per kind, fixed within a column, one grouping rule, 是/否."""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from cpframework.report.numbers import NumberSpec, format_column, header_unit
from cpframework.report.profile import load_profile, profile_from_dict
from cpframework.report.tables import cell_text

SPEC = NumberSpec()


def test_issue_examples():
    assert format_column([0.5204, 30.16], "%", SPEC) == ["0.52", "30.16"]
    assert format_column([84468.7, 6226.7], "tce", SPEC) == ["84,468.70", "6,226.70"]
    assert format_column([2023.0, 2024.0, 2025], None, SPEC) == ["2023", "2024", "2025"]
    assert cell_text(True, "—") == "是" and cell_text(False, "—") == "否"
    assert header_unit("综合能耗（tce）") == "tce" and header_unit("名称") is None


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=20),
       unit=st.sampled_from(["%", "万元", "tce", "t", "tce/万元", "m³/t", None, "个"]))
def test_a_column_has_one_number_of_decimals_and_stays_close(values, unit):
    texts = format_column(values, unit, SPEC)
    decimals = {len(t.split(".")[1]) if "." in t else 0 for t in texts}
    assert len(decimals) == 1
    d = decimals.pop()
    for v, t in zip(values, texts):
        assert math.isclose(float(t.replace(",", "")), v, abs_tol=0.5 * 10 ** -d + 1e-9 * abs(v))
        assert "e" not in t.lower()                                       # no scientific notation
        assert not t.startswith("-") or float(t.replace(",", "")) < 0      # no “−0.00”


def test_a_profile_overrides_one_kind_and_keeps_the_others():
    from cpframework.host.loader import read_toml
    from cpframework.report.profile import DEFAULT_PROFILE, _deep_merge

    data = _deep_merge(read_toml(DEFAULT_PROFILE), {"numbers": {"kinds": {"percent": {"decimals": 1}}}})
    numbers = profile_from_dict(data).numbers
    assert format_column([12.345], "%", numbers) == ["12.3"]
    assert format_column([12.345], "万元", numbers) == ["12.35"] or format_column([12.345], "万元", numbers) == ["12.34"]
    assert load_profile(None).numbers.kinds["percent"].decimals == 2

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.balance import balance
from cpframework.calc.scoring import weighted_sum_ranking

amt = st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1e7, allow_nan=False))  # no subnormals: scaling them underflows to 0


def test_balance_example_and_finding():
    b = balance([("原料", "输入", 100, "t"), ("水", "in", 20, "t"), ("产品", "输出", 90, "t"), ("废渣", "出", 25, "t")],
                entered_difference=3)
    assert (b.total_in.value, b.total_out.value, b.deviation.value) == (120, 115, 5)
    assert b.deviation_pct.value == pytest.approx(5 / 120 * 100)
    assert len(b.findings) == 1 and "不符" in b.findings[0]
    assert balance([("a", "入", 10, "t"), ("b", "出", 9, "t")], entered_difference=1.0).findings == ()
    with pytest.raises(CalcError, match="单位不一致"):
        balance([("a", "入", 10, "t"), ("b", "出", 9, "kg")])
    with pytest.raises(CalcError, match="方向"):
        balance([("a", "左", 10, "t")])
    with pytest.raises(CalcError, match="输入合计为 0"):
        balance([("a", "出", 10, "t")])


@settings(deadline=None, max_examples=50)
@given(ins=st.lists(amt, min_size=1, max_size=6), outs=st.lists(amt, min_size=1, max_size=6),
       k=st.floats(min_value=1e-3, max_value=1e3))
def test_balance_properties(ins, outs, k):
    if sum(ins) == 0:
        ins = ins + [1.0]
    rows = [(f"i{n}", "输入", v, "t") for n, v in enumerate(ins)] + [(f"o{n}", "输出", v, "t") for n, v in enumerate(outs)]
    b = balance(pd.DataFrame(rows, columns=["name", "direction", "amount", "unit"]))
    assert b.deviation.value == pytest.approx(b.total_in.value - b.total_out.value)
    t = b.table
    assert t.loc[t.direction == "输入", "share"].sum() == pytest.approx(100)
    assert ((t.share >= 0) & (t.share <= 100 + 1e-9)).all()
    scaled = balance([(n, d, v * k, "t") for n, d, v, _ in rows])
    assert scaled.deviation_pct.value == pytest.approx(b.deviation_pct.value, rel=1e-9, abs=1e-9)


def test_ranking_ties_explicit():
    s = pd.DataFrame({"废弃物量": [8, 6, 8], "能耗": [5, 7, 5]}, index=["车间A", "车间B", "车间C"])
    r = weighted_sum_ranking({"废弃物量": 10, "能耗": 8}, s)
    assert list(r.table.index) == ["车间A", "车间C", "车间B"]
    assert list(r.table["rank"]) == [1, 1, 3] and list(r.table["tied"]) == [True, True, False]
    assert r.first == ["车间A", "车间C"] and "并列" in r.trace.result
    assert r.table.at["车间B", "RW_能耗"] == 56
    with pytest.raises(CalcError, match="能耗"):
        weighted_sum_ranking({"废弃物量": 10, "能耗": 8}, s[["废弃物量"]])
    with pytest.raises(CalcError, match="1～10"):
        weighted_sum_ranking({"废弃物量": 10}, s.assign(废弃物量=[11, 1, 1]))


@settings(deadline=None, max_examples=50)
@given(data=st.data(), n=st.integers(1, 8), m=st.integers(1, 5))
def test_ranking_properties(data, n, m):
    w = {f"f{j}": data.draw(st.integers(1, 10)) for j in range(m)}
    scores = pd.DataFrame({f: data.draw(st.lists(st.integers(1, 10), min_size=n, max_size=n)) for f in w},
                          index=[f"c{i}" for i in range(n)])
    r = weighted_sum_ranking(w, scores)
    t = r.table
    assert (t["total"] == sum(scores[f] * w[f] for f in w).reindex(t.index)).all()
    assert (t["total"].diff().dropna() <= 0).all()
    assert ((t["rank"] == 1) == (t["total"] == t["total"].max())).all()
    shuffled = weighted_sum_ranking(w, scores.sample(frac=1, random_state=1))
    assert shuffled.table["rank"].sort_index().equals(t["rank"].sort_index())

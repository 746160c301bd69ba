import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from cpframework.calc import CalcError
from cpframework.calc.pareto import key_list

vals = st.lists(st.floats(min_value=0, max_value=1e6).map(lambda x: round(x, 3)), min_size=1, max_size=30)


def frame(a, b):
    n = min(len(a), len(b))
    return pd.DataFrame({"能耗": a[:n], "COD": b[:n]}, index=[f"企业{i:03d}" for i in range(n)])


def test_example_and_ties():
    df = pd.DataFrame({"能耗": [50, 30, 10, 10, 0], "COD": [1, 1, 1, 1, 6]}, index=list("edcba"))
    k = key_list(df)
    assert list(k.per_load["能耗"]["unit"]) == ["e", "d"]
    assert list(k.per_load["COD"]["unit"]) == ["a", "b", "c"]  # tie broken by id
    assert k.union == ["a", "b", "c", "d", "e"]
    assert k.per_load["能耗"]["cum_share"].iloc[-1] == pytest.approx(80)
    assert k.members.loc["e", "能耗"] and not k.members.loc["a", "能耗"]
    with pytest.raises(CalcError, match="COD"):
        key_list(df.assign(COD=0))
    with pytest.raises(CalcError, match="阈值"):
        key_list(df, threshold=80)


def test_wujiang_like_concentration():
    rng = np.random.default_rng(1)
    v = np.concatenate([rng.uniform(2, 8, 75) * 1e4, rng.uniform(0, 1, 1859) * 1600])
    df = pd.DataFrame({"能耗": v}, index=[f"E{i}" for i in range(len(v))])
    k = key_list(df)
    assert len(k.per_load["能耗"]) > 75  # the top tier alone is not 80 %


@settings(deadline=None, max_examples=60)
@given(a=vals, b=vals, t=st.floats(min_value=0.05, max_value=1.0), k=st.floats(min_value=1e-3, max_value=1e3))
def test_minimal_order_and_scale_invariant(a, b, t, k):
    df = frame(a, b)
    if (df.sum() <= 0).any():
        df = df + 1.0
    res = key_list(df, threshold=t)
    for col, sel in res.per_load.items():
        total = df[col].sum()
        assert sel["value"].sum() / total >= t - 1e-9
        assert sel["value"].sum() - sel["value"].iloc[-1] < t * total  # dropping the smallest falls short
        assert (sel["value"].diff().dropna() <= 0).all()
    shuffled = key_list(df.sample(frac=1, random_state=3), threshold=t)
    assert shuffled.union == res.union
    for col in df:
        assert list(shuffled.per_load[col]["unit"]) == list(res.per_load[col]["unit"])
    scaled = key_list(df * k, threshold=t)
    for col in df:
        assert list(scaled.per_load[col]["unit"]) == list(res.per_load[col]["unit"])
    assert set(res.union) == set(res.members.index[res.members.any(axis=1)])

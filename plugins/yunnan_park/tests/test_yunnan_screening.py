"""Issue #19, screening per park: a 园区 column ranks each park against its own totals; the notes explain
concentration per load and why no enterprise is A; the A/B/C rule is labelled as reconstruction."""
from __future__ import annotations

import numpy as np
import pandas as pd
from cpf_yunnan_park.keylist import key_enterprises
from cpf_yunnan_park.screening import SCREENER

from cpframework.api import screen


def two_parks() -> pd.DataFrame:
    rnd = np.random.default_rng(3)
    big = pd.DataFrame({"企业编号": [f"J{i:03d}" for i in range(40)], "园区": "甲园区",
                        "综合能耗": rnd.lognormal(8, 1, 40), "新鲜水": rnd.lognormal(10, 1, 40)})
    small = pd.DataFrame({"企业编号": [f"Y{i:03d}" for i in range(12)], "园区": "乙园区",
                          "综合能耗": rnd.lognormal(3, 1, 12), "新鲜水": rnd.lognormal(4, 1, 12)})
    return pd.concat([big, small], ignore_index=True).assign(年份=2024)


def test_each_park_gets_its_own_list():
    df = two_parks()
    res = screen(SCREENER, df, SCREENER.parse_options({}))
    ent = res.tables["enterprises"].frame.set_index("企业编号")
    for park, part in df.groupby("园区"):
        own = key_enterprises(part.set_index("企业编号")[["综合能耗", "新鲜水"]])
        got = ent.loc[own.index, "分级代码"]
        assert (got == own["grade_code"]).all(), park
        assert own["key"].any()            # 乙 has key enterprises of its own
    pooled = key_enterprises(df.set_index("企业编号")[["综合能耗", "新鲜水"]])
    assert not pooled.loc[pooled.index.str.startswith("Y"), "key"].any()   # pooled, 乙 would vanish
    assert set(res.tables["coverage"].frame["园区"]) == {"甲园区", "乙园区"}


def test_notes_explain_concentration_and_no_a():
    df = two_parks()
    res = screen(SCREENER, df, SCREENER.parse_options({}))
    text = "\n".join(res.notes)
    assert "乙园区：综合能耗：12 家中前 2 家（10%）占" in text and "其中第" in text
    assert "重建" in text and "只有 2 项负荷，少于A类所需的 3 项，不可能有A类企业" in text


def test_concentration_travels_with_the_output_file():
    """Issue #19 item 3: the plain concentration statement is a table of the result (it was printed only)."""
    import numpy as np
    import pandas as pd
    from cpf_yunnan_park import screening

    rng = np.random.default_rng(5)
    v = rng.pareto(1.1, 400) + 0.01
    frame = pd.DataFrame({"综合能耗": v, "新鲜水": v * rng.uniform(1, 3, 400)}, index=[f"E{i}" for i in range(400)])
    from cpf_yunnan_park.keylist import key_enterprises
    scr = key_enterprises(frame)
    rows = screening.concentration_rows(frame, scr)
    for r, load in zip(rows, frame.columns):
        s = np.sort(frame[load].to_numpy())[::-1]
        k = int(scr[load].sum())
        assert r["名单企业数"] == k and abs(r["名单最后一家占比(%)"] - s[k - 1] / s.sum() * 100) < 1e-9
        assert abs(r["前10%企业占比(%)"] - s[:40].sum() / s.sum() * 100) < 1e-9
        assert r["说明"] in screening.concentration(frame, scr)

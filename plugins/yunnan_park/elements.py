"""附录C1 企业层面清洁生产审核方向及要素（按行业，数据文件 ``data/enterprise_audit_elements.csv``）.

An enterprise is matched by its 审核要素行业 (exact ``industry`` name) if given, otherwise by the first
row whose ``match`` keywords occur in its 行业类别; the 通用 row is the fallback.
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "enterprise_audit_elements.csv"


@lru_cache(maxsize=None)
def elements() -> tuple[dict[str, str], ...]:
    with open(DATA, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def for_enterprise(industry: str | None, cp_industry: str | None = None) -> dict[str, str]:
    rows = elements()
    if cp_industry:
        for r in rows:
            if r["industry"] == cp_industry.strip():
                return r
    text = industry or ""
    for r in rows:
        keys = [k for k in r["match"].split(";") if k]
        if keys and any(k in text for k in keys):
            return r
    return next(r for r in rows if r["industry"] == "通用")

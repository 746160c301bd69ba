"""附录C1 企业层面清洁生产审核方向及要素（按行业，数据文件 ``data/enterprise_audit_elements.csv``）.

An enterprise is matched by its 审核要素行业 (exact ``industry`` name) if given, otherwise by the row with
the longest ``match`` keyword occurring in its 行业类别 (the first such row on a tie); 通用 is the fallback.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import attrs


@attrs.frozen(kw_only=True)
class AuditElements:
    """One row of the CSV: an industry, its match keywords (``;``-separated), direction and elements."""

    industry: str
    direction: str
    elements: str
    match: str = ""
    reference: str = ""

    @property
    def keywords(self) -> list[str]:
        return [k for k in self.match.split(";") if k]


@lru_cache(maxsize=None)
def elements() -> tuple[AuditElements, ...]:
    from cpframework.api import DefinitionError, load_csv

    rows = tuple(load_csv(resources.files(__package__) / "data" / "enterprise_audit_elements.csv", AuditElements))
    if not any(r.industry == "通用" for r in rows):
        raise DefinitionError("数据文件 enterprise_audit_elements.csv 缺少 industry 为“通用”的一行（未匹配行业时使用）")
    return rows


def for_enterprise(industry: str | None, cp_industry: str | None = None) -> AuditElements:
    rows = elements()
    if cp_industry:
        for r in rows:
            if r.industry == cp_industry.strip():
                return r
    text = industry or ""
    # the most specific keyword wins (“磷肥及磷化工” is 磷化工, not 化工; “磷酸铁锂” is battery material, not 磷)
    best = max(((max(len(k) for k in r.keywords if k in text), -i) for i, r in enumerate(rows)
                if any(k in text for k in r.keywords)), default=None)
    return rows[-best[1]] if best else next(r for r in rows if r.industry == "通用")

"""附录A 已发布的行业清洁生产标准规范 (编制说明 5.6), generated for the park's industries.

The notes say only that 附录A lists the published industry cleaner-production standards; the standard's
own table is not available.  The plugin's list (``data/published_standards.csv``, by 附录C1 industry) holds
national evaluation systems and HJ standards with their issuing bodies and years; ``checked = 否`` rows are
printed as 待核对.  For each industry of the 企业名录 the appendix shows the park's enterprises, the listed
documents and the 评价依据 the auditors wrote in 企业水平 (step 8); an industry with neither is said to be
the auditors' to complete (重建 R16)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import attrs

from . import analysis
from .elements import for_enterprise


@attrs.frozen(kw_only=True)
class PublishedStandard:
    """One row of data/published_standards.csv."""

    industry: str
    title: str
    number: str = ""
    issuer: str = ""
    year: str = ""
    checked: str = "否"
    note: str = ""

    def cite(self) -> str:
        head = f"{self.number}《{self.title}》" if self.number else f"《{self.title}》"
        when = f"，{self.year}年" if self.year else ""
        return f"{head}（{self.issuer}{when}）" if self.issuer else head


@lru_cache(maxsize=None)
def published() -> tuple[PublishedStandard, ...]:
    from cpframework.api import DefinitionError, load_csv

    rows = tuple(load_csv(resources.files(__package__) / "data" / "published_standards.csv", PublishedStandard))
    from .elements import elements

    known = {e.industry for e in elements()}
    bad = sorted({r.industry for r in rows} - known)
    if bad:
        raise DefinitionError(f"数据文件 published_standards.csv 的行业 {'、'.join(bad)} 不是附录C1 的行业名称")
    return rows


def appendix_a(project: Any) -> list[dict[str, Any]]:
    """One entry per 附录C1 industry present in the base year's 企业名录: the enterprises, the listed
    documents and the bases written in 企业水平 for its enterprises."""
    ent = analysis.enterprises(project)
    levels = project.tables.get("enterprise_levels")
    bases: dict[Any, list[str]] = {}
    for r in (levels.rows if levels is not None else []):
        b = str(r.get("benchmark") or "").strip()
        if b and b not in bases.setdefault(r.get("ent_id"), []):
            bases[r.get("ent_id")].append(b)
    groups: dict[str, dict[str, Any]] = {}
    for eid, e in ent.iterrows():
        text = {k: (v if isinstance(v, str) else None) for k, v in (("industry", e.get("industry")), ("cp", e.get("cp_industry")))}
        ind = for_enterprise(text["industry"], text["cp"]).industry
        g = groups.setdefault(ind, {"industry": ind, "trades": [], "ids": [], "bases": []})
        g["ids"].append(str(eid))
        trade = text["industry"] or ""
        if trade and trade not in g["trades"]:
            g["trades"].append(trade)
        for b in bases.get(eid, []):
            if b not in g["bases"]:
                g["bases"].append(b)
    docs = published()
    out = []
    for ind, g in groups.items():
        g["documents"] = [d for d in docs if d.industry == ind]
        out.append(g)
    return sorted(out, key=lambda g: (-len(g["ids"]), g["industry"]))

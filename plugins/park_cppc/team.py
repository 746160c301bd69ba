"""5.1.2 审核小组: "确保工业园区内每个企业至少有 2 位审核小组成员，且必须有一位成员来自本企业的财务部门",
and groups by industry ("按照产业类别组建多个审核小组").

Interpretation (README): the participating enterprises are the 重点企业 of the 企业清单 and every other
enterprise a member names; a park of hundreds of enterprises cannot send two people from each.
"""
from __future__ import annotations

import difflib
from typing import Any

from cpframework.api import Problem

MIN_MEMBERS = 2


def _hint(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    return f"是否想写“{close[0]}”？" if close else ""


def enterprise_members(project: Any) -> list[dict[str, Any]]:
    """Each participating enterprise with its members and how many come from its finance department."""
    ents = project.tables.get("enterprises")
    team = project.tables.get("team")
    ent_rows = list(ents.rows) if ents is not None and ents.present else []
    members = list(team.rows) if team is not None and team.present else []
    named = {str(m.get("ent_id")) for m in members if m.get("ent_id") is not None}
    out = []
    for e in ent_rows:
        eid = str(e.get("ent_id"))
        if e.get("key_enterprise") is not True and eid not in named:
            continue
        mine = [m for m in members if str(m.get("ent_id")) == eid]
        out.append({"ent_id": eid, "name": e.get("name"), "industry": e.get("industry"), "key": e.get("key_enterprise") is True,
                    "members": [m.get("name") for m in mine], "finance": sum(1 for m in mine if m.get("finance") is True)})
    return out


def team_problems(std: Any, project: Any) -> list[Problem]:
    team = project.tables.get("team")
    if team is None or not team.present:
        return []
    fname, sheet = project.manifest.workbook, team.schema.sheet
    ents = project.tables.get("enterprises")
    ent_rows = list(ents.rows) if ents is not None and ents.present else []
    ids = [str(e.get("ent_id")) for e in ent_rows]
    industries = sorted({str(e.get("industry")) for e in ent_rows if e.get("industry")})
    out = []
    for m, n in zip(team.rows, team.sheet_rows):
        eid, ind = m.get("ent_id"), m.get("industry")
        if eid is not None and ent_rows and str(eid) not in ids:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="所在企业编号", value=eid, code="team",
                               message=f"“{eid}”不在“企业清单”中。{_hint(str(eid), ids)}"))
        if ind is not None and industries and str(ind) not in industries:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="所属行业", value=ind, code="team",
                               message=f"“{ind}”不是“企业清单”中的行业。{_hint(str(ind), industries)}"))
        if m.get("group") == "行业审核小组" and ind is None:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="所属行业", code="team",
                               message="行业审核小组的成员须填写所属行业（5.1.2 按产业类别组建审核小组）"))
        if m.get("finance") is True and eid is None:
            out.append(Problem(file=fname, sheet=sheet, row=n, field="所在企业编号", code="team", level="warning",
                               message="标为来自财务部门，但没有填写所在企业编号：请填写，否则不能计入该企业的财务人员"))
    for e in enterprise_members(project):
        lacks = []
        if len(e["members"]) < MIN_MEMBERS:
            lacks.append(f"只有 {len(e['members'])} 位成员（至少 {MIN_MEMBERS} 位）")
        if not e["finance"]:
            lacks.append("没有来自本企业财务部门的成员")
        if lacks:
            out.append(Problem(file=fname, sheet=sheet, field="所在企业编号", value=e["ent_id"], level="warning", code="team",
                               message=f"{'重点企业' if e['key'] else '参与企业'} {e['ent_id']} {e['name']}" + "，".join(lacks)
                                       + "：5.1.2 要求每个参与企业至少 2 位审核小组成员，其中 1 位来自本企业财务部门，"
                                         "请在审核小组中补充并填写“所在企业编号”“来自本企业财务部门”"))
    return out


def check_team_enterprises(project: Any, ev: Any) -> str | None:
    bad = [p for p in team_problems(None, project) if p.code == "team"]
    return None if not bad else f"审核小组有 {len(bad)} 处问题（参与企业的成员人数、财务人员或编号），运行 cpaudit check 查看"

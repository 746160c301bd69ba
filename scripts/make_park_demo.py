"""Regenerate examples/park_demo (illustrative data, not a real park): python scripts/make_park_demo.py"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import openpyxl

from cpframework.project.create import manifest_text, narrative_files
from cpframework.project.folder import Manifest
from cpframework.host.registry import get_registry
from cpframework.project.template import write_workbook

ROOT = Path(__file__).resolve().parents[1] / "examples" / "park_demo"
NAME = "江南示范经济技术开发区（示意数据）"
YEAR = 2025
D = dt.date

SERIES = {  # item id: values for 2021, 2022, 2023, 2024
    "gdp": [3200000, 3450000, 3700000, 3980000], "hitech_va": [1010000, 1120000, 1240000, 1380000],
    "industrial_va": [1050000, 1130000, 1220000, 1310000], "employees": [61000, 63500, 66000, 68000],
    "recycling_va": [150000, 162000, 175000, 190000],
    "sw_used": [880000, 930000, 975000, 1020000], "sw_generated": [1060000, 1100000, 1140000, 1180000],
    "sw_stock_used": [20000, 25000, 28000, 30000], "rr_used": [210000, 228000, 236000, 251000],
    "rr_collected": [300000, 310000, 318000, 330000],
    "energy_total": [485000, 498000, 510000, 520000], "energy_renewable": [26000, 31000, 36000, 41000],
    "green_ind_area": [90000, 120000, 150000, 180000], "new_ind_area": [380000, 395000, 410000, 420000],
    "green_pub_area": [30000, 36000, 40000, 46000], "new_pub_area": [52000, 55000, 58000, 60000],
    "sw_disposed": [1060000, 1100000, 1140000, 1195000], "sw_total": [1060000, 1100000, 1140000, 1195000],
    "wastewater": [4700000, 4850000, 4980000, 5100000], "sw_internal": [1060000, 1100000, 1140000, 1180000],
    "good_air_days": [285, 290, 296, 301], "days": [365, 365, 365, 366],
    "green_area": [5600000, 5850000, 6100000, 6300000], "land_area": [32000000, 32000000, 32000000, 32000000],
    "co2": [1420000, 1450000, 1470000, 1480000],
    "key_audited": [9, 11, 12, 14], "key_total": [15, 15, 16, 16], "campaigns": [2, 3, 3, 4],
    "disclosed": [20, 21, 22, 23], "listed_polluters": [21, 22, 22, 23],
    "water_fresh": [10600000, 10900000, 11200000, 11500000], "cod": [468, 452, 437, 420],
    "nox": [1080, 1040, 995, 960], "vocs": [1620, 1540, 1440, 1350],
}

# 企业清单 (5.2.1, 5.2.3): 42 enterprises in 5 industries, generated reproducibly; each column is scaled so
# the list covers the stated share of the park's 2024 total (the rest: small enterprises not surveyed).
INDUSTRIES = {  # name: (enterprise names, weights for value_added, energy, water, cod, nox, vocs, solid_waste, co2)
    "汽车零部件": (["华达汽车部件", "江南精锻", "东润车桥", "恒立制动", "新川座椅", "宏远铸造", "凯力传动", "瑞丰车灯",
               "盛达汽配", "远航橡塑", "博众电驱", "嘉禾紧固件"], (1.2, 1.0, 0.8, 0.6, 0.8, 2.5, 0.8, 1.0)),
    "电子信息": (["芯源微电子", "华光显示", "立信电路", "天成电子", "明锐光电", "海川半导体", "云腾通信", "晶科元件",
              "讯达智能"], (1.6, 0.7, 1.6, 0.9, 0.4, 0.6, 0.4, 0.7)),
    "新材料": (["中科新材", "金石复合材料", "宏达高分子", "蓝海膜材料", "银河碳纤维", "明月玻纤", "华塑改性", "东方陶瓷"],
            (1.0, 1.6, 0.9, 0.6, 1.5, 0.5, 2.0, 1.6)),
    "精细化工": (["新源化工", "江南涂料", "润泽医药中间体", "华信助剂", "安达香料", "永兴颜料", "天宇化学"],
             (0.9, 2.0, 1.5, 2.2, 1.8, 2.0, 1.5, 2.0)),
    "表面处理": (["恒昌表面处理", "金辉电镀", "亮达涂装", "精工氧化", "鑫源热镀锌", "华美喷涂"],
             (0.4, 0.5, 1.2, 1.8, 0.4, 0.6, 0.6, 0.5)),
}
LOADS = ("value_added", "energy", "water", "cod", "nox", "vocs", "solid_waste", "co2")
COVER = {"value_added": ("industrial_va", 0.82), "energy": ("energy_total", 0.91), "water": ("water_fresh", 0.88),
         "cod": ("cod", 0.86), "nox": ("nox", 0.9), "vocs": ("vocs", 0.9), "solid_waste": ("sw_internal", 0.9),
         "co2": ("co2", 0.9)}
NOT_AUDITED = {"宏远铸造", "永兴颜料"}  # the two key enterprises without an audit (indicator 21: 14 of 16)


def enterprises() -> list[dict]:
    import random

    rnd = random.Random(2025)
    rows = []
    for industry, (names, weights) in INDUSTRIES.items():
        for name in names:
            size = min(max(rnd.lognormvariate(0, 0.9), 0.45), 6.0)
            rows.append({"name": f"{name}有限公司", "industry": industry,
                         **{k: w * size * rnd.uniform(0.8, 1.25) for k, w in zip(LOADS, weights)}})
    for load, (item, share) in COVER.items():
        k = SERIES[item][-1] * share / sum(r[load] for r in rows)
        for r in rows:
            r[load] = round(r[load] * k, 1 if load in ("cod", "nox", "vocs") else 0)
            r[load] = int(r[load]) if load not in ("cod", "nox", "vocs") else r[load]
    lagging = {f"{n}有限公司" for n in NOT_AUDITED}
    by_energy = [r for r in sorted(rows, key=lambda r: -r["energy"]) if r["name"] not in lagging]
    key = {r["name"] for r in by_energy[:SERIES["key_total"][-1] - len(lagging)]} | lagging
    for i, r in enumerate(rows, start=1):
        r["ent_id"] = f"E{i:02d}"
        r["key_enterprise"] = "是" if r["name"] in key else "否"
        r["cp_audited"] = "是" if r["name"] in key and r["name"][:-4] not in NOT_AUDITED else "否"
    return rows

# 5.2.1 survey tables (baseline 2024): carriers add up to energy_total, renewable carriers to energy_renewable,
# fresh-water sources to water_fresh, the energy-activity emissions to co2 (rules.toml, within 1 %).
ENERGY = [  # carrier, unit, factor (tce/unit, GB/T 2589; electricity at its equivalent value), tce, renewable
    ("外购电力", "万 kWh", 1.229, 200000, "否"), ("原煤", "t", 0.7143, 150000, "否"), ("天然气", "万 m³", 12.143, 95000, "否"),
    ("生物质成型燃料", "t", 0.5, 32889, "是"), ("外购热力", "GJ", 0.03412, 20000, "否"), ("柴油", "t", 1.4571, 14000, "否"),
    ("光伏发电（自发自用）", "万 kWh", 1.229, 8111, "是"),
]
CO2_FACTORS = {"外购电力": 5.366, "天然气": 21.62, "外购热力": 0.11, "柴油": 3.096}  # tCO2 per unit; 原煤 balances the total


# 企业能源消费 (5.2.1(4), GB/T 2589): each enterprise's 综合能耗 split by carrier after its industry's mix,
# fitted (iterative proportional fitting) so every enterprise adds up to its 综合能耗 and every carrier to the
# list's share of the park's carrier total (the rest: enterprises not surveyed).
MIX = {  # industry: tce weight per carrier, in the order of ENERGY
    "汽车零部件": (0.45, 0.04, 0.25, 0.02, 0.10, 0.09, 0.05), "电子信息": (0.76, 0.0, 0.07, 0.0, 0.10, 0.02, 0.05),
    "新材料": (0.28, 0.38, 0.24, 0.08, 0.0, 0.02, 0.0), "精细化工": (0.22, 0.46, 0.10, 0.12, 0.06, 0.02, 0.02),
    "表面处理": (0.50, 0.0, 0.20, 0.0, 0.25, 0.03, 0.02),
}


def enterprise_energy_rows(ents: list[dict]) -> list[dict]:
    import random

    rnd = random.Random(2589)
    carriers = [c for c, *_ in ENERGY]
    factor = {c: f for c, _u, f, _t, _r in ENERGY}
    cover = sum(e["energy"] for e in ents) / SERIES["energy_total"][-1]
    col_target = {c: t * cover for c, _u, _f, t, _r in ENERGY}
    m = [[w * rnd.uniform(0.6, 1.4) for w in MIX[e["industry"]]] for e in ents]
    for _ in range(200):
        for i, e in enumerate(ents):
            s = sum(m[i])
            m[i] = [v * e["energy"] / s for v in m[i]]
        for j, c in enumerate(carriers):
            s = sum(m[i][j] for i in range(len(ents)))
            for i in range(len(ents)):
                m[i][j] *= col_target[c] / s
    rows = []
    for i, e in enumerate(ents):
        parts = {c: round(m[i][j], 1) for j, c in enumerate(carriers) if m[i][j] >= 5}  # a row outweighs rounding
        top = max(parts, key=parts.get)
        parts[top] = round(e["energy"] - sum(v for c, v in parts.items() if c != top), 1)
        for c in carriers:
            if c in parts:
                q = round(parts[c] / factor[c], 2)
                rows.append({"ent_id": e["ent_id"], "carrier": c, "quantity": q, "factor": factor[c],
                             "tce": round(q * factor[c], 1)})
    return rows


def energy_rows() -> list[dict]:
    return [{"carrier": c, "unit": u, "quantity": round(t / f), "factor": f, "tce": round(round(t / f) * f),
             "renewable": r} for c, u, f, t, r in ENERGY]


def ghg_rows() -> list[dict]:
    qty = {r["carrier"]: (r["quantity"], r["unit"]) for r in energy_rows()}
    rows = [{"category": "能源活动", "source": f"{c}{'消费' if c.startswith('外购') else '燃烧'}", "activity": qty[c][0],
             "activity_unit": qty[c][1], "factor": f, "emission": round(qty[c][0] * f)} for c, f in CO2_FACTORS.items()]
    coal = SERIES["co2"][-1] - sum(r["emission"] for r in rows)
    factor = round(coal / qty["原煤"][0], 4)
    rows.insert(0, {"category": "能源活动", "source": "原煤燃烧", "activity": qty["原煤"][0], "activity_unit": "t",
                    "factor": factor, "emission": round(qty["原煤"][0] * factor)})
    rows += [{"category": "工业生产过程", "source": "玻璃纤维配合料碳酸盐分解", "activity": 620000, "activity_unit": "t",
              "factor": 0.0968, "emission": round(620000 * 0.0968)},
             {"category": "废弃物处理", "source": "危险废物焚烧", "activity": 12000, "activity_unit": "t", "factor": 0.9,
              "emission": 10800}]
    return rows


SURVEY = {
    "water_sources": [
        {"source": "地表水厂供水", "kind": "新鲜水", "volume": 9800000, "note": "园区自来水厂，取水口位于示例江"},
        {"source": "地下水（自备井）", "kind": "新鲜水", "volume": 1700000, "note": "3 家企业自备井，已纳入取水许可"},
        {"source": "再生水（中水回用）", "kind": "非常规水源", "volume": 2200000, "note": "园区污水处理厂深度处理出水，用于冷却和绿化"},
    ],
    "materials": [
        {"kind": "原辅料", "name": "钢材", "unit": "t", "amount": 900000, "industry": "汽车零部件", "destination": "外购"},
        {"kind": "原辅料", "name": "生铁及废钢", "unit": "t", "amount": 450000, "industry": "汽车零部件", "destination": "外购，含区内边角料"},
        {"kind": "原辅料", "name": "铸造型砂", "unit": "t", "amount": 620000, "industry": "汽车零部件", "destination": "外购"},
        {"kind": "原辅料", "name": "铝锭", "unit": "t", "amount": 95000, "industry": "汽车零部件", "destination": "外购"},
        {"kind": "原辅料", "name": "玻璃纤维配合料", "unit": "t", "amount": 620000, "industry": "新材料", "destination": "外购"},
        {"kind": "原辅料", "name": "树脂", "unit": "t", "amount": 80000, "industry": "新材料", "destination": "区内精细化工企业供应 1.2 万 t"},
        {"kind": "原辅料", "name": "基础化工原料", "unit": "t", "amount": 420000, "industry": "精细化工", "destination": "外购"},
        {"kind": "原辅料", "name": "锌锭", "unit": "t", "amount": 18000, "industry": "表面处理", "destination": "外购"},
        {"kind": "原辅料", "name": "覆铜板", "unit": "万 m²", "amount": 420, "industry": "电子信息", "destination": "外购"},
        {"kind": "产品", "name": "汽车零部件", "unit": "t", "amount": 1050000, "industry": "汽车零部件", "destination": "整车厂"},
        {"kind": "产品", "name": "玻璃纤维及复合材料", "unit": "t", "amount": 540000, "industry": "新材料", "destination": ""},
        {"kind": "产品", "name": "精细化学品", "unit": "t", "amount": 240000, "industry": "精细化工", "destination": ""},
        {"kind": "产品", "name": "印制电路板", "unit": "万 m²", "amount": 380, "industry": "电子信息", "destination": ""},
        {"kind": "副产品", "name": "钢材边角料", "unit": "t", "amount": 52000, "industry": "汽车零部件", "destination": "区内铸造企业回炉利用"},
        {"kind": "副产品", "name": "副产盐酸", "unit": "t", "amount": 28000, "industry": "精细化工", "destination": "外售，区内表面处理企业尚未利用"},
    ],
    "env_quality": [
        {"medium": "环境空气", "point": "园区空气自动站", "factor": "PM2.5", "unit": "µg/m³", "value": 32, "limit": 35, "limit_kind": "上限", "standard": "GB 3095—2012 二级"},
        {"medium": "环境空气", "point": "园区空气自动站", "factor": "PM10", "unit": "µg/m³", "value": 58, "limit": 70, "limit_kind": "上限", "standard": "GB 3095—2012 二级"},
        {"medium": "环境空气", "point": "园区空气自动站", "factor": "二氧化氮", "unit": "µg/m³", "value": 30, "limit": 40, "limit_kind": "上限", "standard": "GB 3095—2012 二级"},
        {"medium": "环境空气", "point": "园区空气自动站", "factor": "臭氧日最大 8 小时第 90 百分位", "unit": "µg/m³", "value": 168, "limit": 160, "limit_kind": "上限", "standard": "GB 3095—2012 二级"},
        {"medium": "地表水", "point": "示例江园区下游断面", "factor": "化学需氧量", "unit": "mg/L", "value": 18, "limit": 20, "limit_kind": "上限", "standard": "GB 3838—2002 Ⅲ类"},
        {"medium": "地表水", "point": "示例江园区下游断面", "factor": "氨氮", "unit": "mg/L", "value": 0.82, "limit": 1.0, "limit_kind": "上限", "standard": "GB 3838—2002 Ⅲ类"},
        {"medium": "地表水", "point": "示例江园区下游断面", "factor": "溶解氧", "unit": "mg/L", "value": 6.1, "limit": 5, "limit_kind": "下限", "standard": "GB 3838—2002 Ⅲ类"},
        {"medium": "地下水", "point": "化工片区 1 号监测井", "factor": "耗氧量", "unit": "mg/L", "value": 2.1, "limit": 3.0, "limit_kind": "上限", "standard": "GB/T 14848—2017 Ⅲ类"},
        {"medium": "土壤", "point": "表面处理片区 3 号土壤点位", "factor": "镍", "unit": "mg/kg", "value": 45, "limit": 900, "limit_kind": "上限", "standard": "GB 36600—2018 第二类用地筛选值"},
        {"medium": "声环境", "point": "东区边界 2 号点（昼间）", "factor": "等效声级", "unit": "dB(A)", "value": 62, "limit": 65, "limit_kind": "上限", "standard": "GB 3096—2008 3类"},
        {"medium": "声环境", "point": "东区边界 2 号点（夜间）", "factor": "等效声级", "unit": "dB(A)", "value": 52, "limit": 55, "limit_kind": "上限", "standard": "GB 3096—2008 3类"},
    ],
    "pollutant_sources": [
        {"source": "园区污水处理厂", "type": "集中污水处理厂", "pollutant": "化学需氧量", "discharge": "直接排放", "amount": 300, "permitted": 657, "compliant": "是"},
        {"source": "园区污水处理厂", "type": "集中污水处理厂", "pollutant": "氨氮", "discharge": "直接排放", "amount": 24, "permitted": 33, "compliant": "是"},
        {"source": "园区热电厂", "type": "集中供热", "pollutant": "二氧化硫", "discharge": "直接排放", "amount": 180, "permitted": 260, "compliant": "是"},
        {"source": "园区热电厂", "type": "集中供热", "pollutant": "氮氧化物", "discharge": "直接排放", "amount": 410, "permitted": 520, "compliant": "是"},
        {"source": "园区热电厂", "type": "集中供热", "pollutant": "颗粒物", "discharge": "直接排放", "amount": 42, "permitted": 75, "compliant": "是"},
        {"source": "新源化工有限公司", "type": "工业企业", "pollutant": "化学需氧量", "discharge": "间接排放", "amount": 65, "permitted": 90, "compliant": "是"},
        {"source": "新源化工有限公司", "type": "工业企业", "pollutant": "挥发性有机物", "discharge": "直接排放", "amount": 85, "permitted": 110, "compliant": "是"},
        {"source": "华达汽车部件有限公司", "type": "工业企业", "pollutant": "挥发性有机物", "discharge": "直接排放", "amount": 140, "permitted": 160, "compliant": "是"},
        {"source": "金辉电镀有限公司", "type": "工业企业", "pollutant": "重金属", "discharge": "间接排放", "amount": 0.05, "permitted": 0.08, "compliant": "是"},
        {"source": "危险废物焚烧中心", "type": "固废处置设施", "pollutant": "氮氧化物", "discharge": "直接排放", "amount": 36, "permitted": 50, "compliant": "是"},
    ],
}


SURNAMES = "张王李赵刘陈杨黄吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["伟", "芳", "强", "敏", "军", "丽", "涛", "静", "勇", "艳", "杰", "娟", "斌", "霞", "超", "红", "鹏", "燕"]


def industry_team(ents: list[dict]) -> list[dict]:
    """5.1.2: one group per industry; each key enterprise sends its production/environment lead and one
    member of its finance department."""
    out, n = [], 0
    for industry in INDUSTRIES:
        for e in [e for e in ents if e["industry"] == industry and e["key_enterprise"] == "是"]:
            for role, dept, duty, finance in (("成员", "安全环保部 负责人", "本企业现状调查、方案实施", "否"),
                                             ("成员", "财务部 主管", "本企业方案投资与效益核算", "是")):
                name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 5 + 3) % len(GIVEN)]
                n += 1
                out.append({"group": "行业审核小组", "name": name, "role": role,
                            "dept": f"{e['name']} {dept}", "duty": duty, "industry": industry, "ent_id": e["ent_id"],
                            "finance": finance})
    return out

CHECKS = {"wwtp": "是", "sources_compliant": "是", "incidents": 0, "cp_system": "是",
          "mgmt_dept": "是", "mgmt_duty": "是", "mgmt_assess": "是", "mgmt_cp_staff": "是",
          "risk_assess": "是", "risk_plan": "是", "risk_team": "是", "risk_drill": "否"}
BASIC = {"planned_area": 32.0, "built_area": 24.5, "founded": 2006, "level": "国家级",
         "leading_industries": "汽车零部件、电子信息、新材料、精细化工", "enterprises": 486, "above_scale": 212, "surveyed": 42,
         "wwtp_capacity": 60000, "central_heating": "热电联产集中供热，覆盖 85% 用热企业"}
OPTIONAL_SELECTED = {"I02", "I03", "I05", "I07", "I08", "I10", "I15", "I19", "I20"}

ROWS = {
    "team": [
        {"group": "领导小组", "name": "王建国", "role": "组长", "dept": "管委会 主任", "duty": "统筹审核工作，审批计划和方案", "specialty": "管理", "title": "高级经济师", "time": "全程"},
        {"group": "领导小组", "name": "李慧", "role": "副组长", "dept": "管委会 副主任（分管生态环境）", "duty": "组织协调各部门和重点企业", "specialty": "环境工程", "title": "高级工程师", "time": "全程"},
        {"group": "领导小组", "name": "赵明", "role": "成员", "dept": "经济发展局 局长", "duty": "产业结构与资源能源数据", "specialty": "经济", "title": "经济师", "time": "30 天"},
        {"group": "工作小组", "name": "陈静", "role": "组长", "dept": "生态环境分局 科长", "duty": "现状调查、指标评价、报告编写", "specialty": "环境科学", "title": "工程师", "time": "90 天"},
        {"group": "工作小组", "name": "孙磊", "role": "成员", "dept": "安全环保部 主管", "duty": "环境风险与应急体系核查", "specialty": "安全工程", "title": "工程师", "time": "45 天"},
        {"group": "工作小组", "name": "周洁", "role": "成员", "dept": "技术服务单位 项目负责人", "duty": "技术指导、方案研究", "specialty": "化学工程", "title": "高级工程师", "time": "90 天"},
    ],
    "plan": [
        {"seq": 1, "stage": "筹划和组织", "action": "启动与动员", "content": "召开启动会，成立审核小组，印发工作方案", "start": D(2025, 3, 3), "finish": D(2025, 3, 14), "owner": "李慧", "depts": "管委会办公室", "output": "启动文件、小组名单"},
        {"seq": 2, "stage": "筹划和组织", "action": "宣传培训", "content": "面向重点企业开展清洁生产审核培训", "start": D(2025, 3, 17), "finish": D(2025, 3, 28), "owner": "陈静", "depts": "生态环境分局", "output": "培训记录"},
        {"seq": 3, "stage": "初步审核", "action": "现状调查", "content": "收集园区统计、环境、能源数据，走访重点企业", "start": D(2025, 3, 31), "finish": D(2025, 5, 9), "owner": "陈静", "depts": "经济发展局、生态环境分局", "output": "现状调查报告"},
        {"seq": 4, "stage": "初步审核", "action": "水平评价与确定重点", "content": "按附件1 开展指标评价，确定审核重点与目标", "start": D(2025, 5, 12), "finish": D(2025, 5, 30), "owner": "周洁", "depts": "技术服务单位", "output": "评价结果、审核重点、目标表"},
        {"seq": 5, "stage": "重点审核", "action": "问题诊断", "content": "物质流与能量流分析，查找主要问题及原因", "start": D(2025, 6, 3), "finish": D(2025, 7, 18), "owner": "周洁", "depts": "技术服务单位、重点企业", "output": "问题清单"},
        {"seq": 6, "stage": "方案产生和筛选", "action": "方案汇总与筛选", "content": "三个层面征集方案，组织论证筛选", "start": D(2025, 7, 21), "finish": D(2025, 8, 29), "owner": "李慧", "depts": "各部门、重点企业", "output": "方案汇总表"},
        {"seq": 7, "stage": "结论和建议", "action": "报告编制", "content": "总结成效，制定持续清洁生产计划，编制审核报告", "start": D(2025, 9, 1), "finish": D(2025, 9, 30), "owner": "陈静", "depts": "审核工作小组", "output": "审核报告"},
    ],
    "training": [
        {"date": D(2024, 3, 15), "form": "报告会", "content": "园区清洁生产与节能降碳政策宣讲", "participants": 210, "archived": "是"},
        {"date": D(2024, 6, 5), "form": "展板、宣传手册", "content": "六五环境日清洁生产主题宣传", "participants": 1500, "archived": "是"},
        {"date": D(2024, 9, 12), "form": "讲座", "content": "循环经济与工业固废综合利用", "participants": 96, "archived": "是"},
        {"date": D(2024, 11, 20), "form": "培训班", "content": "重点企业清洁生产审核实务", "participants": 132, "archived": "是"},
        {"date": D(2025, 3, 20), "form": "培训班", "content": "清洁生产审核概念、程序与园区评价指标", "participants": 126, "archived": "是"},
        {"date": D(2025, 4, 15), "form": "宣传栏、微信公众号", "content": "清洁生产与末端治理的利弊、成功案例", "participants": 2300, "archived": "是"},
        {"date": D(2025, 6, 12), "form": "研讨会", "content": "重点行业节能降碳技术交流", "participants": 58, "archived": "是"},
    ],
    "focus": [
        {"level": "园区层面", "focus": "能源结构与可再生能源利用", "basis": "可再生能源使用比例 7.9%，未达一般水平 9%", "indicators": "I08"},
        {"level": "园区层面", "focus": "产业结构与增长动力", "basis": "园区工业增加值三年年均增长率 7.65%，未达一般水平 10%", "indicators": "I03"},
        {"level": "园区层面", "focus": "环境风险防范体系", "basis": "未定期开展综合性应急演练，完善度 75%", "indicators": "I25"},
        {"level": "行业层面", "focus": "新材料行业能源消耗与碳排放", "basis": "新材料行业综合能耗占园区 27.21%、二氧化碳排放占 28.53%，均居各行业首位；单位工业增加值能耗为园区平均的 1.62 倍", "indicators": "I07"},
        {"level": "行业层面", "focus": "汽车零部件行业涂装 VOCs", "basis": "汽车零部件行业挥发性有机物排放占园区 47.55%，居各行业首位", "indicators": ""},
        {"level": "行业层面", "focus": "表面处理行业含重金属废水与化学需氧量", "basis": "表面处理行业化学需氧量排放占园区 28.4%，居各行业首位；新鲜水取用占 20.35%", "indicators": "I15"},
        {"level": "行业层面", "focus": "电子信息行业纯水制备与废水回用", "basis": "电子信息行业新鲜水取用占园区 20.98%；单位工业增加值废水排放量 3.89 吨/万元，距先进水平 3 吨/万元", "indicators": "I15"},
        {"level": "企业层面", "focus": "金石复合材料有限公司能源与碳排放", "basis": "综合能耗、二氧化碳排放均居企业清单首位", "indicators": ""},
        {"level": "企业层面", "focus": "两家未完成审核评估的重点企业", "basis": "重点企业审核实施率 87.5%", "indicators": "I21"},
    ],
    "targets": [
        {"seq": 1, "indicator": "I08", "name": "可再生能源使用比例", "unit": "%", "near": 9.5, "mid": 12, "long": 15, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
        {"seq": 2, "indicator": "I07", "name": "单位工业增加值综合能耗", "unit": "吨标煤/万元", "near": 0.386, "mid": 0.34, "long": 0.30, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
        {"seq": 3, "indicator": "I21", "name": "工业园区重点企业清洁生产审核实施率", "unit": "%", "near": 100, "mid": 100, "long": 100, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
        {"seq": 4, "indicator": "I25", "name": "园区环境风险防范体系建设完善度", "unit": "%", "near": 100, "mid": 100, "long": 100, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
        {"seq": 5, "indicator": "I15", "name": "单位工业增加值废水排放量", "unit": "吨/万元", "near": 3.7, "mid": 3.3, "long": 3.0, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
        {"seq": 6, "indicator": "I03", "name": "园区工业增加值三年年均增长率", "unit": "%", "near": 8, "mid": 10, "long": 12, "near_year": 2026, "mid_year": 2028, "long_year": 2030},
    ],
    "options": [
        {"seq": 1, "level": "园区层面", "name": "屋顶分布式光伏整体开发", "owner": "管委会、园区能源公司", "summary": "利用厂房屋顶建设 60 MW 分布式光伏", "investment": 21000, "env_benefit": "年发电 6600 万 kWh，替代外购电力", "econ_benefit": 2400, "focus": "能源结构与可再生能源利用", "co2_cut": 35000, "renewable_added": 8111, "period": "2025–2026", "feasible": "可行", "status": "实施中"},
        {"seq": 2, "level": "园区层面", "name": "园区综合应急演练制度化", "owner": "应急管理办", "summary": "每年组织跨行业综合演练，纳入考核", "investment": 30, "env_benefit": "环境风险防范完善度达 100%", "econ_benefit": 0, "focus": "环境风险防范体系", "period": "2025", "feasible": "可行", "status": "已实施"},
        {"seq": 3, "level": "园区层面", "name": "中水回用管网延伸", "owner": "污水处理厂", "summary": "中水管网延伸至东区，向 12 家企业供冷却水", "investment": 3800, "env_benefit": "以中水替代新鲜水", "econ_benefit": 520, "focus": "电子信息行业纯水制备与废水回用", "water_saving": 1800000, "period": "2026", "feasible": "可行", "status": "计划实施"},
        {"seq": 4, "level": "园区层面", "name": "环境监测预警平台", "owner": "生态环境分局", "summary": "整合在线监测和走航数据，建设预警平台", "investment": 1200, "env_benefit": "提升风险预警能力", "econ_benefit": 0, "focus": "环境风险防范体系", "period": "2026", "feasible": "待研究", "status": "未实施"},
        {"seq": 5, "level": "行业层面", "name": "汽车零部件涂装水性化替代", "owner": "涂装行业 9 家企业", "summary": "溶剂型涂料替换为水性涂料", "investment": 4600, "env_benefit": "源头削减 VOCs", "econ_benefit": 260, "focus": "汽车零部件行业涂装 VOCs", "industry": "汽车零部件", "vocs_cut": 310, "period": "2025–2026", "feasible": "可行", "status": "实施中"},
        {"seq": 6, "level": "行业层面", "name": "电子行业纯水系统浓水回收", "owner": "电子信息行业 6 家企业", "summary": "RO 浓水经处理后回用于冷却塔", "investment": 900, "env_benefit": "减少新鲜水取用和废水排放", "econ_benefit": 150, "focus": "电子信息行业纯水制备与废水回用", "industry": "电子信息", "water_saving": 420000, "wastewater_cut": 380000, "period": "2025", "feasible": "可行", "status": "已实施"},
        {"seq": 7, "level": "行业层面", "name": "新材料行业窑炉余热梯级利用", "owner": "新材料行业 5 家企业", "summary": "窑炉烟气余热回收制取蒸汽和热水", "investment": 2600, "env_benefit": "节能降碳", "econ_benefit": 880, "focus": "新材料行业能源消耗与碳排放", "industry": "新材料", "energy_saving": 11000, "co2_cut": 28600, "period": "2026", "feasible": "可行", "status": "计划实施"},
        {"seq": 8, "level": "行业层面", "name": "危废集中贮存转运中心", "owner": "园区环境公司", "summary": "建设危废集中贮存转运设施", "investment": 5200, "env_benefit": "危废规范化贮存率 100%", "econ_benefit": 300, "focus": "环境风险防范体系", "period": "2027", "feasible": "不可行", "status": "未实施"},
        {"seq": 9, "level": "企业层面", "name": "重点企业清洁生产审核补审", "owner": "宏远铸造、永兴颜料", "summary": "督促两家企业完成审核评估", "investment": 60, "env_benefit": "审核实施率 100%", "econ_benefit": 0, "focus": "两家未完成审核评估的重点企业", "period": "2025", "feasible": "可行", "status": "实施中"},
        {"seq": 10, "level": "企业层面", "name": "窑炉烟气余热回收与空压站变频", "owner": "金石复合材料有限公司", "summary": "窑炉烟气余热锅炉和空压站群控变频改造", "investment": 1280, "env_benefit": "节能降碳", "econ_benefit": 410, "focus": "金石复合材料有限公司能源与碳排放", "ent_id": "E23", "energy_saving": 4200, "co2_cut": 10900, "period": "2025", "feasible": "可行", "status": "已实施"},
        {"seq": 11, "level": "企业层面", "name": "电镀线逆流漂洗改造", "owner": "恒昌表面处理有限公司", "summary": "三级逆流漂洗，减少含镍废水", "investment": 150, "env_benefit": "含镍废水减少 35%", "econ_benefit": 45, "focus": "表面处理行业含重金属废水与化学需氧量", "ent_id": "E37", "water_saving": 23000, "wastewater_cut": 21000, "cod_cut": 1.6, "period": "2025", "feasible": "可行", "status": "已实施"},
        {"seq": 12, "level": "园区层面", "name": "产业链补链招商与落后产能退出", "owner": "经济发展局", "summary": "招商向高新技术和资源再生产业倾斜，淘汰 3 家高耗低效企业", "investment": 0, "env_benefit": "提高工业增加值增速，降低能耗强度", "econ_benefit": 0, "focus": "产业结构与增长动力", "period": "2025–2027", "feasible": "可行", "status": "计划实施"},
    ],
    "benchmarks": [
        {"park": "示例市高新技术产业开发区", "indicator": "I07", "value": 0.31, "year": 2024, "source": "示例市高新区 2024 年度生态环境状况公报（示意）"},
        {"park": "示例市高新技术产业开发区", "indicator": "I08", "value": 12.5, "year": 2024, "source": "示例市高新区 2024 年度生态环境状况公报（示意）"},
        {"park": "示例市高新技术产业开发区", "indicator": "I15", "value": 2.8, "year": 2024, "source": "示例市高新区 2024 年度生态环境状况公报（示意）"},
        {"park": "邻省示范园区", "indicator": "I07", "value": 0.42, "year": 2023, "source": "邻省示范园区清洁生产审核报告（2024 年，示意）"},
        {"park": "邻省示范园区", "indicator": "I08", "value": 10.2, "year": 2023, "source": "邻省示范园区清洁生产审核报告（2024 年，示意）"},
        {"park": "邻省示范园区", "indicator": "I17", "value": 86.3, "year": 2023, "source": "邻省示范园区清洁生产审核报告（2024 年，示意）"},
    ],
    "findings": [
        {"seq": 1, "level": "园区层面", "aspect": "空间布局与产业结构", "focus": "产业结构与增长动力", "problem": "工业增加值三年年均增长率 7.65%，低于一般水平 10%；3 家高耗低效企业占地 26 公顷", "cause": "新兴产业项目落地慢，存量低效用地未盘活", "evidence": "指标3；企业清单能耗强度排序", "suggestion": "实施补链招商，向高新技术和资源再生产业倾斜，推动低效用地退出和再开发"},
        {"seq": 2, "level": "园区层面", "aspect": "资源能源利用效率", "focus": "能源结构与可再生能源利用", "problem": "外购电力和原煤占园区能源消费的 67.3%，可再生能源仅占 7.9%", "cause": "屋顶光伏开发率低，热电厂以燃煤为主", "evidence": "能源消费结构表；能量流图", "suggestion": "整体开发厂房屋顶分布式光伏，热电厂掺烧生物质成型燃料"},
        {"seq": 3, "level": "园区层面", "aspect": "公共基础设施", "focus": "电子信息行业纯水制备与废水回用", "problem": "再生水管网只覆盖西区，再生水仅占工业取水的 16.1%", "cause": "东区建成早，未预留中水管廊", "evidence": "水资源利用表；水资源流图", "suggestion": "将中水管网延伸至东区，向冷却用水大户供水"},
        {"seq": 4, "level": "园区层面", "aspect": "公共基础设施", "focus": "环境风险防范体系", "problem": "危险废物只有焚烧中心，缺少集中贮存转运设施", "cause": "小微企业危废量小、分散，收运依靠企业自行委托", "evidence": "危险废物焚烧 1.2 万 t", "suggestion": "研究建设危废集中收集贮存转运点，覆盖小微企业"},
        {"seq": 5, "level": "园区层面", "aspect": "生态环境管理", "focus": "环境风险防范体系", "problem": "未定期开展综合性应急演练，尚无环境风险监测预警平台", "cause": "应急演练未纳入年度考核，监测数据分散在各部门", "evidence": "指标25 完善度 75%", "suggestion": "建立年度综合演练制度，整合在线监测和走航数据建设预警平台"},
        {"seq": 6, "level": "行业层面", "aspect": "资源能源利用效率", "focus": "新材料行业能源消耗与碳排放", "problem": "新材料行业能耗强度为园区平均的 1.6 倍，窑炉烟气余热大多直接排放", "cause": "窑炉建设年代早，未配套余热回收", "evidence": "分行业汇总表；能量流图", "suggestion": "推广窑炉烟气余热梯级利用，开展行业能效对标"},
        {"seq": 7, "level": "行业层面", "aspect": "低碳发展路径", "focus": "新材料行业能源消耗与碳排放", "problem": "玻璃纤维配合料碳酸盐分解排放约 6 万 tCO₂，占工业生产过程排放的全部", "cause": "配合料中碳酸盐原料比例高", "evidence": "温室气体清单；碳流图", "suggestion": "提高碎玻璃和低碳原料掺比，研究窑炉电熔和富氧燃烧"},
        {"seq": 8, "level": "行业层面", "aspect": "生态环境管理", "focus": "汽车零部件行业涂装 VOCs", "problem": "臭氧浓度 168 µg/m³，超过二级标准；汽车零部件行业 VOCs 排放居各行业首位", "cause": "涂装仍以溶剂型涂料为主，无组织排放收集率低", "evidence": "环境质量现状表；分行业占比表", "suggestion": "推行水性涂料替代和涂装废气集中收集治理"},
        {"seq": 9, "level": "行业层面", "aspect": "空间布局与产业结构", "focus": "表面处理行业含重金属废水与化学需氧量", "problem": "精细化工企业副产盐酸 2.8 万 t 外售，区内表面处理企业的酸洗用酸全部外购", "cause": "企业间缺少副产品供需信息和交换渠道", "evidence": "原辅料和产品表；物质流图", "suggestion": "搭建园区副产品交换平台，建立副产盐酸区内利用的工业链接"},
        {"seq": 10, "level": "行业层面", "aspect": "资源能源利用效率", "focus": "表面处理行业含重金属废水与化学需氧量", "problem": "电镀线以单级漂洗为主，单位产品取水量高", "cause": "漂洗工艺落后，在线回收设施不足", "evidence": "企业清单新鲜水取用量", "suggestion": "推广多级逆流漂洗和镀液回收"},
        {"seq": 11, "level": "企业层面", "aspect": "资源能源利用效率", "focus": "金石复合材料有限公司能源与碳排放", "problem": "综合能耗和二氧化碳排放均居企业清单首位，空压站能效低", "cause": "窑炉余热未回收，空压机定频运行", "evidence": "累计占比排序表", "suggestion": "实施窑炉烟气余热回收和空压站群控变频改造"},
        {"seq": 12, "level": "企业层面", "aspect": "生态环境管理", "focus": "两家未完成审核评估的重点企业", "problem": "宏远铸造、永兴颜料两家重点企业尚未通过清洁生产审核评估", "cause": "企业对审核重视不够，缺少技术力量", "evidence": "指标21 实施率 87.5%", "suggestion": "督促两家企业于 2025 年底前完成审核评估，园区提供技术服务"},
    ],
    "continuous_plan": [
        {"item": "组织机制", "content": "保留清洁生产审核工作专班，纳入管委会年度考核", "time": "长期", "dept": "管委会办公室"},
        {"item": "方案落实", "content": "跟踪 9 项可行中/高费方案实施进度，按季度通报", "time": "2025–2027", "dept": "经济发展局"},
        {"item": "清洁生产培训", "content": "每年至少 5 次宣传培训活动", "time": "每年", "dept": "生态环境分局"},
        {"item": "下一轮审核", "content": "2028 年启动新一轮园区清洁生产审核", "time": "2028 年", "dept": "管委会"},
    ],
}

NARRATIVE = {
    "preface": "本报告的园区与全部数据均为**示意数据**，用于演示 cpaudit 的计算与报告功能，不代表任何真实园区。\n\n江南示范经济技术开发区于 2025 年 3 月启动首轮园区清洁生产审核，审核范围为园区整体（含公共部分和全部入园企业），审核基准期为 2024 年。审核由园区管委会统筹，委托技术服务单位协助，重点企业共同参与。",
    "overview": "开发区规划面积 32 km²，现有入园工业企业 486 家，其中规模以上企业 212 家，主导产业为汽车零部件、电子信息、新材料和精细化工。2024 年实现工业增加值 131 亿元。\n\n根据省生态环境厅关于推进园区整体清洁生产审核的要求，管委会决定开展本轮审核，以识别园区在能源结构、环境风险防范和重点企业审核实施方面的短板。",
    "leadership": "2025 年 3 月 3 日管委会召开清洁生产审核启动会，主任任领导小组组长，安排专项经费 80 万元，并在各部门明确联络人。",
    "team": "园区成立清洁生产审核领导小组和工作小组：领导小组由管委会主任任组长，负责统筹决策；工作小组由生态环境分局牵头，技术服务单位和重点企业参与，负责具体审核工作。",
    "plan": "审核工作自 2025 年 3 月至 9 月，分五个阶段推进，工作计划见下表和甘特图。",
    "training": "审核期间共开展宣传培训活动 3 次，覆盖重点企业负责人、环保管理人员和一线员工。",
    "targets": "依据评价短板、园区“十四五”规划和同类先进园区水平，设置近期（2026 年）、中期（2028 年）和远期（2030 年）目标。",
    "survey": "现状调查覆盖园区概况、经济与产业、基础设施、资源能源利用、环境质量和园区管理六个方面。园区集中污水处理厂设计规模 6 万 m³/d，实行热电联产集中供热。",
    "evaluation": "按附件1 选取 22 项指标（必选 13 项、可选 9 项）进行评价，评价结果见下表。",
    "focus": "依据指标评价中的短板和各层面问题，从园区、行业、企业三个层面确定审核重点。",
    "focus_status": "园区可再生能源以屋顶光伏为主，装机 18 MW；汽车零部件行业涂装工序能耗和 VOCs 排放集中。",
    "problems": "- 园区能源结构以外购电力和天然气为主，可再生能源比例低；\n- 环境风险应急演练未形成制度；\n- 两家重点企业尚未完成清洁生产审核评估。",
    "suggestions": "建议推进屋顶光伏整体开发、建立年度综合应急演练制度、督促重点企业完成审核。",
    "options_generation": "本轮审核通过座谈、走航监测、能量流分析和专家咨询共征集方案 12 项，其中园区层面 5 项、行业层面 4 项、企业层面 3 项。",
    "options_screening": "经技术、环境、经济论证，可行方案 10 项、不可行 1 项、待进一步研究 1 项。",
    "conclusions": "本轮审核建立了园区清洁生产审核组织机制，识别出 4 项短板指标，形成 10 项可行方案。",
    "recommendations": "建议将清洁生产审核纳入园区年度考核，持续跟踪方案实施，并于 2028 年启动下一轮审核。",
}


def main() -> None:
    std = get_registry().standard("park_cppc")
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "narrative").mkdir(parents=True)
    text = manifest_text(std, NAME, YEAR).replace('management_committee = ""', 'management_committee = "江南示范经济技术开发区管理委员会"')
    text = text.replace('service_org = ""', 'service_org = "示例环境技术咨询有限公司"').replace('location = ""', 'location = "江南省示例市东部"')
    text = text.replace('# draft = "送审稿"', 'draft = "送审稿"\ndate = "2025-09"')
    (ROOT / "project.toml").write_text("# 示意数据：本项目为演示用的虚构园区，数据不代表任何真实园区。\n" + text, encoding="utf-8")
    manifest = Manifest(standard=std.id, name=NAME, audit_year=YEAR)
    rows = dict(ROWS)
    rows["enterprises"] = enterprises()
    rows.update(SURVEY, energy_structure=energy_rows(), ghg_inventory=ghg_rows())
    rows["team"] = ROWS["team"] + industry_team(rows["enterprises"])
    rows["enterprise_energy"] = enterprise_energy_rows(rows["enterprises"])
    from cpframework.project.workbook import selection_rows
    sel = selection_rows(std)
    for r in sel:
        r["selected"] = r["selected"] or r["code"] in OPTIONAL_SELECTED
    rows["indicator_selection"] = sel
    path = ROOT / "data.xlsx"
    write_workbook(path, std, manifest, rows)
    wb = openpyxl.load_workbook(path)
    for sheet, values, per_year in (("指标基础数据", SERIES, True), ("定性与核查项", CHECKS, False), ("园区基本情况", BASIC, False)):
        ws = wb[sheet]
        for r in range(2, ws.max_row + 1):
            code = ws.cell(r, 1).value
            if code in values:
                v = values[code]
                for j, x in enumerate(v if per_year else [v]):
                    ws.cell(r, 4 + j, x)
    wb.save(path)
    for stem, text in narrative_files(std).items():
        body = NARRATIVE.get(stem, "")
        (ROOT / "narrative" / f"{stem}.md").write_text(text + ("\n" + body + "\n" if body else ""), encoding="utf-8")
    for stem, body in NARRATIVE.items():
        p = ROOT / "narrative" / f"{stem}.md"
        if not p.exists():
            p.write_text(body + "\n", encoding="utf-8")
    print(f"wrote {ROOT}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Regenerate examples/yunnan_demo — an ILLUSTRATIVE Yunnan economic-technological development zone
(fictional: 滇东示例经济技术开发区, 68 enterprises, permit-style data): python scripts/make_yunnan_demo.py

Magnitudes follow typical per-enterprise values of each industry; nothing describes a real park or
enterprise.  The random draws are seeded, so the output is reproducible.
"""
from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import numpy as np
import openpyxl

from cpframework.project.create import manifest_text
from cpframework.project.folder import Manifest
from cpframework.host.registry import get_registry
from cpframework.project.workbook import selection_rows
from cpframework.project.template import write_workbook


ROOT = Path(__file__).resolve().parents[1] / "examples" / "yunnan_demo"
ROOT_NEXT = ROOT.with_name("yunnan_demo_2025")  # the same park one year on (continuous audit, 5.5(8))
NAME = "滇东示例经济技术开发区（示意数据）"
YEAR = 2025
EF = 0.1073  # 云南 2022 grid factor (tCO₂/MWh)
TCE_PER_10MWH = 1.229  # 万kWh → tce, GB/T 2589 当量值 0.1229 kgce/kWh

# One profile per enterprise type: count, names, industry (GB/T 4754), chain, permit class and
# per-enterprise magnitudes: electricity 万kWh, fossil tce, va 万元, water m³, emissions t/a, waste t.
P = dict
PROFILES = [
    P(count=1, names=["滇东示例热电有限公司"], industry="热电联产", code="4412", chain="能源与公用设施", permit="重点管理", cp_industry="火电",
      electricity=1800, fossil=210000, va=52000, water=2600000, employees=320, so2=380, nox=520, pm=95, cod=4, sw=180000, sw_use=0.92, hw=60, spread=0.05),
    P(count=1, names=["示例煤焦化有限公司"], industry="炼焦", code="2521", chain="煤化工与化工", permit="重点管理", cp_industry="焦化",
      electricity=9000, fossil=150000, va=68000, water=1500000, employees=900, so2=160, nox=380, pm=120, voc=95, cod=35, nh3=5, sw=26000, hw=7000, sw_use=0.95, spread=0.05),
    P(count=2, names=["示例工业硅有限公司", "示例硅业冶炼有限公司"], industry="工业硅冶炼", code="3139", chain="光伏硅材料", permit="重点管理", cp_industry="工业硅",
      electricity=30000, fossil=26000, va=26000, water=300000, employees=450, so2=150, nox=80, pm=55, sw=9000, hw=20, sw_use=0.85, spread=0.15),
    P(count=3, names=["示例单晶硅材料有限公司", "示例光伏晶体有限公司", "示例硅晶科技有限公司"], industry="半导体材料（单晶硅棒）", code="3985", chain="光伏硅材料", permit="简化管理", cp_industry="光伏",
      electricity=21000, fossil=600, va=95000, water=900000, employees=1300, cod=10, nh3=1, hw=300, sw=4000, spread=0.25),
    P(count=3, names=["示例硅片科技有限公司", "示例光伏切片有限公司", "示例晶片制造有限公司"], industry="硅片切片", code="3985", chain="光伏硅材料", permit="重点管理", cp_industry="光伏",
      electricity=5500, fossil=300, va=52000, water=1900000, employees=1500, ww_ratio=0.8, cod=55, nh3=5, tn=18, hw=900, sw=6000, spread=0.25),
    P(count=6, names=["示例锂电正极材料有限公司", "示例新能源材料有限公司", "示例磷酸铁锂科技有限公司", "示例储能材料有限公司", "示例电池材料有限公司", "示例锂能科技有限公司"],
      industry="电池材料（磷酸铁锂正极）", code="3985", chain="新能源电池", permit="重点管理", cp_industry="新能源电池材料",
      electricity=6500, fossil=9000, va=36000, water=650000, employees=600, nh3=4, cod=14, tn=10, nox=14, pm=8, hw=420, sw=2500, spread=0.35),
    P(count=2, names=["示例石墨负极材料有限公司", "示例碳素新材料有限公司"], industry="石墨负极材料（石墨化）", code="3091", chain="新能源电池", permit="重点管理", cp_industry="新能源电池材料",
      electricity=16000, fossil=4000, va=21000, water=150000, employees=380, so2=35, pm=28, voc=18, hw=80, sw=3500, spread=0.2),
    P(count=2, names=["示例电解液有限公司", "示例氟化工新材料有限公司"], industry="电解液", code="2669", chain="新能源电池", permit="重点管理", cp_industry="化工",
      electricity=900, fossil=2500, va=18000, water=90000, employees=210, voc=7, cod=3, hw=750, sw=300, spread=0.3),
    P(count=3, names=["示例储能电池有限公司", "示例动力电池有限公司", "示例电池系统有限公司"], industry="锂离子电池制造", code="3841", chain="新能源电池", permit="简化管理", cp_industry="电池",
      electricity=4200, fossil=800, va=48000, water=280000, employees=1800, voc=12, cod=6, hw=520, sw=900, spread=0.35),
    P(count=1, names=["示例汽车制造有限公司"], industry="汽车整车制造", code="3612", chain="装备制造（汽车及零部件）", permit="重点管理", cp_industry="汽车制造",
      electricity=3800, fossil=5200, va=88000, water=360000, employees=2600, voc=85, cod=10, nox=6, hw=850, sw=5200, spread=0.05),
    P(count=8, names=["示例汽车部件有限公司", "示例精密铸造有限公司", "示例车桥有限公司", "示例汽车内饰有限公司", "示例电机有限公司", "示例机械制造有限公司", "示例涂装科技有限公司", "示例紧固件有限公司"],
      industry="汽车零部件及配件制造", code="3670", chain="装备制造（汽车及零部件）", permit="简化管理", cp_industry="汽车制造",
      electricity=600, fossil=600, va=7000, water=40000, employees=260, voc=9, cod=1.2, pm=2, hw=70, sw=500, spread=0.6),
    P(count=2, names=["示例磷化工有限公司", "示例磷复肥有限公司"], industry="磷肥及磷化工", code="2622", chain="煤化工与化工", permit="重点管理", cp_industry="磷化工",
      electricity=5200, fossil=20000, va=30000, water=850000, employees=700, so2=75, nox=28, pm=36, cod=16, nh3=6, tp=2.6, sw=520000, sw_use=0.55, hw=150, spread=0.2),
    P(count=3, names=["示例精细化工有限公司", "示例医药中间体有限公司", "示例助剂化学有限公司"], industry="精细化工", code="2661", chain="煤化工与化工", permit="重点管理", cp_industry="化工",
      electricity=700, fossil=3800, va=11000, water=160000, employees=180, voc=14, cod=18, nh3=2.5, hw=1200, sw=400, spread=0.45),
    P(count=1, names=["示例卷烟厂"], industry="卷烟制造", code="1620", chain="绿色食品与生物医药", permit="简化管理", cp_industry="烟草",
      electricity=4500, fossil=3000, va=260000, water=300000, employees=1400, cod=8, pm=4, voc=6, hw=25, sw=3000, spread=0.05),
    P(count=6, names=["示例食品有限公司", "示例乳业有限公司", "示例肉类加工有限公司", "示例饮料有限公司", "示例薯类食品有限公司", "示例调味品有限公司"],
      industry="食品制造", code="1490", chain="绿色食品与生物医药", permit="简化管理", cp_industry="食品",
      electricity=500, fossil=1800, va=8000, water=260000, employees=280, ww_ratio=0.75, cod=16, nh3=1.5, tn=4, tp=0.3, hw=3, sw=1200, spread=0.6),
    P(count=2, names=["示例酒业有限公司", "示例酿造有限公司"], industry="白酒制造", code="1512", chain="绿色食品与生物医药", permit="重点管理", cp_industry="白酒",
      electricity=800, fossil=7500, va=22000, water=520000, employees=520, ww_ratio=0.7, cod=42, nh3=3.5, tn=9, tp=0.8, sw=15000, sw_use=0.97, hw=5, spread=0.2),
    P(count=4, names=["示例生物制药有限公司", "示例中药饮片有限公司", "示例疫苗科技有限公司", "示例三七药业有限公司"], industry="医药制造", code="2720", chain="绿色食品与生物医药", permit="简化管理", cp_industry="医药",
      electricity=1100, fossil=2000, va=26000, water=200000, employees=450, cod=9, nh3=1, voc=6, hw=260, sw=600, spread=0.5),
    P(count=1, names=["示例水泥有限公司"], industry="水泥熟料制造", code="3011", chain="建材", permit="重点管理", cp_industry="水泥",
      electricity=9800, fossil=72000, va=26000, water=220000, employees=420, nox=480, so2=40, pm=85, sw=500, hw=10, spread=0.05),
    P(count=3, names=["示例新型建材有限公司", "示例砂石骨料有限公司", "示例装配式建筑有限公司"], industry="新型建材", code="3029", chain="建材", permit="简化管理", cp_industry="建材",
      electricity=450, fossil=900, va=6000, water=30000, employees=120, pm=12, sw=800, hw=2, spread=0.5),
    P(count=1, names=["园区污水处理厂（示例水务有限公司）"], industry="污水处理及其再生利用", code="4620", chain="能源与公用设施", permit="重点管理", cp_industry="污水处理",
      electricity=2300, fossil=0, va=2500, water=20000, employees=60, cod=160, nh3=9, tn=80, tp=2.2, sw=14000, sw_use=0.6, hw=2, spread=0.05),
    P(count=12, names=["示例物流有限公司", "示例包装制品有限公司", "示例五金有限公司", "示例印务有限公司", "示例塑料制品有限公司", "示例木制品有限公司",
                       "示例服装有限公司", "示例电子元件有限公司", "示例仓储有限公司", "示例门窗有限公司", "示例家具有限公司", "示例钢结构有限公司"],
      industry="其他制造及服务", code="2929", chain="其他", permit="登记管理", cp_industry="",
      electricity=90, fossil=60, va=2600, water=9000, employees=80, sw=60, hw=1, spread=0.7),
]
CHAINS = sorted({p["chain"] for p in PROFILES})
SELECT_OFF = {"Y04"}  # 可再生能源使用比例：园区直接利用的可再生能源很少（电网以水电为主）→ 本轮不选
D = dt.date
ROWS = {
    "team": [
        {"group": "领导小组", "name": "张明", "role": "组长", "dept": "管委会 主任", "duty": "统筹园区清洁生产审核，审批计划与方案"},
        {"group": "领导小组", "name": "李华", "role": "副组长", "dept": "管委会 副主任（分管生态环境）", "duty": "协调各部门与重点企业"},
        {"group": "工作小组", "name": "王丽", "role": "组长", "dept": "生态环境分局 科长", "duty": "排污许可数据审核、报告编制"},
        {"group": "工作小组", "name": "赵强", "role": "成员", "dept": "经济发展局 科员", "duty": "能源、统计数据收集"},
        {"group": "技术服务单位", "name": "陈静", "role": "项目负责人", "dept": "示例环境科技咨询有限公司", "duty": "技术方法、水平分析、方案研究"},
    ],
    "tasks": [
        {"provider": "园区部门", "unit": "生态环境分局", "task": "导出排污许可执行报告年报数据，核对许可量与实际排放量", "data": "排污许可、环境统计", "deadline": D(2025, 4, 15)},
        {"provider": "园区部门", "unit": "经济发展局", "task": "提供规上企业能源消费与工业增加值", "data": "能源统计、经济统计", "deadline": D(2025, 4, 15)},
        {"provider": "园区部门", "unit": "水务局", "task": "提供取水许可与用水计量数据", "data": "取用水统计", "deadline": D(2025, 4, 20)},
        {"provider": "企业", "unit": "全部入园企业", "task": "核对企业名录、补充固废与危废台账", "data": "固废管理信息系统", "deadline": D(2025, 4, 30)},
        {"provider": "技术服务单位", "unit": "示例环境科技咨询有限公司", "task": "数据整合、水平分析、清单与指标体系构建", "data": "—", "deadline": D(2025, 6, 30)},
    ],
    "training": [
        {"date": D(2025, 3, 20), "form": "启动暨培训会", "content": "园区清洁生产审核流程、排污许可数据填报口径", "participants": 136},
        {"date": D(2025, 5, 16), "form": "重点企业专题培训", "content": "企业层面审核方向与要素（附录C1）", "participants": 58},
    ],
    "materials": [
        {"category": "园区资料", "item": "园区总体规划及规划环评、跟踪评价", "system": "规划环评及跟踪评价", "provider": "管委会", "status": "已收集"},
        {"category": "园区资料", "item": "园区能源消费及工业增加值统计", "system": "能源统计", "provider": "经济发展局", "status": "已收集"},
        {"category": "企业资料", "item": "排污许可证及 2024 年执行报告年报", "system": "排污许可", "provider": "生态环境分局", "status": "已收集"},
        {"category": "企业资料", "item": "取水许可及用水计量", "system": "取用水统计", "provider": "水务局", "status": "已收集"},
        {"category": "企业资料", "item": "一般固废与危险废物管理台账", "system": "固废管理信息系统", "provider": "企业", "status": "部分收集"},
    ],
    "region": [
        {"aspect": "资源", "factor": "水资源短缺（珠江源头区，人均水资源量低）", "status": "工业新鲜水取用受总量控制", "degree": "强", "source": "区域水资源公报"},
        {"aspect": "能源", "factor": "能耗双控与用电负荷", "status": "硅材料、电池材料高载能项目集中，枯水期电力偏紧", "degree": "强", "source": "省能耗双控方案"},
        {"aspect": "环境", "factor": "南盘江水环境容量有限", "status": "总磷、氨氮为区域水质控制因子", "degree": "中", "source": "水环境功能区划"},
        {"aspect": "环境", "factor": "臭氧污染", "status": "夏季臭氧超标，VOCs 与 NOx 协同减排", "degree": "中", "source": "环境质量报告"},
        {"aspect": "环境风险", "factor": "危险化学品与危险废物", "status": "化工、电解液企业集中", "degree": "中", "source": "园区环境风险评估"},
    ],
    "infrastructure": [
        {"category": "污水集中处理", "facility": "园区污水处理厂 4 万 m³/d", "status": "一级A 排放，在线监控", "gap": "中水回用率偏低"},
        {"category": "集中供热供汽", "facility": "热电联产集中供汽", "status": "覆盖 70% 用汽企业", "gap": "部分企业仍自备燃气锅炉"},
        {"category": "固体废物处置", "facility": "一般固废综合利用与危废转运", "status": "磷石膏利用率偏低", "gap": "磷石膏综合利用途径不足"},
        {"category": "监测监控", "facility": "重点企业在线监测", "status": "重点管理单位全部联网", "gap": "VOCs 走航与特征因子监测不足"},
        {"category": "环境管理", "facility": "排污许可证后管理", "status": "执行报告按时提交率较高", "gap": "执行报告质量参差"},
    ],
    "chains": [
        {"chain": "光伏硅材料", "benchmark": "行业先进企业电耗对标", "level": "先进", "problems": "单晶拉制电耗、切片用水强度高"},
        {"chain": "新能源电池", "benchmark": "电池行业清洁生产评价指标体系", "level": "一般", "problems": "石墨化电耗高，氨氮与总氮排放集中"},
        {"chain": "煤化工与化工", "benchmark": "焦化、磷肥行业清洁生产评价指标体系", "level": "较差", "problems": "磷石膏综合利用率低，焦化 VOCs 无组织排放"},
        {"chain": "装备制造（汽车及零部件）", "benchmark": "汽车制造业清洁生产评价指标体系", "level": "一般", "problems": "涂装 VOCs 排放占比高"},
        {"chain": "绿色食品与生物医药", "benchmark": "白酒、食品行业清洁生产标准", "level": "先进", "problems": "酿造高浓度废水"},
        {"chain": "建材", "benchmark": "水泥行业清洁生产评价指标体系", "level": "一般", "problems": "熟料 NOx 排放强度高"},
        {"chain": "能源与公用设施", "benchmark": "火电行业清洁生产评价指标体系", "level": "先进", "problems": "灰渣综合利用待提高"},
        {"chain": "其他", "benchmark": "—", "level": "一般", "problems": "登记管理企业台账不全"},
    ],
    "findings": [
        {"level": "园区", "object": "滇东示例经济技术开发区", "focus": "水资源约束", "direction": "园区水系统集成", "problem": "中水回用率低，硅片企业新鲜水取用量大", "cause": "中水管网未覆盖西片区"},
        {"level": "园区", "object": "滇东示例经济技术开发区", "focus": "能源结构与能耗双控", "direction": "能源梯级利用", "problem": "热电供汽覆盖不足，企业自备锅炉分散", "cause": "供汽管网建设滞后"},
        {"level": "产业链/产业集群", "object": "煤化工与化工", "focus": "磷石膏与焦化副产", "direction": "产业链耦合", "problem": "磷石膏利用率约 55%", "cause": "缺少建材下游消纳项目"},
        {"level": "产业链/产业集群", "object": "新能源电池", "focus": "电耗与含氮废水", "direction": "共性技术", "problem": "石墨化电耗高、氨氮排放集中", "cause": "艾奇逊炉占比高"},
    ],
    "options": [
        {"code": "F01", "level": "园区", "object": "管委会、污水处理厂", "name": "中水回用管网延伸至西片区", "content": "向硅片、电池材料企业供应再生水", "investment": 3200, "expected": "年节新鲜水 120 万 m³", "period": "2025–2026", "status": "已实施"},
        {"code": "F02", "level": "园区", "object": "热电公司", "name": "集中供汽管网扩容", "content": "替代 6 台企业自备燃气锅炉", "investment": 5600, "expected": "年节能 6000 tce", "period": "2025–2027", "status": "实施中"},
        {"code": "F03", "level": "产业链/产业集群", "object": "磷化工企业、建材企业", "name": "磷石膏制建材产业链补链", "content": "建设 60 万 t/a 磷石膏建材项目", "investment": 18000, "expected": "磷石膏利用率提高到 80%", "period": "2026–2027", "status": "拟实施"},
        {"code": "F04", "level": "产业链/产业集群", "object": "石墨负极企业", "name": "箱式炉替代艾奇逊炉", "content": "石墨化工序改造", "investment": 9000, "expected": "石墨化电耗下降 30%", "period": "2025–2026", "status": "已实施"},
        {"code": "F05", "level": "企业", "object": "E002", "name": "焦化化产回收 VOCs 密闭收集", "content": "储罐、装卸废气收集至焚烧", "investment": 1200, "expected": "VOCs 减排 40 t/a", "period": "2025", "status": "已实施"},
        {"code": "F06", "level": "企业", "object": "E003", "name": "矿热炉烟气余热发电", "content": "建设余热锅炉及汽轮发电机组", "investment": 4500, "expected": "年发电 6000 万 kWh", "period": "2025–2026", "status": "实施中"},
        {"code": "F07", "level": "企业", "object": "E051", "name": "水泥窑 SCR 脱硝", "content": "低氮燃烧 + SCR 超低排放改造", "investment": 2600, "expected": "NOx 减排 300 t/a", "period": "2025", "status": "已实施"},
        {"code": "F08", "level": "企业", "object": "E034", "name": "磷复肥干燥尾气余热回收", "content": "尾气余热预热空气", "investment": 380, "expected": "年节能 1500 tce", "period": "2025", "status": "已实施"},
        {"code": "F09", "level": "企业", "object": "E033", "name": "干燥尾气余热回收", "content": "借鉴 E034 做法，干燥尾气余热预热助燃空气", "investment": 420, "expected": "年节能 1600 tce", "period": "2026", "status": "拟实施", "experience": "F08"},
        {"code": "F10", "level": "企业", "object": "E037", "name": "反应釜投料废气密闭收集与溶剂冷凝回收", "content": "投料口负压收集，二级冷凝回收溶剂", "investment": 260, "expected": "VOCs 减排 5 t/a，回收溶剂 30 t/a", "period": "2025–2026", "status": "实施中", "experience": "J03"},
    ],
    "experience": [
        {"code": "J01", "year": 2023, "source": "本园区 示例汽车制造有限公司（2023 年清洁生产审核）", "ent_id": "E024", "industry": "汽车制造",
         "name": "中涂、色漆水性漆替代", "content": "溶剂型中涂、色漆改水性漆，喷房循环风", "addresses": "挥发性有机物",
         "effect": "VOCs 削减 28 t/a，年增加涂料费用 90 万元", "evidence": "2023 年审核验收监测报告"},
        {"code": "J02", "year": 2022, "source": "省内其他园区 某乳制品企业（示意）", "industry": "食品",
         "name": "高浓度废水厌氧预处理与沼气利用", "content": "UASB 预处理，沼气替代燃气锅炉部分燃料", "addresses": "化学需氧量、综合能耗",
         "effect": "排入污水处理厂的化学需氧量削减 45%，沼气折 300 tce/a", "evidence": "企业清洁生产审核验收材料"},
        {"code": "J03", "year": 2023, "source": "省内其他园区 某精细化工企业（示意）", "industry": "化工",
         "name": "反应釜投料废气密闭收集与溶剂冷凝回收", "content": "投料口负压收集，二级冷凝回收溶剂", "addresses": "挥发性有机物、危险废物",
         "effect": "VOCs 削减 6 t/a，回收溶剂 40 t/a", "evidence": "效果评估报告"},
    ],
    "effects": [
        {"code": "F01", "year": 2025, "investment": 3350, "economic": 380, "water_saved": 1150000, "energy_saved": 0, "note": "半年运行数据折算全年"},
        {"code": "F04", "year": 2025, "investment": 9200, "economic": 2600, "energy_saved": 12300, "electricity_saved": 10000, "so2_cut": 6, "pm_cut": 4},
        {"code": "F05", "year": 2025, "investment": 1180, "economic": 60, "voc_cut": 38},
        {"code": "F07", "year": 2025, "investment": 2650, "economic": -180, "nox_cut": 290, "note": "增加运行费用，环境效益显著"},
        {"code": "F08", "year": 2025, "investment": 360, "economic": 210, "energy_saved": 1450, "fossil_saved": 1450},
        {"code": "F08", "year": 2024, "investment": 360, "economic": 95, "energy_saved": 640, "fossil_saved": 640, "note": "2024 年 7 月投运，半年实测"},
        {"code": "F01", "year": 2024, "investment": 1800, "economic": 60, "water_saved": 210000, "note": "一期管网 2024 年 10 月通水"},
    ],
    "admission": [
        {"industry": "*", "category": "允许", "requirement": "入园项目须取得排污许可证并按期提交执行报告；新建项目清洁生产水平须达到国内先进水平", "basis": "园区规划环评；编制说明 5.5(8)"},
        {"industry": "电池材料（磷酸铁锂正极）", "category": "鼓励", "energy_intensity_max": 0.9, "water_intensity_max": 20, "cp_level_min": "Ⅱ级", "requirement": "含氮废水须配套脱氮处理", "basis": "园区产业指引"},
        {"industry": "锂离子电池制造", "category": "鼓励", "energy_intensity_max": 0.3, "water_intensity_max": 8, "cp_level_min": "Ⅱ级", "basis": "园区产业指引"},
        {"industry": "半导体材料（单晶硅棒）", "category": "限制", "energy_intensity_max": 2.8, "water_intensity_max": 10, "cp_level_min": "Ⅰ级", "requirement": "须落实能耗指标来源", "basis": "能耗双控"},
        {"industry": "工业硅冶炼", "category": "禁止", "requirement": "园区不再新增工业硅产能", "basis": "区域能耗双控与大气环境约束"},
        {"industry": "精细化工", "category": "限制", "energy_intensity_max": 0.6, "water_intensity_max": 15, "cp_level_min": "Ⅱ级", "requirement": "须进入化工集中区", "basis": "环境风险防控"},
        {"industry": "食品制造", "category": "允许", "water_intensity_max": 35, "cp_level_min": "Ⅲ级", "basis": "水资源约束"},
    ],
    "mechanisms": [
        {"mechanism": "准入管控", "content": "新建项目按准入清单审查清洁生产水平", "frequency": "每个项目", "dept": "经济发展局", "status": "已建立", "last_run": D(2025, 8, 12)},
        {"mechanism": "激励机制", "content": "完成审核并实施中/高费方案的企业优先获得节能减排专项资金", "frequency": "每年", "dept": "财政局", "status": "建设中"},
        {"mechanism": "资料收集机制", "content": "每年 3 月从排污许可平台导出执行报告年报，与能源、水务、统计数据合并", "frequency": "每年", "dept": "生态环境分局", "status": "已建立", "last_run": D(2025, 3, 31)},
        {"mechanism": "指标体系调整机制", "content": "每三年按区域制约因素变化复核指标选择与基准值", "frequency": "三年", "dept": "管委会", "status": "已建立", "last_run": D(2025, 9, 30)},
        {"mechanism": "审核机制", "content": "按审核分级清单：A类企业全面审核，B类专项审核", "frequency": "每年滚动", "dept": "生态环境分局", "status": "已建立", "last_run": D(2025, 6, 30)},
        {"mechanism": "报告机制", "content": "每年编制园区清洁生产年度报告", "frequency": "每年", "dept": "管委会", "status": "已建立", "last_run": D(2025, 10, 15)},
    ],
    "mechanism_runs": [
        {"mechanism": "资料收集机制", "date": D(2024, 3, 29), "content": "导出 2023 年执行报告年报，合并能源、水务、统计数据", "outcome": "67 家企业数据入库", "dept": "生态环境分局"},
        {"mechanism": "准入管控", "date": D(2024, 9, 5), "content": "审查示例储能科技5GWh电池项目", "outcome": "准入（鼓励类）", "dept": "经济发展局"},
        {"mechanism": "报告机制", "date": D(2024, 12, 20), "content": "编制 2024 年度园区清洁生产工作小结", "outcome": "报管委会", "dept": "管委会"},
        {"mechanism": "资料收集机制", "date": D(2025, 3, 31), "content": "导出 2024 年执行报告年报，合并能源、水务、统计数据", "outcome": "67 家企业数据入库，2 家执行报告逾期", "dept": "生态环境分局"},
        {"mechanism": "审核机制", "date": D(2025, 6, 30), "content": "按 2024 年审核分级清单安排 A 类企业全面审核、B 类专项审核", "outcome": "A 类 8 家启动审核", "dept": "生态环境分局"},
        {"mechanism": "准入管控", "date": D(2025, 8, 12), "content": "审查示例新能源正极材料二期项目", "outcome": "准入（鼓励类），其他要求核对符合", "dept": "经济发展局"},
        {"mechanism": "指标体系调整机制", "date": D(2025, 9, 30), "content": "复核指标选择与基准值", "outcome": "维持现有指标体系", "dept": "管委会"},
        {"mechanism": "报告机制", "date": D(2025, 10, 15), "content": "编制 2024 年度园区清洁生产年度报告", "outcome": "报管委会审定", "dept": "管委会"},
    ],
    "admission_log": [
        {"project": "示例储能科技5GWh电池项目", "rule": "*", "outcome": "符合", "checker": "赵强", "date": D(2024, 9, 5), "evidence": "排污许可申请材料、环评批复"},
        {"project": "示例新能源正极材料二期项目", "rule": "电池材料（磷酸铁锂正极）", "outcome": "符合", "checker": "李明", "date": D(2025, 8, 12), "evidence": "环评报告书脱氮工艺章节、现场核查记录"},
        {"project": "示例新能源正极材料二期项目", "rule": "*", "outcome": "符合", "checker": "李明", "date": D(2025, 8, 12), "evidence": "排污许可申请材料、清洁生产水平分析"},
    ],
}
NARRATIVE = {
    "preface": "本报告的园区、企业与全部数据均为**示意数据**，用于演示 cpaudit 按云南园区清洁生产审核指南（据编制说明重建）开展审核的计算与报告功能，不代表任何真实园区或企业。",
    "park_infra": "园区污水集中处理、集中供汽和在线监控体系基本完善；短板在于中水回用管网覆盖不足、部分企业自备锅炉分散、VOCs 特征因子监测能力不足。",
    "enterprise_level": ("对照行业清洁生产评价指标体系和清洁生产标准（附录A），对排污许可重点管理企业和按负荷列入审核分级清单的企业逐一判定"
                         "清洁生产水平：工业硅 E003、氟化工 E020、精细化工 E037 未达Ⅲ级；焦化 E002、工业硅 E004、石墨负极 E017 和 E018、"
                         "磷化工 E033 和 E034、园区污水处理厂 E055 为Ⅲ级；光伏、卷烟、医药等没有适用的行业清洁生产评价指标体系的企业按先进企业对标，"
                         "判定表中记为“无适用标准”。\n\n按清单规则，未达Ⅲ级的企业至少列为 A 类、Ⅲ级的至少列为 B 类：污水处理厂 E055 各项负荷均不在"
                         "累计 80% 之内，因水平列入清单；E020 只有危险废物一项为重点，因水平由 B 类提为 A 类。"),
    "effects": "已实施的 5 项方案经半年至一年运行，节水、节电和 NOx、VOCs 减排效果明显，水泥窑 SCR 增加运行费用但环境效益显著；效果评估纳入 2025 年度园区清洁生产报告。",
    "conclusions": "审核基准期园区未达到园区清洁生产一般水平（Ⅲ级）：单位工业增加值综合能耗（限定性）、新鲜水耗等指标为短板；能耗、水耗和污染物排放高度集中于审核分级清单中的重点企业；建议以水资源约束和能耗双控为导向，持续推进三个层级方案。",
}
# 年度报告的咨询叙述：两份示例年度报告各写自己的年度（2024 年为清单第一年，2025 年为持续审核第二年）。
NARRATIVE_ANNUAL = {
    2024: {
        "annual_summary": (
            "2024 年是园区开展清洁生产审核的基准年。园区管委会按《产业园区清洁生产审核指南》建立了以排污许可执行报告为主、"
            "能源、水务、统计部门数据为补充的资料收集机制，2025 年 3 月完成 2024 年度 67 家企业数据的收集与核对，"
            "执行报告逾期的 2 家企业已督促补报。\n\n"
            "按 2024 年企业数据，园区 67 家企业中 41 家列入审核分级清单（A 类 25 家、B 类 16 家），清单对综合能耗、新鲜水、"
            "二氧化碳、固体废物和各项污染物的覆盖率均在 80% 以上。选用的 19 项园区指标中Ⅰ级 6 项、Ⅱ级 2 项、Ⅲ级 4 项、未达Ⅲ级 7 项，"
            "综合评定为未达Ⅲ级，短板集中在单位工业增加值综合能耗、新鲜水耗和废水排放量，以及总量控制、稳定达标和一般工业固体废物综合利用。\n\n"
            "本年度有 2 项方案投运并完成效果评估，年节能 640 tce、节水 21 万 m³。下一年度以能耗双控和水资源约束为导向，"
            "推进 A 类企业全面审核和在建方案。"),
        "annual_key_list": (
            "2024 年是审核分级清单的第一年。清单按 2024 年排污许可执行报告年报和能源、水务、统计数据计算：对综合能耗、新鲜水、"
            "二氧化碳、一般工业固废、危险废物和 8 项污染物逐项取累计占比达到 80% 的企业，取并集后共 41 家。A 类 25 家，"
            "集中在热电、煤焦化、磷化工、电池材料和硅片等高载能、高排放企业；B 类 16 家，主要是在挥发性有机物或化学需氧量单项上居前的"
            "汽车零部件、食品企业。\n\n"
            "第8步的水平判定进入了清单：园区污水处理厂（E055）各项负荷均不在累计 80% 之内，但判定为Ⅲ级（中水回用率低、单位水量电耗高），"
            "列为 B 类开展专项审核；示例氟化工新材料有限公司（E020）只有危险废物一项为重点，因判定为未达Ⅲ级提为 A 类。\n\n"
            "挥发性有机物的清单覆盖率最低（83.05%），排放分散在汽车零部件和化工企业，下一年度结合走航监测核实小型企业的排放。"),
        "annual_indicators": (
            "与 2023 年相比，单位工业增加值综合能耗由 0.556 降至 0.5384 吨标煤/万元，新鲜水耗由 15.58 降至 14.66 m³/万元，"
            "化学需氧量和二氧化硫排放强度继续下降，但能耗、水耗和废水排放量三项强度指标仍未达到Ⅲ级基准值。"
            "执行报告非现场审核发现 1 家企业挥发性有机物实际排放量超过许可排放量，总量控制（Y11）和稳定达标（Y12）均判为“否”。"
            "一般工业固体废物综合利用率 64.49%，主要受磷石膏利用途径不足制约；重点企业清洁生产审核实施率 75.61%，未达Ⅲ级。\n\n"
            "综合指数 YⅢ = 52.75，园区评定为未达Ⅲ级。要达到Ⅲ级，须同时解决限定性指标单位工业增加值综合能耗以及总量控制、稳定达标问题。"),
        "annual_effects": (
            "2024 年有 2 项方案投运并完成效果评估：磷复肥干燥尾气余热回收（F08）7 月投运，半年实测节约化石能源 640 tce，"
            "年经济效益 95 万元；中水回用管网一期（F01）10 月通水，当年节水 21 万 m³。两项合计年减排二氧化碳约 1774 t。\n\n"
            "箱式炉替代艾奇逊炉（F04）、焦化化产回收 VOCs 密闭收集（F05）和水泥窑 SCR 脱硝（F07）于 2025 年投运，效果在 2025 年度报告中评估；"
            "效果按评估年份统计，不与以后年份累加。"),
        "annual_mechanisms": (
            "2024 年资料收集机制、准入管控和报告机制各运行一次：3 月完成 2023 年度数据入库；9 月按准入清单审查示例储能科技5GWh电池项目，"
            "通用要求经人工核对符合，准予入园（鼓励类）；12 月编制年度清洁生产工作小结报管委会。\n\n"
            "指标体系调整机制和审核机制已建立，本年度尚未运行：审核机制以本次审核形成的清单为基础，自 2025 年起按 A 类全面审核、"
            "B 类专项审核滚动实施。激励机制仍在建设中，资金兑现办法尚待财政局出台。"),
        "annual_next": (
            "2025—2026 年工作安排：\n\n"
            "- 继续实施集中供汽管网扩容（F02）、矿热炉烟气余热发电（F06）和反应釜投料废气密闭收集与溶剂冷凝回收（F10）；"
            "磷石膏制建材补链（F03）和 E033 干燥尾气余热回收（F09）完成前期工作。\n"
            "- 按 2024 年清单，A 类企业启动全面审核，B 类企业围绕其为重点的负荷开展专项审核；下表的经验方案供相关企业参考，"
            "是否适用由企业和技术服务单位结合工艺逐一论证。\n"
            "- 重点改进单位工业增加值综合能耗、新鲜水耗、一般工业固体废物综合利用率和重点企业清洁生产审核实施率；"
            "2026 年 3 月按资料收集机制完成 2025 年度数据更新，下一年度报告比较清单变化。"),
    },
    2025: {
        "annual_summary": (
            "2025 年是园区持续性清洁生产审核的第二年。本报告的企业数据为 2025 年度排污许可执行报告年报和能源、水务、统计数据，"
            "与 2024 年数据逐项比较。\n\n"
            "2025 年园区企业 67 家（示例硅业冶炼有限公司停产退出，示例锂电新材料有限公司新入园），审核分级清单 40 家（A 类 26 家、B 类 14 家），"
            "较上年新进入 2 家、退出 3 家、分级变化 1 家。19 项指标中Ⅰ级 9 项、Ⅲ级 3 项、未达Ⅲ级 7 项，单位工业增加值二氧化碳排放量年均削减率、"
            "二氧化硫排放强度和执行报告按时提交率升为Ⅰ级，综合评定仍为未达Ⅲ级。\n\n"
            "本年度 5 项方案完成效果评估，年节能 13,750 tce、节水 115 万 m³，年减排二氧化碳 14,750 t，年经济效益 3070 万元。"),
        "annual_key_list": (
            "与 2024 年相比，清单由 41 家变为 40 家：\n\n"
            "- 退出 3 家：示例硅业冶炼有限公司（E004）实施产能置换停产；示例薯类食品有限公司（E043）化学需氧量占比由 1.64% 降至 1.57%，"
            "不再在累计 80% 之内；园区污水处理厂（E055）西片区中水回用管网通水后重新判定为Ⅱ级，不再因水平列入。\n"
            "- 新进入 2 家：新入园的示例锂电新材料有限公司（E068）有 8 项负荷居前，直接列为 A 类；示例汽车部件有限公司（E025）"
            "挥发性有机物占比由 2.18% 升至 2.47%，列为 B 类。\n"
            "- 分级变化 1 家：示例磷酸铁锂科技有限公司（E013）专项审核发现母液回收率低、单位产品新鲜水耗高，重新判定为未达Ⅲ级，由 B 类提为 A 类。\n\n"
            "另有 4 家企业在方案实施后重新判定：焦化企业 E002 VOCs 密闭收集后由Ⅲ级升为Ⅱ级，石墨负极企业 E017、E018 改用箱式炉后升为Ⅱ级，"
            "磷复肥企业 E034 余热回收后升为Ⅱ级；它们按负荷仍在清单中，分级不变。"),
        "annual_indicators": (
            "单位工业增加值综合能耗由 0.5384 降至 0.5021 吨标煤/万元（下降 6.7%），主要来自石墨化箱式炉改造（F04）和磷复肥余热回收（F08）；"
            "二氧化硫排放强度降至 0.4404 kg/万元，单位工业增加值二氧化碳排放量年均削减率 5.07%，执行报告按时提交率 100%，三项升为Ⅰ级。\n\n"
            "新鲜水耗由 14.66 升至 14.85 m³/万元，新入园正极材料企业用水量大是主要原因，水资源约束仍是园区最突出的短板。"
            "总量控制（Y11）和稳定达标（Y12）仍为“否”；一般工业固体废物综合利用率 64%，磷石膏利用有待补链项目（F03）落地。"
            "综合指数 YⅢ = 52.75，与上年相同，园区仍为未达Ⅲ级。"),
        "annual_effects": (
            "2025 年有 5 项方案完成效果评估，合计实际投资 16,740 万元，年经济效益 3070 万元：\n\n"
            "- 箱式炉替代艾奇逊炉（F04）节电 1 亿 kWh，年节能 12,300 tce，是本年度节能量的主要来源；\n"
            "- 磷复肥干燥尾气余热回收（F08）全年运行，节约化石能源 1450 tce；\n"
            "- 中水回用管网延伸至西片区（F01）按半年运行数据折算全年节水 115 万 m³；\n"
            "- 焦化化产回收 VOCs 密闭收集（F05）削减挥发性有机物 38 t/a；水泥窑 SCR 脱硝（F07）削减氮氧化物 290 t/a，"
            "运行费用增加使年经济效益为 −180 万元，但环境效益显著。\n\n"
            "合计年减排二氧化碳 14,750 t。F08 的 2024 年半年效果已在上年度报告中评估，本年度按全年实测重新评估，两年不累加。"
            "F08 的做法已作为经验方案由磷化工企业 E033 采纳（F09）。"),
        "annual_mechanisms": (
            "2025 年五项已建立的机制均有运行记录：3 月资料收集机制完成 2024 年度 67 家企业数据入库，2 家执行报告逾期已督促补报；"
            "6 月审核机制按 2024 年清单安排 A 类企业全面审核，首批 8 家启动；8 月准入管控审查示例新能源正极材料二期项目，"
            "准入清单的行业要求和通用要求经人工核对均符合，准予入园（鼓励类）；9 月指标体系调整机制复核指标选择与基准值，维持现有指标体系；"
            "10 月报告机制完成 2024 年度报告。\n\n激励机制仍在建设中，本年度未兑现，须在下一年度出台资金兑现办法。"),
        "annual_next": (
            "2026 年工作安排：\n\n"
            "- 完成集中供汽管网扩容（F02）、矿热炉烟气余热发电（F06）和反应釜投料废气密闭收集与溶剂冷凝回收（F10），"
            "启动磷石膏制建材补链（F03）和 E033 干燥尾气余热回收（F09）。\n"
            "- 对 2025 年新列为 A 类的 E068、E013 开展全面审核，对 E025 开展挥发性有机物专项审核；下表中的水性漆替代（J01）、"
            "高浓度废水厌氧预处理（J02）等经验方案，由相关企业结合自身工艺论证是否采用。\n"
            "- 针对新鲜水耗上升，推动新入园企业接入中水管网；继续跟踪总量控制和稳定达标；激励机制出台资金兑现办法。"),
    },
}
POLLUTANTS = {"cod": ("化学需氧量", "废水"), "nh3": ("氨氮", "废水"), "tn": ("总氮", "废水"), "tp": ("总磷", "废水"),
              "so2": ("二氧化硫", "废气"), "nox": ("氮氧化物", "废气"), "pm": ("颗粒物", "废气"), "voc": ("挥发性有机物", "废气")}


def enterprises(rng: np.random.Generator) -> list[dict]:
    out = []
    n = 0
    for prof in PROFILES:
        for k in range(prof["count"]):
            n += 1
            f = float(rng.lognormal(0.0, prof.get("spread", 0.35)))
            ent = {"ent_id": f"E{n:03d}", "name": prof["names"][k % len(prof["names"])] + ("" if prof["count"] == 1 else ""),
                   "industry": prof["industry"], "industry_code": prof["code"], "chain": prof["chain"],
                   "cp_industry": prof.get("cp_industry", ""), "permit_class": prof["permit"],
                   "f": f, "prof": prof}
            out.append(ent)
    return out


def main() -> None:
    rng = np.random.default_rng(20240601)
    std = get_registry().standard("yunnan_park")
    ents = enterprises(rng)
    rows = {k: list(v) for k, v in ROWS.items()}
    rows["enterprises"], rows["emissions"], rows["energy_water"] = [], [], []
    rows["statistics"], rows["solid_waste"] = [], []
    tot = {k: 0.0 for k in ("va", "energy", "ren", "fresh", "reused", "ww", "el", "fossil", "sw_g", "sw_u", "hw_g", "hw_t", "emp", *POLLUTANTS)}
    exceed_done = False
    for e in ents:
        p, f = e["prof"], e["f"]
        el = p["electricity"] * f
        fossil = p["fossil"] * f
        energy = el * TCE_PER_10MWH + fossil + p.get("other_tce", 0) * f
        va = p["va"] * f ** 0.8
        fresh = p["water"] * f
        reused = fresh * p.get("reuse", 3.0)
        emp = int(round(p["employees"] * f ** 0.6))
        audited = p["permit"] == "重点管理" or bool(rng.random() < 0.35)
        rows["enterprises"].append({
            "ent_id": e["ent_id"], "name": e["name"], "permit_no": (f"91530300MA{rng.integers(10**6, 10**7)}{e['ent_id'][1:]}001P"
                                                                    if p["permit"] != "登记管理" else f"91530300MA{rng.integers(10**6, 10**7)}{e['ent_id'][1:]}001W"),
            "permit_class": p["permit"], "industry": p["industry"], "industry_code": p["code"],
            "cp_industry": p.get("cp_industry", ""), "chain": p["chain"], "above_scale": va > 2000,
            "cp_audited": audited, "report_on_time": p["permit"] == "登记管理" or e["ent_id"] not in ("E041", "E057")})
        for key, (label, medium) in POLLUTANTS.items():
            amount = p.get(key, 0) * f
            if amount <= 0 or p["permit"] == "登记管理":
                continue
            permitted = amount * float(rng.uniform(1.25, 2.2))
            if key == "voc" and p["chain"] == "装备制造（汽车及零部件）" and not exceed_done and amount > 10:
                permitted, exceed_done = amount * 0.92, True  # one exceedance for the 非现场审核 finding
            # the park's wastewater plant (E055) receives every other enterprise's wastewater: 间接排放
            direct = medium == "废气" or p["code"] == "4620"
            rows["emissions"].append({"ent_id": e["ent_id"], "pollutant": label, "medium": medium,
                                      "destination": "直接排放" if direct else "间接排放",
                                      "permitted": round(permitted, 2) if p["permit"] == "重点管理" or key != "voc" else None,
                                      "actual": round(amount, 3), "source": "执行报告年报"})
            tot[key] += amount
        rows["energy_water"].append({"ent_id": e["ent_id"], "energy_tce": round(energy, 1), "electricity": round(el, 1),
                                     "fossil_tce": round(fossil, 1), "renewable_tce": round(p.get("renewable", 0) * f, 1),
                                     "fresh_water": round(fresh), "reused_water": round(reused),
                                     "wastewater": round(fresh * p.get("ww_ratio", 0.5))})
        rows["statistics"].append({"ent_id": e["ent_id"], "output_value": round(va * p.get("out_ratio", 3.5)),
                                   "value_added": round(va), "employees": emp})
        swg, hwg = p.get("sw", 0) * f, p.get("hw", 0) * f
        rows["solid_waste"].append({"ent_id": e["ent_id"], "general_generated": round(swg, 1),
                                    "general_utilised": round(swg * p.get("sw_use", 0.8), 1),
                                    "hazardous_generated": round(hwg, 2), "hazardous_treated": round(hwg, 2)})
        for k, v in (("va", va), ("energy", energy), ("ren", p.get("renewable", 0) * f), ("fresh", fresh),
                     ("reused", reused), ("ww", fresh * p.get("ww_ratio", 0.5)), ("el", el), ("fossil", fossil),
                     ("sw_g", swg), ("sw_u", swg * p.get("sw_use", 0.8)), ("hw_g", hwg), ("hw_t", hwg), ("emp", emp)):
            tot[k] += v
    for t in ENT_TABLES:
        for r in rows[t]:
            r["year"] = 2024
    nxt = next_year(rows, ents, np.random.default_rng(20250601))
    key_ids = {2024: key_list(rows), 2025: key_list(nxt)}
    level_rows = levels(rows, nxt, key_ids)       # step 8 needs the load-key enterprises; the list then uses the levels
    key_ids = {2024: key_list(rows, level_rows, 2024), 2025: key_list(nxt, level_rows, 2025)}
    audited_2024 = {r["ent_id"] for r in rows["enterprises"] if r["cp_audited"]}
    series = park_series(rows, nxt, tot, key_ids, level_rows)
    rows["enterprise_levels"] = level_rows
    for t in ENT_TABLES:
        rows[t] = rows[t] + nxt[t]
    # 2024 A-class enterprises: one finding each (step 13)
    sc_a = key_ids["a_2024"]
    rows["findings"] = rows["findings"] + [
        {"level": "企业", "object": eid, "focus": "为重点的负荷", "direction": "见附录C1 行业审核方向",
         "problem": f"{next(r['name'] for r in rows['enterprises'] if r['ent_id'] == eid)}：能耗、排放强度高于行业先进水平",
         "cause": "工艺装备与过程控制有提升空间（示意）"}
        for eid in sorted(sc_a) if eid not in {f["object"] for f in rows["findings"]}]
    checks = {"total_control": "否", "sources_compliant": "否", "incidents": 0, "risk_assess": "是", "risk_plan": "是",
              "risk_team": "是", "risk_drill": "是", "risk_platform": "否"}
    basic = {"planned_area": 46.5, "built_area": 31.2, "founded": 1992, "leading_industries": "新能源电池、光伏硅材料、装备制造、绿色食品与生物医药、化工",
             "wwtp_capacity": 40000, "water_env": "南盘江上游支流，Ⅲ类水体（珠江源头区域）",
             "air_env": "二类区；2024 年 PM2.5 年均浓度达标，臭氧超标天数 6 天"}
    std_rows = rows
    for root, audit_year, date, note in ((ROOT, YEAR, "2025-10", ""),
                                         (ROOT_NEXT, YEAR + 1, "2026-10",
                                          "# 持续性清洁生产审核的第二年（编制说明 5.5(8)）：与 yunnan_demo 同一园区、同一工作簿数据，\n"
                                          "# 审核基准期向后推一年（2025 年），年度报告写 2025 年的清单动态和方案效果。\n")):
        write_project(std, root, audit_year, date, note, std_rows, series, checks, basic)
    print(f"wrote {ROOT} and {ROOT_NEXT}: {len(ents)} enterprises in 2024, key list {len(key_ids[2024])} (2024), "
          f"{len(key_ids[2025])} (2025); chains {len(CHAINS)}", file=sys.stderr)


# 第8步企业清洁生产水平（示意）：默认按审核要素行业，个别企业单列；2025 年只登记重新判定的企业和新入园企业。
BASIS = {"火电": ("火电行业清洁生产评价指标体系", "Ⅱ级", "灰渣、脱硫石膏综合利用率可再提高"),
         "焦化": ("炼焦行业清洁生产评价指标体系", "Ⅲ级", ""),
         "工业硅": ("工业硅行业先进企业对标（无国家行业指标体系）", "Ⅲ级", "矿热炉电耗高于先进企业"),
         "光伏": ("光伏制造行业规范条件（对标，无清洁生产评价指标体系）", "无适用标准", "单位产品电耗、水耗按规范条件对标"),
         "新能源电池材料": ("电池行业清洁生产评价指标体系（试行），参照", "Ⅱ级", "含氮废水脱氮负荷高"),
         "化工": ("相关化工行业清洁生产评价指标体系", "Ⅱ级", "溶剂回收与 VOCs 无组织控制"),
         "磷化工": ("肥料制造业（磷肥）清洁生产评价指标体系", "Ⅲ级", "磷石膏综合利用率低"),
         "电池": ("电池行业清洁生产评价指标体系（试行）", "Ⅱ级", ""),
         "汽车制造": ("涂装行业清洁生产评价指标体系", "Ⅱ级", "涂装 VOCs 排放占比高"),
         "烟草": ("卷烟行业先进企业对标（无清洁生产评价指标体系）", "无适用标准", ""),
         "食品": ("食品制造先进企业对标（本产品无国家清洁生产标准）", "Ⅱ级", ""),
         "白酒": ("清洁生产标准 白酒制造业", "Ⅱ级", "酿造高浓度废水"),
         "医药": ("制药工业先进企业对标（无适用的清洁生产评价指标体系）", "无适用标准", ""),
         "水泥": ("水泥行业清洁生产评价指标体系", "Ⅱ级", "分级燃烧 + SNCR，NOx 可进一步降低"),
         "建材": ("建材行业先进企业对标", "无适用标准", ""),
         "污水处理": ("污水处理及其再生利用行业清洁生产评价指标体系", "Ⅱ级", "中水回用率偏低"),
         "": ("—（登记管理的小型企业，无适用标准）", "无适用标准", "")}
LEVEL_2024 = {
    "E002": ("Ⅲ级", "化产回收 VOCs 无组织排放"),
    "E003": ("未达Ⅲ级", "矿热炉电耗高，烟气余热未回收"),
    "E017": ("Ⅲ级", "艾奇逊炉石墨化电耗高"),
    "E018": ("Ⅲ级", "艾奇逊炉石墨化电耗高"),
    "E033": ("Ⅲ级", "磷石膏综合利用率低，干燥尾气余热未回收"),
    "E034": ("Ⅲ级", "干燥工序燃气消耗高"),
    "E020": ("未达Ⅲ级", "含氟废气治理设施老旧，六氟磷酸锂合成尾气吸收效率低"),
    "E037": ("未达Ⅲ级", "溶剂回收率低，反应釜投料废气无组织排放"),
    "E055": ("Ⅲ级", "中水回用率低，单位水量电耗高于行业基准"),
}
LEVEL_2025 = {   # re-judged after the 2025 options (F04, F05, F08) and the entrant
    "E002": ("Ⅱ级", "化产回收区废气已密闭收集（F05）"),
    "E017": ("Ⅱ级", "箱式炉替代艾奇逊炉后电耗下降（F04）"),
    "E018": ("Ⅱ级", "箱式炉替代艾奇逊炉后电耗下降（F04）"),
    "E034": ("Ⅱ级", "干燥尾气余热回收后燃气消耗下降（F08）"),
    "E013": ("未达Ⅲ级", "2025 年专项审核：母液回收率低，单位产品新鲜水耗高"),
    "E055": ("Ⅱ级", "西片区中水回用管网通水后回用率提高（F01）"),
    "E068": ("Ⅱ级", "新入园，按环评与试生产数据判定"),
}


def levels(rows: dict, nxt: dict, key_ids: dict) -> list[dict]:
    """Step 8 judgements: every 重点管理 enterprise and every load-key enterprise of each year (the
    plugin's level rule needs them), 2024 rows for the base year, 2025 rows for re-judged and new ones."""
    out = []
    for year, ents, special in ((2024, rows["enterprises"], LEVEL_2024), (2025, nxt["enterprises"], LEVEL_2025)):
        for e in ents:
            eid = e["ent_id"]
            need = e["permit_class"] == "重点管理" or eid in key_ids[year]
            if not need or (year == 2025 and eid not in special and any(r["ent_id"] == eid for r in out)):
                continue
            basis, level, problem = BASIS[e["cp_industry"] or ""]
            if "乳业" in e["name"]:   # the one food plant a published standard covers (HJ/T 316); the others: benchmarking
                basis = "清洁生产标准 乳制品制造业（纯牛乳及全脂乳粉）"
            if eid in special:
                level, problem = special[eid]
            elif year == 2025 and any(r["ent_id"] == eid for r in out):
                continue
            out.append({"ent_id": eid, "benchmark": basis, "level": level, "problems": problem or None, "year": year})
    return out


ENT_TABLES = ("enterprises", "emissions", "energy_water", "statistics", "solid_waste")
SCALED = {"emissions": ("actual",), "energy_water": ("energy_tce", "electricity", "fossil_tce", "renewable_tce", "fresh_water",
                                                     "reused_water", "wastewater"),
          "statistics": ("output_value", "value_added", "employees"),
          "solid_waste": ("general_generated", "general_utilised", "hazardous_generated", "hazardous_treated")}
EXIT = "E004"                 # 示例硅业冶炼 stops production in 2025 (capacity replacement): it leaves the list
ENTRANT, MODEL = "E068", "E011"  # a new cathode-material plant enters in 2025, sized 2.5 × an existing one


def _scale(table: str, row: dict, k: float) -> dict:
    out = dict(row)
    for f in SCALED.get(table, ()):
        if isinstance(out.get(f), (int, float)) and not isinstance(out.get(f), bool):
            out[f] = int(round(out[f] * k)) if f == "employees" else round(out[f] * k, 3)
    return out


def next_year(rows: dict, ents: list[dict], rng: np.random.Generator) -> dict:
    """The park one year on (2025): every enterprise moves a few per cent, implemented options cut their
    enterprise's loads (F04 graphitisation power, F05 VOCs, F07 NOx, F08 fossil energy), one enterprise
    leaves and one enters, so the list shows entrants, exits and grade changes."""
    k = {e["ent_id"]: float(rng.lognormal(0.03, 0.05)) for e in ents}
    graphite = {e["ent_id"] for e in ents if "石墨" in e["industry"]}
    out: dict[str, list] = {t: [] for t in ENT_TABLES}
    for t in ENT_TABLES:
        for r in rows[t]:
            eid = r["ent_id"]
            if eid == EXIT:
                continue
            n = _scale(t, r, k[eid])
            n["year"] = 2025
            if t == "energy_water" and eid in graphite:   # F04: box furnaces, 30 % less graphitisation power
                cut = n["electricity"] * 0.3
                n["electricity"] = round(n["electricity"] - cut, 1)
                n["energy_tce"] = round(n["energy_tce"] - cut * TCE_PER_10MWH, 1)
            if t == "energy_water" and eid == "E034":       # F08: dryer tail-gas heat recovery
                n["fossil_tce"] = round(n["fossil_tce"] - 1450, 1)
                n["energy_tce"] = round(n["energy_tce"] - 1450, 1)
            if t == "emissions" and (eid, r["pollutant"]) in (("E051", "氮氧化物"), ("E002", "挥发性有机物")):
                n["actual"] = round(n["actual"] * (0.45 if eid == "E051" else 0.6), 3)   # F07 SCR, F05 VOCs capture
            if t == "enterprises":
                n["report_on_time"] = n["permit_class"] == "登记管理" or eid != "E057"
            out[t].append(n)
        for r in rows[t]:
            if r["ent_id"] == MODEL:
                n = _scale(t, r, 2.5)
                n.update(year=2025, ent_id=ENTRANT)
                if t == "enterprises":
                    n.update(name="示例锂电新材料有限公司", permit_no="91530300MA7712345068001P", cp_audited=False,
                             report_on_time=True)
                if t == "emissions" and n.get("permitted") is not None:
                    n["permitted"] = round(n["permitted"] * 2.5, 2)
                out[t].append(n)
    return out


def key_list(rows: dict, level_rows: list | None = None, year: int | None = None) -> set[str]:
    """The demo's key list for one year's rows (the same pure functions the plugin uses), with the step-8
    levels in force that year when given."""
    import pandas as pd

    from cpf_yunnan_park.keylist import enterprise_co2, key_enterprises

    ew = pd.DataFrame(rows["energy_water"]).set_index("ent_id")
    sw = pd.DataFrame(rows["solid_waste"]).set_index("ent_id")
    em = pd.DataFrame(rows["emissions"])
    plant = {r["ent_id"] for r in rows["enterprises"] if r["industry_code"] == "4620"}
    indirect = set(em.loc[em["destination"] == "间接排放", "pollutant"])
    em = em[~(em["ent_id"].isin(plant) & em["pollutant"].isin(indirect))]   # the plant's effluent is its feeders' load
    em = em.pivot_table(index="ent_id", columns="pollutant", values="actual", aggfunc="sum")
    loads = pd.concat([ew[["energy_tce", "fresh_water"]],
                       pd.Series(enterprise_co2(ew["electricity"], ew["fossil_tce"], EF), index=ew.index, name="co2"),
                       sw[["general_generated", "hazardous_generated"]], em], axis=1)
    loads = loads.loc[:, loads.fillna(0).sum() > 0]
    sc = key_enterprises(loads)
    if level_rows is not None:
        from cpf_yunnan_park.analysis import keylist
        from cpf_yunnan_park.keylist import apply_levels

        rule = keylist().level_rule
        scope = {r["ent_id"] for r in rows["enterprises"] if r["permit_class"] in rule.scope_classes} | set(sc.index[sc["key"]])
        latest = {}
        for r in sorted(level_rows, key=lambda r: r["year"]):
            if r["year"] <= year and r["ent_id"] in scope:
                latest[r["ent_id"]] = r["level"]
        sc = apply_levels(sc, latest, rule.min_grade)
    key_list.a_class = set(sc.index[sc["grade_code"] == "A"])  # type: ignore[attr-defined]
    return set(sc.index[sc["key"]])


def park_series(rows: dict, nxt: dict, tot: dict, key_ids: dict, level_rows: list) -> dict:
    """园区指标数据 for 2021–2025: the years with enterprise data (2024, 2025) are the sums of the enterprise
    rows as written (check reconciles them, rules.toml); earlier years follow plausible growth."""
    from cpf_yunnan_park.keylist import enterprise_co2

    key_list(rows, level_rows, 2024)
    key_ids["a_2024"] = key_list.a_class  # type: ignore[attr-defined]

    def rsum(rs: dict, table: str, field: str, **where: str) -> float:
        # park emission totals count direct discharges only (indirect ones are the plant's inflow)
        if "destination" not in where and table == "emissions":
            where = dict(where, destination="直接排放")
        return round(sum(r[field] or 0 for r in rs[table] if all(r.get(k) == v for k, v in where.items())), 3)

    def totals(rs: dict) -> dict:
        t = dict(va=rsum(rs, "statistics", "value_added"), emp=rsum(rs, "statistics", "employees"),
                 energy=rsum(rs, "energy_water", "energy_tce"), fresh=rsum(rs, "energy_water", "fresh_water"),
                 ren=rsum(rs, "energy_water", "renewable_tce"), reused=rsum(rs, "energy_water", "reused_water"),
                 ww=rsum(rs, "energy_water", "wastewater"), el=rsum(rs, "energy_water", "electricity"),
                 fossil=rsum(rs, "energy_water", "fossil_tce"), sw_g=rsum(rs, "solid_waste", "general_generated"),
                 sw_u=rsum(rs, "solid_waste", "general_utilised"), hw_g=rsum(rs, "solid_waste", "hazardous_generated"),
                 **{k: rsum(rs, "emissions", "actual", pollutant=label) for k, (label, _m) in POLLUTANTS.items()},
                 **{f"{k}_in": rsum(rs, "emissions", "actual", pollutant=POLLUTANTS[k][0], destination="间接排放")
                    for k in ("cod", "nh3", "tn", "tp")})
        t["co2"] = float(enterprise_co2([t["el"]], [t["fossil"]], EF)[0])
        return t

    t4, t5 = totals(rows), totals(nxt)
    tot.update(t4)
    back = (3, 2, 1, 0)

    def ents(rs: dict) -> list:
        return rs["enterprises"]

    def holders(rs: dict) -> list:
        return [r for r in ents(rs) if r["permit_class"] != "登记管理"]

    audited5 = {r["ent_id"] for r in ents(nxt) if r["cp_audited"]}
    audited4 = {r["ent_id"] for r in ents(rows) if r["cp_audited"]}
    return {
        "industrial_va": [t4["va"] / 1.105 ** k for k in back] + [t5["va"]],
        "employees": [int(t4["emp"] / 1.03 ** k) for k in back] + [t5["emp"]],
        "energy_total": [t4["energy"] / 1.07 ** k for k in back] + [t5["energy"]],
        "energy_renewable": [t4["ren"] / 1.25 ** k for k in back] + [t5["ren"]],
        "fresh_water": [t4["fresh"] / 1.04 ** k for k in back] + [t5["fresh"]],
        "reused_water": [t4["reused"] / 1.06 ** k for k in back] + [t5["reused"]],
        "reclaimed_water": [v * t4["ww"] for v in (0.09, 0.10, 0.115, 0.13)] + [0.15 * t5["ww"]],
        "wastewater_treated": [t4["ww"] / 1.04 ** k for k in back] + [t5["ww"]],
        "co2": [t4["co2"] / 1.055 ** k for k in back] + [t5["co2"]],
        "wastewater": [t4["ww"] / 1.04 ** k for k in back] + [t5["ww"]],
        "cod": [t4["cod"] * m for m in (1.12, 1.08, 1.03, 1.0)] + [t5["cod"]],
        "so2": [t4["so2"] * m for m in (1.2, 1.12, 1.05, 1.0)] + [t5["so2"]],
        **{k: [t4[k] * m for m in (1.1, 1.06, 1.03, 1.0)] + [t5[k]] for k in ("nh3", "tn", "tp", "nox", "pm", "voc")},
        **{f"{k}_indirect": [None, None, None, t4[f"{k}_in"], t5[f"{k}_in"]] for k in ("cod", "nh3", "tn", "tp")},
        "hw_generated": [t4["hw_g"] / 1.05 ** k for k in back] + [t5["hw_g"]],
        "sw_generated": [t4["sw_g"] / 1.05 ** k for k in back] + [t5["sw_g"]],
        "sw_used": [t4["sw_u"] / 1.05 ** k * m for k, m in zip(back, (0.94, 0.96, 0.98, 1.0))] + [t5["sw_u"]],
        "sw_stock_used": [0, 0, 5000, 8000, 9000],
        "sw_total": [(t4["sw_g"] + t4["hw_g"]) / 1.05 ** k for k in back] + [t5["sw_g"] + t5["hw_g"]],
        "sw_disposed": [(t4["sw_g"] + t4["hw_g"]) / 1.05 ** k for k in back] + [t5["sw_g"] + t5["hw_g"]],
        "key_total": [None, None, None, len(key_ids[2024]), len(key_ids[2025])],
        "key_audited": [None, None, None, len(key_ids[2024] & audited4), len(key_ids[2025] & audited5)],
        "permit_holders": [None, None, None, len(holders(rows)), len(holders(nxt))],
        "reports_on_time": [None, None, None, sum(1 for r in holders(rows) if r["report_on_time"]),
                            sum(1 for r in holders(nxt) if r["report_on_time"])],
        "listed_polluters": [None, None, None, 24, 25], "disclosed": [None, None, None, 24, 25],
    }


def narrative_stems(std) -> dict[str, str]:
    """One narrative file per section, named by its stem (the core reads these names as well as numbered ones)."""
    from cpframework.project.create import prefill

    out: dict[str, str] = {}
    for kind in std.report_kinds.values():
        for _depth, node in kind.iter_nodes():
            if node.requirement and node.narrative_stem not in out:
                out[node.narrative_stem] = prefill(node.title, node.requirement, node.clause)
    return out


def write_project(std, root: Path, audit_year: int, date: str, note: str, rows: dict, series: dict, checks: dict,
                  basic: dict) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "narrative").mkdir(parents=True)
    text = manifest_text(std, NAME, audit_year)
    for k, v in (("management_committee", "滇东示例经济技术开发区管理委员会"), ("service_org", "示例环境科技咨询有限公司"),
                 ("location", "云南省（示意）"), ("park_level", "国家级经济技术开发区")):
        text = text.replace(f'{k} = ""', f'{k} = "{v}"')
    text = text.replace("water_scarce = false", "water_scarce = true")
    text = text.replace('# draft = "送审稿"', f'draft = "送审稿"\ndate = "{date}"')
    (root / "project.toml").write_text("# 示意数据：本项目为演示用的虚构园区，数据不代表任何真实园区或企业。\n" + note + text,
                                       encoding="utf-8")
    manifest = Manifest(standard=std.id, name=NAME, audit_year=audit_year)
    sel = selection_rows(std)
    for r in sel:
        r["selected"] = r["selected"] or r["code"] not in SELECT_OFF
    rows = dict(rows, indicator_selection=sel)
    path = root / "data.xlsx"
    write_workbook(path, std, manifest, rows)
    wb = openpyxl.load_workbook(path)
    for sheet, values, per_year in (("园区指标数据", series, True), ("定性与核查项", checks, False), ("园区基本情况", basic, False)):
        ws = wb[sheet]
        heads = [c.value for c in ws[1]]
        for r in range(2, ws.max_row + 1):
            code = ws.cell(r, 1).value
            if code not in values:
                continue
            if not per_year:
                ws.cell(r, 4, values[code])
                continue
            for j, x in enumerate(values[code]):
                col = f"{2021 + j}年"
                if x is not None and col in heads:
                    last = 2021 + j >= 2024  # the years with enterprise data are sums of their rows: 3 decimals
                    ws.cell(r, heads.index(col) + 1, round(x, 3 if last else 1) if isinstance(x, float) else x)
    wb.save(path)
    for stem, head in narrative_stems(std).items():
        body = NARRATIVE_ANNUAL.get(audit_year - 1, {}).get(stem) or NARRATIVE.get(stem, "")
        (root / "narrative" / f"{stem}.md").write_text(head + ("\n" + body + "\n" if body else ""), encoding="utf-8")


if __name__ == "__main__":
    main()

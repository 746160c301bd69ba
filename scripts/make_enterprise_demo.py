"""Regenerate examples/enterprise_demo (illustrative data, not a real enterprise):
python scripts/make_enterprise_demo.py

A Zhengzhou auto-parts plant (electricity, natural gas, purchased steam; fresh and recycled water;
wastewater and VOC exhaust; general and hazardous waste) in its second audit round under
DB4101/T 61—2023, with three review years, 14 options and implementation results.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import openpyxl

from cpframework.project.create import narrative_files
from cpframework.project.folder import Manifest
from cpframework.host.registry import get_registry
from cpframework.project.template import write_workbook


ROOT = Path(__file__).resolve().parents[1] / "examples" / "enterprise_demo"
NAME = "郑州示例精密部件有限公司（示意数据）"
YEAR = 2025

MANIFEST = f'''# 示意数据：本项目为演示用的虚构企业，数据不代表任何真实企业。
# cpaudit 项目清单 — DB4101/T 61—2023《工业企业清洁生产审核 报告编制技术规范》
standard = "zhengzhou_enterprise"
name = "{NAME}"
audit_year = {YEAR}
# 审核基准期 2024 年，审核考察期 2022—2024 年（3.8、3.9）
workbook = "data.xlsx"

[subject]
audit_round = "第二轮"
unit_nature = "有限责任公司（民营）"
legal_rep = "张立新"
industry = "汽车零部件及配件制造 C3670"
products = "铝合金壳体 150 万件/a，钢制支架 4000 t/a"
contact = "李文静"
phone = "0371-6000 0000"
address = "河南省郑州市示例区示例路 18 号"
credit_code = "91410100XXXXXXXXXX"
list_number = "2025-郑-018"
consultant = "示例环境技术咨询有限公司"
consultant_nature = "有限责任公司"
consultant_legal_rep = "王海"
consultant_contact = "周洁"
consultant_phone = "0371-6100 0000"
consultant_address = "河南省郑州市示例区科学大道 100 号"
consultant_staff = "26"
expert_name = "陈国华"
expert_org = "示例理工大学机械工程学院"
expert_title = "教授"
expert_field = "汽车零部件涂装与表面处理"
licence_image = ""

[flags]
mandatory_audit = true       # 强制性清洁生产审核
double_exceed = false        # “双超”企业
toxic = true                 # “双有”企业：使用含二甲苯稀释剂
heavy_metal = false          # 涉重金属企业
has_previous_round = true    # 2019 年完成第一轮审核
expert_engaged = true        # 聘请行业专家
carbon_accounted = true      # 已开展碳排放核算
soil_key_unit = false        # 土壤环境污染重点监管单位

[options]
low_cost_max = 10            # 万元：预计投资 ≤ 10 万元为无/低费方案，> 10 万元为中/高费方案（6.7.3）
high_cost_min = 100          # 万元：中/高费方案中 > 100 万元按高费方案评价投资偿还期
discount_rate = 0.08         # 贴现率
tax_rate = 0.25              # 所得税税率
grid_factor = "central_2023" # 电网排放因子：华中区域电力平均（2023 年度）
balance_tolerance_pct = 5    # 平衡偏差率超过 ±5% 须核查
achieved_tolerance_pct = 1   # 审核后实际值与审核后平衡算得的值相差超过 1% 须核对（7.3.5.2）

[report]
near_year = 2026             # 近期目标年份：本轮审核验收完成
mid_year = 2030              # 中（远）期目标年份（不超过审核结束五年）
'''

D = dt.date
Y3 = (2022, 2023, 2024)


def yv(*values):
    return dict(zip(Y3, values))


def _options():
    o = [  # number, stage, category, name, problem, content, source, investment, env, econ, screening, reason, status, start, end, actual, dept, adjustment
        ("F01", "预审核", "管理", "涂料定量调配管理", "调漆凭经验，余漆报废", "按工件喷涂面积核定调漆量，余漆登记回用", "合理化建议", 0.5, "减少漆渣 1.5 t/a", 3.2, "可行", "", "已实施", D(2025, 4, 1), D(2025, 4, 20), 0.5, "涂装车间", ""),
        ("F02", "预审核", "过程控制", "前处理清洗槽溢流控制", "清洗槽长流水溢流", "加装液位计和流量计，按电导率补水", "现场考察", 2.8, "节水 6000 m³/a", 2.6, "可行", "", "已实施", D(2025, 4, 10), D(2025, 5, 15), 2.6, "涂装车间", ""),
        ("F03", "预审核", "设备", "压缩空气管网泄漏治理", "管网泄漏率约 18%", "超声波检漏并修复泄漏点，建立季度巡检制度", "咨询小组", 1.5, "节电 12 万 kWh/a", 8.4, "可行", "", "已实施", D(2025, 4, 15), D(2025, 5, 10), 1.6, "设备部", ""),
        ("F04", "预审核", "过程控制", "RTO 燃烧温度与转轮转速优化", "RTO 炉温设定偏高", "炉温由 820 ℃ 调至 780 ℃，优化转轮转速", "咨询小组", 0.8, "节天然气 1.8 万 m³/a，减排 VOCs 300 kg/a", 6.5, "可行", "", "已实施", D(2025, 5, 6), D(2025, 5, 30), 0.8, "安环部", ""),
        ("F05", "审核", "废弃物", "漆渣压滤脱水", "漆渣含水率高，危废量大", "增设板框压滤机，漆渣含水率降至 45%", "审核重点分析", 6.5, "减少危险废物 5.2 t/a", 1.8, "可行", "", "已实施", D(2025, 5, 20), D(2025, 6, 25), 6.8, "涂装车间", ""),
        ("F06", "审核", "设备", "车间照明 LED 替换", "金卤灯能耗高", "更换 420 盏 LED 灯具", "合理化建议", 8.6, "节电 9.5 万 kWh/a", 6.65, "可行", "", "已实施", D(2025, 6, 1), D(2025, 6, 30), 8.2, "设备部", ""),
        ("F07", "审核", "员工", "节水节电岗位培训与考核", "员工节约意识不足", "开展节能节水培训，纳入班组考核", "咨询小组", 0.3, "节水 2500 m³/a，节电 2 万 kWh/a", 2.5, "可行", "", "已实施", D(2025, 5, 10), D(2025, 6, 10), 0.3, "人力资源部", ""),
        ("F08", "审核", "管理", "危险废物台账信息化", "纸质台账易漏记", "上线危废电子台账，与转移联单关联", "行业专家", 1.2, "危废规范化管理", 0, "可行", "", "已实施", D(2025, 6, 5), D(2025, 6, 28), 1.2, "安环部", ""),
        ("F09", "审核", "设备", "空压站变频改造及余热回收", "工频空压机卸载能耗高，压缩热未利用", "更换 2 台变频螺杆空压机，回收压缩热预热前处理槽液", "审核重点分析", 68, "节电 42 万 kWh/a，节蒸汽 600 t/a", 42.6, "可行", "", "已实施", D(2025, 9, 1), D(2025, 11, 30), 71.5, "设备部", ""),
        ("F10", "方案产生和筛选", "生产工艺", "静电旋杯替代空气喷枪", "空气喷涂上漆率约 45%", "喷涂机器人配静电旋杯，上漆率提高到 70%", "行业专家", 185, "节约涂料 18 t/a，减排 VOCs 900 kg/a，减少漆渣 4 t/a", 52, "可行", "", "已实施", D(2025, 9, 15), D(2026, 1, 20), 178, "涂装车间", ""),
        ("F11", "方案产生和筛选", "生产工艺", "前处理磷化改硅烷", "磷化工艺能耗高、产生磷化渣", "改为常温硅烷前处理，取消加热和磷化渣", "行业专家", 96, "节蒸汽 1500 t/a，节水 1.2 万 m³/a，减排 COD 1.8 t/a，减少危险废物 3 t/a", 46.2, "可行", "", "已实施", D(2025, 10, 8), D(2026, 1, 10), 98.5, "技术部", ""),
        ("F12", "方案产生和筛选", "原辅材料和资源能源", "屋顶分布式光伏", "外购电力占比 100%", "利用厂房屋顶建设分布式光伏，自发自用", "咨询小组", 420, "年发电 125 万 kWh，减少外购电", 87.5, "可行", "", "已实施", D(2025, 9, 20), D(2026, 2, 28), 360, "设备部", "屋面荷载核算后装机容量由 1.2 MW 调整为 1.0 MW，投资调整为 360 万元，年发电量约 105 万 kWh"),
        ("F13", "方案产生和筛选", "产品", "壳体轻量化设计", "壳体壁厚设计余量大", "壁厚由 4.0 mm 减至 3.5 mm", "技术部", 150, "节约铝锭约 200 t/a", 320, "不可行", "需主机厂重新开展产品认证，周期约 2 年，超出本轮审核期，列入持续清洁生产计划", "未实施", None, None, None, "技术部", ""),
        ("F14", "审核", "原辅材料和资源能源", "溶剂型清洗剂改水基清洗剂", "擦拭清洗使用含二甲苯溶剂", "改用水基清洗剂", "合理化建议", 3.5, "减少有毒有害物质使用 2.1 t/a，减排 VOCs 420 kg/a", 1.2, "可行", "", "已实施", D(2025, 4, 20), D(2025, 5, 20), 3.4, "涂装车间", ""),
    ]
    keys = ("number", "stage", "category", "name", "problem", "content", "source", "investment", "env_benefit", "econ_benefit",
            "screening", "reason", "status", "start", "end", "actual_investment", "dept", "adjustment")
    return [dict(zip(keys, r)) for r in o]


#            预期（审核报告）                       核定（验收：审核期间量，折合年度量，计算过程）
BENEFITS = {
    "F01": [("减少危险废物", 1.5, 1.0, 1.4, "余漆回用量 × 12 月：0.12 t/月 × 12"), ("节约原辅材料采购成本", 3.2, 2.1, 3.0, "节约涂料 1.2 t × 2.5 万元/t")],
    "F02": [("节水", 6000, 4200, 5800, "流量计读数：改造前后月均新鲜水差 483 m³ × 12"), ("节约水费", 2.6, 1.8, 2.5, "5800 m³ × 4.3 元/m³")],
    "F03": [("节电", 120000, 80000, 115000, "空压站电表：月均节电 9583 kWh × 12"), ("节约电费", 8.4, 5.6, 8.05, "115000 kWh × 0.70 元/kWh")],
    "F04": [("节天然气", 18000, 12000, 17500, "RTO 燃气表：月均 1458 m³ × 12"), ("减排VOCs", 300, 200, 290, "在线监测：排放速率下降 0.06 kg/h × 4800 h"), ("节约燃气费", 6.5, 4.2, 6.3, "17500 m³ × 3.6 元/m³")],
    "F05": [("减少危险废物", 5.2, 3.4, 5.0, "漆渣转移联单：月均减少 0.42 t × 12"), ("节约环保运行费", 1.8, 1.2, 1.75, "5.0 t × 3500 元/t 处置费")],
    "F06": [("节电", 95000, 55000, 93000, "照明回路电表：月均 7750 kWh × 12"), ("节约电费", 6.65, 3.85, 6.51, "93000 kWh × 0.70 元/kWh")],
    "F07": [("节水", 2500, 1500, 2400, "班组考核统计"), ("节电", 20000, 12000, 18000, "车间分表统计"), ("节约电费", 1.4, 0.84, 1.26, "18000 kWh × 0.70 元/kWh"), ("节约水费", 1.1, 0.6, 1.0, "2400 m³ × 4.3 元/m³")],
    "F09": [("节电", 420000, 105000, 410000, "空压站电表：比功率由 7.6 降至 6.1 kW/(m³/min)"), ("节蒸汽", 600, 150, 580, "槽液预热蒸汽表"), ("节约电费", 29.4, 7.35, 28.7, "410000 kWh × 0.70 元/kWh"), ("节约蒸汽费", 13.2, 3.3, 12.76, "580 t × 220 元/t")],
    "F10": [("减少有毒有害物质使用", 3.0, 0.9, 2.8, "稀释剂领用台账"), ("减排VOCs", 900, 270, 880, "物料衡算：涂料节约量 × 挥发分"), ("减少危险废物", 4.0, 1.2, 3.8, "漆渣转移联单"), ("节约原辅材料采购成本", 52, 15.6, 50.5, "节约涂料 17.5 t × 2.5 万元/t + 稀释剂 2.8 t × 2.4 万元/t")],
    "F11": [("节蒸汽", 1500, 450, 1480, "前处理蒸汽表"), ("节水", 12000, 3600, 11500, "前处理水表"), ("减排COD", 1800, 540, 1750, "废水量 × COD 浓度变化"), ("减少危险废物", 3.0, 0.9, 2.9, "磷化渣转移联单"), ("节约蒸汽费", 33, 9.9, 32.56, "1480 t × 220 元/t"), ("节约水费", 5.2, 1.56, 4.95, "11500 m³ × 4.3 元/m³"), ("节约环保运行费", 8, 2.4, 7.8, "药剂及磷化渣处置费")],
    "F12": [("节电", 1250000, 175000, 1050000, "光伏发电计量表：2026-03 起 2 个月 17.5 万 kWh；年发电按 1050 kWh/kW × 1000 kW"), ("节约电费", 87.5, 12.25, 73.5, "1050000 kWh × 0.70 元/kWh")],
    "F14": [("减少有毒有害物质使用", 2.1, 1.4, 2.0, "溶剂领用台账"), ("减排VOCs", 420, 280, 400, "溶剂减少量 × 挥发分 100%"), ("节约原辅材料采购成本", 1.2, 0.8, 1.15, "溶剂与清洗剂差价")],
}


def _benefits():
    rows = []
    for number, items in BENEFITS.items():
        for item, expected, during, annual, how in items:
            rows.append({"number": number, "basis": "预期", "item": item, "annual": expected, "calculation": "可行性分析估算"})
            rows.append({"number": number, "basis": "核定", "item": item, "during": during, "annual": annual, "calculation": how})
    return rows


ROWS = {
    "D.1": [
        {"group": "领导小组", "role": "组长", "name": "张立新", "dept": "总经理", "duty": "全面领导审核工作，审批计划和方案资金", "phone": "138 0000 0001"},
        {"group": "领导小组", "role": "副组长", "name": "刘建军", "dept": "生产副总", "duty": "组织协调各车间，督促方案实施", "phone": "138 0000 0002"},
        {"group": "领导小组", "role": "成员", "name": "赵红", "dept": "财务部 部长", "duty": "方案投资核算与资金保障", "phone": "138 0000 0003"},
        {"group": "工作小组", "role": "组长", "name": "李文静", "dept": "安环部 部长", "duty": "制定计划，组织实施审核各阶段工作", "phone": "138 0000 0004"},
        {"group": "工作小组", "role": "成员", "name": "孙浩", "dept": "设备部 主管", "duty": "能源计量、设备方案研制", "phone": "138 0000 0005"},
        {"group": "工作小组", "role": "成员", "name": "钱芳", "dept": "涂装车间 主任", "duty": "审核重点实测与方案实施", "phone": "138 0000 0006"},
        {"group": "工作小组", "role": "成员", "name": "吴磊", "dept": "技术部 工程师", "duty": "工艺方案研制与技术评估", "phone": "138 0000 0007"},
    ],
    "D.2": [
        {"role": "组长", "name": "周洁", "qualification": "清洁生产审核师", "title": "高级工程师", "duty": "项目负责，技术把关", "cert_no": "QJSC-2019-0101", "project_duty": "项目负责人", "phone": "139 0000 0001"},
        {"role": "成员", "name": "马超", "qualification": "清洁生产审核师", "title": "工程师", "duty": "能源与平衡分析", "cert_no": "QJSC-2020-0233", "project_duty": "审核人", "phone": "139 0000 0002"},
        {"role": "成员", "name": "郑敏", "qualification": "环评工程师", "title": "工程师", "duty": "环保合规与污染物分析", "cert_no": "QJSC-2021-0318", "project_duty": "其他技术人员", "phone": "139 0000 0003"},
    ],
    "D.3": [
        {"stage": "审核准备", "content": "启动会，成立审核小组，培训宣贯，征集合理化建议，信息公示", "start": D(2025, 3, 10), "end": D(2025, 3, 31), "dept": "安环部", "owner": "李文静"},
        {"stage": "预审核", "content": "现状调研、现场考察、现状水平评价，确定审核重点和目标，实施无/低费方案", "start": D(2025, 4, 1), "end": D(2025, 5, 15), "dept": "审核工作小组", "owner": "李文静"},
        {"stage": "审核", "content": "审核重点实测，建立物料、水、能量和 VOCs 平衡，问题诊断", "start": D(2025, 5, 16), "end": D(2025, 6, 30), "dept": "涂装车间", "owner": "钱芳"},
        {"stage": "方案产生和筛选", "content": "汇总方案、分类、划分费用类别、筛选", "start": D(2025, 7, 1), "end": D(2025, 7, 20), "dept": "审核工作小组", "owner": "吴磊"},
        {"stage": "方案确定", "content": "中/高费方案可行性分析，编制审核报告，审核评估", "start": D(2025, 7, 21), "end": D(2025, 8, 31), "dept": "技术部", "owner": "吴磊"},
        {"stage": "方案实施", "content": "实施中/高费方案，核定投资与效益", "start": D(2025, 9, 1), "end": D(2026, 2, 28), "dept": "设备部", "owner": "孙浩"},
        {"stage": "持续清洁生产", "content": "完善组织与制度，制定持续计划，编制验收报告", "start": D(2026, 3, 1), "end": D(2026, 4, 15), "dept": "安环部", "owner": "李文静"},
    ],
    "D.5": [
        {"category": "主要生产设备", "line": "压铸车间", "name": "冷室压铸机", "model": "DCC800", "power": "55 kW", "quantity": 6, "since": "2016", "status": "正常"},
        {"category": "主要生产设备", "line": "机加工车间", "name": "加工中心", "model": "VMC1060", "power": "18.5 kW", "quantity": 42, "since": "2017", "status": "正常"},
        {"category": "主要生产设备", "line": "涂装车间", "name": "喷涂机器人", "model": "六轴 20 kg", "power": "8 kW", "quantity": 8, "since": "2018", "status": "正常"},
        {"category": "主要生产设备", "line": "涂装车间", "name": "天然气固化炉", "model": "燃气直燃 1.2 MW", "power": "1200 kW", "quantity": 2, "since": "2018", "status": "正常"},
        {"category": "辅助生产设备", "line": "空压站", "name": "螺杆空压机（工频）", "model": "110 kW", "power": "110 kW", "quantity": 4, "since": "2014", "status": "2 台列入淘汰"},
        {"category": "辅助生产设备", "line": "配电室", "name": "干式变压器", "model": "SCB13-2000", "power": "2000 kVA", "quantity": 2, "since": "2016", "status": "正常"},
        {"category": "环保设施设备", "line": "涂装车间", "name": "沸石转轮+RTO", "model": "60000 m³/h", "power": "160 kW", "quantity": 1, "since": "2021", "status": "正常"},
        {"category": "环保设施设备", "line": "污水站", "name": "综合废水处理站", "model": "400 m³/d", "power": "45 kW", "quantity": 1, "since": "2016", "status": "正常"},
    ],
    "D.6": [
        {"name": "铝合金壳体", "unit": "万件", "output": yv(118, 126, 135), "value_unit": "万元", "value": yv(23600, 25200, 27000), "pass_rate": 98.6},
        {"name": "钢制支架", "unit": "t", "output": yv(3200, 3350, 3500), "value_unit": "万元", "value": yv(4800, 5000, 5300), "pass_rate": 99.2},
    ],
    "D.7": [
        {"product": "铝合金壳体", "name": "铝锭", "unit": "t", "total": yv(2950, 3130, 3340)},
        {"product": "铝合金壳体", "name": "水性涂料", "unit": "t", "total": yv(118, 124, 131)},
        {"product": "铝合金壳体", "name": "稀释剂（含二甲苯）", "unit": "t", "total": yv(36, 35, 33)},
        {"product": "铝合金壳体", "name": "切削液", "unit": "t", "total": yv(42, 44, 45)},
        {"product": "钢制支架", "name": "钢板", "unit": "t", "total": yv(3420, 3570, 3720)},
    ],
    "D.8": [
        {"name": "铝锭", "state": "固态 / ADC12", "storage": "捆扎，原料库", "source": "河南巩义", "transport": "汽运"},
        {"name": "水性涂料", "state": "液态", "storage": "200 kg 桶装，危化品库", "source": "江苏常州", "transport": "汽运"},
        {"name": "稀释剂（含二甲苯）", "state": "液态", "storage": "200 L 桶装，危化品库", "source": "江苏常州", "transport": "危化品专用车"},
        {"name": "切削液", "state": "液态", "storage": "200 L 桶装，油品库", "source": "上海", "transport": "汽运"},
        {"name": "钢板", "state": "固态 / Q235", "storage": "原料库", "source": "河南安阳", "transport": "汽运"},
    ],
    "D.9": [
        {"name": "稀释剂", "components": "二甲苯 40%、乙酸丁酯 35%、醋酸丁酯溶纤剂 25%", "properties": "无色液体，闪点 25 ℃，易燃；蒸气对眼和呼吸道有刺激，二甲苯列入有毒有害大气污染物名录", "category": "易燃液体", "usage": "涂料调配、喷枪清洗"},
    ],
    "D.10": [
        {"category": "新鲜水", "source": "市政自来水", "discharge": "经厂区污水站处理后进入市政管网", "unit": "m³", "total": yv(168000, 172500, 176000), "allocation": "按产值"},
        {"category": "企业自回用中水", "source": "厂内中水回用装置", "discharge": "冷却塔补水、绿化", "unit": "m³", "total": yv(21000, 26000, 30000), "allocation": "按产值"},
    ],
    "D.11": [
        {"category": "电力", "source": "国网郑州供电公司", "unit": "万kWh", "total": yv(2350, 2460, 2580), "allocation": "按产值"},
        {"category": "天然气", "source": "郑州华润燃气", "unit": "万m³", "total": yv(185, 192, 198), "product": "铝合金壳体", "allocation": "计量"},
        {"category": "蒸汽", "source": "园区热电厂（外购）", "unit": "t", "total": yv(8600, 8900, 9100), "product": "铝合金壳体", "allocation": "计量"},
    ],
    "D.12": [
        {"name": "天然气", "kind": "能源", "coefficient": 1.2143, "source": "供气公司热值检测 8500 kcal/m³ ÷ 7000"},
    ],
    "carbon": [  # 6.5.1.2.7 碳排放核算：外购蒸汽参数、二氧化碳保护焊的过程排放（天然气热值取 D.12 的实测折标系数）
        {"name": "蒸汽", "kind": "外购热力", "enthalpy": 2769, "source": "供汽合同：0.8 MPa 饱和蒸汽"},
        {"name": "二氧化碳气体保护焊", "kind": "过程排放", "unit": "t", "factor": 1, "quantity": yv(17.5, 18.2, 19.0),
         "source": "保护气体采购量，焊接过程全部逸散"},
    ],
    "D.13": [
        {"project": "年产 100 万件铝合金壳体项目", "content": "压铸、机加工、涂装生产线", "approval": "郑环审〔2015〕XX 号 2015-06", "acceptance": "2017-03 自主验收", "problems": "无", "note": ""},
        {"project": "涂装线 VOCs 深度治理项目", "content": "沸石转轮 + RTO", "approval": "登记表备案 2020-11", "acceptance": "2021-06 自主验收", "problems": "无", "note": ""},
        {"project": "扩产至 150 万件技改项目", "content": "新增压铸机 2 台、加工中心 12 台", "approval": "郑环审〔2022〕XX 号 2022-04", "acceptance": "2023-05 自主验收", "problems": "无", "note": ""},
    ],
    "D.14": [
        {"item": "排污许可", "status": "重点管理，证书编号 91410100XXXXXXXXXX001P，按期提交执行报告", "note": "有效期至 2028-05"},
        {"item": "环境信息披露", "status": "按《企业环境信息依法披露管理办法》年度披露", "note": ""},
        {"item": "环境守法", "status": "考察期无环保处罚和信访投诉", "note": ""},
        {"item": "突发环境事件应急预案", "status": "2023 年修订并备案，每年演练", "note": "备案编号 410100-2023-XXX-L"},
        {"item": "重污染天气应急预案", "status": "绩效分级 B 级，已制定减排清单", "note": ""},
        {"item": "环境信用评价", "status": "环保诚信企业", "note": ""},
    ],
    "D.15": [
        {"type": "废水", "source": "前处理、喷涂水帘", "factor": "COD、氨氮、SS、石油类", "treatment": "混凝沉淀 + 水解酸化 + 接触氧化", "mode": "间接排放（市政管网）", "outlet": "DW001 总排口", "outlet_type": "主要排放口"},
        {"type": "废水", "source": "生活", "factor": "COD、氨氮", "treatment": "化粪池", "mode": "间接排放（市政管网）", "outlet": "DW001 总排口", "outlet_type": "主要排放口"},
        {"type": "废气", "source": "喷涂、流平、固化", "factor": "非甲烷总烃、二甲苯", "treatment": "密闭收集 + 沸石转轮 + RTO", "mode": "有组织", "outlet": "DA001 涂装废气排气筒", "outlet_type": "主要排放口"},
        {"type": "废气", "source": "固化炉燃烧", "factor": "颗粒物、SO2、NOx", "treatment": "低氮燃烧器", "mode": "有组织", "outlet": "DA002 固化炉排气筒", "outlet_type": "一般排放口"},
        {"type": "废气", "source": "抛丸", "factor": "颗粒物", "treatment": "滤筒除尘器", "mode": "有组织", "outlet": "DA003 抛丸排气筒", "outlet_type": "一般排放口"},
        {"type": "噪声", "source": "压铸机、空压机、风机", "factor": "等效 A 声级", "treatment": "隔声、减振、消声", "mode": "/", "outlet": "/", "outlet_type": "/"},
        {"type": "固废", "source": "机加工、涂装、污水站", "factor": "铝屑、漆渣、废切削液、污泥", "treatment": "分类暂存，委托处置或外售", "mode": "/", "outlet": "/", "outlet_type": "/"},
    ],
    "D.16": [
        {"type": "废水", "standard": "《污水综合排放标准》GB 8978 三级及园区污水处理厂收水标准", "factor": "COD", "limit": "500 mg/L", "quota": "30 t/a", "location": "DW001"},
        {"type": "废水", "standard": "同上", "factor": "氨氮", "limit": "45 mg/L", "quota": "1.5 t/a", "location": "DW001"},
        {"type": "废气", "standard": "河南省工业涂装 VOCs 排放地方标准（示意）", "factor": "非甲烷总烃", "limit": "50 mg/m³", "quota": "8 t/a", "location": "DA001"},
        {"type": "废气", "standard": "河南省工业炉窑大气污染物排放标准（示意）", "factor": "NOx", "limit": "150 mg/m³", "quota": "4 t/a", "location": "DA002"},
        {"type": "废气", "standard": "同上", "factor": "颗粒物", "limit": "10 mg/m³", "quota": "1.2 t/a", "location": "DA003"},
        {"type": "噪声", "standard": "《工业企业厂界环境噪声排放标准》GB 12348 3 类", "factor": "等效 A 声级", "limit": "昼 65 / 夜 55 dB(A)", "quota": "/", "location": "/"},
        {"type": "固废", "standard": "GB 18599、GB 18597", "factor": "/", "limit": "/", "quota": "/", "location": "/"},
    ],
    "D.17": [
        {"category": "工业废水", "facility": "综合废水处理站", "process": "混凝沉淀 + 水解酸化 + 接触氧化", "design": "400 m³/d", "actual": "327 m³/d", "runtime": "7200 h/a", "online": True, "ledger": True},
        {"category": "生活污水", "facility": "化粪池", "process": "厌氧消化", "design": "150 m³/d", "actual": "120 m³/d", "runtime": "连续", "online": False, "ledger": True},
    ],
    "D.18": [
        {"category": "工业废水", "point": "DW001 总排口", "time": "2024 年全年", "method": "在线连续 + 季度手工", "volume": 98000, "pollutant": "COD", "limit": 500, "c_max": 286, "c_min": 120, "c_avg": 180, "exceed_rate": 0, "load": 17.64, "destination": "市政管网 → 园区污水处理厂", "data_source": "在线监测、季度监测报告"},
        {"category": "工业废水", "point": "DW001 总排口", "time": "2024 年全年", "method": "在线连续 + 季度手工", "volume": 98000, "pollutant": "氨氮", "limit": 45, "c_max": 18.6, "c_min": 5.2, "c_avg": 9.8, "exceed_rate": 0, "load": 0.9604, "destination": "市政管网 → 园区污水处理厂", "data_source": "在线监测"},
        {"category": "生活污水", "point": "化粪池出口", "time": "2024-06", "method": "年度手工 1 次", "volume": 36000, "pollutant": "COD", "limit": 500, "c_max": 310, "c_min": 220, "c_avg": 260, "exceed_rate": 0, "load": 9.36, "destination": "市政管网", "data_source": "检测报告 ZZJC-2024-0612"},
    ],
    "D.19": [
        {"name": "涂装废气", "measure": "密闭喷房收集 + 沸石转轮浓缩 + RTO", "count": 1, "process": "吸附浓缩 + 蓄热燃烧", "design": "60000 m³/h", "actual": "52000 m³/h", "runtime": "4800 h/a", "online": True, "ledger": True, "efficiency": 87.3},
        {"name": "固化炉烟气", "measure": "低氮燃烧器", "count": 2, "process": "低氮燃烧", "design": "12000 m³/h", "actual": "10500 m³/h", "runtime": "4800 h/a", "online": False, "ledger": True},
        {"name": "抛丸粉尘", "measure": "滤筒除尘器", "count": 1, "process": "过滤除尘", "design": "20000 m³/h", "actual": "18000 m³/h", "runtime": "3600 h/a", "online": False, "ledger": True},
    ],
    "D.20": [
        {"name": "涂装废气", "point": "DA001", "time": "2024 年全年", "method": "在线连续", "pollutant": "非甲烷总烃", "flow": 60000, "c_max": 32, "c_min": 8, "c_avg": 18, "exceed_rate": 0, "c_limit": 50, "r_max": 1.92, "r_min": 0.48, "r_avg": 1.08, "r_limit": 3.0, "height": 25, "load": 5.184, "data_source": "在线监测"},
        {"name": "涂装废气", "point": "DA001", "time": "2024-05", "method": "季度手工", "pollutant": "二甲苯", "flow": 60000, "c_max": 1.8, "c_min": 0.6, "c_avg": 1.1, "exceed_rate": 0, "c_limit": 10, "r_max": 0.108, "r_min": 0.036, "r_avg": 0.066, "r_limit": 0.8, "height": 25, "load": 0.317, "data_source": "检测报告 ZZJC-2024-0508"},
        {"name": "固化炉烟气", "point": "DA002", "time": "2024-05", "method": "季度手工", "pollutant": "NOx", "flow": 12000, "c_max": 68, "c_min": 30, "c_avg": 45, "exceed_rate": 0, "c_limit": 150, "r_max": 0.816, "r_min": 0.36, "r_avg": 0.54, "height": 15, "load": 2.592, "data_source": "检测报告 ZZJC-2024-0508"},
        {"name": "抛丸粉尘", "point": "DA003", "time": "2024-05", "method": "季度手工", "pollutant": "颗粒物", "flow": 20000, "c_max": 8.2, "c_min": 4.1, "c_avg": 6.0, "exceed_rate": 0, "c_limit": 10, "r_max": 0.164, "r_min": 0.082, "r_avg": 0.12, "height": 15, "load": 0.432, "data_source": "检测报告 ZZJC-2024-0508"},
    ],
    "D.21": [
        {"category": "一般固体废物", "name": "铝屑", "code": "900-001-S17", "source": "机加工", "generated": 186, "form": "固态", "hazard": "/", "storage": "一般固废库", "disposal": "外售再生铝企业", "disposed": 186, "cycle": "每周", "ledger": True},
        {"category": "一般固体废物", "name": "废包装材料", "code": "900-003-S17", "source": "仓储", "generated": 42, "form": "固态", "hazard": "/", "storage": "一般固废库", "disposal": "外售回收", "disposed": 42, "cycle": "每月", "ledger": True},
        {"category": "危险废物", "name": "漆渣", "code": "HW12 900-252-12", "source": "喷涂水帘", "generated": 38, "form": "半固态", "hazard": "有机树脂、二甲苯", "storage": "危废库", "disposal": "委托有资质单位焚烧", "disposed": 38, "cycle": "每月", "ledger": True},
        {"category": "危险废物", "name": "废切削液", "code": "HW09 900-006-09", "source": "机加工", "generated": 21, "form": "液态", "hazard": "矿物油", "storage": "危废库", "disposal": "委托有资质单位处置", "disposed": 21, "cycle": "每季度", "ledger": True},
        {"category": "危险废物", "name": "废沸石及废过滤棉", "code": "HW49 900-041-49", "source": "废气治理", "generated": 4.5, "form": "固态", "hazard": "有机物", "storage": "危废库", "disposal": "委托有资质单位处置", "disposed": 4.5, "cycle": "每半年", "ledger": True},
    ],
    "D.22": [
        {"point": p, "period": t, "value": v, "limit": 65 if t == "昼间" else 55, "report_no": "ZZJC-2024-0508"}
        for p, vals in (("东厂界", (58.2, 47.6)), ("西厂界", (56.9, 46.8)), ("南厂界", (61.3, 50.2)), ("北厂界", (55.4, 45.9)))
        for t, v in zip(("昼间", "夜间"), vals)
    ],
    "D.23": [
        {"pollutant": "COD", "quota": 30, "emission": 27.0, "quota_source": "排污许可证"},
        {"pollutant": "氨氮", "quota": 1.5, "emission": 1.19, "quota_source": "排污许可证"},
        {"pollutant": "VOCs（非甲烷总烃）", "quota": 8, "emission": 5.184, "quota_source": "环评批复"},
        {"pollutant": "NOx", "quota": 4, "emission": 2.592, "quota_source": "排污许可证"},
        {"pollutant": "颗粒物", "quota": 1.2, "emission": 0.432, "quota_source": "排污许可证"},
    ],
    "D.24": [
        {"indicator": "单位产品综合能耗", "derive": "单位产品综合能耗", "unit": "kgce/万件", "direction": "降低", "baseline": 46111.9, "near_rel": 4, "mid_rel": 8, "options": "F03、F06、F09、F12", "benefit": "节能", "denominator": 135, "achieved": 44104},
        {"indicator": "单位产品新鲜水耗", "derive": "单耗:新鲜水", "unit": "m³/万件", "direction": "降低", "baseline": 1089.8, "near_rel": 8, "mid_rel": 12, "options": "F02、F07、F11", "benefit": "节水", "denominator": 135, "achieved": 961.5, "achieved_derive": "单耗:全厂水平衡（审核后）/新鲜水"},
        {"indicator": "VOCs 排放量", "derive": "排放量:VOCs（非甲烷总烃）", "unit": "t/a", "direction": "降低", "baseline": 5.184, "near_abs": 4.0, "mid_abs": 3.5, "options": "F04、F10、F14", "benefit": "减排VOCs", "denominator": 1000, "achieved": 3.62, "achieved_derive": "总量:VOCs 污染因子平衡（审核后）/有组织排放"},
        {"indicator": "危险废物产生量", "derive": "产生量:危险废物", "unit": "t/a", "direction": "降低", "baseline": 63.5, "near_rel": 15, "mid_rel": 25, "options": "F01、F05、F10、F11", "benefit": "减少危险废物", "denominator": 1, "achieved": 50.4},
        {"indicator": "中水回用率", "derive": "占比:企业自回用中水", "unit": "%", "direction": "提高", "baseline": 14.6, "near_abs": 18, "mid_abs": 22, "options": "F02、F11", "expected": 18.5, "achieved": 18.9, "achieved_derive": "占比:全厂水平衡（审核后）/回用中水"},
    ],
    "D.26": [
        {"name": "电能表（涂装线分表）", "location": "涂装线配电柜", "model": "DTSD341", "range": "3×1.5(6) A", "accuracy": "0.5S", "quantity": 6, "status": "在用", "calibration": "2024-10 检定合格"},
        {"name": "天然气流量计", "location": "RTO、固化炉进气", "model": "涡轮 DN50", "range": "10–160 m³/h", "accuracy": "1.0", "quantity": 3, "status": "在用", "calibration": "2024-09 检定合格"},
        {"name": "蒸汽流量计", "location": "前处理进汽", "model": "涡街 DN80", "range": "0.5–5 t/h", "accuracy": "1.5", "quantity": 1, "status": "在用", "calibration": "2024-09 检定合格"},
        {"name": "电磁水表", "location": "前处理、水帘补水", "model": "DN50", "range": "0.5–40 m³/h", "accuracy": "2 级", "quantity": 4, "status": "在用（本轮新增 2 台）", "calibration": "2025-04 检定合格"},
        {"name": "VOCs 在线监测仪", "location": "DA001", "model": "FID", "range": "0–500 mg/m³", "accuracy": "±5%", "quantity": 1, "status": "在用", "calibration": "2025-03 比对合格"},
    ],
    "D.27": [
        {"name": "涂料", "location": "喷涂工位", "f_material": "涂料固含量偏低", "f_process": "空气喷涂上漆率约 45%", "f_equipment": "喷枪雾化效果差", "f_control": "调漆量凭经验", "f_product": "/", "f_waste": "过喷漆雾进入水帘成漆渣", "f_management": "余漆未登记回用", "f_staff": "操作技能差异大"},
        {"name": "新鲜水", "location": "前处理清洗槽", "f_material": "/", "f_process": "逐级溢流设计不合理", "f_equipment": "无液位控制", "f_control": "长流水", "f_product": "/", "f_waste": "清洗废水量大", "f_management": "未分车间计量考核", "f_staff": "节水意识弱"},
        {"name": "电力", "location": "空压站", "f_material": "/", "f_process": "/", "f_equipment": "工频空压机卸载运行", "f_control": "无群控", "f_product": "/", "f_waste": "压缩热未利用", "f_management": "管网泄漏无巡检", "f_staff": "/"},
    ],
    "D.28": [
        {"name": "VOCs（非甲烷总烃）", "location": "喷涂、流平、固化", "f_material": "稀释剂含二甲苯", "f_process": "空气喷涂过喷量大", "f_equipment": "RTO 炉温设定偏高", "f_collection": "流平段收集风量不足", "f_treatment": "RTO 去除效率仅 87.3%（VOCs 平衡）", "f_control": "转轮转速未优化", "f_management": "清洗溶剂无定额", "f_staff": "擦拭作业敞开"},
    ],
    "D.29": [
        {"opinion": "以静电旋杯替代空气喷枪，提高上漆率", "adoption": "采纳，形成方案 F10", "expert": "陈国华", "date": D(2025, 6, 18)},
        {"opinion": "前处理磷化改为常温硅烷工艺", "adoption": "采纳，形成方案 F11", "expert": "陈国华", "date": D(2025, 6, 18)},
        {"opinion": "危废台账信息化，与转移联单关联", "adoption": "采纳，形成方案 F08", "expert": "陈国华", "date": D(2025, 6, 18)},
    ],
    "feasibility": [
        {"number": "F09", "technical": "变频螺杆机与热回收技术成熟，国内同类企业广泛应用，安装不影响生产", "technical_ok": True, "environmental": "节电 42 万 kWh/a、节蒸汽 600 t/a，无二次污染", "environmental_ok": True, "investment": 68, "subsidy": 0, "annual_saving": 42.6, "years": 10, "economic_note": "电价 0.70 元/kWh、蒸汽 220 元/t（2024 年当地市场价）"},
        {"number": "F10", "technical": "静电旋杯在汽车零部件涂装中成熟应用，与现有机器人兼容", "technical_ok": True, "environmental": "减少涂料和稀释剂用量，减排 VOCs 0.9 t/a，减少漆渣 4 t/a", "environmental_ok": True, "investment": 185, "subsidy": 0, "annual_saving": 52, "years": 10, "economic_note": "涂料 2.5 万元/t、稀释剂 2.4 万元/t"},
        {"number": "F11", "technical": "硅烷前处理常温运行，已在行业推广，需调整槽液管理", "technical_ok": True, "environmental": "取消磷化渣，节蒸汽 1500 t/a、节水 1.2 万 m³/a，减排 COD 1.8 t/a", "environmental_ok": True, "investment": 96, "subsidy": 0, "annual_saving": 46.2, "years": 10, "economic_note": "蒸汽 220 元/t、水 4.3 元/m³、药剂及危废处置费"},
        {"number": "F12", "technical": "屋面可利用面积约 9000 m²，光伏组件和并网技术成熟", "technical_ok": True, "environmental": "年发电约 125 万 kWh，减少外购电和间接碳排放", "environmental_ok": True, "investment": 420, "subsidy": 0, "annual_saving": 87.5, "years": 20, "economic_note": "自发自用电价 0.70 元/kWh，计算期 20 年", "adjusted_investment": 360, "adjusted_saving": 73.5},
    ],
    "D.35": [
        {"number": n, "step": s, "time": t, "dept": d, "status": "已完成"}
        for n, d, steps in (
            ("F09", "设备部", (("方案提出", "2025-06"), ("筹备资金", "2025-08"), ("设备购置", "2025-09"), ("设备安装", "2025-10"), ("调试运行", "2025-11"))),
            ("F10", "涂装车间", (("方案提出", "2025-06"), ("筹备资金", "2025-08"), ("设备购置", "2025-09—10"), ("设备安装", "2025-11—12"), ("调试运行", "2026-01"))),
            ("F11", "技术部", (("方案提出", "2025-06"), ("筹备资金", "2025-08"), ("设备购置", "2025-10"), ("设备安装", "2025-11—12"), ("调试运行", "2026-01"))),
            ("F12", "设备部", (("方案提出", "2025-07"), ("筹备资金", "2025-09"), ("设备购置", "2025-10—11"), ("设备安装", "2025-12—2026-01"), ("调试运行", "2026-02"))),
        ) for s, t in steps
    ],
    "D.43": [
        {"item": "健全持续清洁生产组织机构", "content": "保留清洁生产领导小组，安环部设专职清洁生产管理岗", "time": "长期", "dept": "安环部", "owner": "李文静"},
        {"item": "完善清洁生产管理制度", "content": "修订《能源管理制度》《清洁生产奖惩办法》，节能节水纳入绩效考核", "time": "2026-06 前", "dept": "人力资源部", "owner": "赵红"},
        {"item": "持续清洁生产方案", "content": "壳体轻量化设计（F13）、涂装线余热回收二期", "time": "2026—2028", "dept": "技术部", "owner": "吴磊"},
        {"item": "清洁生产新技术研究与开发计划", "content": "与高校合作研究免喷涂铝合金表面处理技术", "time": "2026—2027", "dept": "技术部", "owner": "吴磊"},
        {"item": "持续宣贯培训", "content": "每半年开展一次清洁生产培训，新员工入职培训含清洁生产内容", "time": "每半年", "dept": "人力资源部", "owner": "赵红"},
    ],
    "E.1": [
        {"name": "钱芳", "dept": "涂装车间", "phone": "138 0000 0006", "date": D(2025, 3, 25), "title": "余漆登记回用", "category": "管理", "problem": "每班余漆直接报废", "solution": "余漆密封登记，次班优先使用", "cost": "0.5 万元", "env": "减少漆渣约 1.5 t/a", "econ": "约 3 万元/a", "representative": True},
        {"name": "孙浩", "dept": "设备部", "phone": "138 0000 0005", "date": D(2025, 3, 26), "title": "车间照明改 LED", "category": "设备", "problem": "金卤灯功率大、寿命短", "solution": "更换 LED 灯具", "cost": "约 9 万元", "env": "节电约 9.5 万 kWh/a", "econ": "约 6.7 万元/a", "representative": True},
        {"name": "王小明", "dept": "涂装车间", "phone": "138 0000 0010", "date": D(2025, 3, 27), "title": "清洗溶剂改水基", "category": "原辅材料和资源能源", "problem": "擦拭使用含二甲苯溶剂", "solution": "改用水基清洗剂", "cost": "约 3.5 万元", "env": "减少 VOCs 约 0.4 t/a", "econ": "约 1 万元/a", "representative": True},
    ],
    "E.2": [
        {"start": D(2025, 3, 10), "end": D(2025, 3, 12), "staff": "周洁、马超", "work": "启动会、培训宣贯、资料收集", "evaluation": "准备充分，培训效果好"},
        {"start": D(2025, 4, 8), "end": D(2025, 4, 11), "staff": "周洁、马超、郑敏", "work": "现场考察、确定审核重点", "evaluation": "发现问题准确"},
        {"start": D(2025, 5, 20), "end": D(2025, 5, 24), "staff": "马超、郑敏", "work": "审核重点实测、建立平衡", "evaluation": "实测规范"},
        {"start": D(2025, 7, 15), "end": D(2025, 7, 17), "staff": "周洁、马超", "work": "方案筛选、可行性分析", "evaluation": "方案切实可行"},
        {"start": D(2026, 3, 10), "end": D(2026, 3, 12), "staff": "周洁、郑敏", "work": "方案实施效果核定、验收报告编制", "evaluation": "核定依据充分"},
    ],
    "E.3": [
        {"expert": "陈国华", "org": "示例理工大学机械工程学院", "position": "系主任", "title": "教授", "field": "汽车零部件涂装与表面处理", "contact": "139 0000 0099", "email": "chen@example.edu.cn", "opinion": "1. 建议以静电旋杯替代空气喷枪；2. 建议前处理磷化改硅烷；3. 建议危废台账信息化。", "date": D(2025, 6, 18)},
    ],
    "balance": [
        *[{"balance": "全厂水平衡（2024 年）", "kind": "水", "stream": s, "direction": d, "amount": a, "unit": "m³/a", "note": n} for s, d, a, n in (
            ("新鲜水", "输入", 176000, "市政自来水"), ("回用中水", "输入", 30000, "中水回用装置"),
            ("工业废水外排", "输出", 98000, "DW001"), ("生活污水外排", "输出", 36000, "DW001"), ("进入中水回用装置", "输出", 30000, ""),
            ("冷却塔及烘干蒸发", "输出", 36500, "估算"), ("产品及污泥带走", "输出", 1500, "估算"),
            ("合计", "输入合计", 206000, ""), ("合计", "输出合计", 202000, ""))],
        *[{"balance": "涂装线涂料物料平衡（2024 年）", "kind": "物料", "stream": s, "direction": d, "amount": a, "unit": "t/a", "note": n} for s, d, a, n in (
            ("水性涂料", "输入", 131, ""), ("稀释剂", "输入", 33, ""),
            ("涂层附着于工件", "输出", 82, "产品"), ("漆渣（干基折算）", "输出", 38, ""), ("VOCs 经 RTO 去除", "输出", 35.6, ""),
            ("VOCs 有组织排放", "输出", 5.18, "DA001"), ("VOCs 无组织排放", "输出", 2.4, "估算"),
            ("合计", "输入合计", 164, ""), ("合计", "输出合计", 163.18, ""))],
        *[{"balance": "固化炉能量平衡（2024 年）", "kind": "能量", "stream": s, "direction": d, "amount": a, "unit": "GJ/a", "note": "",
           **({"role": "有效利用"} if s == "工件及挂具吸热" else {})} for s, d, a in (
            ("天然气燃烧热", "输入", 52000), ("工件及挂具吸热", "输出", 21800), ("排烟热损失", "输出", 17500),
            ("炉体散热", "输出", 8200), ("循环风及开门损失", "输出", 3600), ("合计", "输入合计", 52000), ("合计", "输出合计", 51100))],
        *[{"balance": "VOCs 污染因子平衡（2024 年）", "kind": "污染因子", "stream": s, "direction": d, "amount": a, "unit": "kg/a", "note": "",
           **({"role": role} if role else {}), **({"facility": "涂装废气"} if role == "去除" else {})} for s, d, a, role in (
            ("涂料及稀释剂挥发分", "输入", 43200, ""), ("RTO 去除", "输出", 35600, "去除"), ("有组织排放", "输出", 5184, "有组织排放"),
            ("无组织排放", "输出", 2400, "无组织排放"), ("合计", "输入合计", 43200, ""), ("合计", "输出合计", 43184, ""))],
    ],
    "focus_weights": [
        {"factor": "废物量", "weight": 10}, {"factor": "主要消耗", "weight": 9}, {"factor": "环境代价", "weight": 8},
        {"factor": "废物毒性", "weight": 7}, {"factor": "清洁生产潜力", "weight": 5}, {"factor": "车间积极性", "weight": 2},
    ],
    "focus_scores": [
        {"candidate": c, "factor": f, "score": s}
        for c, scores in (("涂装车间", (9, 8, 9, 9, 9, 8)), ("机加工车间", (7, 6, 5, 5, 6, 7)),
                          ("压铸车间", (6, 9, 6, 3, 6, 6)), ("空压站", (2, 7, 3, 1, 8, 8)))
        for f, s in zip(("废物量", "主要消耗", "环境代价", "废物毒性", "清洁生产潜力", "车间积极性"), scores)
    ],
    "cp_level": [
        {"indicator": "单位产品综合能耗", "unit": "kgce/万件", "direction": "降低", "level1": 42000, "level2": 48000, "level3": 55000, "before": 46111.9, "after": 44104, "source": "同类企业先进水平（示意）"},
        {"indicator": "单位产品新鲜水耗", "unit": "m³/万件", "direction": "降低", "level1": 1000, "level2": 1200, "level3": 1500, "before": 1089.8, "after": 961.5, "source": "同类企业先进水平（示意）"},
        {"indicator": "涂料上漆率", "unit": "%", "direction": "提高", "level1": 75, "level2": 65, "level3": 40, "before": 45, "after": 70, "source": "行业经验值（示意）"},
        {"indicator": "危险废物规范化管理", "unit": "%", "direction": "提高", "level1": 100, "level2": 100, "level3": 90, "before": 95, "after": 100, "source": "危险废物规范化环境管理评估（示意）"},
    ],
    "previous_options": [
        {"number": "F01", "name": "压铸机保温炉加盖保温", "cost_class": "无/低费", "investment": 2.5, "benefit": "节天然气 3 万 m³/a", "status": "已实施"},
        {"number": "F05", "name": "机加工切削液集中过滤回用", "cost_class": "中/高费", "investment": 45, "benefit": "减少废切削液 12 t/a", "status": "已实施"},
        {"number": "F07", "name": "涂装废气活性炭改沸石转轮 + RTO", "cost_class": "中/高费", "investment": 380, "benefit": "VOCs 去除效率由 60% 提高到 94%", "status": "已实施（2021 年）"},
        {"number": "F09", "name": "中水回用装置", "cost_class": "中/高费", "investment": 85, "benefit": "回用中水 2 万 m³/a", "status": "已实施"},
    ],
}
def _monthly():
    """6.5.1.2.4 a) 审核基准期逐月产量与消耗（各月之和等于 D.6、D.7、D.11 的 2024 年数值）."""
    share = (0.07, 0.06, 0.085, 0.085, 0.09, 0.085, 0.08, 0.08, 0.09, 0.09, 0.09, 0.095)
    out = []
    for name, total in (("铝合金壳体", 135), ("钢制支架", 3500)):
        q = [round(total * s, 3) for s in share]
        q[-1] = round(total - sum(q[:-1]), 3)
        out += [{"month": m, "kind": "产量", "name": name, "quantity": x} for m, x in enumerate(q, 1)]
    heat = {1: "冬季固化炉和前处理槽液升温负荷大", 2: "春节停产 10 天，开停炉预热和保温的消耗摊到较少的产量上",
            6: "夏季环境温度高，升温负荷小", 7: "夏季环境温度高，升温负荷小", 8: "夏季环境温度高，升温负荷小",
            12: "冬季固化炉和前处理槽液升温负荷大"}
    items = (("铝锭", 3340, (1.03, 1.13, 1.0, 0.99, 0.98, 0.99, 1.01, 1.0, 0.98, 0.98, 0.97, 0.97),
              {2: "春节后复产试模，废品回炉多，铝锭单耗偏高"}),
             ("天然气", 198, (1.15, 1.2, 1.05, 0.97, 0.93, 0.9, 0.88, 0.88, 0.93, 0.98, 1.05, 1.12), heat),
             ("蒸汽", 9100, (1.14, 1.18, 1.04, 0.98, 0.94, 0.9, 0.88, 0.88, 0.94, 0.99, 1.05, 1.12), heat))
    out_h = [r["quantity"] for r in out if r["name"] == "铝合金壳体"]
    for name, total, f, why in items:
        k = total / sum(o * x for o, x in zip(out_h, f))
        q = [round(o * x * k, 2) for o, x in zip(out_h, f)]
        q[-1] = round(total - sum(q[:-1]), 2)
        unit = [x / o for x, o in zip(q, out_h)]
        mean = sum(unit) / 12
        for m, (x, u) in enumerate(zip(q, unit), 1):
            row = {"month": m, "kind": "消耗", "name": name, "product": "铝合金壳体", "quantity": x}
            if abs(u - mean) / mean > 0.10:
                row["reason"] = why[m]
            out.append(row)
    return out


ROWS["emission_trend"] = [  # 6.5.1.3.3 d)、6.5.1.3.4 d) 审核考察期排放量（基准期值、总量指标同表D.23）
    {"medium": m, "pollutant": n, "basis": "排放量", "unit": "t/a", "value": yv(*vals), "limit": q, "limit_source": src}
    for m, n, vals, q, src in (
        ("废水", "COD", (25.8, 26.5, 27.0), 30, "排污许可证"), ("废水", "氨氮", (1.32, 1.25, 1.19), 1.5, "排污许可证"),
        ("废气", "VOCs（非甲烷总烃）", (6.9, 6.1, 5.184), 8, "环评批复"), ("废气", "NOx", (2.75, 2.68, 2.592), 4, "排污许可证"),
        ("废气", "颗粒物", (0.51, 0.47, 0.432), 1.2, "排污许可证"))
]
ROWS["balance_after"] = [  # 7.3.5.1 审核后平衡（2026 年 1—3 月实测，折合年度）
    *[{"balance": "全厂水平衡（审核后）", "kind": "水", "stream": s, "direction": d, "amount": a, "unit": "m³/a", "note": n,
       "before": "全厂水平衡（2024 年）"} for s, d, a, n in (
        ("新鲜水", "输入", 160800, "市政自来水"), ("回用中水", "输入", 37500, "中水回用装置"),
        ("工业废水外排", "输出", 83500, "DW001"), ("生活污水外排", "输出", 36000, "DW001"), ("进入中水回用装置", "输出", 37500, ""),
        ("冷却塔及烘干蒸发", "输出", 38000, "估算"), ("产品及污泥带走", "输出", 1400, "估算"),
        ("合计", "输入合计", 198300, ""), ("合计", "输出合计", 196400, ""))],
    *[{"balance": "涂装线涂料物料平衡（审核后）", "kind": "物料", "stream": s, "direction": d, "amount": a, "unit": "t/a", "note": n,
       "before": "涂装线涂料物料平衡（2024 年）"} for s, d, a, n in (
        ("水性涂料", "输入", 113, ""), ("稀释剂", "输入", 30.9, ""),
        ("涂层附着于工件", "输出", 85, "产品"), ("漆渣（干基折算）", "输出", 21.5, ""), ("VOCs 经 RTO 去除", "输出", 31.0, ""),
        ("VOCs 有组织排放", "输出", 3.62, "DA001"), ("VOCs 无组织排放", "输出", 1.85, "估算"),
        ("合计", "输入合计", 143.9, ""), ("合计", "输出合计", 142.97, ""))],
    *[{"balance": "VOCs 污染因子平衡（审核后）", "kind": "污染因子", "stream": s, "direction": d, "amount": a, "unit": "kg/a", "note": "",
       "before": "VOCs 污染因子平衡（2024 年）", **({"role": role} if role else {})} for s, d, a, role in (
        ("涂料及稀释剂挥发分", "输入", 36500, ""), ("RTO 去除", "输出", 31000, "去除"), ("有组织排放", "输出", 3620, "有组织排放"),
        ("无组织排放", "输出", 1850, "无组织排放"), ("合计", "输入合计", 36500, ""), ("合计", "输出合计", 36470, ""))],
]
ROWS["after_output"] = [  # 与审核后平衡同一时段（折合年度）
    {"name": "铝合金壳体", "unit": "万件", "output": 140, "value": 28000, "period": "2026 年 1—3 月折合年度"},
    {"name": "钢制支架", "unit": "t", "output": 3600, "value": 5450, "period": "2026 年 1—3 月折合年度"},
]
ROWS["options"] = _options()
ROWS["monthly"] = _monthly()
ROWS["prices"] = [  # 6.8.2.4.2 基准年（2024 年）价格
    {"name": "电力", "price": 0.70, "unit": "元/kWh", "source": "2024 年电费结算单平均单价"},
    {"name": "天然气", "price": 3.6, "unit": "元/m³", "source": "2024 年非居民用气合同价"},
    {"name": "蒸汽", "price": 220, "unit": "元/t", "source": "园区热电厂 2024 年供汽价"},
    {"name": "新鲜水", "price": 4.3, "unit": "元/m³", "source": "郑州市 2024 年非居民用水价格（含污水处理费）"},
]
ROWS["benefits"] = _benefits()

ITEMS = {
    "D.4": {"name": NAME, "industry": "汽车零部件及配件制造 C3670", "nature": "有限责任公司（民营）", "legal_rep": "张立新",
            "address": "河南省郑州市示例区示例路 18 号", "postcode": "450000", "contact": "李文静", "phone": "0371-6000 0000",
            "founded": "2012-05", "production": "2013-10", "capital": 8000, "area": 86000, "shifts": "两班制，每班 8 h，年工作 300 d",
            "employees": 420, "products": "铝合金壳体 150 万件/a，钢制支架 4000 t/a",
            "equipment": "冷室压铸机、加工中心、喷涂机器人、天然气固化炉、沸石转轮 + RTO", "output_value": 32300},
    "D.37": {f"a{i:02d}": ("已建立" if i not in (18, 19, 21) else "已建立（评估部分）；验收材料待验收后归档") for i in range(1, 26)},
    "E.4": {"disclosure_date": "2025-03-18", "start_date": "2025-03-10", "assessment_date": "2025-08-28", "acceptance_date": "2026-04-20",
            "level_before": "国内一般水平", "level_after": "国内先进水平", "filled_by": "周洁", "reviewed_by": "李文静"},
}

NARRATIVE = {
    "preface": "本报告的企业与全部数据均为**示意数据**，用于演示 cpaudit 的计算与报告功能，不代表任何真实企业。\n\n"
               "郑州示例精密部件有限公司主要生产汽车铝合金壳体和钢制支架，属汽车零部件及配件制造业。企业列入郑州市 2025 年强制性清洁生产审核企业名单，"
               "于 2025 年 3 月启动第二轮清洁生产审核，委托示例环境技术咨询有限公司提供技术咨询。",
    "purpose": "通过本轮审核，查找涂装、能源利用和用水环节存在的问题，降低单位产品能耗、水耗和 VOCs、危险废物产生量，提升企业清洁生产水平。",
    "scope": "审核范围为企业厂区内全部生产车间（压铸、机加工、涂装）、公用辅助设施（空压站、配电室、污水站）及环保设施。",
    "training": "2025 年 3 月 11 日在公司会议室开展清洁生产审核培训，参训 86 人，内容包括清洁生产法规、审核程序与合理化建议征集。",
    "disclosure": "企业于 2025 年 3 月 18 日在郑州市生态环境局网站公示企业基本信息及产排污信息。",
    "process": "主要工艺：铝锭熔化 → 压铸 → 去毛刺 → 机加工 → 前处理（脱脂、磷化、水洗）→ 喷涂 → 流平 → 固化 → 检验包装。"
               "产污环节主要为压铸烟尘、机加工废切削液和铝屑、前处理废水、喷涂 VOCs 和漆渣、固化炉燃烧废气。",
    "site_visit": "2025 年 4 月 8—11 日，审核小组和咨询小组对各车间进行现场考察，发现喷涂上漆率低、清洗槽长流水、空压机卸载运行等问题 18 项。",
    "assessment": "2025 年 8 月 28 日郑州市生态环境局组织专家对本轮审核进行评估，评估结论为“通过”。企业按技术审查意见补充了 VOCs 平衡和光伏方案的经济分析。",
    "conclusion": "本轮审核确定涂装车间为审核重点，设置 5 项清洁生产目标，产生方案 14 项，其中可行方案 13 项。",
}


def main() -> None:
    std = get_registry().standard("zhengzhou_enterprise")
    # the narrative is the consultant's text (renamed by ``cpaudit upgrade``): written only for a new demo
    fresh = not (ROOT / "narrative").exists()
    (ROOT / "narrative").mkdir(parents=True, exist_ok=True)
    (ROOT / "project.toml").write_text(MANIFEST, encoding="utf-8")
    manifest = Manifest(standard=std.id, name=NAME, audit_year=YEAR)
    path = ROOT / "data.xlsx"
    write_workbook(path, std, manifest, ROWS)
    wb = openpyxl.load_workbook(path)
    for tid, values in ITEMS.items():
        ws = wb[std.tables[tid].sheet]
        for r in range(2, ws.max_row + 1):
            code = ws.cell(r, 1).value
            if code in values:
                ws.cell(r, 4, values[code])
    wb.save(path)
    for name, text in narrative_files(std).items() if fresh else ():
        body = NARRATIVE.get(name.removesuffix(".md"), "")
        (ROOT / "narrative" / name).write_text(text + ("\n" + body.strip() + "\n" if body else ""), encoding="utf-8")
    (ROOT / "README.md").write_text(
        f"# {NAME}\n\n**示意数据**：演示用的虚构企业，数据不代表任何真实企业。由 `scripts/make_enterprise_demo.py` 生成。\n\n"
        "```\ncpaudit check examples/enterprise_demo\ncpaudit evaluate examples/enterprise_demo\n"
        "cpaudit status examples/enterprise_demo\ncpaudit report examples/enterprise_demo --kind audit -o /tmp/audit.docx\n"
        "cpaudit report examples/enterprise_demo --kind acceptance -o /tmp/acceptance.docx\n```\n", encoding="utf-8")
    print(f"wrote {ROOT}", file=sys.stderr)


if __name__ == "__main__":
    main()

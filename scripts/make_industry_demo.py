"""Regenerate examples/industry_demo (illustrative data, not a real industry or city):
python scripts/make_industry_demo.py

A fictitious electroplating industry (电镀, GB/T 4754 C3360) of 36 enterprises in 示例市, graded with
the bundled *illustrative* evaluation system of the industry_cppc plugin.  Deterministic (fixed seed).
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
from cpframework.project.template import write_workbook

ROOT = Path(__file__).resolve().parents[1] / "examples" / "industry_demo"
NAME = "示例市电镀行业整体清洁生产审核（示意数据）"
YEAR = 2025
YEARS = [2022, 2023, 2024]
D = dt.date
N = 36
PREFIX = ["恒昌", "华达", "金辉", "瑞丰", "永盛", "鑫源", "宏泰", "精工", "东升", "明亮", "光华", "博远", "锦程", "天宇",
          "长兴", "嘉禾", "联信", "富康", "顺达", "新锐", "正泰", "汇丰", "佳美", "同创", "荣达", "立信", "万通", "兴隆",
          "宝丰", "德盛", "中和", "金盾", "银河", "海星", "凯旋", "友邦"]
TOWNS = ["示例市电镀集中区", "示例市东城区", "示例市西港镇", "示例市北湖工业园"]


def enterprises(rng: np.random.RandomState) -> list[dict]:
    tier = np.array([0] * 6 + [1] * 12 + [2] * 12 + [3] * 6)       # 0 = best … 3 = weakest
    rng.shuffle(tier)
    scales = np.where(tier == 0, "大型", np.where(tier == 1, "中型", np.where(tier == 2, "小型", "小型")))
    scales[[4, 11, 29]] = ["中型", "微型", "微型"]
    out = []
    for k in range(N):
        t, s = int(tier[k]), str(scales[k])
        area = {"大型": 600000, "中型": 220000, "小型": 60000, "微型": 12000}[s] * rng.uniform(0.7, 1.3)
        q = (3 - t) / 3 + rng.uniform(-0.12, 0.12)                 # latent cleaner-production quality
        out.append({"k": k, "id": f"QY{k + 1:02d}", "tier": t, "scale": s, "area": area, "q": float(np.clip(q, 0, 1)),
                    "name": f"示例市{PREFIX[k]}{'表面处理' if k % 3 else '电镀'}有限公司",
                    "town": TOWNS[0] if k % 4 else TOWNS[1 + k % 3]})
    return out


def per_year(value: float, growth: float, digits: int = 1) -> dict[int, float]:
    return {y: round(value / (1 + growth) ** (YEARS[-1] - y), digits) for y in YEARS}


def tables(ents: list[dict], rng: np.random.RandomState) -> tuple[dict[str, list[dict]], list[dict]]:
    rows: dict[str, list[dict]] = {k: [] for k in ("enterprises", "production", "materials", "water", "energy",
                                                   "pollutants", "permits", "indicator_values")}
    for e in ents:
        q, area, eid = e["q"], e["area"], e["id"]
        g = rng.uniform(0.02, 0.08)
        emp = {"大型": 420, "中型": 160, "小型": 55, "微型": 18}[e["scale"]] * rng.uniform(0.8, 1.2)
        ov = area * rng.uniform(0.011, 0.016)                       # 万元
        rows["enterprises"].append({
            "id": eid, "name": e["name"], "credit_code": f"91{330000 + e['k']:06d}MA{e['k']:02d}XY{e['k'] % 10}",
            "location": e["town"], "industry_code": "C3360", "scale": e["scale"],
            "key_enterprise": e["scale"] in ("大型",) or e["tier"] == 3, "employees": int(emp),
            "output_value": per_year(ov, g), "value_added": per_year(ov * 0.28, g), "revenue": per_year(ov * 1.05, g)})
        zinc_only = e["k"] in (7, 23)
        rows["production"].append({"enterprise": eid, "product": "镀锌件" if zinc_only else "镀镍铬件", "unit": "m²",
                                   "output": per_year(area, g, 0)})
        fresh_l = 102 - 62 * q + rng.uniform(-6, 6)                 # L/m²
        reuse = 0.18 + 0.45 * q + rng.uniform(-0.06, 0.06)
        fresh = area * fresh_l / 1000
        rows["water"].append({"enterprise": eid, "fresh": per_year(fresh, g * 0.5, 0),
                              "reused": per_year(fresh * reuse / (1 - reuse), g * 0.5, 0),
                              "wastewater": per_year(fresh * rng.uniform(0.8, 0.9), g * 0.5, 0)})
        kgce = 1.9 - 1.25 * q + rng.uniform(-0.12, 0.12)
        tce = area * kgce / 1000
        rows["energy"] += [
            {"enterprise": eid, "carrier": "电力", "unit": "万kWh", "quantity": per_year(tce * 0.75 / 1.229, g),
             "tce": per_year(tce * 0.75, g)},
            {"enterprise": eid, "carrier": "天然气", "unit": "万m³", "quantity": per_year(tce * 0.25 / 13.3, g, 2),
             "tce": per_year(tce * 0.25, g)}]
        rows["enterprises"][-1]["energy_total"] = {y: round(sum(r["tce"][y] for r in rows["energy"][-2:]), 1)
                                                   for y in YEARS}  # 企业能源统计报表的综合能源消费量
        ni = area * (1.45 - 1.1 * q + rng.uniform(-0.08, 0.08)) / 1000  # kg
        polls = [("废水", "COD", "t", False, area * 0.00012, 0.25), ("废水", "总铬", "kg", True, area * 0.0004, 0.02),
                 ("危险废物", "电镀污泥", "t", True, area * 0.00035, 0.0), ("温室气体", "二氧化碳", "t", False, tce * 2.2, 1.0)]
        if not zinc_only:
            polls.insert(1, ("废水", "总镍", "kg", True, ni, 0.03))
        for medium, pol, unit, ch, gen, frac in polls:
            rows["pollutants"].append({"enterprise": eid, "medium": medium, "pollutant": pol, "unit": unit,
                                       "characteristic": ch, "generated": per_year(gen, g, 3),
                                       "emitted": per_year(gen * frac, g, 3),
                                       "permitted": round(gen * frac * 1.6, 3) if medium == "废水" else None,
                                       "compliance": 100.0 if e["k"] not in (13, 31) else 91.7})
        rows["materials"] += [
            {"enterprise": eid, "material": "氯化锌" if zinc_only else "硫酸镍", "unit": "t", "toxic": True,
             "consumption": per_year(area * 0.00003, g, 2)},
            {"enterprise": eid, "material": "盐酸（31%）", "unit": "t", "toxic": False,
             "consumption": per_year(area * 0.00018, g, 2)}]
        rows["permits"].append({"enterprise": eid, "permit_no": f"9133{e['k']:04d}0000{e['k']:02d}001P",
                                "category": "重点管理" if e["scale"] in ("大型", "中型") else "简化管理",
                                "valid_until": D(2027 + e["k"] % 3, 6, 30), "reports_submitted": e["k"] not in (13, 31)})
        lvl = lambda x: "Ⅰ" if x > 0.72 else ("Ⅱ" if x > 0.45 else ("Ⅲ" if x > 0.2 else "未达"))  # noqa: E731
        vals = {"E01": "否" if e["k"] == 17 else "是",
                "E02": lvl(q + rng.uniform(-0.1, 0.1)),
                "E03": {"大型": "Ⅰ", "中型": "Ⅱ", "小型": "Ⅲ", "微型": "Ⅲ"}[e["scale"]],
                "E04": "否" if e["k"] in (20, 33) else "是",
                "E08": "不适用" if zinc_only else round(83 + 13 * q + rng.uniform(-1.5, 1.5), 1),
                **({"E10": "不适用"} if zinc_only else {}),   # computed from 总镍 rows; a zinc plater has none
                "E11": "否" if e["k"] == 26 else "是",
                "E12": round(93.5 + 5.5 * q + rng.uniform(-0.8, 0.8), 1),
                "E13": "否" if e["k"] in (13, 31) else "是",
                "E14": lvl(q + rng.uniform(-0.15, 0.15)),
                "E15": "是" if e["scale"] in ("大型", "中型") or e["k"] % 5 == 0 else "否",
                "E16": "否" if e["k"] in (9, 29) else "是"}
        method = {"E01": "标准对比法", "E04": "标准对比法", "E11": "标准对比法", "E13": "标准对比法",
                  "E08": "同类类比法", "E10": "标准对比法", "E12": "同类类比法", "E02": "先进对照法", "E03": "先进对照法"}
        for code, v in vals.items():
            rows["indicator_values"].append({"enterprise": eid, "indicator": code, "value": v,
                                             "method": method.get(code, "专家经验法"),
                                             "evidence": "现场考察及企业台账" if code not in ("E13",) else "执法监测报告与排污许可执行报告"})
    return rows, ents


FIXED = {
    "team": [
        {"name": "王志刚", "role": "组长", "dept": "示例市生态环境局 副局长", "duty": "审核工作的统筹部署", "time": "全程", "contact": "0000-1000001"},
        {"name": "刘芳", "role": "副组长", "dept": "示例市工业和信息化局 节能与综合利用科 科长", "duty": "各参与方的组织协调、支持保障", "time": "全程", "contact": "0000-1000002"},
        {"name": "陈立", "role": "组员", "dept": "示例市生态环境局 科技与财务科 科长", "duty": "审核工作的监督落实", "time": "40 天", "contact": "0000-1000003"},
        {"name": "赵倩", "role": "组员", "dept": "示例市表面处理行业协会 秘书长", "duty": "宣传教育与能力建设、企业联络", "time": "40 天", "contact": "0000-1000004"},
        {"name": "孙海", "role": "组员", "dept": "示例市恒昌电镀有限公司 总经理", "duty": "企业层面审核配合", "time": "20 天", "contact": "0000-1000005"},
        {"name": "周敏", "role": "组员", "dept": "示例环境技术咨询有限公司 项目负责人（高级工程师）", "duty": "审核工作的技术指导、报告编制", "time": "全程", "contact": "0000-1000006"},
    ],
    "plan": [
        {"stage": "前期准备", "work": "明确审核任务", "start": D(2025, 3, 3), "finish": D(2025, 3, 7), "owner": "市生态环境局 王志刚"},
        {"stage": "前期准备", "work": "组建审核小组", "start": D(2025, 3, 5), "finish": D(2025, 3, 12), "owner": "市生态环境局 王志刚"},
        {"stage": "前期准备", "work": "宣传教育与能力建设", "start": D(2025, 3, 13), "finish": D(2025, 4, 11), "owner": "行业协会 赵倩"},
        {"stage": "审核诊断", "work": "资料收集", "start": D(2025, 3, 17), "finish": D(2025, 4, 30), "owner": "技术服务单位 周敏"},
        {"stage": "审核诊断", "work": "现场考察", "start": D(2025, 4, 7), "finish": D(2025, 5, 16), "owner": "技术服务单位 周敏"},
        {"stage": "审核诊断", "work": "确定审核诊断重点", "start": D(2025, 5, 19), "finish": D(2025, 5, 30), "owner": "审核小组 刘芳"},
        {"stage": "审核诊断", "work": "清洁生产水平诊断", "start": D(2025, 5, 19), "finish": D(2025, 6, 27), "owner": "技术服务单位 周敏"},
        {"stage": "报告编制", "work": "设置清洁生产审核目标", "start": D(2025, 6, 30), "finish": D(2025, 7, 11), "owner": "审核小组 刘芳"},
        {"stage": "报告编制", "work": "提出清洁生产方案", "start": D(2025, 7, 7), "finish": D(2025, 8, 15), "owner": "技术服务单位 周敏"},
        {"stage": "报告编制", "work": "编制清洁生产审核报告", "start": D(2025, 8, 18), "finish": D(2025, 9, 30), "owner": "技术服务单位 周敏", "remark": "送审稿"},
    ],
    "training": [
        {"date": D(2025, 3, 14), "form": "正式文件", "content": "印发《示例市电镀行业整体清洁生产审核工作方案》", "participants": 36},
        {"date": D(2025, 3, 25), "form": "培训会", "content": "清洁生产审核概念、推进政策体系解读、行业整体审核内容与要求", "participants": 88},
        {"date": D(2025, 4, 9), "form": "线上媒体", "content": "微信公众号发布电镀行业清洁生产成功实例", "participants": 1500},
        {"date": D(2025, 7, 17), "form": "研讨会", "content": "逆流漂洗与镀液回收技术交流，审核中的障碍及克服办法", "participants": 52},
    ],
    "site_visits": [
        {"date": D(2025, 4, 8), "enterprise": "QY01", "content": "前处理—镀镍—镀铬—漂洗全流程、废水站", "findings": "单级漂洗，带出液未回收", "obvious_options": "增设回收槽"},
        {"date": D(2025, 4, 10), "enterprise": "QY05", "content": "自动线、在线监测设施", "findings": "全自动线，在线监测联网", "obvious_options": ""},
        {"date": D(2025, 4, 16), "enterprise": "QY18", "content": "氰化镀锌线、危废贮存", "findings": "仍使用含氰镀锌工艺", "obvious_options": "无氰碱性镀锌替代"},
        {"date": D(2025, 4, 23), "enterprise": "QY27", "content": "危险废物贮存间", "findings": "电镀污泥露天堆放", "obvious_options": "规范化贮存间改造"},
        {"date": D(2025, 5, 6), "enterprise": "QY14", "content": "废水排放口、监测记录", "findings": "总镍偶有超标，执行报告未按时提交", "obvious_options": "含镍废水单独处理"},
        {"date": D(2025, 5, 14), "enterprise": "QY21", "content": "废水收集管网", "findings": "含镍与综合废水混排", "obvious_options": "分质收集改造"},
    ],
    "focus": [
        {"id": "Z1", "focus": "总镍、总铬等重金属特征污染物的产生与排放", "kind": "特征污染物", "basis": "电镀属重污染行业；总镍产生强度达标率低", "indicators": "E10,E04"},
        {"id": "Z2", "focus": "漂洗用水与水重复利用", "kind": "水资源", "basis": "重点用水行业；新鲜水用量、水重复利用率为行业共性短板", "indicators": "E05,E07,E09"},
        {"id": "Z3", "focus": "名单审核方向：重金属减排、节水", "kind": "名单审核方向", "basis": "市依法实施审核企业名单明确：重金属减排、节水", "indicators": "E10,E05"},
        {"id": "Z4", "focus": "监测监控能力", "kind": "其他", "basis": "小型企业在线监测联网不足", "indicators": "E15"},
    ],
    "findings": [
        {"dimension": "产业政策符合性", "finding": "1 家企业仍使用含氰镀锌工艺，属淘汰类工艺", "method": "标准对比法", "scope": "企业个性", "enterprises": "QY18", "indicators": "E01", "cause": "设备更新滞后，无氰工艺转换资金不足", "basis": "《产业结构调整指导目录》"},
        {"dimension": "生产工艺及装备指标", "finding": "7 家企业为单级或两级漂洗，带出液回收不足", "method": "先进对照法", "scope": "企业个性", "enterprises": "QY02,QY07,QY13,QY18,QY21,QY28,QY29", "indicators": "E02", "cause": "手工线改造空间受限，回收槽未配置", "basis": "行业先进企业 QY03 自动线"},
        {"dimension": "污染治理技术指标", "finding": "2 家企业含镍废水与综合废水混排，未分质处理", "method": "标准对比法", "scope": "企业个性", "enterprises": "QY21,QY34", "indicators": "E04", "cause": "建厂早，废水管网未分质设计", "basis": "GB 21900"},
        {"dimension": "污染物产生和排放指标", "finding": "8 家企业单位镀件面积总镍产生量未达Ⅲ级", "method": "同类类比法", "scope": "企业个性", "enterprises": "QY02,QY05,QY07,QY10,QY13,QY18,QY21,QY29", "indicators": "E10", "cause": "镀液带出量大，回收不足", "basis": "区域同类企业统计"},
        {"dimension": "资源综合利用指标", "finding": "单位镀件面积新鲜水用量偏高，14 家企业未达Ⅲ级，漂洗水未梯级利用", "method": "同类类比法", "scope": "行业共性", "enterprises": "全部", "indicators": "E05", "cause": "普遍采用单槽溢流漂洗，缺少逆流与回用设施", "basis": "行业先进水平"},
        {"dimension": "产品特征指标", "finding": "镀件一次合格率总体良好，2 家企业低于 94%", "method": "同类类比法", "scope": "企业个性", "enterprises": "QY02,QY29", "indicators": "E12", "cause": "前处理工艺参数控制不稳定", "basis": "企业质量台账"},
        {"dimension": "监测监控水平指标", "finding": "小型企业重点污染物在线监测未联网", "method": "标准对比法", "scope": "行业共性", "enterprises": "全部", "indicators": "E15", "cause": "小型企业单独建设在线监测成本高", "basis": "排污许可证监测要求"},
        {"dimension": "清洁生产管理指标", "finding": "2 家企业排放偶有超标且未按时提交执行报告", "method": "专家经验法", "scope": "企业个性", "enterprises": "QY14,QY32", "indicators": "E13", "cause": "环境管理人员不足，自行监测制度未落实", "basis": "执法监测报告"},
    ],
    "expert": [
        {"enterprises": "QY14,QY32", "indicators": "E13", "judgement": "两家企业排放偶有超标且未按时提交执行报告，属环境管理问题，不是处理设施能力不足",
         "reason": "现场考察见自行监测记录不全、环境管理人员为兼职；执法监测的超标时段与人员变动时段吻合，处理设施设计余量充足",
         "author": "张明（示意）", "affiliation": "示例市环境科学研究院 高级工程师", "date": D(2025, 5, 20)},
        {"enterprises": "全部", "indicators": "E14", "judgement": "行业清洁生产管理制度普遍停留在文件层面，需由协会统一指引",
         "reason": "抽查 6 家企业，制度文本齐全但无考核记录；行业内尚无统一的管理指引",
         "author": "李华（示意）", "affiliation": "示例市表面处理行业协会 秘书长", "date": D(2025, 5, 22)},
    ],
    "targets": [
        {"seq": 1, "focus": "Z2", "name": "行业水重复利用率（加权）", "indicator": "E07", "unit": "%", "current": "50.05", "target": "≥55", "deadline": D(2026, 12, 31), "reference": "清洁生产评价指标体系", "feasibility": "逆流漂洗改造后可达"},
        {"seq": 2, "focus": "Z2", "name": "单位镀件面积新鲜水用量未达Ⅲ级企业数", "indicator": "E05", "unit": "家", "current": "见评价结果", "target": "0", "deadline": D(2026, 12, 31), "reference": "清洁生产评价指标体系", "feasibility": "行业方案 F01 覆盖"},
        {"seq": 3, "focus": "Z1", "name": "单位镀件面积总镍产生量", "indicator": "E10", "unit": "g/m²", "current": "0.62", "target": "≤0.5", "deadline": D(2027, 6, 30), "reference": "行业先进水平", "feasibility": "镀液回收与带出液控制"},
        {"seq": 4, "focus": "Z4", "name": "在线监测联网企业比例", "indicator": "E15", "unit": "%", "current": "见评价结果", "target": "100", "deadline": D(2026, 6, 30), "reference": "量化统计指标", "feasibility": "集中区统一建设"},
    ],
    "options": [
        {"id": "F01", "level": "行业层面", "category": "工艺控制", "name": "多级逆流漂洗与回收槽推广", "enterprises": "全部", "indicators": "E05,E07,E09,E02", "content": "统一技术规范，分批改造手工线漂洗", "investment": 860, "benefit": "年节水约 35 万 t", "node": D(2026, 12, 31), "status": "实施中", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定", "forecast_indicator": "E05", "forecast_value": 40},
        {"id": "F02", "level": "行业层面", "category": "设备改进", "name": "集中区在线监测统一联网", "enterprises": "全部", "indicators": "E15", "content": "小型企业在线监测设备统一采购、联网", "investment": 420, "benefit": "监测联网率 100%", "node": D(2026, 6, 30), "status": "实施中", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F03", "level": "行业层面", "category": "末端治理", "name": "含镍废水集中分质预处理", "enterprises": "全部", "indicators": "E10,E04", "content": "集中区污水厂增设含镍废水预处理单元", "investment": 1500, "benefit": "总镍排放削减 30%", "node": D(2027, 6, 30), "status": "未启动", "technical": "可行", "economic": "不可行", "environmental": "可行", "decision": "备选"},
        {"id": "F04", "level": "行业层面", "category": "环境管理", "name": "行业清洁生产管理制度与培训", "enterprises": "全部", "indicators": "E14", "content": "协会牵头制定行业清洁生产管理指引，年度培训", "investment": 30, "benefit": "管理指标提升", "node": D(2025, 12, 31), "status": "已完成", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F05", "level": "企业层面", "category": "源头替代", "name": "无氰碱性镀锌替代氰化镀锌", "enterprises": "QY18", "indicators": "E01", "content": "淘汰含氰镀锌线", "investment": 120, "benefit": "消除氰化物使用", "node": D(2025, 12, 31), "status": "实施中", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F06", "level": "企业层面", "category": "末端治理", "name": "含镍废水分质收集改造", "enterprises": "QY21,QY34", "indicators": "E04", "content": "新建含镍废水专管与处理单元", "investment": 95, "benefit": "含镍废水单独处理", "node": D(2026, 3, 31), "status": "实施中", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F07", "level": "企业层面", "category": "环境管理", "name": "危险废物规范化贮存间建设", "enterprises": "QY27", "indicators": "E11", "content": "建设防渗贮存间，签订处置合同", "investment": 25, "benefit": "危废规范化处置", "node": D(2025, 10, 31), "status": "已完成", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F08", "level": "企业层面", "category": "环境管理", "name": "排污许可执行整改", "enterprises": "QY14,QY32", "indicators": "E13", "content": "完善自行监测与执行报告", "investment": 8, "benefit": "按证排污", "node": D(2025, 11, 30), "status": "已完成", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
        {"id": "F10", "level": "企业层面", "category": "设备改进", "name": "整流电源与槽液加热节能改造", "enterprises": "QY02,QY05,QY07,QY13,QY14,QY18,QY21,QY29", "indicators": "E06", "content": "高频开关电源替代可控硅整流，槽液保温", "investment": 160, "benefit": "综合能耗下降约 15%", "node": D(2026, 9, 30), "status": "未启动", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定", "forecast_indicator": "E06", "forecast_value": 1.0},
        {"id": "F11", "level": "企业层面", "category": "工艺控制", "name": "镀镍带出液回收与镍资源回用", "enterprises": "QY07,QY13,QY14,QY18,QY21,QY29", "indicators": "E08,E10", "content": "增设回收槽与离子交换回收镍", "investment": 210, "benefit": "镍利用率提高至 90% 以上", "node": D(2026, 12, 31), "status": "未启动", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定", "forecast_indicator": "E08", "forecast_value": 90},
        {"id": "F12", "level": "企业层面", "category": "工艺控制", "name": "前处理工艺参数在线控制", "enterprises": "QY02,QY29", "indicators": "E12", "content": "除油、活化槽温度与浓度在线控制", "investment": 18, "benefit": "一次合格率达 96% 以上", "node": D(2026, 3, 31), "status": "未启动", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定", "forecast_indicator": "E12", "forecast_value": 96},
        {"id": "F09", "level": "企业层面", "category": "环境管理", "name": "应急预案备案与演练", "enterprises": "QY10,QY30", "indicators": "E16", "content": "编制并备案应急预案，组织演练", "investment": 6, "benefit": "应急能力提升", "node": D(2025, 12, 31), "status": "实施中", "technical": "可行", "economic": "可行", "environmental": "可行", "decision": "确定"},
    ],
    "tracking": [
        {"option": "F01", "date": D(2025, 9, 15), "progress": "实施中", "evidence": "首批 8 家改造验收记录", "effect": "首批企业新鲜水用量下降 18%"},
        {"option": "F02", "date": D(2025, 9, 15), "progress": "实施中", "evidence": "设备采购合同", "effect": ""},
        {"option": "F03", "date": D(2025, 9, 15), "progress": "未启动", "evidence": "可行性研究委托书", "effect": ""},
        {"option": "F04", "date": D(2025, 8, 30), "progress": "已完成", "evidence": "协会发文及培训签到表", "effect": "36 家企业参训"},
        {"option": "F05", "date": D(2025, 9, 15), "progress": "实施中", "evidence": "新线设备到货单", "effect": ""},
        {"option": "F06", "date": D(2025, 9, 15), "progress": "实施中", "evidence": "施工合同", "effect": ""},
        {"option": "F07", "date": D(2025, 9, 10), "progress": "已完成", "evidence": "贮存间验收照片与处置合同", "effect": "危废全部规范贮存"},
        {"option": "F08", "date": D(2025, 9, 10), "progress": "已完成", "evidence": "执行报告提交回执", "effect": ""},
        {"option": "F10", "date": D(2025, 9, 15), "progress": "未启动", "evidence": "节能诊断委托书", "effect": ""},
        {"option": "F11", "date": D(2025, 9, 15), "progress": "未启动", "evidence": "回收设备询价记录", "effect": ""},
        {"option": "F12", "date": D(2025, 9, 15), "progress": "未启动", "evidence": "技术方案评审意见", "effect": ""},
        {"option": "F09", "date": D(2025, 9, 15), "progress": "实施中", "evidence": "预案评审意见", "effect": ""},
    ],
}
CHECKLIST = {  # 附录B item: (是/否, 佐证材料)
    "B1a": ("是", "企业一览表、集中区区位图（市生态环境局）"), "B1b": ("是", "2022–2024 年统计年报（市统计局）"),
    "B1c": ("是", "《示例市表面处理行业发展规划》、碳达峰实施方案"), "B2a": ("是", "企业能源、水、原辅材料台账（本项目工作簿）"),
    "B2b": ("是", "6 家重点用能企业能源审计报告"), "B3a": ("是", "2024 年示例市环境质量公报"),
    "B3b": ("是", "排污许可执行报告、自行监测数据"), "B4a": ("是", "2023 年环保督察反馈问题整改台账"),
    "B4b": ("是", "企业环境风险评估报告"), "B4c": ("是", "突发环境事件应急预案备案表"),
    "B4d": ("是", "企业环境信息依法披露系统截图"), "B4e": ("是", "上一轮 9 家企业清洁生产审核报告"),
    "B4f": ("是", "36 家企业排污许可证副本"),
}
NARRATIVE = {
    "background": "本报告的城市、企业与全部数据均为**示意数据**，用于演示 cpaudit 的行业整体审核功能，不代表任何真实地区或企业；所用电镀行业评价指标体系亦为示意。\n\n示例市电镀企业 36 家，集中于电镀集中区，总镍、总铬等重金属排放和漂洗用水是区域污染防治的重点。",
    "principles": "按 4.2 审核原则：系统设计、重点突破；因地制宜、分类指导；整体推进、典型带动；协同增效、综合治理。",
    "basis": "T/CPPC XXXX-2024《行业整体清洁生产审核指南》；GB/T 4754 国民经济行业分类；HJ 942 排污许可证申请与核发技术规范 总则；《清洁生产审核办法》；行业清洁生产评价指标体系（本报告使用示意体系）。",
    "task": "依据市生态环境局与技术服务单位签订的服务合同，本轮审核范围为示例市行政区域内全部 36 家电镀企业（C3360），覆盖前处理、电镀、漂洗、废水处理全工艺过程；统计期为 2024 年，2022–2023 年数据作为对照。",
    "team": "审核小组由市生态环境局分管副局长任组长，成员见表A.1。",
    "plan": "工作计划见表A.2。",
    "training": "共开展宣传与能力建设活动 4 次。",
    "enterprises_overview": "审核范围内企业的基本情况、资源能源消耗与污染物排放汇总如下。",
    "focus": "依据 5.2.2，结合项目标志（重污染行业、重点用水行业、名单审核方向）确定审核诊断重点。",
    "level": "按示意电镀行业评价指标体系，以通则方法逐家企业评定清洁生产等级，并统计行业指标达标率。",
    "targets": "目标均对应审核诊断重点，参照评价指标体系和行业先进水平设置。",
    "options_summary": "从行业层面（共性问题）和企业层面（个性问题）提出方案 12 项。",
    "options_decision": "经技术、经济、环境评估，11 项方案确定实施；含镍废水集中分质预处理（F03）投资大、经济评估暂不可行，列为备选方案。确定方案建立季度跟踪机制。",
    "conclusions": "本轮审核完成 36 家企业的清洁生产水平诊断，识别出行业共性问题与企业个性问题，形成行业方案 4 项、企业方案 8 项。",
    "recommendations": "建议将逆流漂洗改造和在线监测联网纳入集中区年度考核，2026 年底开展方案实施效果评估。",
}


def main() -> None:
    std = get_registry().standard("industry_cppc")
    rng = np.random.RandomState(20250301)
    ents = enterprises(rng)
    rows, _ = tables(ents, rng)
    rows.update(FIXED)
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "narrative").mkdir(parents=True)
    text = manifest_text(std, NAME, YEAR)
    subject = {"authority": "示例市生态环境局", "region": "示例市", "industry": "电镀",
               "industry_code": "C3360 金属表面处理及热处理加工", "scope_boundary": "市域内全部 36 家电镀企业的全部生产工艺过程",
               "service_org": "示例环境技术咨询有限公司", "service_content": "电镀行业整体清洁生产审核诊断及报告编制",
               "contract": "示例-2025-018", "listed_directions": "重金属减排,节水"}
    for k, v in subject.items():
        text = text.replace(f'{k} = ""', f'{k} = "{v}"')
    for flag in ("heavy_pollution", "key_water", "listed_directions"):
        text = text.replace(f"{flag} = false", f"{flag} = true")
    text = text.replace('# draft = "送审稿"', 'draft = "送审稿"\ndate = "2025年9月"')
    if "[options]" not in text:  # the manifest template already lists the standard's options
        text += ('\n[options]\nevaluation_system = "electroplating"   # 内置示意体系；或项目内 .toml 文件路径\n'
                 'common_problem_share = 0.3   # 未达标企业占比 ≥ 此值的指标为行业共性问题（5.3.2），否则为个性问题\n'
                 'problem_level = 3            # 3 = 未达Ⅲ级计为问题；2 = 未达Ⅱ级即计为问题\n')
    (ROOT / "project.toml").write_text("# 示意数据：本项目为演示用的虚构城市与企业，数据不代表任何真实地区或企业。\n" + text,
                                      encoding="utf-8")
    path = ROOT / "data.xlsx"
    write_workbook(path, std, Manifest(standard=std.id, name=NAME, audit_year=YEAR), rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["附录B 资料清单"]
    for r in range(2, ws.max_row + 1):
        code = ws.cell(r, 1).value
        if code in CHECKLIST:
            ws.cell(r, 4, CHECKLIST[code][0])
            ws.cell(r, 5, CHECKLIST[code][1])
    wb.save(path)
    for stem, body in NARRATIVE.items():
        (ROOT / "narrative" / f"{stem}.md").write_text(body + "\n", encoding="utf-8")
    print(f"wrote {ROOT}", file=sys.stderr)


if __name__ == "__main__":
    main()

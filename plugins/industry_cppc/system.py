"""Industry evaluation systems (行业清洁生产评价指标体系) as data files.

A system is a TOML file (format documented at the top of ``data/system_electroplating.toml``):
first-level groups with weights, second-level indicators with weight, direction, Ⅰ/Ⅱ/Ⅲ benchmarks,
限定性 flag, qualitative criteria and an optional ``compute`` spec (ratio of sums of multi-enterprise
table fields).  It is loaded into :class:`System`, whose ``indicators`` are
:class:`cpframework.calc.grading.Indicator` records, so grading is the core's vectorised 通则 method.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from cpframework.api import CalcError
from cpframework.calc.grading import DIRECTIONS, Indicator, LevelRule, LevelRules, load_level_rules

DIMENSIONS = ("产业政策符合性", "生产工艺及装备指标", "污染治理技术指标", "污染物产生和排放指标",
              "资源综合利用指标", "产品特征指标", "监测监控水平指标", "清洁生产管理指标")  # 5.2.3
DEFAULT_SYSTEM = "electroplating"


@attrs.frozen
class Compute:
    num: tuple[str, ...]
    den: tuple[str, ...]
    factor: float = 1.0
    percent: bool = False
    where: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class System:
    id: str
    name: str
    industry: str
    industry_codes: tuple[str, ...]
    source: str
    illustrative: bool
    indicators: tuple[Indicator, ...]
    rules: LevelRules
    groups: tuple[tuple[str, str, float], ...]          # (id, name, weight)
    dimension: dict[str, str]                           # indicator id → 5.2.3 dimension
    criteria: dict[str, tuple[str, ...]]                # qualitative Ⅰ/Ⅱ/Ⅲ wording
    compute: dict[str, Compute]
    file: str = ""

    def indicator(self, ind_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == ind_id:
                return i
        raise KeyError(ind_id)

    def benchmark_text(self, ind: Indicator) -> tuple[str, str, str]:
        if ind.id in self.criteria:
            return tuple(self.criteria[ind.id])  # type: ignore[return-value]
        if ind.direction in ("yes", "是否"):
            return ("是", "是", "是")
        if ind.direction in ("level", "等级"):
            return ("Ⅰ级", "Ⅱ级", "Ⅲ级")
        sym = "≥" if DIRECTIONS[ind.direction] > 0 else "≤"
        from cpframework.api import fmt

        return tuple(f"{sym}{fmt(t)}" if t is not None else "—" for t in ind.thresholds)  # type: ignore[return-value]


def _fail(file: str, where: str, msg: str) -> CalcError:
    return CalcError(f"评价指标体系文件 {file}：{where} {msg}")


def _parse(doc: dict[str, Any], file: str) -> System:
    meta = doc.get("system")
    if not isinstance(meta, dict):
        raise _fail(file, "[system]", "缺少体系说明表")
    for key in ("id", "name"):
        if not meta.get(key):
            raise _fail(file, f"system.{key}", "缺少此项")
    groups = doc.get("group") or []
    if not groups:
        raise _fail(file, "[[group]]", "缺少一级指标")
    gmap: dict[str, dict[str, Any]] = {}
    for n, g in enumerate(groups):
        for key in ("id", "name", "weight"):
            if key not in g:
                raise _fail(file, f"group[{n}].{key}", "缺少此项")
        if g["id"] in gmap:
            raise _fail(file, f"group[{n}].id", f"一级指标编号“{g['id']}”重复")
        if g.get("dimension") and g["dimension"] not in DIMENSIONS:
            raise _fail(file, f"group[{n}].dimension", f"“{g['dimension']}”不是 5.2.3 的诊断方面（{'、'.join(DIMENSIONS)}）")
        gmap[g["id"]] = g
    inds, dimension, criteria, compute = [], {}, {}, {}
    for n, d in enumerate(doc.get("indicator") or []):
        where = f"indicator[{n}]"
        for key in ("id", "group", "name", "weight"):
            if key not in d:
                raise _fail(file, f"{where}.{key}", "缺少此项")
        g = gmap.get(d["group"])
        if g is None:
            raise _fail(file, f"{where}.group", f"一级指标“{d['group']}”未在 [[group]] 中定义")
        direction = str(d.get("direction", ">="))
        if direction not in DIRECTIONS:
            raise _fail(file, f"{where}.direction", f"“{direction}”无法识别（应为 >=、<=、yes 或 level）")
        bench = d.get("benchmarks")
        quantitative = direction not in ("yes", "是否", "level", "等级")
        if quantitative:
            if not isinstance(bench, list) or len(bench) != 3:
                raise _fail(file, f"{where}.benchmarks", "定量指标须给出 [Ⅰ, Ⅱ, Ⅲ] 三个基准值")
            s = 1 if DIRECTIONS[direction] > 0 else -1
            vals = [float(x) for x in bench]
            if not (s * vals[0] >= s * vals[1] >= s * vals[2]):
                raise _fail(file, f"{where}.benchmarks", "Ⅰ级基准值应不劣于Ⅱ级，Ⅱ级不劣于Ⅲ级")
        crit = d.get("criteria")
        if crit is not None:
            if not isinstance(crit, list) or len(crit) != 3:
                raise _fail(file, f"{where}.criteria", "应为 [Ⅰ级要求, Ⅱ级要求, Ⅲ级要求]")
            criteria[d["id"]] = tuple(str(x) for x in crit)
        dim = d.get("dimension") or g.get("dimension") or ""
        if dim and dim not in DIMENSIONS:
            raise _fail(file, f"{where}.dimension", f"“{dim}”不是 5.2.3 的诊断方面")
        dimension[d["id"]] = dim
        if "compute" in d:
            c = d["compute"]
            if not quantitative:
                raise _fail(file, f"{where}.compute", "定性指标不能由数据表计算")
            refs = [*(c.get("num") or []), *(c.get("den") or [])]
            if not c.get("num") or not c.get("den") or any(r.count(".") != 1 for r in refs):
                raise _fail(file, f"{where}.compute", "num、den 须为“表.字段”列表")
            compute[d["id"]] = Compute(num=tuple(c["num"]), den=tuple(c["den"]), factor=float(c.get("factor", 1)),
                                       percent=bool(c.get("percent", False)),
                                       where=tuple((str(k), str(v)) for k, v in (c.get("where") or {}).items()))
        inds.append(Indicator(id=str(d["id"]), name=str(d["name"]), group=str(g["name"]),
                              group_weight=float(g["weight"]), weight=float(d["weight"]), direction=direction,
                              thresholds=tuple(float(x) for x in bench) if quantitative else (None, None, None),
                              limiting=bool(d.get("limiting", False)), unit=str(d.get("unit", ""))))
    if not inds:
        raise _fail(file, "[[indicator]]", "缺少二级指标")
    if doc.get("level_rule"):
        rules = LevelRules(tuple(LevelRule(level=r["level"], score_level=int(r["score_level"]),
                                           min_score=float(r["min_score"]), limiting_level=r.get("limiting_level"),
                                           others_level=r.get("others_level"), title=r.get("title", ""))
                                 for r in doc["level_rule"]), fallback=str(meta.get("fallback", "未达Ⅲ级")))
    else:
        rules = load_level_rules(str(meta.get("level_rules", "default")))
    from cpframework.calc.grading import _spec

    _spec(inds)  # weights sum to 1 per group and overall, ids unique — reported before any data
    return System(id=str(meta["id"]), name=str(meta["name"]), industry=str(meta.get("industry", "")),
                  industry_codes=tuple(meta.get("industry_codes", ())), source=str(meta.get("source", "")),
                  illustrative=bool(meta.get("illustrative", False)), indicators=tuple(inds), rules=rules,
                  groups=tuple((g["id"], g["name"], float(g["weight"])) for g in groups),
                  dimension=dimension, criteria=criteria, compute=compute, file=file)


def load_system(name: str = DEFAULT_SYSTEM, project_root: Path | None = None) -> System:
    """``name``: a bundled system (``data/system_<name>.toml``) or a ``.toml`` path relative to the project."""
    if name.endswith(".toml"):
        path = Path(name) if project_root is None else Path(project_root) / name
        label = str(path)
        if not path.exists():
            raise CalcError(f"找不到评价指标体系文件 {label}（项目清单 [options] evaluation_system）")
        from cpframework.api import read_text

        text = read_text(path, "评价指标体系文件", error=CalcError)  # not a FIFO, not GBK, not huge
    else:
        from importlib import resources

        res = resources.files(__package__) / "data" / f"system_{name}.toml"
        label = f"{__package__}/data/system_{name}.toml"
        if not res.is_file():
            raise CalcError(f"没有内置的评价指标体系“{name}”（应有 {label}）；也可在项目中放一个 .toml 文件并写其路径")
        text = res.read_text(encoding="utf-8")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CalcError(f"评价指标体系文件 {label} 不是有效的 TOML：{exc}") from None
    except RecursionError:
        raise CalcError(f"评价指标体系文件 {label} 中数组或表的嵌套层次过深，无法读取") from None
    return _parse(doc, label)


def project_system(project: Any) -> System:
    opts = project.manifest.options or {}
    return load_system(str(opts.get("evaluation_system", DEFAULT_SYSTEM)), project.root)

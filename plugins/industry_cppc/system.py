"""Industry evaluation systems (行业清洁生产评价指标体系) as data files → the core's IndicatorSystem.

A system file (format documented at the top of ``data/systems/electroplating.toml``) lists first-level
groups with weights and second-level indicators with weight, direction, Ⅰ/Ⅱ/Ⅲ benchmarks, 限定性 flag,
qualitative criteria, and — for indicators computed from the multi-enterprise tables — the same
``formula`` + ``inputs`` an indicator of any standard has (inputs ``field = ["表.字段", …]`` are summed
per enterprise).  It is structured with the core's one loader (errors name file and key path) and
becomes a :class:`cpframework.api.IndicatorSystem` graded by the core's ``weighted_score`` method.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs

from cpframework.api import (CalcError, DefinitionError, Indicator, IndicatorGroup, IndicatorSystem, Input, LevelRule,
                             LevelRules, Threshold, calc, read_toml, structure)

STANDARD = "industry_cppc"
DIMENSIONS = ("产业政策符合性", "生产工艺及装备指标", "污染治理技术指标", "污染物产生和排放指标",
              "资源综合利用指标", "产品特征指标", "监测监控水平指标", "清洁生产管理指标")  # 5.2.3
DEFAULT_SYSTEM = "electroplating"
LEVEL_IDS = ("I", "II", "III")
DIRECTION = {">=": "higher", "≥": "higher", "<=": "lower", "≤": "lower", "yes": "yes", "是否": "yes",
             "level": "level", "等级": "level"}


@attrs.frozen(kw_only=True)
class SystemMeta:
    id: str
    name: str
    industry: str = ""
    industry_codes: tuple[str, ...] = ()
    source: str = ""
    illustrative: bool = False
    level_rules: str = "default"
    fallback: str = "未达Ⅲ级"
    permit_indicator: str = ""   # the 是/否 indicator that 排污许可 data (exceedance, compliance rate) must agree with
    missing: str = ""            # a partial transcription: what of the published text is not in the file (cannot grade)


@attrs.frozen(kw_only=True)
class GroupRow:
    id: str
    name: str
    weight: float
    dimension: str = ""


@attrs.frozen(kw_only=True)
class IndicatorRow:
    id: str
    group: str
    name: str
    weight: float | str        # a number, or "W/n" (e.g. "0.8/n"): W shared equally by the applicable members of set ``n``
    n: str = ""                # for "W/n": the set whose applicable members are counted (e.g. "金属利用率")
    product: str = ""          # a per-product indicator: the product (产品产量 表的“产品”) it is about
    by_output: str = ""        # per-product weighting (通则 §3.2 4): the set whose ``weight`` W the enterprise's
                               # products share in proportion to its output of each (产品产量, 统计期)
    unit: str = ""
    direction: str = ">="
    limiting: bool = False
    benchmarks: tuple[float, float, float] | None = None
    criteria: tuple[str, str, str] | None = None
    dimension: str = ""
    formula: str = ""
    inputs: tuple[Input, ...] = ()
    params: dict[str, Any] = attrs.field(factory=dict)
    min: float | None = None          # definitional bounds (a percentage: 0–100 unless stated)
    max: float | None = None


@attrs.frozen(kw_only=True)
class Applicability:
    """An indicator cannot be 不适用 for an enterprise whose rows of ``table`` match: e.g. 总镍 for an
    enterprise that buys a nickel salt (``field`` contains one of ``contains``)."""

    indicator: str
    table: str
    field: str
    contains: tuple[str, ...]
    reason: str = ""


@attrs.frozen(kw_only=True)
class SystemFile:
    system: SystemMeta
    group: tuple[GroupRow, ...]
    indicator: tuple[IndicatorRow, ...]
    level_rule: tuple[LevelRule, ...] = ()
    applies: tuple[Applicability, ...] = ()


_APPLIES: dict[str, tuple[Applicability, ...]] = {}
_PERMIT: dict[str, str] = {}
_PRODUCTS: dict[str, dict[str, str]] = {}
OUTPUT_KEY = "产量"  # what a by-output set's W is shared by (the core's ``weight_split_by``)


def products(system: IndicatorSystem) -> dict[str, str]:
    """Indicator id → product, for the per-product indicators weighted by output (empty for other systems)."""
    return _PRODUCTS.get(system.id, {})


def permit_indicator(system: IndicatorSystem) -> str:
    return _PERMIT.get(system.id, "")


def applicability(system: IndicatorSystem) -> tuple[Applicability, ...]:
    """The system file's ``[[applies]]`` rules (when an indicator cannot be 不适用)."""
    return _APPLIES.get(system.id, ())


def _fail(file: str, where: str, msg: str) -> DefinitionError:
    return DefinitionError(f"评价指标体系文件 {file}：{where} {msg}")


_PER_N = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*/\s*n\s*$")


def _weight(row: IndicatorRow, where: str, file: str) -> tuple[float, str]:
    """(weight, name of its "W/n" or by-output set, or "")."""
    if row.by_output:
        if isinstance(row.weight, str) or row.n:
            raise _fail(file, f"{where}.by_output", "按产量分配权重的指标写一个数值权重 W（同一集合各项相同），不写“W/n”与 n")
        if not row.product:
            raise _fail(file, f"{where}.product", f"按产量分配权重的指标须写明 product（产品产量表中的产品名称）")
        return float(row.weight), row.by_output
    if not isinstance(row.weight, str):
        if row.n:
            raise _fail(file, f"{where}.n", "只有写成“W/n”的权重才需要 n")
        return float(row.weight), ""
    m = _PER_N.match(row.weight)
    if m is None:
        raise _fail(file, f"{where}.weight", f"“{row.weight}”无法识别（应为数值或“0.8/n”这样的按适用项数分配的权重）")
    if not row.n:
        raise _fail(file, f"{where}.n", f"权重“{row.weight}”须用 n 写明按哪一类适用指标计数（如 n = \"金属利用率\"）")
    return float(m.group(1)), row.n


def _indicator(row: IndicatorRow, n: int, groups: dict[str, GroupRow], file: str) -> Indicator:
    where = f"indicator[{n}]"
    weight, split = _weight(row, where, file)
    g = groups.get(row.group)
    if g is None:
        raise _fail(file, f"{where}.group", f"一级指标“{row.group}”未在 [[group]] 中定义")
    direction = DIRECTION.get(row.direction)
    if direction is None:
        raise _fail(file, f"{where}.direction", f"“{row.direction}”无法识别（应为 >=、<=、yes 或 level）")
    dim = row.dimension or g.dimension
    if dim and dim not in DIMENSIONS:
        raise _fail(file, f"{where}.dimension", f"“{dim}”不是 5.2.3 的诊断方面（{'、'.join(DIMENSIONS)}）")
    thresholds: dict[str, Threshold] = {}
    if direction in ("higher", "lower"):
        if row.benchmarks is None:
            raise _fail(file, f"{where}.benchmarks", "定量指标须给出 [Ⅰ, Ⅱ, Ⅲ] 三个基准值")
        s = 1 if direction == "higher" else -1
        b = [float(x) for x in row.benchmarks]
        if not s * b[0] >= s * b[1] >= s * b[2]:
            raise _fail(file, f"{where}.benchmarks", "Ⅰ级基准值应不劣于Ⅱ级，Ⅱ级不劣于Ⅲ级")
        op = ">=" if direction == "higher" else "<="
        thresholds = {lv: Threshold(op=op, value=v) for lv, v in zip(LEVEL_IDS, b)}
    elif direction == "yes":
        thresholds = {lv: Threshold(op="is", value=True) for lv in LEVEL_IDS}
    elif row.formula:
        raise _fail(file, f"{where}.formula", "定性指标不能由数据表计算")
    pct = row.unit == "%"
    return Indicator(standard=STANDARD, id=row.id, seq=n + 1, min=row.min if row.min is not None else (0.0 if pct else None),
                     max=row.max if row.max is not None else (100.0 if pct else None), name=row.name, category=g.name, unit=row.unit,
                     kind="level" if direction == "level" else ("yes_no" if direction == "yes" else "quantitative"),
                     direction=direction, thresholds=thresholds,
                     threshold_text=dict(zip(LEVEL_IDS, row.criteria)) if row.criteria else {},
                     weight=weight, weight_split=split, weight_split_by=OUTPUT_KEY if row.by_output else "",
                     limiting=row.limiting, dimension=dim, formula=row.formula,
                     inputs=row.inputs, params=dict(row.params))


def parse(doc: dict[str, Any], file: str) -> IndicatorSystem:
    """A system file's TOML document → the core's :class:`IndicatorSystem` (``DefinitionError`` on errors)."""
    sf = structure(doc, SystemFile, file=file, path="$")
    if sf.system.missing:
        raise _fail(file, "[system] missing", f"本文件只转录了发布文本的一部分，不能用于评定（缺少：{sf.system.missing}）；"
                    "请按发布文本补全后删去 missing")
    if not sf.group:
        raise _fail(file, "[[group]]", "缺少一级指标")
    if not sf.indicator:
        raise _fail(file, "[[indicator]]", "缺少二级指标")
    groups: dict[str, GroupRow] = {}
    for n, g in enumerate(sf.group):
        if g.id in groups:
            raise _fail(file, f"group[{n}].id", f"一级指标编号“{g.id}”重复")
        if g.dimension and g.dimension not in DIMENSIONS:
            raise _fail(file, f"group[{n}].dimension", f"“{g.dimension}”不是 5.2.3 的诊断方面（{'、'.join(DIMENSIONS)}）")
        groups[g.id] = g
    inds = tuple(_indicator(r, n, groups, file) for n, r in enumerate(sf.indicator))
    rules = LevelRules(rules=sf.level_rule, fallback=sf.system.fallback) if sf.level_rule \
        else calc.grading.load_level_rules(sf.system.level_rules)
    system = calc.grading.tongze_system(
        STANDARD, sf.system.id, sf.system.name, inds,
        [IndicatorGroup(id=g.id, name=g.name, weight=g.weight, dimension=g.dimension) for g in sf.group], rules,
        unit="企业", source=sf.system.source, illustrative=sf.system.illustrative, industry=sf.system.industry,
        industry_codes=sf.system.industry_codes, clause="5.2.3")
    codes = {i.id for i in inds}
    for n, a in enumerate(sf.applies):
        if a.indicator not in codes:
            raise _fail(file, f"applies[{n}].indicator", f"“{a.indicator}”不是本体系的指标代码")
    _APPLIES[sf.system.id] = sf.applies
    _PRODUCTS[sf.system.id] = {r.id: r.product for r in sf.indicator if r.by_output}
    for name in {r.by_output for r in sf.indicator if r.by_output}:
        made = [r.product for r in sf.indicator if r.by_output == name]
        if len(set(made)) != len(made):
            raise _fail(file, "[[indicator]]", f"按产量分配权重的集合“{name}”中同一产品出现了不止一次")
    _PERMIT[sf.system.id] = sf.system.permit_indicator
    try:
        calc.grading.compile_system(system)  # weights sum to 1 per group and overall: reported before any data
    except CalcError as exc:
        raise _fail(file, "", str(exc)) from None
    return system


def published_doc(name: str) -> dict[str, Any]:
    """The TOML document of a transcribed published system (``data/published/<name>.toml``), as written."""
    from importlib import resources

    res = resources.files(__package__) / "data" / "published" / f"{name}.toml"
    return read_toml(res, label=f"{__package__}/data/published/{name}.toml")


def bundled_files() -> list[Any]:
    from importlib import resources

    folder = resources.files(__package__) / "data" / "systems"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name) \
        if folder.is_dir() else []


def bundled_systems() -> list[IndicatorSystem]:
    """Every system shipped with the plugin (``cpf_indicator_systems``)."""
    return [load_system(f.name.removesuffix(".toml")) for f in bundled_files()]


def load_system(name: str = DEFAULT_SYSTEM, project_root: Path | None = None) -> IndicatorSystem:
    """``name``: a bundled system (``data/systems/<name>.toml``) or a ``.toml`` path relative to the project."""
    if name.endswith(".toml"):
        path = Path(name) if project_root is None else Path(project_root) / name
        if not path.is_file():
            raise CalcError(f"找不到评价指标体系文件 {path}（项目清单 [options] evaluation_system）")
        return parse(read_toml(path), str(path))
    from importlib import resources

    res = resources.files(__package__) / "data" / "systems" / f"{name}.toml"
    label = f"{__package__}/data/systems/{name}.toml"
    if not res.is_file():
        known = "、".join(f.name.removesuffix(".toml") for f in bundled_files())
        raise CalcError(f"没有内置的评价指标体系“{name}”（内置：{known}）；也可在项目中放一个 .toml 文件并写其路径")
    return parse(read_toml(res, label=label), label)


def project_system(project: Any) -> IndicatorSystem:
    opts = project.manifest.options or {}
    return load_system(str(opts.get("evaluation_system", DEFAULT_SYSTEM)), project.root)


def benchmark_text(ind: Indicator) -> tuple[str, str, str]:
    """What Ⅰ/Ⅱ/Ⅲ require, as a reader sees it (criteria wording, ≥/≤ benchmarks, or the level names)."""
    if ind.threshold_text:
        return tuple(ind.threshold_text.get(lv, "—") for lv in LEVEL_IDS)  # type: ignore[return-value]
    if ind.direction == "level":
        return ("Ⅰ级", "Ⅱ级", "Ⅲ级")
    if ind.direction == "yes":
        return ("是", "是", "是")
    return tuple(ind.thresholds[lv].show() if lv in ind.thresholds else "—" for lv in LEVEL_IDS)  # type: ignore[return-value]

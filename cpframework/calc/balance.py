"""Material / water / energy / pollutant balance (物料平衡、水平衡、能量平衡、污染物平衡).

    Σ_in = Σ amount of input streams;  Σ_out = Σ amount of output streams
    Δ = Σ_in − Σ_out (absolute);  δ = Δ ÷ Σ_in × 100 %
    share_s = amount_s ÷ Σ_side × 100 %  (inputs against Σ_in, outputs against Σ_out)

A "difference" entered by the auditor (e.g. 损失 or 未计量) is not trusted: if it disagrees with
Σ_in − Σ_out beyond the tolerance it is reported as a finding and the computed value is used.
All streams must carry the same unit.
"""
from __future__ import annotations

from typing import Any

import attrs

from cpframework.calc.trace import CalcError, Result, Trace, fmt, show_value, substituted

IN_WORDS = {"in", "input", "入", "输入", "进", "投入"}
OUT_WORDS = {"out", "output", "出", "输出", "产出", "排放"}


@attrs.frozen
class Balance:
    table: Any  # DataFrame: name, direction (输入/输出), amount, unit, share
    total_in: Result
    total_out: Result
    deviation: Result      # Σ_in − Σ_out
    deviation_pct: Result  # Δ ÷ Σ_in × 100 %
    findings: tuple[str, ...]


def _frame(streams: Any):
    import pandas as pd

    if isinstance(streams, pd.DataFrame):
        df = streams.copy()
    else:
        rows = [tuple(s) for s in streams]
        if any(len(r) != 4 for r in rows):
            raise CalcError("每个物流须为（名称, 方向, 数量, 单位）四项")
        df = pd.DataFrame(rows, columns=["name", "direction", "amount", "unit"])
    missing = {"name", "direction", "amount", "unit"} - set(df.columns)
    if missing:
        raise CalcError(f"物流表缺少列：{'、'.join(sorted(missing))}")
    return df[["name", "direction", "amount", "unit"]].reset_index(drop=True)


def balance(streams: Any, *, name: str = "物料平衡", entered_difference: float | None = None,
            tolerance_pct: float = 0.1, max_deviation_pct: float | None = None) -> Balance:
    """Balance of ``streams`` (DataFrame with name/direction/amount/unit, or (name, direction, amount, unit) tuples).

    ``entered_difference``: the in − out stated in the source; disagreement beyond ``tolerance_pct`` % of
    Σ_in is a finding.  ``max_deviation_pct``: if given, |δ| above it is a finding too.
    """
    import numpy as np
    import pandas as pd

    df = _frame(streams)
    if df.empty:
        raise CalcError(f"{name}没有物流")
    d = df["direction"].astype(str).str.strip().str.lower()
    is_in, is_out = d.isin(IN_WORDS), d.isin(OUT_WORDS)
    if not (is_in | is_out).all():
        bad = df.loc[~(is_in | is_out), "direction"].iloc[0]
        raise CalcError(f"{name}中物流方向“{bad}”无法识别（应为 输入/输出）")
    amount = pd.to_numeric(df["amount"], errors="coerce")
    if amount.isna().any() or not np.isfinite(amount).all():
        raise CalcError(f"{name}中物流“{df.loc[amount.isna() | ~np.isfinite(amount), 'name'].iloc[0]}”的数量缺失或不是数值")
    if (amount < 0).any():
        raise CalcError(f"{name}中物流“{df.loc[amount < 0, 'name'].iloc[0]}”的数量为负")
    units = pd.unique(df["unit"].astype(str))
    if len(units) != 1:
        raise CalcError(f"{name}中各物流的单位不一致：{'、'.join(units)}，须先换算为同一单位")
    unit = units[0]
    tin, tout = float(amount[is_in].sum()), float(amount[is_out].sum())
    if tin == 0:
        raise CalcError(f"{name}的输入合计为 0，无法计算偏差率")
    dev = tin - tout
    pct = dev / tin * 100.0
    table = pd.DataFrame({"name": df["name"], "direction": np.where(is_in, "输入", "输出"),
                          "amount": amount.astype(float), "unit": unit})
    side_total = np.where(is_in, tin, tout)
    table["share"] = np.divide(table["amount"], side_total, out=np.zeros(len(table)), where=side_total > 0) * 100.0
    findings: list[str] = []
    if entered_difference is not None:
        gap = float(entered_difference) - dev
        if abs(gap) > tolerance_pct / 100.0 * tin:
            findings.append(f"{name}填报的差值 {fmt(float(entered_difference))} {unit} 与 输入 − 输出 = "
                            f"{fmt(dev)} {unit} 不符（相差 {fmt(gap)} {unit}，超过输入合计的 {fmt(tolerance_pct)}%），以计算值为准")
    if max_deviation_pct is not None and abs(pct) > max_deviation_pct:
        findings.append(f"{name}偏差率 {fmt(pct)}% 超过 ±{fmt(max_deviation_pct)}%，须核查计量或补充未计物流")
    in_amounts, out_amounts = table.loc[is_in, "amount"].tolist(), table.loc[is_out, "amount"].tolist()
    ins = substituted(lambda n: " + ".join(n(v) for v in in_amounts) or "0", show_value(tin, unit))
    outs = substituted(lambda n: " + ".join(n(v) for v in out_amounts) or "0", show_value(tout, unit))
    return Balance(
        table=table,
        total_in=Result(tin, unit, Trace(f"{name}输入合计", "Σ 输入物流", f"{ins} {unit}", show_value(tin, unit))),
        total_out=Result(tout, unit, Trace(f"{name}输出合计", "Σ 输出物流", f"{outs} {unit}", show_value(tout, unit))),
        deviation=Result(dev, unit, Trace(f"{name}差值", "输入合计 − 输出合计",
                                          substituted(lambda n: f"{n(tin)} − {n(tout)} {unit}", show_value(dev, unit)),
                                          show_value(dev, unit))),
        deviation_pct=Result(pct, "%", Trace(f"{name}偏差率", "(输入合计 − 输出合计) ÷ 输入合计 × 100%",
                                             substituted(lambda n: f"({n(tin)} − {n(tout)}) ÷ {n(tin)} × 100%",
                                                         show_value(pct, "%")), show_value(pct, "%"),
                                             tuple(findings))),
        findings=tuple(findings))

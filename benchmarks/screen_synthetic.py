"""Synthetic screening inputs (numpy, seeded) for tests and benchmarks — clearly not real enterprises."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

YUNNAN_LOADS = ("综合能耗", "新鲜水", "外购电力", "化石能源", "一般工业固废", "危险废物")
POLLUTANTS = ("COD", "氨氮", "SO2", "NOx")


def _ids(n: int, start: int = 0) -> np.ndarray:
    return np.char.add("E", np.char.zfill(np.arange(start + 1, start + n + 1).astype(str), 8 if start + n >= 10**7 else 7))


def industry_frame(n: int, years: tuple[int, ...] = (2022, 2023, 2024), *, seed: int = 1, system: Any = None,
                   text: bool = True, na_share: float = 0.03, start: int = 0) -> pd.DataFrame:
    """``n`` enterprises × ``years`` rows with every indicator of the system (default electroplating).

    ``text``: qualitative cells as 是/否 and Ⅰ/Ⅱ/Ⅲ/未达 (as a person types them), else coded numbers.
    ``start``: ids begin after this number (to write a large file block by block)."""
    if system is None:
        from cpf_industry_cppc.system import load_system

        system = load_system()
    rng = np.random.default_rng(seed)
    rows = n * len(years)
    ids = np.repeat(_ids(n, start), len(years))
    out: dict[str, Any] = {"企业编号": ids, "企业名称": np.char.add("示例企业", ids),
                           "年份": np.tile(np.array(years), n)}
    quality = np.repeat(rng.normal(0, 1, n), len(years))  # enterprises differ; years correlate
    for ind in system.indicators:
        u = rng.random(rows)
        if ind.direction == "yes":
            v = (u < 0.88 + 0.04 * np.tanh(quality)).astype(float)
            out[ind.id] = np.where(v > 0, "是", "否") if text else v
        elif ind.direction == "level":
            v = np.clip(np.floor(u * 3.4 - 0.8 * quality + 0.5), 1, 4)
            out[ind.id] = np.array(["Ⅰ", "Ⅱ", "Ⅲ", "未达"], dtype=object)[v.astype(int) - 1] if text else v
        else:
            t = np.array([float(ind.thresholds[k].value) for k in ("I", "II", "III")], dtype=float)
            s = 1.0 if ind.direction == "higher" else -1.0
            spread = abs(t[0] - t[2]) or 1.0
            out[ind.id] = np.round(t[1] + s * spread * (0.6 * quality + rng.normal(0.4, 0.35, rows)), 2)
        if na_share and not ind.limiting:
            na = rng.random(rows) < na_share
            col = np.asarray(out[ind.id], dtype=object if text else float)
            col[na] = "不适用" if text else np.nan
            out[ind.id] = col
    return pd.DataFrame(out)


def yunnan_frame(n: int, years: tuple[int, ...] = (2022, 2023, 2024), *, seed: int = 2,
                 zero_share: float = 0.05, start: int = 0) -> pd.DataFrame:
    """``n`` enterprises × ``years`` rows of loads (heavy-tailed, as in real parks) and a permit class."""
    rng = np.random.default_rng(seed)
    rows = n * len(years)
    ids = np.repeat(_ids(n, start), len(years))
    size = np.repeat(rng.lognormal(0, 1.6, n), len(years))
    out: dict[str, Any] = {"企业编号": ids, "企业名称": np.char.add("示例企业", ids),
                           "年份": np.tile(np.array(years), n),
                           "排污许可管理类别": np.where(np.repeat(rng.random(n), len(years)) < 0.2, "重点管理", "简化管理")}
    scale = {"综合能耗": 800, "新鲜水": 5e4, "外购电力": 300, "化石能源": 400, "一般工业固废": 900, "危险废物": 20}
    for col in (*YUNNAN_LOADS, *(f"排放量:{p}" for p in POLLUTANTS)):
        v = size * scale.get(col, 5.0) * rng.lognormal(0, 0.5, rows)
        v[rng.random(rows) < zero_share] = 0.0
        out[col] = np.round(v, 3)
    return pd.DataFrame(out)

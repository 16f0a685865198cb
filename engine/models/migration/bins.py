"""Weighted quantile bins of the boosted stacker's inputs, computed with one sort per column.

scikit-learn's histogram boosting bins a weighted fit of up to 200 000 rows with one weighted percentile
per threshold, each sorting the column again: 254 sorts per column, about a fifth of the dev file's
migration training. The same thresholds (its "averaged inverted CDF" of the weights) come from one
sort and one cumulative sum. Columns mapped to their bin numbers have at most 255 distinct values, so
the booster keeps them as they are and groups the rows exactly as its own binning would have.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

#: scikit-learn's default: 255 bins for values, one more for missing ones
MAX_BINS = 255


def weighted_edges(col: np.ndarray, w: np.ndarray | None, max_bins: int = MAX_BINS) -> np.ndarray:
    """Upper edges of the bins of one column (bin i holds ``edges[i-1] < x <= edges[i]``)."""
    col = np.asarray(col, np.float64)
    w = np.ones(len(col)) if w is None else np.asarray(w, np.float64)
    ok = ~np.isnan(col) & (w != 0)
    col, w = col[ok], w[ok]
    order = np.argsort(col, kind="stable")
    v, cw = col[order], np.cumsum(w[order])
    distinct = np.unique(v)
    if len(distinct) <= 1:
        return np.zeros(0)
    if len(distinct) <= max_bins:
        return (distinct[:-1] + distinct[1:]) / 2
    t = np.linspace(0, 100, num=max_bins + 1)[1:-1] / 100 * cw[-1]
    t = np.where(t == 0, np.nextafter(t, t + 1), t)
    i = np.clip(np.searchsorted(cw, t), 0, len(v) - 1)
    above = (cw[i] - t) > np.finfo(np.float64).eps
    edges = np.where(above, v[i], (v[i] + v[np.minimum(i + 1, len(v) - 1)]) / 2)
    return np.unique(edges)


def fit_edges(x: np.ndarray, w: np.ndarray | None) -> list[np.ndarray]:
    return [weighted_edges(x[:, j], w) for j in range(x.shape[1])]


def to_bins(x: np.ndarray, edges: list[np.ndarray]) -> np.ndarray:
    """Each value's bin number (missing values stay missing)."""
    # column-major, which is also what the booster's trees read fastest (see PairGBM.decision)
    out = np.empty(x.shape, np.float64, order="F")
    for j, e in enumerate(edges):
        col = x[:, j]
        out[:, j] = np.where(np.isnan(col), np.nan, np.searchsorted(e, col, side="left"))
    return out


def bin_codes(x: np.ndarray | Sequence[np.ndarray], edges: list[np.ndarray], luts: list[np.ndarray],
              missing: int) -> np.ndarray:
    """The booster's own bin codes (uint8) of the values :func:`to_bins` would give it: ``luts[j][b]`` is the
    code of bin number ``b`` of column ``j``, ``missing`` that of a missing value. ``x``: a matrix, or its
    columns as a list of arrays.

    The booster walks its trees on these codes exactly as on the bin numbers (a code is at most a split's
    code where the number is at most its threshold), from a matrix an eighth of the size. The codes are
    row-major: the trees walk a row's codes from one cache line (~8% less CPU than column-major)."""
    cols = [x[:, j] for j in range(x.shape[1])] if isinstance(x, np.ndarray) else list(x)
    out = np.empty((len(cols[0]) if cols else 0, len(cols)), np.uint8)
    for j, (col, e, lut) in enumerate(zip(cols, edges, luts)):
        code = lut[np.searchsorted(e, col, side="left")]
        code[np.isnan(col)] = missing
        out[:, j] = code
    return out


"""Measuring how honest the lapse probabilities are.

The probabilities themselves are recalibrated by :class:`~engine.evaluation.platt.PlattCalibrator`, fitted on a
split whose outcome is already known before the as-of date (the H weeks before it), so no future leaks in.

* :func:`lapse_metrics` — ROC-AUC, Brier score, log-loss and reliability bins.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from engine.evaluation.metrics import auc
from engine.evaluation.platt import EPS

def auc_or_none(y: np.ndarray, score: np.ndarray) -> float | None:
    """ROC-AUC (the shared rank-sum one); None rather than NaN without both outcomes, for stored metrics."""
    value = auc(score, y)
    return None if math.isnan(value) else value


def reliability_bins(y: np.ndarray, p: np.ndarray, n_bins: int = 10) -> list[dict[str, Any]]:
    """Equal-width bins of predicted probability: mean predicted vs observed rate."""
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, n_bins - 1)
    out = []
    for b in range(n_bins):
        m = which == b
        if m.any():
            out.append({"lo": float(edges[b]), "hi": float(edges[b + 1]), "n": int(m.sum()),
                        "predicted": float(p[m].mean()), "observed": float(y[m].mean())})
    return out


def lapse_metrics(y: np.ndarray, p: np.ndarray, prefix: str) -> dict[str, Any]:
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), EPS, 1 - EPS)
    out: dict[str, Any] = {
        f"{prefix}auc": auc_or_none(y, p),
        f"{prefix}brier": float(np.mean((p - y) ** 2)) if y.size else None,
        f"{prefix}log_loss": float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))) if y.size else None,
    }
    return out


def binned_rate_model(x_train: np.ndarray, y_train: np.ndarray, x_new: np.ndarray,
                      edges: np.ndarray) -> np.ndarray:
    """The observed outcome rate of x's bin in a training split, applied to new x (a baseline)."""
    bt = np.digitize(x_train, edges)
    bn = np.digitize(x_new, edges)
    n_bins = edges.size + 1
    hits = np.bincount(bt, weights=y_train, minlength=n_bins)
    counts = np.bincount(bt, minlength=n_bins)
    overall = float(y_train.mean()) if y_train.size else 0.5
    rate = np.where(counts > 0, (hits + overall) / (counts + 1.0), overall)
    return rate[bn]


def brier_skill(brier: float | None, y: np.ndarray) -> float | None:
    """1 - Brier / Brier of always predicting the base rate."""
    if brier is None or y.size == 0 or math.isnan(brier):
        return None
    base = float(np.mean(y)) * (1 - float(np.mean(y)))
    return None if base == 0 else 1.0 - brier / base

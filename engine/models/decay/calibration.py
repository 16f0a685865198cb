"""Turning scores into honest probabilities, and measuring how good they are.

* :class:`PlattCalibrator` — a logistic layer ``expit(a + b * logit(p))`` fitted
  by maximum likelihood on a split whose outcome is already known before the
  as-of date (the H weeks before it), so no future leaks in.
* :func:`lapse_metrics` — ROC-AUC, Brier score, log-loss and reliability bins.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from engine.evaluation.metrics import auc

_EPS = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p) - np.log1p(-p)


class PlattCalibrator:
    """Two-parameter logistic recalibration; ``coef_ = (a, b)``. Identity if it cannot be fitted."""

    def __init__(self, l2: float = 1e-3) -> None:
        self.l2 = l2

    def fit(self, p: np.ndarray, y: np.ndarray) -> "PlattCalibrator":
        z = logit(p)
        y = np.asarray(y, dtype=np.float64)
        if y.size < 20 or y.min() == y.max():
            self.coef_ = (0.0, 1.0)
            return self

        def loss(c: np.ndarray) -> tuple[float, np.ndarray]:
            s = c[0] + c[1] * z
            # log(1 + e^s) - y s, stably
            nll = np.logaddexp(0.0, s) - y * s
            r = expit(s) - y
            pen = self.l2 * ((c[0]) ** 2 + (c[1] - 1.0) ** 2)
            grad = np.array([r.mean(), (r * z).mean()]) + 2 * self.l2 * np.array([c[0], c[1] - 1.0])
            return float(nll.mean()) + pen, grad

        res = minimize(loss, np.array([0.0, 1.0]), jac=True, method="L-BFGS-B")
        self.coef_ = (float(res.x[0]), float(res.x[1]))
        return self

    def transform(self, p: np.ndarray) -> np.ndarray:
        a, b = self.coef_
        return expit(a + b * logit(p))


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
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
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

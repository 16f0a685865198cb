"""Calibration of shift probabilities: how far "expected shifters = sum of scores" is from what happened,
and a recalibration fitted on held-out weeks.

Campaign lists add scores up into expected shifters, so a category whose scores are
4× too high promises a merchandiser 4× the customers. A ranking metric (AUC) does
not see that; these figures do.
"""

from __future__ import annotations

import numpy as np


class CalibrationTally:
    """Sums, per category, the scores (expected shifters) and the labels (actual shifters) over
    candidate pairs, and the Brier score over all of them; chunk by chunk, bounded memory."""

    def __init__(self, categories: list[str]) -> None:
        self.categories = list(categories)
        k = len(self.categories)
        self.expected = np.zeros(k)
        self.actual = np.zeros(k)
        self.pairs = np.zeros(k)
        self._brier = 0.0

    def add(self, prob: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> None:
        p = np.where(mask, prob, 0.0).astype(np.float64)
        y = (labels.astype(bool) & mask).astype(np.float64)
        self.expected += p.sum(axis=0)
        self.actual += y.sum(axis=0)
        self.pairs += mask.sum(axis=0)
        self._brier += float(((p - y) ** 2)[mask].sum())

    def result(self, worst: int = 5) -> dict:
        """Brier score, total expected/actual, and the categories furthest off (by |log ratio|,
        among those with at least 5 expected or actual shifters: smaller ones are noise)."""
        n = self.pairs.sum()
        ratio = (self.expected + 1.0) / (self.actual + 1.0)    # +1: a category with 0 shifts is not infinite
        big = np.flatnonzero(np.maximum(self.expected, self.actual) >= 5)
        order = big[np.argsort(-np.abs(np.log(ratio[big])), kind="stable")]
        per_cat = {c: {"expected": round(float(e), 2), "actual": int(a)}
                   for c, e, a in zip(self.categories, self.expected, self.actual)}
        return {
            "brier": self._brier / n if n else float("nan"),
            "expected": float(self.expected.sum()),
            "actual": int(self.actual.sum()),
            "ratio": float(self.expected.sum() / max(self.actual.sum(), 1.0)),
            # the worst category's expected/actual ratio, either way (≥ 1: 2.0 means 2× off)
            "worst_ratio": float(np.exp(np.abs(np.log(ratio[order[0]])))) if order.size else 1.0,
            "worst": [[self.categories[i], round(float(self.expected[i]), 1), int(self.actual[i])]
                      for i in order[:worst]],
            "per_category": per_cat,
        }


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def _category_offsets(base: np.ndarray, y: np.ndarray, cats: np.ndarray, k: int, prior: float,
                      iterations: int) -> np.ndarray:
    """Per-category logit offsets on top of ``base``: the MAP under a Gaussian prior whose precision is
    worth `prior` shifters (the data's curvature is about the expected shifters), so sum(p) moves to the
    actual shifts in proportion to the evidence."""
    offset = np.zeros(k)
    pos = np.bincount(cats, weights=y, minlength=k)
    for _ in range(iterations):
        p = _sigmoid(base + offset[cats])
        grad = np.bincount(cats, weights=p, minlength=k) - pos + prior * offset
        hess = np.bincount(cats, weights=p * (1 - p), minlength=k) + prior
        step = grad / hess
        offset -= step
        if np.abs(step).max() < 1e-8:
            break
    return offset


class ShiftCalibrator:
    """Platt scaling with a per-category intercept: ``p = sigmoid(a * logit + b + offset[c])``.

    Fitted on the validation weeks (held out from training, before the as-of date).
    The per-category offsets are shrunk towards 0 by ``prior`` pseudo-shifters, so a
    category with a handful of validation shifts keeps the global correction.
    """

    def __init__(self, prior: float = 2.0, iterations: int = 50) -> None:
        self.prior = prior
        self.iterations = iterations

    def fit(self, logits: np.ndarray, labels: np.ndarray, cats: np.ndarray, k: int) -> "ShiftCalibrator":
        z = np.asarray(logits, np.float64)
        y = np.asarray(labels, np.float64)
        cats = np.asarray(cats, np.int64)
        self.a_, self.b_ = 1.0, 0.0
        self.offset_ = np.zeros(k)
        if y.size == 0 or y.sum() == 0 or y.sum() == y.size:
            return self
        # global Platt by Newton's method on (a, b), starting at the identity
        x = np.stack([z, np.ones_like(z)], axis=1)
        w = np.array([1.0, 0.0])
        for _ in range(self.iterations):
            p = _sigmoid(x @ w)
            grad = x.T @ (p - y)
            hess = (x * (p * (1 - p))[:, None]).T @ x + 1e-6 * np.eye(2)
            step = np.linalg.solve(hess, grad)
            w -= step
            if np.abs(step).max() < 1e-8:
                break
        self.a_, self.b_ = float(w[0]), float(w[1])
        self.offset_ = _category_offsets(self.a_ * z + self.b_, y, cats, k, self.prior, self.iterations)
        return self

    def transform(self, logits: np.ndarray) -> np.ndarray:
        """Probabilities [B, K] from logits [B, K]."""
        return _sigmoid(self.a_ * np.asarray(logits, np.float64) + self.b_ + self.offset_[None, :])

    def to_dict(self) -> dict:
        return {"a": self.a_, "b": self.b_, "offset": self.offset_.tolist(), "prior": self.prior}

    @classmethod
    def from_dict(cls, d: dict) -> "ShiftCalibrator":
        out = cls(prior=d.get("prior", 2.0))
        out.a_, out.b_, out.offset_ = float(d["a"]), float(d["b"]), np.asarray(d["offset"], np.float64)
        return out


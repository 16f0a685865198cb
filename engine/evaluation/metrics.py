"""Ranking metrics of scores against what really happened.

``auc`` scores pairs pooled together (all candidate (customer, category) pairs);
the ``*_at_k`` metrics rank each customer's own candidates and average over the
customers who have at least one positive, as recommender backtests do.
Matrices are ``[customers, categories]``; ``mask`` marks the candidate pairs.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
from scipy.stats import rankdata


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC-AUC by the rank-sum formula (ties count half); NaN without both classes."""
    scores = np.asarray(scores, dtype=np.float64).ravel()
    labels = np.asarray(labels).ravel().astype(bool)
    n_pos = int(labels.sum())
    n_neg = labels.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = rankdata(scores)
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def auc_difference_se(a: np.ndarray, b: np.ndarray, labels: np.ndarray) -> float:
    """The standard error of AUC(a) - AUC(b), two scores of the same rows (DeLong, DeLong and Clarke-Pearson 1988,
    by placement values: Sun and Xu 2014); NaN without both classes. What one evaluation cut says of its own
    noise, when there is no second cut to give a spread."""
    labels = np.asarray(labels).ravel().astype(bool)
    m, n = int(labels.sum()), int((~labels).sum())
    if m < 2 or n < 2:
        return float("nan")
    placements = []
    for s in (a, b):
        s = np.asarray(s, dtype=np.float64).ravel()
        pos, neg = s[labels], s[~labels]
        both = rankdata(np.concatenate([pos, neg]))
        # each positive's share of negatives ranked below it, each negative's share of positives above it
        placements.append(((both[:m] - rankdata(pos)) / n, 1.0 - (both[m:] - rankdata(neg)) / m))
    cov = np.cov([placements[0][0], placements[1][0]]) / m + np.cov([placements[0][1], placements[1][1]]) / n
    return float(np.sqrt(max(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1], 0.0)))


def _ranked(scores: np.ndarray, labels: np.ndarray, mask: np.ndarray | None, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels of each customer's top-k candidates (best first), and their positive counts."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels).astype(bool)
    if mask is not None:
        labels = labels & mask
        scores = np.where(mask, scores, -np.inf)
    k = min(k, scores.shape[1])
    # a stable sort on the negated score: ties keep category order, so results are reproducible
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    top = np.take_along_axis(labels, order, axis=1)
    if mask is not None:
        top &= np.take_along_axis(mask, order, axis=1)
    return top, labels.sum(axis=1)


def precision_at_k(scores, labels, mask=None, k: int = 5) -> float:
    top, n_pos = _ranked(scores, labels, mask, k)
    keep = n_pos > 0
    return float(top[keep].sum(axis=1).mean() / k) if keep.any() else float("nan")


def recall_at_k(scores, labels, mask=None, k: int = 10) -> float:
    top, n_pos = _ranked(scores, labels, mask, k)
    keep = n_pos > 0
    return float((top[keep].sum(axis=1) / n_pos[keep]).mean()) if keep.any() else float("nan")


def ndcg_at_k(scores, labels, mask=None, k: int = 10) -> float:
    top, n_pos = _ranked(scores, labels, mask, k)
    keep = n_pos > 0
    if not keep.any():
        return float("nan")
    discount = 1.0 / np.log2(np.arange(2, top.shape[1] + 2))
    dcg = (top[keep] * discount).sum(axis=1)
    ideal = np.cumsum(discount)[np.minimum(n_pos[keep], top.shape[1]) - 1]
    return float((dcg / ideal).mean())


class RankingMetrics:
    """Collects score/label/mask chunks and reports every metric at the end.

    The per-customer metrics are summed chunk by chunk (bounded memory); the AUC
    needs every candidate pair, so its pairs are kept (float32) up to ``max_pairs``,
    beyond which a deterministic stride thins them.
    """

    NAMES = ("auc", "precision@5", "recall@10", "ndcg@10")

    def __init__(self, max_pairs: int = 20_000_000) -> None:
        self.max_pairs = max_pairs
        self._scores: list[np.ndarray] = []
        self._labels: list[np.ndarray] = []
        self._pairs = 0
        self._sums = {"precision@5": 0.0, "recall@10": 0.0, "ndcg@10": 0.0}
        self._customers = 0

    def add(self, scores: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> None:
        labels = labels.astype(bool) & mask
        s, y = scores[mask].astype(np.float32), labels[mask]
        if self._pairs + s.size > self.max_pairs:
            step = int(np.ceil((self._pairs + s.size) / self.max_pairs))
            s, y = s[::step], y[::step]
        self._scores.append(s)
        self._labels.append(y)
        self._pairs += s.size
        n = int((labels.sum(axis=1) > 0).sum())
        if n:
            self._customers += n
            self._sums["precision@5"] += precision_at_k(scores, labels, mask, 5) * n
            self._sums["recall@10"] += recall_at_k(scores, labels, mask, 10) * n
            self._sums["ndcg@10"] += ndcg_at_k(scores, labels, mask, 10) * n

    def result(self) -> dict[str, float]:
        scores = np.concatenate(self._scores) if self._scores else np.zeros(0)
        labels = np.concatenate(self._labels) if self._labels else np.zeros(0, bool)
        out = {"auc": auc(scores, labels)}
        for name, total in self._sums.items():
            out[name] = total / self._customers if self._customers else float("nan")
        out["pairs"] = int(labels.size)
        out["positives"] = int(labels.sum())
        out["customers_with_shift"] = self._customers
        return out


def best_of(results: dict[str, dict[str, float]], metric: str = "auc") -> tuple[str, float]:
    """The name and value of the best entry by ``metric`` (NaNs lose)."""
    items: Iterable[tuple[str, float]] = ((n, r.get(metric, float("nan"))) for n, r in results.items())
    valid = [(n, v) for n, v in items if v == v]
    if not valid:
        return "", float("nan")
    return max(valid, key=lambda item: item[1])

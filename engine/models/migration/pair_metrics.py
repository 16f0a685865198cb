"""Ranking metrics of one cut's candidate pairs: AUC pooled over pairs, precision@5, recall@10 and
NDCG@10 averaged over the customers who shifted (ties broken by category)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.evaluation.metrics import RankingMetrics, auc
from engine.models.migration.customer_order import customer_places

if TYPE_CHECKING:
    from engine.models.migration.ladder import ScoredCut


def metrics_of(d: ScoredCut, score: np.ndarray, keep_cats: np.ndarray | None = None) -> dict[str, float]:
    """Ranking metrics of one cut's candidate pairs (optionally only some categories)."""
    sel = np.ones(len(d.cid), bool) if keep_cats is None else np.isin(d.cat, keep_cats)
    cid, cat, y, sc = d.cid[sel], d.cat[sel], d.y[sel], np.asarray(score, np.float64)[sel]
    if not len(cid) or len(cid) > RankingMetrics().max_pairs or np.isnan(sc).any():
        return _dense_metrics(cid, cat, y, sc)
    return _sorted_metrics(cid, cat, y, sc)


#: customers per block of the per-customer metrics (each block's means are summed, weighted by its customers)
_BLOCK = 4096


def _customers(cid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(cid, return_inverse=True)``; without a sort for pairs in customer order (a scored cut's)."""
    cid = np.asarray(cid)
    if len(cid) and (np.diff(cid) < 0).any():
        return np.unique(cid, return_inverse=True)
    start = np.r_[0, np.flatnonzero(np.diff(cid)) + 1] if len(cid) else np.zeros(0, np.int64)
    return cid[start], np.repeat(np.arange(len(start)), np.diff(np.r_[start, len(cid)]))


def _sorted_metrics(cid: np.ndarray, cat: np.ndarray, y: np.ndarray, sc: np.ndarray) -> dict[str, float]:
    """:func:`_dense_metrics` from each customer's pairs sorted once: the same numbers to the last bit.

    The dense version fills a customers x categories matrix per block and sorts every row three times
    (once per metric); sorting each customer's pairs by score and category gives its top 10 in the same
    order (ties by category), and the metrics are then computed from the same arrays with the same
    operations. The AUC needs no order (its rank sums are exact)."""
    users, ui = _customers(cid)
    cats = np.unique(cat)
    ci = np.searchsorted(cats, cat)
    y = np.asarray(y, bool)
    # each pair's place in its customer's order by score then category (each customer's pairs sorted on their own)
    pos, _ = customer_places(ui, (ci, -sc))
    k10, k5 = min(10, len(cats)), min(5, len(cats))
    top = np.zeros((len(users), k10), bool)
    first = pos < k10
    top[ui[first], pos[first]] = y[first]
    n_pos = np.bincount(ui[y], minlength=len(users)).astype(np.intp)
    discount = 1.0 / np.log2(np.arange(2, k10 + 2))
    sums = {"precision@5": 0.0, "recall@10": 0.0, "ndcg@10": 0.0}
    customers = 0
    for lo in range(0, len(users), _BLOCK):
        npos = n_pos[lo:lo + _BLOCK]
        keep = npos > 0
        n = int(keep.sum())
        if not n:
            continue
        customers += n
        t10 = top[lo:lo + _BLOCK][keep]
        # over 5 even with fewer categories, as precision_at_k has it
        sums["precision@5"] += float(np.ascontiguousarray(t10[:, :k5]).sum(axis=1).mean() / 5) * n
        sums["recall@10"] += float((t10.sum(axis=1) / npos[keep]).mean()) * n
        dcg = (t10 * discount).sum(axis=1)
        ideal = np.cumsum(discount)[np.minimum(npos[keep], k10) - 1]
        sums["ndcg@10"] += float((dcg / ideal).mean()) * n
    out = {"auc": auc(sc.astype(np.float32), y)}
    for name, total in sums.items():
        out[name] = total / customers if customers else float("nan")
    out.update(pairs=int(y.size), positives=int(y.sum()), customers_with_shift=customers)
    return out


def _dense_metrics(cid: np.ndarray, cat: np.ndarray, y: np.ndarray, sc: np.ndarray) -> dict[str, float]:
    users, ui = np.unique(cid, return_inverse=True)
    cats, ci = np.unique(cat, return_inverse=True)
    m = RankingMetrics()
    for lo in range(0, len(users), _BLOCK):
        rows = (ui >= lo) & (ui < lo + _BLOCK)
        n = min(_BLOCK, len(users) - lo)
        S = np.full((n, len(cats)), -np.inf)
        Y = np.zeros((n, len(cats)), bool)
        M = np.zeros((n, len(cats)), bool)
        S[ui[rows] - lo, ci[rows]] = sc[rows]
        Y[ui[rows] - lo, ci[rows]] = y[rows]
        M[ui[rows] - lo, ci[rows]] = True
        m.add(np.where(M, S, 0.0), Y, M)
    return m.result()

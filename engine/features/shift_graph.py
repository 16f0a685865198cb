"""Scores that need the whole customer x category matrix at a cut: category transitions (Markov),
user-kNN collaborative filtering, co-purchase lift, and the categories' past shift rates.

Built per cut as matrix products (no loop over rows). Nothing uses a label it could not have
seen: transitions and shift rates at cut ``s`` are counted only on cuts whose label weeks end by
``s`` (cuts ``>= s + H``), so a feature never contains its own row's outcome.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

#: Scores added to every pair, in column order.
GRAPH_FEATURES = ("markov", "knn", "knn_ever", "copurchase", "k_shift_rate", "k_last_rate")


@dataclass
class _Counts:
    pos: np.ndarray     # [K+1, K] shifters into t among candidates who bought s lately (row K: nothing lately)
    n: np.ndarray       # [K+1, K] candidates


def _dense(rows: np.ndarray, cols: np.ndarray, vals, shape) -> np.ndarray:
    out = np.zeros(shape, np.float32)
    np.add.at(out, (rows, cols), vals)
    return out


def build_graph_scores(cur: duckdb.DuckDBPyConnection, shifts: list[int], k: int, *, horizon: int,
                       neighbours: int = 30, max_reference: int = 5000, smoothing: float = 20.0,
                       cancel=None) -> dict[int, np.ndarray]:
    """Creates ``sp_graph(s, cid, cat, markov, knn, copurchase, k_shift_rate, k_last_rate)``; returns each
    cut's transition lift P(t | bought s lately) / P(t) ``[K, K]`` (for the reasons)."""
    lifts: dict[int, np.ndarray] = {}
    counts: dict[int, _Counts] = {}
    cur.execute("CREATE OR REPLACE TEMP TABLE sp_graph (s INTEGER, cid INTEGER, cat INTEGER, markov FLOAT, "
                "knn FLOAT, knn_ever FLOAT, copurchase FLOAT, k_shift_rate FLOAT, k_last_rate FLOAT)")
    for s in sorted(set(shifts), reverse=True):          # oldest first: later cuts use their counts
        if cancel is not None:
            cancel.raise_if_cancelled()
        pairs = cur.execute("SELECT cid, cat, label FROM sp_pairs WHERE s = ?", [s]).fetchnumpy()
        hist = cur.execute("SELECT cid, cat, weeks_all, weeks_recent FROM sp_hist WHERE s = ? AND weeks_all > 0",
                           [s]).fetchnumpy()
        if len(pairs["cid"]) == 0:
            continue
        ids = np.unique(np.concatenate([np.asarray(pairs["cid"]), np.asarray(hist["cid"])]))
        hi = np.searchsorted(ids, np.asarray(hist["cid"]))
        hc = np.asarray(hist["cat"], np.int64)
        n_c = len(ids)
        A = _dense(hi, hc, np.log1p(np.asarray(hist["weeks_all"], np.float32)), (n_c, k))
        R = _dense(hi, hc, (np.asarray(hist["weeks_recent"]) > 0).astype(np.float32), (n_c, k))
        pi = np.searchsorted(ids, np.asarray(pairs["cid"]))
        pc = np.asarray(pairs["cat"], np.int64)
        src = np.concatenate([R, (R.sum(axis=1, keepdims=True) == 0).astype(np.float32)], axis=1)  # [n_c, K+1]

        earlier = [c for c in counts if c >= s + horizon]
        pos = sum((counts[c].pos for c in earlier), np.zeros((k + 1, k)))
        n = sum((counts[c].n for c in earlier), np.zeros((k + 1, k)))
        base = (pos.sum(axis=0) + 1e-3) / (n.sum(axis=0) + 1.0)
        trans = (pos + smoothing * base) / (n + smoothing)
        markov = (src @ trans) / src.sum(axis=1, keepdims=True)
        lifts[s] = trans[:k] / base[None, :]
        if earlier:
            last = counts[min(earlier)]
            last_rate = (last.pos.sum(axis=0) + base) / (last.n.sum(axis=0) + 1.0)
        else:
            last_rate = base

        knn, knn_ever = _knn(A, R, ids, neighbours, max_reference)
        copurchase = _copurchase(A > 0)
        table = pa.table({
            "s": pa.array(np.full(len(pi), s, np.int32)), "cid": pa.array(np.asarray(pairs["cid"], np.int32)),
            "cat": pa.array(pc.astype(np.int32)), "markov": pa.array(markov[pi, pc].astype(np.float32)),
            "knn": pa.array(knn[pi, pc].astype(np.float32)),
            "knn_ever": pa.array(knn_ever[pi, pc].astype(np.float32)),
            "copurchase": pa.array(copurchase[pi, pc].astype(np.float32)),
            "k_shift_rate": pa.array(base[pc].astype(np.float32)),
            "k_last_rate": pa.array(last_rate[pc].astype(np.float32))})
        cur.register("sp_graph_chunk", table)
        cur.execute("INSERT INTO sp_graph SELECT * FROM sp_graph_chunk")
        cur.unregister("sp_graph_chunk")

        label = pairs["label"]
        known = np.asarray([v is not None for v in label]) if label.dtype == object else ~np.ma.getmaskarray(label)
        if known.any():
            y = np.asarray(np.ma.filled(label, False) if np.ma.isMaskedArray(label) else label, dtype=bool)
            y = np.where(known, y, False)
            cand = _dense(pi[known], pc[known], 1.0, (n_c, k))
            hit = _dense(pi[known & y], pc[known & y], 1.0, (n_c, k))
            counts[s] = _Counts(pos=src.T.astype(np.float64) @ hit, n=src.T.astype(np.float64) @ cand)
    return lifts


def _knn(A: np.ndarray, R: np.ndarray, ids: np.ndarray, neighbours: int, max_reference: int,
         ) -> tuple[np.ndarray, np.ndarray]:
    """Similarity-weighted share of each customer's nearest neighbours who bought the category lately,
    and who ever bought it (a taste the neighbours share even when none bought it in the last weeks).

    Neighbours come from a fixed reference sample (customer ids are hashed, so the first
    ``max_reference`` are random), which keeps a large shop's cost linear in its customers."""
    norm = np.linalg.norm(A, axis=1, keepdims=True)
    X = A / np.maximum(norm, 1e-9)
    ref = np.arange(min(len(ids), max_reference))
    Xr, Rr, Er = X[ref], R[ref], (A[ref] > 0).astype(np.float32)
    out, ever = np.zeros_like(A), np.zeros_like(A)
    m = min(neighbours, len(ref) - 1)
    if m < 1:
        return out, ever
    for lo in range(0, len(X), 2048):
        sim = X[lo:lo + 2048] @ Xr.T                                     # [b, n_ref]
        rows = np.arange(lo, min(lo + 2048, len(X)))
        self_hit = rows < len(ref)
        sim[np.flatnonzero(self_hit), rows[self_hit]] = -1.0             # a customer is not their own neighbour
        top = np.argpartition(-sim, m - 1, axis=1)[:, :m]
        w = np.maximum(np.take_along_axis(sim, top, axis=1), 0.0)        # [b, m]
        total = np.maximum(w.sum(axis=1, keepdims=True), 1e-9)
        out[lo:lo + 2048] = np.einsum("bm,bmk->bk", w, Rr[top]) / total
        ever[lo:lo + 2048] = np.einsum("bm,bmk->bk", w, Er[top]) / total
    return out, ever


def _copurchase(B: np.ndarray) -> np.ndarray:
    """Mean log lift of the category with the categories the customer ever bought."""
    B = B.astype(np.float32)
    n = max(len(B), 1)
    co = B.T @ B
    nk = np.diag(co).copy()
    expected = np.outer(nk, nk) / n
    lift = np.log((co + 1.0) / (expected + 1.0))
    np.fill_diagonal(lift, 0.0)
    return (B @ lift) / np.maximum(B.sum(axis=1, keepdims=True), 1.0)

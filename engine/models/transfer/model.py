"""Customers like them: a k-nearest-neighbour estimator of which categories a customer enters next."""

from __future__ import annotations

import numpy as np

from engine.jobs import CancelToken

#: Customers compared with every reference customer at a time: the similarity block is batch ×
#: references float32 (256 × 50k ≈ 50 MB). scikit-learn's brute-force search took 2048-row
#: blocks of float64 distances: 1.7 GB peak at 133k cold-start customers.
_BATCH = 256


def _unit(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero: cosine similarity 0 to everyone)."""
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)


class NeighbourTransfer:
    """P(enter category) for a customer = the smoothed rate among the ``n_neighbors``
    most similar established customers (cosine similarity of attributes and first
    purchases), shrunk towards the category's overall rate by ``prior_weight``
    pseudo-neighbours, so a thin neighbourhood falls back to popularity."""

    def __init__(self, n_neighbors: int = 50, prior_weight: float = 5.0) -> None:
        self.n_neighbors = n_neighbors
        self.prior_weight = prior_weight

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "NeighbourTransfer":
        if len(X) == 0:
            raise ValueError("no established customers to learn from")
        self.k_ = min(self.n_neighbors, len(X))
        # one float32 matrix product per block and a partial sort: the brute-force search
        # scikit-learn does, without its float64 copies (most of its time at 10^5 customers)
        self.reference_ = _unit(X)
        self.Y_ = Y.astype(np.float32)
        self.prior_ = Y.mean(axis=0).astype(np.float32)
        return self

    def neighbours(self, X: np.ndarray) -> np.ndarray:
        """Row indices of each row's ``k_`` most similar reference customers (in no order)."""
        sim = _unit(X) @ self.reference_.T
        if self.k_ >= sim.shape[1]:
            return np.broadcast_to(np.arange(sim.shape[1]), sim.shape)
        return np.argpartition(-sim, self.k_ - 1, axis=1)[:, :self.k_]

    def predict_proba(self, X: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
        """One row of probabilities per row of ``X``; equal rows are searched once.

        Short histories repeat: at 1M customers x 10 events, 45 % of a part of cold-start
        customers had the description of another one in it (the same attributes and the same
        one or two categories), and the neighbour search is nearly all of transfer's time."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        if len(X) < 2 or X.shape[1] == 0:
            return self._predict_rows(X, cancel)
        rows = X.view(np.dtype((np.void, X.dtype.itemsize * X.shape[1]))).ravel()
        _, first, inverse = np.unique(rows, return_index=True, return_inverse=True)
        return self._predict_rows(X[first], cancel)[inverse.ravel()]

    def _predict_rows(self, X: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
        out = np.empty((len(X), self.Y_.shape[1]), dtype=np.float32)
        for start in range(0, len(X), _BATCH):
            if cancel is not None:
                cancel.raise_if_cancelled()
            block = X[start:start + _BATCH]
            # an empty description (no attributes, no events) has no cosine neighbours: use the prior
            empty = ~np.any(block != 0, axis=1)
            counts = self.Y_[self.neighbours(block)].sum(axis=1)
            probs = (counts + self.prior_weight * self.prior_) / (self.k_ + self.prior_weight)
            probs[empty] = self.prior_
            out[start:start + _BATCH] = probs
        return out

"""Customers like them: a k-nearest-neighbour estimator of which categories a customer enters next."""

from __future__ import annotations

from functools import partial

import numpy as np
import torch
from scipy import sparse

from engine.jobs import CancelToken
from engine.models.side_by_side import side_by_side
from engine.models.transfer.known_rows import KnownRows

#: Customers compared with every reference customer at a time: the similarity block is batch ×
#: references float32 (256 × 50k ≈ 50 MB). scikit-learn's brute-force search took 2048-row
#: blocks of float64 distances: 1.7 GB peak at 133k cold-start customers.
_BATCH = 256


def _unit(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero: cosine similarity 0 to everyone)."""
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)


def _unique_rows(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each distinct row's first index, each row's distinct row): what ``np.unique`` over the rows'
    bytes returns with ``return_index`` and ``return_inverse``, in its order (the bytes compared
    as unsigned, first byte first), so the searches come in the same blocks.

    ``np.unique`` on opaque row values sorted them by a byte comparison called per pair with the
    interpreter lock held (~9% of transfer at 10^7 wide events). Here each row's bytes are read as
    big-endian 64-bit words, whose numeric order is the bytes' order, and sorted by ``np.lexsort``
    (stable, so the first of equal rows is the lowest index, as ``np.unique``'s stable sort gives)."""
    n = len(X)
    if n == 0 or X.shape[1] == 0:
        return np.zeros(min(n, 1), dtype=np.int64), np.zeros(n, dtype=np.int64)
    raw = np.ascontiguousarray(X).view(np.uint8).reshape(n, -1)
    pad = (-raw.shape[1]) % 8
    if pad:   # zeros after every row: equal rows stay equal, the order of the others is decided before
        raw = np.concatenate([raw, np.zeros((n, pad), np.uint8)], axis=1)
    words = np.ascontiguousarray(raw).view(">u8").astype(np.uint64)
    order = np.lexsort(words.T[::-1])   # the first word is the primary key
    ranked = words[order]
    starts = np.empty(n, dtype=bool)
    starts[:1] = True
    np.any(ranked[1:] != ranked[:-1], axis=1, out=starts[1:])
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return order[starts], inverse


def _at_least(sim: np.ndarray, top: np.ndarray, at: np.ndarray, edge: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, similarity) of every entry of ``sim`` at least its row's ``edge``, in the order
    ``np.nonzero(sim >= edge)`` gives them (rows, then columns ascending), so the sums over them
    are the same to the bit.

    Comparing and scanning the whole block took a third of the search at 10^7 wide events. A row
    whose edge is above its last top-k value has every such entry among its top-k (the rest are at
    most that value), so only those k are looked at. A row whose last top-k value ties the edge may
    have rows outside the top-k as close (~3% of rows at 10^7 wide events): those rows are scanned
    whole, as before."""
    spill = top[:, -1] >= edge[:, 0]
    order = np.argsort(at, axis=1, kind="stable")
    at, top = np.take_along_axis(at, order, axis=1), np.take_along_axis(top, order, axis=1)
    rows, j = np.nonzero((top >= edge) & ~spill[:, None])
    cols, near = at[rows, j], top[rows, j]
    if spill.any():
        some = np.flatnonzero(spill)
        block = sim[some]
        r, c = np.nonzero(block >= edge[some])
        rows, cols, near = (np.concatenate([rows, some[r]]), np.concatenate([cols, c]),
                            np.concatenate([near, block[r, c]]))
        by_row = np.argsort(rows, kind="stable")   # each part is in column order within its rows
        rows, cols, near = rows[by_row], cols[by_row], near[by_row]
    return rows, cols.astype(np.int64, copy=False), near


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
        # equal descriptions are one reference row with a weight (how many customers) and their
        # mean labels: early weeks repeat too (23,590 references were 9,596 distinct rows at 1M
        # wide customers), and the search is a product + top-k over the reference rows
        U = np.ascontiguousarray(_unit(X))
        Y = np.asarray(Y, dtype=np.float32)
        first, inverse = _unique_rows(U)
        self.reference_ = U[first]
        self.weight_ = np.bincount(inverse, minlength=len(first)).astype(np.float32)
        sums = np.zeros((len(first), Y.shape[1]), dtype=np.float64)
        np.add.at(sums, inverse, Y)
        self.mean_labels_ = (sums / self.weight_[:, None]).astype(np.float32)
        self.prior_ = Y.mean(axis=0).astype(np.float32)
        return self

    def neighbour_weights(self, X: np.ndarray) -> sparse.csr_array:
        """Customers taken from each reference row (a row per row of ``X``): the ``k_`` most similar customers.

        Rows closer than the ``k_``-th customer give all their customers. The rows exactly as close as it
        (customers with equal descriptions, or descriptions equally similar) share the customers still
        needed in proportion to how many each holds: an even draw among those customers, so the scores
        never hang on the order a sort leaves ties in. The edge is found among the ``k_`` best rows
        (each holds at least one customer), and every row as close as the edge is then taken, inside
        them or not."""
        sim = _unit(X) @ self.reference_.T
        n, m = sim.shape
        # torch's top-k: a third of numpy's argpartition over ~10k reference rows (nearly all of transfer's
        # time at 10^7 wide events); which of the tied rows it returns does not matter here
        top, at = torch.topk(torch.from_numpy(sim), min(self.k_, m), dim=1)
        top, at = top.numpy(), at.numpy()
        reach = np.cumsum(self.weight_[at], axis=1)
        edge = np.take_along_axis(top, np.argmax(reach >= self.k_, axis=1)[:, None], axis=1)
        rows, cols, near = _at_least(sim, top, at, edge)
        w = self.weight_[cols].astype(np.float64)
        closer = near > edge[rows, 0]
        held = np.bincount(rows, weights=np.where(closer, w, 0.0), minlength=n)
        tied = np.bincount(rows, weights=np.where(closer, 0.0, w), minlength=n)
        taken = np.where(closer, w, w * ((self.k_ - held) / tied)[rows])
        return sparse.csr_array((taken, (rows, cols)), shape=(n, m))

    def predict_proba(self, X: np.ndarray, cancel: CancelToken | None = None, threads: int = 1,
                      known: KnownRows | None = None) -> np.ndarray:
        """One row of probabilities per row of ``X``; equal rows are searched once.

        Short histories repeat: at 1M customers x 10 events, 45 % of a part of cold-start
        customers had the description of another one in it (the same attributes and the same
        one or two categories), and the neighbour search is nearly all of transfer's time.
        ``threads``: blocks searched at once (see :meth:`_predict_rows`). ``known``: rows searched
        before (an earlier part's), taken from there; the rows searched here are added to it."""
        X = np.ascontiguousarray(X, dtype=np.float32)
        if (len(X) < 2 and known is None) or X.shape[1] == 0:
            return self._predict_rows(X, cancel, threads)
        first, inverse = _unique_rows(X)
        distinct = X[first]
        if known is None:
            return self._predict_rows(distinct, cancel, threads)[inverse]
        at = known.find(distinct)
        new = at < 0
        probs = np.empty((len(distinct), self.mean_labels_.shape[1]), dtype=np.float32)
        probs[~new] = known.probs[at[~new]]
        probs[new] = self._predict_rows(distinct[new], cancel, threads)
        known.add(distinct[new], probs[new])
        return probs[inverse]

    def _predict_rows(self, X: np.ndarray, cancel: CancelToken | None = None, threads: int = 1) -> np.ndarray:
        """The rows in blocks of ``_BATCH``, ``threads`` blocks at a time: a block's product (numpy)
        and top-k (torch) run without the interpreter lock, and each block is the same
        block, searched the same way, whichever thread takes it (a product's last bit can hang on
        the shape of its block, so the blocks are not re-cut), so the probabilities are the same."""
        out = np.empty((len(X), self.mean_labels_.shape[1]), dtype=np.float32)

        def block(start: int) -> None:
            if cancel is not None:
                cancel.raise_if_cancelled()
            rows = X[start:start + _BATCH]
            # an empty description (no attributes, no events) has no cosine neighbours: use the prior
            empty = ~np.any(rows != 0, axis=1)
            counts = self.neighbour_weights(rows) @ self.mean_labels_
            probs = (counts + self.prior_weight * self.prior_) / (self.k_ + self.prior_weight)
            probs[empty] = self.prior_
            out[start:start + _BATCH] = probs

        # list(): a block's error (a cancel) is raised here; the blocks not started are dropped
        list(side_by_side([partial(block, start) for start in range(0, len(X), _BATCH)], threads))
        return out

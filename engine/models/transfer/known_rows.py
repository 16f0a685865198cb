"""Probabilities of descriptions already searched, kept from one part of cold-start customers to the next.

Short histories repeat across the whole shop, not only within a part: at 1M customers x 10 events the
805,080 cold-start customers were 408,320 distinct descriptions counted part by part, but 247,455
across all parts (``tests/bench/bench_transfer_known.py``). The neighbour search is nearly all of
transfer's time, so a description seen in an earlier part takes that part's probabilities.

Rows are found by a 64-bit hash of their bytes and then compared whole, so a collision only costs
a search. The store is bounded (:data:`KNOWN_BYTES`): once full it keeps what it has, which holds
the commonest descriptions, met in the first parts.
"""

from __future__ import annotations

import numpy as np

#: Memory the kept rows and their probabilities may take (at 73 columns and 30 categories: ~100k rows).
KNOWN_BYTES = 48 * 2 ** 20
#: One odd 64-bit multiplier per 32-bit word of a row (fixed: the hash is the same in every run).
_SEED = 20261202


def row_hashes(X: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each row's bytes (``-0.0`` as ``0.0``): the sum of its 32-bit words times fixed odd
    multipliers, modulo 2^64."""
    X = np.ascontiguousarray(np.asarray(X, np.float32) + np.float32(0))
    words = X.view(np.uint32).astype(np.uint64)
    mult = np.random.default_rng(_SEED).integers(0, 2 ** 63, size=X.shape[1], dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over="ignore"):
        return (words * mult[None, :]).sum(axis=1, dtype=np.uint64)


class KnownRows:
    """Rows of one width with their probabilities; :meth:`find` and :meth:`add`."""

    def __init__(self, width: int, outputs: int, max_bytes: int = KNOWN_BYTES) -> None:
        per_row = 4 * (width + outputs) + 16
        self.capacity = max(0, int(max_bytes) // per_row)
        self.rows = np.empty((0, width), np.float32)
        self.probs = np.empty((0, outputs), np.float32)
        self._keys = np.empty(0, np.uint64)        # hashes, sorted
        self._at = np.empty(0, np.int64)           # the stored row of each sorted hash

    def __len__(self) -> int:
        return len(self.rows)

    def find(self, X: np.ndarray) -> np.ndarray:
        """For each row of ``X``: the index of the same stored row, or -1."""
        X = np.asarray(X, np.float32)
        out = np.full(len(X), -1, np.int64)
        if not len(self._keys) or not len(X):
            return out
        h = row_hashes(X)
        pos = np.minimum(np.searchsorted(self._keys, h), len(self._keys) - 1)
        cand = np.flatnonzero(self._keys[pos] == h)
        at = self._at[pos[cand]]
        same = np.all(self.rows[at] == X[cand], axis=1)
        out[cand[same]] = at[same]
        return out

    def add(self, X: np.ndarray, probs: np.ndarray) -> None:
        """Keep rows (not already kept) with their probabilities, as many as the store has room for."""
        room = self.capacity - len(self.rows)
        if room <= 0 or not len(X):
            return
        X, probs = np.asarray(X, np.float32)[:room], np.asarray(probs, np.float32)[:room]
        start = len(self.rows)
        self.rows = np.concatenate([self.rows, X])
        self.probs = np.concatenate([self.probs, probs])
        keys = np.concatenate([self._keys, row_hashes(X)])
        at = np.concatenate([self._at, np.arange(start, start + len(X))])
        order = np.argsort(keys, kind="stable")    # equal hashes keep the first row kept first
        self._keys, self._at = keys[order], at[order]

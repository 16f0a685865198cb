"""Each pair's place among its own customer's pairs, ordered by some keys: what the ranks written with the scores
and the stacker's per-customer percentiles are made of.

The pairs come in customer order (a chunk or a scored cut is read ``ORDER BY cid, cat``), so each customer's pairs
can be sorted on their own, as a row of a matrix with one row per customer, instead of sorting every pair of the
chunk by customer first: the same places (the same keys, ties in the same input order), for about a third of the
CPU of one ``lexsort`` over the whole chunk (wide and long 10^7: ~30 places computed per chunk of 200,000 pairs).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

#: padded cells per pair beyond which the rows are not worth it (customers with very different pair counts)
_MAX_PADDING = 4


def _runs(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values starts, and its length."""
    start = np.r_[0, np.flatnonzero(np.diff(c)) + 1] if len(c) else np.zeros(0, np.int64)
    return start, np.diff(np.r_[start, len(c)])


def customer_places(cid: np.ndarray, keys: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's 0-based place among its customer's pairs and its customer's pair count, the pairs ordered as
    ``np.lexsort(keys)`` orders them (the last key first; NaN last; equal keys in input order).

    ``cid`` in any order; in customer order (non-decreasing) each customer's pairs are sorted as a row of their
    own. Keys must not put a pair after the row's padding (NaN, or the largest integer, in every key): an input
    NaN in the first key with the largest integer in a later one."""
    cid = np.asarray(cid)
    keys = [np.asarray(k) for k in keys]
    start, size = _runs(cid)
    width = int(size.max(initial=0))
    if (len(cid) and (np.diff(cid) < 0).any()) or len(size) * width > _MAX_PADDING * len(cid) + 1024:
        order = np.lexsort((*keys, cid))
        start, size = _runs(cid[order])
        place, count = np.empty(len(cid), np.int64), np.empty(len(cid), np.int64)
        place[order] = np.arange(len(cid)) - np.repeat(start, size)
        count[order] = np.repeat(size, size)
        return place, count
    n = len(size)
    row = np.repeat(np.arange(n), size)
    col = np.arange(len(cid)) - np.repeat(start, size)
    padded = []
    for k in keys:
        m = np.full((n, width), np.nan if k.dtype.kind == "f" else np.iinfo(k.dtype).max, k.dtype)
        m[row, col] = k
        padded.append(m)
    order = np.lexsort(padded, axis=1)           # order[r, j]: the column of row r's j-th pair
    real = order < size[:, None]                 # the padding sorts after every pair of its row
    place = np.empty(len(cid), np.int64)
    place[(start[:, None] + order)[real]] = np.broadcast_to(np.arange(width), order.shape)[real]
    return place, np.repeat(size, size)

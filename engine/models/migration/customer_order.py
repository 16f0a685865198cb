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
#: pairs whose customers are sorted as one padded matrix (then the next customers')
_BLOCK_PAIRS = 1 << 16


def _runs(c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal values starts, and its length."""
    start = np.r_[0, np.flatnonzero(np.diff(c)) + 1] if len(c) else np.zeros(0, np.int64)
    return start, np.diff(np.r_[start, len(c)])


def _sorted_once(cid: np.ndarray, keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Places and counts from one lexsort of every pair by customer then keys."""
    order = np.lexsort((*keys, cid))
    start, size = _runs(cid[order])
    place, count = np.empty(len(cid), np.int64), np.empty(len(cid), np.int64)
    place[order] = np.arange(len(cid)) - np.repeat(start, size)
    count[order] = np.repeat(size, size)
    return place, count


def _row_places(keys: list[np.ndarray], start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Places of consecutive customers' pairs (``start``: each customer's first pair, from 0), each customer's
    pairs sorted as a row of a matrix padded to the widest customer."""
    n, width, pairs = len(size), int(size.max(initial=0)), int(size.sum())
    row = np.repeat(np.arange(n), size)
    col = np.arange(pairs) - np.repeat(start, size)
    padded = []
    for k in keys:
        m = np.full((n, width), np.nan if k.dtype.kind == "f" else np.iinfo(k.dtype).max, k.dtype)
        m[row, col] = k
        padded.append(m)
    order = np.lexsort(padded, axis=1)           # order[r, j]: the column of row r's j-th pair
    real = order < size[:, None]                 # the padding sorts after every pair of its row
    place = np.empty(pairs, np.int64)
    place[(start[:, None] + order)[real]] = np.broadcast_to(np.arange(width), order.shape)[real]
    return place


def customer_places(cid: np.ndarray, keys: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's 0-based place among its customer's pairs and its customer's pair count, the pairs ordered as
    ``np.lexsort(keys)`` orders them (the last key first; NaN last; equal keys in input order).

    ``cid`` in any order; in customer order (non-decreasing) each customer's pairs are sorted as a row of their
    own, the customers a block of about ``_BLOCK_PAIRS`` pairs at a time. Keys must not put a pair after the
    row's padding (NaN, or the largest integer, in every key): an input NaN in the first key with the largest
    integer in a later one."""
    cid = np.asarray(cid)
    keys = [np.asarray(k) for k in keys]
    if len(cid) and (np.diff(cid) < 0).any():
        return _sorted_once(cid, keys)
    start, size = _runs(cid)
    place = np.empty(len(cid), np.int64)
    # whole customers per block: a backtest cut's million pairs padded at once held ~100 MB of matrices beside
    # the pairs (wide 10^7: the process's peak), a block's hold a few MB
    bounds = np.unique(np.r_[np.searchsorted(start, np.arange(0, len(cid), _BLOCK_PAIRS)), len(size)])
    for r0, r1 in zip(bounds[:-1], bounds[1:]):
        a = int(start[r0])
        b = int(start[r1]) if r1 < len(size) else len(cid)
        s, z = start[r0:r1] - a, size[r0:r1]
        if len(z) * int(z.max()) > _MAX_PADDING * (b - a) + 1024:
            place[a:b] = _sorted_once(cid[a:b], [k[a:b] for k in keys])[0]
        else:
            place[a:b] = _row_places([k[a:b] for k in keys], s, z)
    return place, np.repeat(size, size)

"""The distinct rows of a numeric matrix, without holding the interpreter lock.

``np.unique(A, axis=0)`` views each row as a record of float fields and sorts with a field-by-field
comparison that keeps the interpreter lock for the whole sort: at long 10^7 the migration's
neighbour search froze the window for up to 140 ms of the worker's own CPU, and 800k rows x 30
columns hold it ~10 s (``tests/bench/bench_unique_rows.py``). Here each row's bytes are read as
64-bit words and sorted with ``np.lexsort``, which runs without the lock on numeric keys.
"""

from __future__ import annotations

import numpy as np


def unique_rows(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(distinct rows, inverse)`` with ``distinct[inverse]`` equal to ``A``; rows are equal when every
    value is (so ``-0.0`` and ``0.0`` are one row, as in ``np.unique``). The distinct rows come in no
    particular order: callers map results back through ``inverse``."""
    A = np.asarray(A)
    if A.ndim != 2:
        raise ValueError("unique_rows expects a 2-D array")
    n = len(A)
    if n == 0 or A.shape[1] == 0:
        return A[:min(n, 1)], np.zeros(n, dtype=np.int64)
    rows = np.ascontiguousarray(A + 0 if A.dtype.kind == "f" else A)   # -0.0 + 0 is 0.0: one bit pattern
    raw = rows.view(np.uint8).reshape(n, -1)
    pad = (-raw.shape[1]) % 8
    if pad:
        raw = np.concatenate([raw, np.zeros((n, pad), np.uint8)], axis=1)
    words = np.ascontiguousarray(raw).view(np.uint64)
    order = np.lexsort(words.T[::-1])
    ranked = words[order]
    starts = np.empty(n, dtype=bool)
    starts[0] = True
    np.any(ranked[1:] != ranked[:-1], axis=1, out=starts[1:])
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return A[order[starts]], inverse

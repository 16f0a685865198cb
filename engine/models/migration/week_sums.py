"""The prefix sums a chunk's samples read, at only the weeks they read them.

:class:`~engine.features.sequences.ChunkStats` keeps every week's prefix sum of five channels and two
next-purchase indexes: arrays of customers x weeks x categories, written in full, of which
:func:`~engine.features.sequences.samples_at` reads a handful of weeks per cut (the cut, a few weeks
after it, the end of its history). Writing them was three quarters of scoring the LSTM on a cut
(long 10^7 profile: 45 of 67 CPU seconds). :class:`WeekSums` runs the same sums week by week and keeps
only the weeks a set of cuts reads; the additions are the same float32 additions in the same order
(a cumulative sum is sequential along its axis), so every sample is bit for bit the one ChunkStats gives.
"""

from __future__ import annotations

import numpy as np

from engine.features.sequences import BUY, SPEND, VIEW, ChunkStats, SequenceSpec

#: Weeks after a cut whose sums samples_at reads (views in the last 1, 2, 3 and 4 weeks)
_AFTER = (0, 1, 2, 3, 4)
_NEVER = np.int32(1 << 30)


def weeks_read(cuts: list[int], spec: SequenceSpec, n_weeks: int) -> set[int]:
    """Indexes of the prefix sums samples_at reads for these cuts (cube index = cut + H)."""
    out: set[int] = set()
    for c in cuts:
        s0 = c + spec.horizon
        ends = [s0 + a for a in _AFTER] + [s0 + spec.lookback, s0 + spec.history_weeks, max(s0 - spec.horizon, 0)]
        out.update(min(max(i, 0), n_weeks) for i in ends)
    return out


class _At:
    """``c[rows, week(, more)]`` of a prefix sum kept only at some weeks (a KeyError for any other)."""

    def __init__(self, at: dict[int, np.ndarray]) -> None:
        self.at = at

    def __getitem__(self, key):
        rows, week, *more = key
        out = self.at[int(week)][rows]
        return out[(slice(None), *more)] if more else out


class WeekSums(ChunkStats):
    """ChunkStats' sums and next-purchase indexes at the given week indexes only (what samples_at reads)."""

    def __init__(self, cube: np.ndarray, k: int, weeks: set[int]) -> None:   # noqa: D107 (no super: nothing in full)
        self.k = k
        n, w, width = cube.shape[:3]
        # views of the cube, not copies: samples_at slices the sequence weeks out of them
        self.buys, self.views = cube[..., BUY], cube[..., VIEW]
        spend = cube[..., :k, SPEND]
        self.d = 0.5 ** (1.0 / self.HALF_LIFE)
        dw = (self.d ** np.arange(w, dtype=np.float64)).astype(np.float32)
        keep = sorted(i for i in weeks if 0 <= i <= w)
        sums = {name: {} for name in ("buys", "views", "spend", "dbuys", "dviews", "act")}
        acc = {"buys": np.zeros((n, width), np.float32), "views": np.zeros((n, width), np.float32),
               "spend": np.zeros((n, k), np.float32), "dbuys": np.zeros((n, k), np.float32),
               "dviews": np.zeros((n, k), np.float32), "act": np.zeros(n, np.int64)}
        # [B, W], ChunkStats' (buys.sum(axis=2) + views.sum(axis=2)) > 0: the counts are never negative, so either
        # sum is positive exactly where a count is (NaN where one is NaN); one contiguous sum, not two strided ones
        act = (self.buys + self.views).sum(axis=2) > 0
        tmp = np.empty((n, k), np.float32)
        todo = iter(keep)
        nxt = next(todo, None)
        for i in range(w + 1):
            if nxt == i:
                for name, a in acc.items():
                    sums[name][i] = a.copy()
                nxt = next(todo, None)
            if nxt is None or i == w:
                break
            # one week added to every running sum: the additions np.cumsum makes along the weeks, in its order
            acc["buys"] += self.buys[:, i]
            acc["views"] += self.views[:, i]
            acc["spend"] += spend[:, i]
            # the same float32 products, into one buffer rather than a new array each
            acc["dbuys"] += np.multiply(self.buys[:, i, :k], dw[i], out=tmp)
            acc["dviews"] += np.multiply(self.views[:, i, :k], dw[i], out=tmp)
            acc["act"] += act[:, i]
        self.c_buys, self.c_views, self.c_spend = _At(sums["buys"]), _At(sums["views"]), _At(sums["spend"])
        self.c_dbuys, self.c_dviews, self.c_act = _At(sums["dbuys"]), _At(sums["dviews"]), _At(sums["act"])
        self.next_buy = _At(_next_at(self.buys[..., :k] > 0, keep))
        self.next_view = _At(_next_at(self.views[..., :k] > 0, keep))


def _next_at(hit: np.ndarray, weeks: list[int]) -> dict[int, np.ndarray]:
    """For each of ``weeks``: per customer and category, the first week at or after it with a hit."""
    n, w, k = hit.shape
    out: dict[int, np.ndarray] = {}
    nxt = np.full((n, k), _NEVER, np.int32)
    want = set(weeks)
    if w in want:
        out[w] = nxt.copy()
    for i in range(w - 1, min(weeks, default=w) - 1, -1):
        np.copyto(nxt, np.int32(i), where=hit[:, i])
        if i in want:
            out[i] = nxt.copy()
    return out

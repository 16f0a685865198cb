"""The prefix sums a chunk's samples read, at only the weeks they read them.

:class:`~engine.features.sequences.ChunkStats` keeps every week's prefix sum of five channels and two
next-purchase indexes: arrays of customers x weeks x categories, written in full, of which
:func:`~engine.features.sequences.samples_at` reads a handful of weeks per cut (the cut, a few weeks
after it, the end of its history). Writing them was three quarters of scoring the LSTM on a cut
(long 10^7 profile: 45 of 67 CPU seconds). :class:`WeekSums` runs the same sums week by week and keeps
only the weeks a set of cuts reads; the additions are the same float32 additions in the same order
(a cumulative sum is sequential along its axis), so every sample is bit for bit the one ChunkStats gives.
The chunk reader now sums the cube's written cells only (:mod:`~engine.models.migration.cell_sums`, the
same sums); WeekSums stays as the dense reference its tests compare with.
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
        self.d = 0.5 ** (1.0 / self.HALF_LIFE)
        dw = (self.d ** np.arange(w, dtype=np.float64)).astype(np.float32)
        keep = sorted(i for i in weeks if 0 <= i <= w)
        sums = {name: {} for name in ("buys", "views", "spend", "dbuys", "dviews", "act")}
        # a week of the cube is one block of (categories x channels) per customer: every channel is added at
        # once over that block, not a channel at a time at a stride of three (a sixth of the writing stage's
        # CPU at wide 10^7). The same float32 additions and products per cell, in the same week order, so each
        # sum is bit for bit ChunkStats' cumulative sum; the extra cells ("other"'s spend, decayed spend) are
        # never read.
        acc = np.zeros((n, width, 3), np.float32)
        decayed = np.zeros((n, width, 3), np.float32)
        act = np.zeros(n, np.int64)
        tmp = np.empty((n, width, 3), np.float32)
        todo = iter(keep)
        nxt = next(todo, None)
        for i in range(w + 1):
            if nxt == i:
                sums["buys"][i], sums["views"][i] = acc[..., BUY].copy(), acc[..., VIEW].copy()
                sums["spend"][i] = acc[:, :k, SPEND].copy()
                sums["dbuys"][i], sums["dviews"][i] = decayed[:, :k, BUY].copy(), decayed[:, :k, VIEW].copy()
                sums["act"][i] = act.copy()
                nxt = next(todo, None)
            if nxt is None or i == w:
                break
            week = cube[:, i]
            acc += week
            decayed += np.multiply(week, dw[i], out=tmp)
            # ChunkStats' (buys.sum(axis=2) + views.sum(axis=2)) > 0: the counts are never negative, so either
            # sum is positive exactly where a count is (NaN where one is NaN)
            act += (week[..., BUY] + week[..., VIEW]).sum(axis=1) > 0
        self.c_buys, self.c_views, self.c_spend = _At(sums["buys"]), _At(sums["views"]), _At(sums["spend"])
        self.c_dbuys, self.c_dviews, self.c_act = _At(sums["dbuys"]), _At(sums["dviews"]), _At(sums["act"])
        buy, view = _next_at(cube, keep, k)
        self.next_buy, self.next_view = _At(buy), _At(view)


def _next_at(cube: np.ndarray, weeks: list[int], k: int) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """For each of ``weeks``: per customer and category, the first week at or after it with a purchase, and
    with a view (the three channels of a week compared at once, as the sums above add them)."""
    n, w, width = cube.shape[:3]
    buy: dict[int, np.ndarray] = {}
    view: dict[int, np.ndarray] = {}
    nxt = np.full((n, width, 3), _NEVER, np.int32)
    hit = np.empty((n, width, 3), bool)
    want = set(weeks)
    for i in range(w, min(weeks, default=w) - 1, -1):
        if i < w:
            np.copyto(nxt, np.int32(i), where=np.greater(cube[:, i], 0, out=hit))
        if i in want:
            buy[i], view[i] = nxt[:, :k, BUY].copy(), nxt[:, :k, VIEW].copy()
    return buy, view

"""The prefix sums a chunk's samples read, built from the cube's written cells only.

:class:`~engine.models.migration.week_sums.WeekSums` adds every week of a dense
``[customers, weeks, K+1, 3]`` cube; at wide 10^7 (a customer has ~10 events over ~60 weeks x 51
categories) nearly every cell it adds is zero, and zeroing and adding them was most of the LSTM's
samples (wide 10^7 profile: 29 of 43 CPU seconds). :class:`CellSums` adds only the written cells
(:meth:`~engine.features.sequences.SequenceSource.cells`). Each sum cell gets the same float32
additions in the same week order (``np.add.at`` applies its entries in index order, and the cells are
sorted by week); the zeros it skips add nothing (a sum never holds -0.0, so ``x + 0.0 == x`` bit for
bit). Every sample is bit for bit the one WeekSums and ChunkStats give.
"""

from __future__ import annotations

import numpy as np

from engine.features.sequences import BUY, SPEND, VIEW, ChunkStats
from engine.models.migration.week_sums import _NEVER, _At


class _Weeks:
    """``cube[rows, start:stop, :, channel]`` of the dense cube, written from the cells (``samples_at``'s
    sequence weeks); ``shape`` the cube's."""

    def __init__(self, shape: tuple[int, int, int], row, week, cat, vals: np.ndarray) -> None:
        self.shape, self.row, self.week, self.cat, self.vals = shape, row, week, cat, vals

    def __getitem__(self, key):
        rows, weeks = key
        start, stop, _ = weeks.indices(self.shape[1])
        rows = np.asarray(rows, np.int64)
        out = np.zeros((len(rows), max(stop - start, 0), self.shape[2]), np.float32)
        at = np.searchsorted(rows, self.row)     # rows are sorted (np.flatnonzero's)
        ok = (self.week >= start) & (self.week < stop) & (at < len(rows))
        ok[ok] = rows[at[ok]] == self.row[ok]
        out[at[ok], self.week[ok] - start, self.cat[ok]] = self.vals[ok]
        return out


class CellSums(ChunkStats):
    """WeekSums' sums and next-purchase indexes, from the cells (row, week, category, [buys, views, spend]) of an
    ``[n, w, k + 1, 3]`` cube: one entry a cell, rows in ``[0, n)``, weeks in ``[0, w)``."""

    def __init__(self, n: int, w: int, k: int, cells: tuple, weeks: set[int]) -> None:   # noqa: D107
        self.k = k
        width = k + 1
        order = np.argsort(cells[1], kind="stable")
        row, week, cat, vals = (a[order] for a in cells)
        self.buys = _Weeks((n, w, width), row, week, cat, vals[:, BUY])
        self.views = _Weeks((n, w, width), row, week, cat, vals[:, VIEW])
        self.d = 0.5 ** (1.0 / self.HALF_LIFE)
        dw = (self.d ** np.arange(w, dtype=np.float64)).astype(np.float32)
        keep = sorted(i for i in weeks if 0 <= i <= w)
        ends = np.searchsorted(week, keep)            # cells of the weeks before each kept week: [:end]
        # flat indexes of every channel of every cell, week after week (np.add.at's order is this one)
        flat = ((row * width + cat)[:, None] * 3 + np.arange(3)).ravel()
        plain, decayed = vals.ravel(), (vals * dw[week][:, None]).ravel()
        acc = np.zeros(n * width * 3, np.float32)
        dec = np.zeros(n * width * 3, np.float32)
        # ChunkStats' (buys.sum(axis=2) + views.sum(axis=2)) > 0 per customer-week: the counts are never negative,
        # so the sum is positive where a count is, unless one is NaN (then the sum is NaN, not positive)
        bv = vals[:, BUY] + vals[:, VIEW]
        cw = row * w + week
        pos, bad = np.zeros(n * w, bool), np.zeros(n * w, bool)
        pos[cw[bv > 0]] = True
        bad[cw[np.isnan(bv)]] = True
        act = np.concatenate([np.zeros((n, 1), np.int64),
                              np.cumsum((pos & ~bad).reshape(n, w), axis=1, dtype=np.int64)], axis=1)
        sums = {name: {} for name in ("buys", "views", "spend", "dbuys", "dviews", "act")}
        done = 0
        for i, end in zip(keep, ends.tolist()):
            np.add.at(acc, flat[3 * done:3 * end], plain[3 * done:3 * end])
            np.add.at(dec, flat[3 * done:3 * end], decayed[3 * done:3 * end])
            done = end
            a, d = acc.reshape(n, width, 3), dec.reshape(n, width, 3)
            sums["buys"][i], sums["views"][i] = a[..., BUY].copy(), a[..., VIEW].copy()
            sums["spend"][i] = a[:, :k, SPEND].copy()
            sums["dbuys"][i], sums["dviews"][i] = d[:, :k, BUY].copy(), d[:, :k, VIEW].copy()
            sums["act"][i] = act[:, i].copy()
        self.c_buys, self.c_views, self.c_spend = _At(sums["buys"]), _At(sums["views"]), _At(sums["spend"])
        self.c_dbuys, self.c_dviews, self.c_act = _At(sums["dbuys"]), _At(sums["dviews"]), _At(sums["act"])
        buy, view = _next_at(n, k, row, week, cat, vals, keep, ends)
        self.next_buy, self.next_view = _At(buy), _At(view)


def _next_at(n: int, k: int, row, week, cat, vals, keep: list[int], ends: np.ndarray):
    """For each kept week: per customer and category, the first week at or after it with a purchase, and with a
    view (cells sorted by week; ``ends[j]`` the first cell at or after ``keep[j]``)."""
    buy: dict[int, np.ndarray] = {}
    view: dict[int, np.ndarray] = {}
    nxt = np.full(n * k * 2, _NEVER, np.int32)
    named = cat < k
    stop = len(week)
    for i, start in zip(reversed(keep), reversed(ends.tolist())):
        for ch in (BUY, VIEW):
            hit = np.flatnonzero(named[start:stop] & (vals[start:stop, ch] > 0)) + start
            np.minimum.at(nxt, (row[hit] * k + cat[hit]) * 2 + ch, week[hit].astype(np.int32))
        stop = start
        at = nxt.reshape(n, k, 2)
        buy[i], view[i] = at[..., 0].copy(), at[..., 1].copy()
    return buy, view

"""CellSums builds the LSTM's prefix sums from a cube's written cells only: every sum, index and sample is
bit for bit the one WeekSums (and ChunkStats) gives from the dense cube, zero weeks, NaN and spend included."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import numpy as np
import pytest

from engine.features.sequences import ChunkStats, Samples, SequenceSource, SequenceSpec, samples_at
from engine.models.migration.batches import ChunkReader, concat
from engine.models.migration.cell_sums import CellSums
from engine.models.migration.week_sums import WeekSums, weeks_read

ATTRS = ("c_buys", "c_views", "c_spend", "c_dbuys", "c_dviews", "c_act", "next_buy", "next_view")


def _planted(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n, w, k = 30, 40, 5
    cube = np.zeros((n, w, k + 1, 3), np.float32)
    hit = rng.random((n, w, k + 1)) < 0.06
    cube[..., 0][hit] = rng.integers(1, 4, hit.sum())
    cube[..., 1][rng.random((n, w, k + 1)) < 0.08] = rng.integers(1, 9)
    cube[..., 2][hit] = (rng.normal(size=hit.sum()) * 50).astype(np.float32)   # spend may be negative
    cube[:, 10:17] = 0.0                                                         # weeks nobody was active
    cube[7] = 0.0                                                                # a customer never active
    cube[3, 5, 2, 0], cube[4, 6, 1, 1], cube[5, 7, 0, 0], cube[5, 7, 3, 1] = np.nan, np.inf, np.nan, np.inf
    cube[6, 20, k, :] = (3.0, 0.0, np.float32(1e-40))                            # "other", a denormal spend
    return cube


def _cells(cube: np.ndarray, with_zeros: bool) -> tuple:
    # the written cells: any nonzero channel, and (as the SQL may give) some cells written as all zeros
    written = (cube != 0).any(axis=3)
    if with_zeros:
        written |= np.random.default_rng(1).random(written.shape) < 0.02
    row, week, cat = np.nonzero(written)
    order = np.random.default_rng(2).permutation(len(row))         # CellSums sorts by week itself
    row, week, cat = row[order], week[order], cat[order]
    return row, week, cat, cube[row, week, cat]


@pytest.mark.parametrize("with_zeros", [False, True])
@pytest.mark.parametrize("seed", [0, 3])
def test_sums_from_the_cells_are_week_sums_of_the_dense_cube(seed, with_zeros):
    cube = _planted(seed)
    n, w, width = cube.shape[:3]
    k = width - 1
    weeks = set(range(w + 1))
    dense, sparse = WeekSums(cube, k, weeks), CellSums(n, w, k, _cells(cube, with_zeros), weeks)
    full = ChunkStats(cube, k)
    for attr in ATTRS:
        a, b = getattr(dense, attr).at, getattr(sparse, attr).at
        assert a.keys() == b.keys(), attr
        for i in a:
            assert a[i].dtype == b[i].dtype and a[i].tobytes() == b[i].tobytes(), (attr, i)
    for i in sorted(weeks):
        np.testing.assert_array_equal(sparse.c_buys[np.arange(n), i], full.c_buys[:, i])
        np.testing.assert_array_equal(sparse.c_act[np.arange(n), i], full.c_act[:, i])
        if i < w:
            np.testing.assert_array_equal(sparse.next_buy[np.arange(n), i], full.next_buy[:, i])
    rows = np.flatnonzero(np.arange(n) % 3 != 1)
    for start, stop in ((0, w), (4, 20), (30, 60)):
        got = sparse.buys[rows, start:stop]
        assert got.dtype == np.float32 and got.tobytes() == np.ascontiguousarray(cube[rows, start:stop, :, 0]).tobytes()
        got = sparse.views[rows, start:stop]
        assert got.tobytes() == np.ascontiguousarray(cube[rows, start:stop, :, 1]).tobytes()


def test_samples_from_the_cells_are_those_of_the_dense_cube():
    cube = _planted(4)
    cube[np.isinf(cube)] = 7.0      # a sample's window of an infinite sum would be inf - inf (a warning)
    n, w, width = cube.shape[:3]
    k = width - 1
    spec = SequenceSpec(top_k=k, seq_weeks=6, history_weeks=20, horizon=4, lookback=8, max_shift=12)
    for cuts in ([0], [5], [12], [2, 4, 8]):
        weeks = weeks_read(cuts, spec, w)
        dense, sparse = WeekSums(cube, k, weeks), CellSums(n, w, k, _cells(cube, True), weeks)
        for cut in cuts:
            for labels in (True, False):
                _identical(samples_at(sparse, 100, cut, spec, k, labels), samples_at(dense, 100, cut, spec, k, labels))


def _identical(got: Samples | None, want: Samples | None) -> None:
    assert (got is None) == (want is None)
    if got is None:
        return
    for f in fields(Samples):
        a, b = getattr(got, f.name), getattr(want, f.name)
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), f.name


def _dense_samples(source: SequenceSource, lo: int, hi: int, shifts: list[int], labels: bool, step: int,
                   customers: np.ndarray | None = None) -> Samples | None:
    # the reader's samples before the cells: WeekSums over slices of the dense cube's weeks read
    spec, first = source.spec, min(shifts)
    cube = source.chunk(lo, hi, customers)[:, first:max(shifts) + spec.horizon + spec.history_weeks]
    weeks = weeks_read([s - first for s in shifts], spec, cube.shape[1])
    per: list[list[Samples]] = [[] for _ in shifts]
    for a in range(0, len(cube), step):
        st = WeekSums(cube[a:a + step], source.k, weeks)
        for i, shift in enumerate(shifts):
            s = samples_at(st, lo + a if customers is None else 0, shift - first, spec, source.k, labels)
            if s is not None:
                if customers is not None:
                    s.cid = np.asarray(customers, np.int64)[a + s.cid]
                per[i].append(s)
    parts = [s for p in per for s in p]
    return concat(parts) if parts else None


@pytest.mark.parametrize("top_k", [3, 1000])
def test_the_readers_samples_are_bit_for_bit_those_of_the_dense_cube(demo_project, top_k):
    # top_k=3: the pooled "other" cells add several rows up (in order), in the cells as in the cube
    spec = SequenceSpec(top_k=top_k, horizon=4, lookback=8, history_weeks=20, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 0)
    reader.stats_cells = 7 * source.weeks * (source.k + 1)          # slices of a few customers
    lo, hi = reader.ranges()[0]
    customers = np.arange(lo + 1, hi, 4)
    for shifts, labels in (([0], False), ([6], False), ([14], True), ([2, 4, 8, 10], True)):
        w = max(shifts) + spec.horizon + spec.history_weeks - min(shifts)
        step = max(1, reader.stats_cells // (min(w, source.weeks - min(shifts)) * (source.k + 1)))
        _identical(reader.samples(lo, hi, shifts, labels), _dense_samples(source, lo, hi, shifts, labels, step))
        _identical(reader.samples(lo, hi, shifts, labels, customers=customers),
                   _dense_samples(source, lo, hi, shifts, labels, step, customers))

"""The LSTM's chunk reader builds prefix sums for a slice of customers at a time (memory), over the weeks
its cuts read (time): the samples are those of the whole chunk and all its weeks, in the same order."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import numpy as np

from engine.features.sequences import ChunkStats, Samples, SequenceSource, SequenceSpec, samples_at
from engine.models.migration.batches import ChunkReader, concat
from engine.models.migration.week_sums import WeekSums, weeks_read


def test_prefix_sums_in_slices_give_the_samples_of_the_whole_chunk(demo_project):
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 0)
    lo, hi = reader.ranges()[0]
    whole_stats = ChunkStats(source.chunk(lo, hi), source.k)
    shifts = [8, 10, 12]
    whole = concat([s for s in (samples_at(whole_stats, lo, shift, spec, source.k) for shift in shifts)
                    if s is not None])
    reader.stats_cells = 7 * source.weeks * (source.k + 1)     # at least 7 customers a slice
    assert hi - lo > 21
    _same(reader.samples(lo, hi, shifts), whole)


def _same(got: Samples, want: Samples) -> None:
    for f in fields(Samples):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if a.dtype.kind == "f":
            # sums restarting at a later week round differently in float32, nothing more
            np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6, err_msg=f.name)
        else:
            np.testing.assert_array_equal(a, b, err_msg=f.name)


def test_one_cut_reads_only_its_weeks_and_gets_the_same_samples(demo_project):
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, history_weeks=20, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 0)
    lo, hi = reader.ranges()[0]
    stats = ChunkStats(source.chunk(lo, hi), source.k)
    assert source.weeks > spec.horizon + spec.history_weeks     # so a cut's weeks are a strict part of the cube
    for shift in (0, 6, 14):
        want = samples_at(stats, lo, shift, spec, source.k, with_labels=False)
        _same(reader.samples(lo, hi, [shift], with_labels=False), want)


def test_sums_kept_at_the_weeks_read_give_the_very_samples_of_every_weeks_sums(demo_project):
    # WeekSums adds the weeks in np.cumsum's order: not close, equal (the shipped scores hash the same)
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, history_weeks=20, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    lo, hi = ChunkReader(source, 1024, 0).ranges()[0]
    cube = source.chunk(lo, hi)
    full = ChunkStats(cube, source.k)
    for cuts in ([0], [6], [14], [2, 4, 8, 10]):
        kept = WeekSums(cube, source.k, weeks_read(cuts, spec, cube.shape[1]))
        for cut in cuts:
            for labels in (True, False):
                want = samples_at(full, lo, cut, spec, source.k, labels)
                got = samples_at(kept, lo, cut, spec, source.k, labels)
                for f in fields(Samples):
                    np.testing.assert_array_equal(getattr(got, f.name), getattr(want, f.name), err_msg=f.name)
                    assert getattr(got, f.name).dtype == getattr(want, f.name).dtype, f.name


def test_a_chunk_written_cell_by_cell_is_the_cube_every_row_added(demo_project):
    # few categories by name: the rest pool into "other", whose cells add up several rows
    spec = SequenceSpec(top_k=3, horizon=4, lookback=8, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    lo, hi = ChunkReader(source, 1024, 0).ranges()[0]
    rows = source.cur.execute("SELECT cid, wk, cat, buys, views, spend FROM seq_weekly WHERE cid >= ? AND cid < ?",
                              [lo, hi]).fetchnumpy()
    i = np.asarray(rows["wk"], np.int64) + spec.horizon
    ok = (i >= 0) & (i < source.weeks)
    idx = (np.asarray(rows["cid"], np.int64)[ok] - lo, i[ok], np.asarray(rows["cat"], np.int64)[ok])
    want = np.zeros((hi - lo, source.weeks, source.k + 1, 3), np.float32)
    for ch, name in enumerate(("buys", "views", "spend")):
        np.add.at(want[..., ch], idx, np.asarray(rows[name], np.float32)[ok])
    cells = np.ravel_multi_index(idx, want.shape[:3])
    assert len(np.unique(cells)) < len(cells)                  # some cells do add several rows
    got = source.chunk(lo, hi)
    assert got.tobytes() == want.tobytes()                     # bit for bit, signs of zeros included


def test_a_subset_of_customers_gets_their_rows_of_the_whole_chunk(demo_project):
    # few categories by name, so the pooled "other" cells (rows added up in order) are among the subset's
    spec = SequenceSpec(top_k=3, horizon=4, lookback=8, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    lo, hi = ChunkReader(source, 1024, 0).ranges()[0]
    customers = np.arange(lo + 1, hi, 3)
    assert len(customers) > 20
    got = source.chunk(lo, hi, customers)
    assert got.tobytes() == source.chunk(lo, hi)[customers - lo].tobytes()


def test_samples_of_some_customers_are_their_rows_of_the_chunks_samples(demo_project):
    # bit for bit: a sample is one customer's, built from that customer's row of the cube alone
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, history_weeks=20, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 64)
    lo, hi = reader.ranges()[0]
    customers = np.arange(lo + 2, hi, 5)
    reader.stats_cells = 7 * source.weeks * (source.k + 1)     # slices of a few customers, as in the whole chunk
    for shifts, labels in (([0], False), ([6], False), ([2, 4, 8], True)):
        whole = reader.samples(lo, hi, shifts, labels)
        kept = (list(reader._cache), reader._bytes)
        some = reader.samples(lo, hi, shifts, labels, customers=customers)
        assert (list(reader._cache), reader._bytes) == kept        # a subset's samples are not kept
        rows = np.flatnonzero(np.isin(whole.cid, customers))
        assert 10 < len(rows) < len(whole.cid)
        for f in fields(Samples):
            a, b = getattr(some, f.name), getattr(whole, f.name)[rows]
            np.testing.assert_array_equal(a, b, err_msg=f.name)
            assert a.dtype == b.dtype, f.name


def test_a_subset_is_read_after_the_kept_whole_chunk_is_freed(demo_project):
    # memory: scoring reads subsets of customers after a fit, whose last whole chunk the reader keeps; two cubes
    # alive at once would be the whole chunk's plus the subset's
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, history_weeks=20, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 0)
    lo, hi = reader.ranges()[0]
    reader.samples(lo, hi, [2, 4, 8])
    assert reader._cells is not None                              # a training read keeps its chunk
    kept_at_read = []
    cells = source.cells

    def watched(lo: int, hi: int, customers: np.ndarray | None = None) -> tuple:
        kept_at_read.append(reader._cells)
        return cells(lo, hi, customers)

    source.cells = watched
    reader.samples(lo, hi, [0], with_labels=False, customers=np.arange(lo + 2, hi, 5))
    assert kept_at_read == [None]


def test_week_sums_activity_is_chunk_stats_on_odd_counts():
    # WeekSums sums buys and views together before the categories: the same active weeks as ChunkStats' two sums,
    # NaN and infinite counts included (the counts are never negative)
    rng = np.random.default_rng(5)
    n, w, k = 40, 30, 6
    cube = np.zeros((n, w, k + 1, 3), np.float32)
    hit = rng.random((n, w, k + 1)) < 0.05
    cube[..., 0][hit] = rng.integers(1, 4, hit.sum())
    cube[..., 1][rng.random((n, w, k + 1)) < 0.05] = 1.0
    cube[..., 2][hit] = rng.normal(size=hit.sum()) * 50      # spend may be negative: it is not read
    cube[3, 5, 2, 0], cube[4, 6, 1, 1], cube[5, 7, 0, 0], cube[5, 7, 3, 1] = np.nan, np.inf, np.nan, np.inf
    full = ChunkStats(cube, k)
    weeks = set(range(w + 1))
    kept = WeekSums(cube, k, weeks)
    for i in sorted(weeks):
        np.testing.assert_array_equal(kept.c_act[np.arange(n), i], full.c_act[:, i])
        np.testing.assert_array_equal(kept.c_dbuys[np.arange(n), i], full.c_dbuys[:, i])
        np.testing.assert_array_equal(kept.c_dviews[np.arange(n), i], full.c_dviews[:, i])

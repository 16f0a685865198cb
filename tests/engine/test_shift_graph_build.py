"""The graph stage's bookkeeping never moves a score: its rows are written in batches of any size in the pairs'
stored order, and the chunk's customers are the distinct ids of its pairs whatever order they come in."""

from __future__ import annotations

import threading
from datetime import datetime

import numpy as np
import pytest

import engine.features.shift_graph as sg
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]


def test_distinct_ids_are_numpys_unique_for_sorted_and_unsorted_ids():
    rng = np.random.default_rng(3)
    ids = np.sort(rng.integers(0, 50, 400))
    for cid in (ids, ids[::-1].copy(), rng.permutation(ids), ids[:1], ids[:0]):
        got = sg._distinct(np.asarray(cid, np.int64))
        np.testing.assert_array_equal(got, np.unique(cid))
        assert got.dtype == np.int64


@pytest.fixture(scope="module")
def pairs_built(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("graph_build"))
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52)
        yield cur
    project.close()


@pytest.mark.parametrize("insert_rows", [1, 700])
def test_graph_rows_written_in_any_batches_are_the_same_table_in_the_pairs_order(pairs_built, monkeypatch,
                                                                                 insert_rows):
    cur = pairs_built
    k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
    lifts_one = sg.build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
    one = cur.execute("SELECT * FROM sp_graph").fetchall()          # stored order: no ORDER BY
    monkeypatch.setattr(sg, "_INSERT_ROWS", insert_rows)
    lifts_many = sg.build_graph_scores(cur, GRID, k, horizon=4, max_reference=40, chunk_customers=7)
    many = cur.execute("SELECT * FROM sp_graph").fetchall()
    keys = cur.execute("SELECT s, cid, cat FROM sp_pairs").fetchall()
    assert len(one) > 1000 and [r[:3] for r in one] == keys == [r[:3] for r in many]
    np.testing.assert_allclose(np.asarray([r[3:] for r in many], float), np.asarray([r[3:] for r in one], float),
                               atol=1e-5)
    assert lifts_one.keys() == lifts_many.keys()


def test_graph_scores_beside_the_reads_are_those_scored_inline(pairs_built, monkeypatch):
    """With a second thread each chunk is scored beside the next one's reads and the last one's writes (and a cut's
    neighbour searches share a memo): the same table, in the same order, and the same lifts, to the last bit."""
    from engine.store.connection import DuckDBLimits, current_limits

    cur = pairs_built
    k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
    tables, lifts, workers = [], [], []
    real = sg._chunk_scores

    def noted(*a, **kw):
        workers.append(threading.current_thread().name)
        return real(*a, **kw)

    monkeypatch.setattr(sg, "_chunk_scores", noted)
    for threads in (1, 2):
        monkeypatch.setattr(sg, "current_limits", lambda t=threads: DuckDBLimits(current_limits().memory_limit, t))
        lifts.append(sg.build_graph_scores(cur, GRID, k, horizon=4, max_reference=40, chunk_customers=7))
        tables.append(cur.execute("SELECT * FROM sp_graph").fetchall())       # stored order: no ORDER BY
    assert len(tables[0]) > 1000 and tables[0] == tables[1]
    assert lifts[0].keys() == lifts[1].keys() and all(np.array_equal(lifts[0][s], lifts[1][s]) for s in lifts[0])
    # inline at one thread, on the worker at two
    half = len(workers) // 2
    assert half > 10 and set(workers[:half]) == {"MainThread"}
    assert all(w.startswith("graph-scores") for w in workers[half:])


def test_a_cuts_transition_counts_are_kept_only_until_they_are_summed(tmp_path, grocery_slice_file, monkeypatch):
    """Cuts a week apart with a four-week horizon: a cut's counts wait for the cuts they inform and are then summed
    (held: the three waiting and the latest summed, each [K+1, K]); every cut's counts and lifts held to the end
    were 4.3 GB at 2,757 categories."""
    import weakref

    grid = list(range(0, 13))
    made: list[weakref.ref] = []
    most = []

    class Counted(sg._Counts):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            made.append(weakref.ref(self))

    real = sg._chunk_scores

    def noted(*a, **kw):
        most.append(sum(r() is not None for r in made))
        return real(*a, **kw)

    monkeypatch.setattr(sg, "_Counts", Counted)
    monkeypatch.setattr(sg, "_chunk_scores", noted)
    project = open_copy(grocery_slice_file, tmp_path)
    try:
        with project.interruptible(CancelToken()) as cur:
            build_weekly(cur, AS_OF, 52)
            build_pairs(cur, grid, lookback=8, horizon=4, min_buyers=5, history_weeks=52)
            k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
            lifts = sg.build_graph_scores(cur, grid, k, horizon=4, max_reference=40, chunk_customers=50)
    finally:
        project.close()
    assert list(lifts) == [0] and lifts[0].shape == (k, k)
    assert len(most) > 13 and max(most) == 4

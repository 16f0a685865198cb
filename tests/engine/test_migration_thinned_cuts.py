"""Cuts no backtest scores are only read for training, thinned: build_pairs keeps only the pairs such a read takes
(issue #13), and nothing any reader gets changes: the thinned pairs, their graph scores, the transitions counted
over every candidate, the training reads, and a whole run's rows and metrics."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

import engine.models.migration.service as service
from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly, thinned
from engine.jobs import CancelToken
from engine.models.migration.cut_reads import check_sample, customer_bound, load_cut
from engine.models.migration.ladder import scored_cuts
from engine.models.migration.params import MigrationParams
from engine.models.migration.service import train_migration
from tests.conftest import open_copy
from tests.engine.test_migration import REAL
from tests.engine.test_migration_threads import comparable

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]
THIN = [8, 12]          # the older labelled cuts: the transitions of 4 and 0 are counted on them
WHOLE = 1500            # cut 4 (scored) is whole for its first customers' 1,500 pairs at most, thinned beyond
RATE, SEED = 0.25, 7


def _tables(cur, thin, whole_pairs):
    build_weekly(cur, AS_OF, 52)
    build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, thin=thin, neg_rate=RATE,
                seed=SEED, whole_pairs=whole_pairs)
    k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
    lifts = build_graph_scores(cur, GRID, k, horizon=4, max_reference=40, chunk_customers=13)
    pairs = cur.execute("SELECT * FROM sp_pairs ORDER BY s, cid, cat").fetchnumpy()
    graph = cur.execute("SELECT * FROM sp_graph ORDER BY s, cid, cat").fetchnumpy()
    # what a training read takes of each cut, and what a backtest's read of cut 4 does
    reads = {s: (customer_bound(cur, s, 50, neg_rate=RATE, seed=SEED),
                 load_cut(cur, s, neg_rate=RATE, seed=SEED)) for s in GRID}
    bound = customer_bound(cur, 4, WHOLE)
    check_sample(cur, 4, bound)
    reads["scored"] = (bound, load_cut(cur, 4, hi=bound))
    kept = cur.execute(f"SELECT s, cid, cat FROM sp_pairs p WHERE TRUE{thinned(RATE, SEED)} ORDER BY s, cid, cat"
                       ).fetchall()
    refused = []
    for s in GRID:
        try:
            check_sample(cur, s, None)
        except RuntimeError:
            refused.append(s)
    try:
        customer_bound(cur, 4, WHOLE + 1)
    except RuntimeError:
        refused.append("more")
    whole_below = dict(cur.execute("SELECT s, whole_below FROM sp_thin").fetchall())
    return pairs, graph, lifts, reads, kept, refused, whole_below


@pytest.fixture(scope="module")
def both(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("thinned"))
    with project.interruptible(CancelToken()) as cur:
        whole = _tables(cur, (), None)
        thin = _tables(cur, THIN, WHOLE)
    project.close()
    return whole, thin


def test_a_thinned_cut_keeps_every_shift_and_the_hashed_share_of_the_rest(both):
    (pairs, *_), (tpairs, *_, whole_below) = both
    s, ts = np.asarray(pairs["s"]), np.asarray(tpairs["s"])
    cid = np.asarray(pairs["cid"])
    label = np.ma.filled(np.asarray(pairs["label"]), False)
    assert whole_below[8] == whole_below[12] == 0 and 0 < whole_below[4] and 0 not in whole_below
    # cut 4 is whole below its bound: WHOLE pairs at most there, more with its first customer beyond it
    assert int(((s == 4) & (cid < whole_below[4])).sum()) <= WHOLE < int(((s == 4) & (cid <= whole_below[4])).sum())
    for c in GRID:
        whole, kept = int((s == c).sum()), int((ts == c).sum())
        if c in whole_below:
            shifts = int(label[s == c].sum())
            assert 0 < shifts < kept < 0.5 * whole          # every shift, about a quarter of the rest
        else:
            assert kept == whole > 0


def test_the_thinned_pairs_and_their_graph_scores_are_the_whole_cuts_rows_the_reads_take(both):
    (pairs, graph, lifts, reads, kept, _, _), (tpairs, tgraph, tlifts, treads, tkept, _, whole_below) = both
    assert kept == tkept                                   # the thinned table holds every pair the read keeps
    keys = {(int(a), int(b), int(c)) for a, b, c in kept}
    s, cid, cat = (np.asarray(pairs[n]) for n in ("s", "cid", "cat"))
    mine = np.array([(a, b, c) in keys or a not in whole_below or b < whole_below[a] for a, b, c in zip(s, cid, cat)])
    assert not mine.all()
    for name in pairs:
        np.testing.assert_array_equal(np.ma.filled(np.asarray(tpairs[name]), -1),
                                      np.ma.filled(np.asarray(pairs[name])[mine], -1), err_msg=name)
    # every graph score, the transitions and shift rates too (counted over every candidate, kept as a pair or not)
    for name in graph:
        np.testing.assert_array_equal(np.asarray(tgraph[name]), np.asarray(graph[name])[mine], err_msg=name)
    assert lifts.keys() == tlifts.keys() and all(np.array_equal(lifts[c], tlifts[c]) for c in lifts)
    assert reads["scored"][0] is not None
    for c in [*GRID, "scored"]:
        assert reads[c][0] == treads[c][0]
        for field in ("cid", "cat", "x", "y", "w"):
            np.testing.assert_array_equal(getattr(treads[c][1], field), getattr(reads[c][1], field), err_msg=field)


def test_a_whole_read_past_what_was_kept_whole_is_refused(both):
    (*_, refused, _), (*_, trefused, _) = both
    assert refused == [] and trefused == [4, 8, 12, "more"]


def test_the_cuts_a_run_thins_are_those_no_backtest_scores():
    p = MigrationParams()                               # H = 4, two evaluation cuts, a cut every two weeks
    grid = [0] + list(range(4, 27, 2))
    assert scored_cuts(grid, [4, 8], p) == {0, 4, 8, 12}   # the origins, their stackers' cuts, the as-of date's
    assert scored_cuts(grid, [4], p) == {0, 4, 8}


def test_a_run_on_thinned_cuts_writes_what_a_run_on_whole_cuts_writes(tmp_path, grocery_slice_file, monkeypatch):
    project = open_copy(grocery_slice_file, tmp_path)
    real = service.build_pairs
    built, whole = [], []

    def recording(cur, *args, **kwargs):
        if whole:                          # every cut built whole
            kwargs.update(thin=(), whole_pairs=None)
        real(cur, *args, **kwargs)
        built.append(dict(cur.execute("SELECT s, whole_below FROM sp_thin").fetchall()))

    monkeypatch.setattr(service, "build_pairs", recording)
    # a backtest scores 1,500 pairs of a cut at most: the scored earlier cuts are whole only that far
    params = {**REAL, "max_eval_pairs": 1500}
    runs = {"thinned": train_migration(project, params=params)}
    whole.append(True)
    runs["whole"] = train_migration(project, params=params)
    try:
        assert 0 in built[0].values() and any(built[0].values()) and built[1] == {}
        cols = "customer_id, category, score, rank, reason, source, from_category, from_buys, transition_lift"
        rows = {k: project.query(f"SELECT {cols} FROM shift_scores WHERE run_id = ? ORDER BY rowid", [r.run_id])
                for k, r in runs.items()}
        assert len(rows["whole"]) > 1000 and rows["thinned"] == rows["whole"]
        assert comparable(runs["thinned"].metrics) == comparable(runs["whole"].metrics)
    finally:
        project.close()

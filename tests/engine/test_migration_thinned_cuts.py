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
RATE, SEED = 0.25, 7


def _tables(cur, thin):
    build_weekly(cur, AS_OF, 52)
    build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, thin=thin, neg_rate=RATE,
                seed=SEED)
    k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
    lifts = build_graph_scores(cur, GRID, k, horizon=4, max_reference=40, chunk_customers=13)
    pairs = cur.execute("SELECT * FROM sp_pairs ORDER BY s, cid, cat").fetchnumpy()
    graph = cur.execute("SELECT * FROM sp_graph ORDER BY s, cid, cat").fetchnumpy()
    # what a training read takes of each cut, and its reader's bound
    reads = {s: (customer_bound(cur, s, 50, neg_rate=RATE, seed=SEED),
                 load_cut(cur, s, neg_rate=RATE, seed=SEED)) for s in GRID}
    kept = cur.execute(f"SELECT s, cid, cat FROM sp_pairs p WHERE TRUE{thinned(RATE, SEED)} ORDER BY s, cid, cat"
                       ).fetchall()
    refused = []
    for s in GRID:
        try:
            check_sample(cur, s, None)
        except RuntimeError:
            refused.append(s)
    return pairs, graph, lifts, reads, kept, refused


@pytest.fixture(scope="module")
def both(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("thinned"))
    with project.interruptible(CancelToken()) as cur:
        whole = _tables(cur, ())
        thin = _tables(cur, THIN)
    project.close()
    return whole, thin


def test_a_thinned_cut_keeps_every_shift_and_the_hashed_share_of_the_rest(both):
    (pairs, *_), (tpairs, *_) = both
    s, ts = np.asarray(pairs["s"]), np.asarray(tpairs["s"])
    label = np.ma.filled(np.asarray(pairs["label"]), False)
    for c in GRID:
        whole, kept = int((s == c).sum()), int((ts == c).sum())
        if c in THIN:
            shifts = int(label[s == c].sum())
            assert 0 < shifts < kept < 0.5 * whole          # every shift, about a quarter of the rest
        else:
            assert kept == whole > 0


def test_the_thinned_pairs_and_their_graph_scores_are_the_whole_cuts_rows_a_training_read_takes(both):
    (pairs, graph, lifts, reads, kept, _), (tpairs, tgraph, tlifts, treads, tkept, _) = both
    assert kept == tkept                                   # the thinned table holds every pair the read keeps
    keys = {(int(a), int(b), int(c)) for a, b, c in kept}
    s, cid, cat = (np.asarray(pairs[n]) for n in ("s", "cid", "cat"))
    mine = np.array([(a, b, c) in keys or a not in THIN for a, b, c in zip(s, cid, cat)])
    for name in pairs:
        np.testing.assert_array_equal(np.ma.filled(np.asarray(tpairs[name]), -1),
                                      np.ma.filled(np.asarray(pairs[name])[mine], -1), err_msg=name)
    # every graph score, the transitions and shift rates too (counted over every candidate, kept as a pair or not)
    for name in graph:
        np.testing.assert_array_equal(np.asarray(tgraph[name]), np.asarray(graph[name])[mine], err_msg=name)
    assert lifts.keys() == tlifts.keys() and all(np.array_equal(lifts[c], tlifts[c]) for c in lifts)
    for c in GRID:
        assert reads[c][0] == treads[c][0]
        for field in ("cid", "cat", "x", "y", "w"):
            np.testing.assert_array_equal(getattr(treads[c][1], field), getattr(reads[c][1], field), err_msg=field)


def test_a_whole_read_of_a_thinned_cut_is_refused(both):
    (*_, refused), (*_, trefused) = both
    assert refused == [] and trefused == THIN


def test_the_cuts_a_run_thins_are_those_no_backtest_scores():
    p = MigrationParams()                               # H = 4, two evaluation cuts, a cut every two weeks
    grid = [0] + list(range(4, 27, 2))
    assert scored_cuts(grid, [4, 8], p) == {0, 4, 8, 12}   # the origins, their stackers' cuts, the as-of date's
    assert scored_cuts(grid, [4], p) == {0, 4, 8}


def test_a_run_on_thinned_cuts_writes_what_a_run_on_whole_cuts_writes(tmp_path, grocery_slice_file, monkeypatch):
    project = open_copy(grocery_slice_file, tmp_path)
    real = service.build_pairs
    thinned_cuts = []

    def recording(*args, **kwargs):
        thinned_cuts.append(sorted(kwargs["thin"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "build_pairs", recording)
    runs = {"thinned": train_migration(project, params=REAL)}
    monkeypatch.setattr(service, "scored_cuts", lambda grid, origins, p: set(grid))
    runs["whole"] = train_migration(project, params=REAL)
    try:
        assert thinned_cuts[0] and thinned_cuts[1] == []
        cols = "customer_id, category, score, rank, reason, source, from_category, from_buys, transition_lift"
        rows = {k: project.query(f"SELECT {cols} FROM shift_scores WHERE run_id = ? ORDER BY rowid", [r.run_id])
                for k, r in runs.items()}
        assert len(rows["whole"]) > 1000 and rows["thinned"] == rows["whole"]
        assert comparable(runs["thinned"].metrics) == comparable(runs["whole"].metrics)
    finally:
        project.close()

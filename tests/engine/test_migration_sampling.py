"""Earlier cuts' candidate pairs are built only for the hashed sample of customers their readers take
(issue #13); the latest, scored cut is built in full."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.migration.cut_reads import customer_bound, pairs_read
from engine.models.migration.params import MigrationParams
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]
#: caps small enough to bite on 100 customers: pairs_read = max(300, 1.25 * 20 / 0.25) = 300
P = MigrationParams.from_dict({"max_eval_pairs": 300, "max_train_pairs": 20, "negative_rate": 0.25})


def _tables(cur, keep_pairs):
    build_weekly(cur, AS_OF, 52)
    build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=keep_pairs)
    k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
    build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
    pairs = cur.execute("SELECT * FROM sp_pairs ORDER BY s, cid, cat").fetchnumpy()
    graph = cur.execute("SELECT * FROM sp_graph ORDER BY s, cid, cat").fetchnumpy()
    bounds = {s: (customer_bound(cur, s, P.max_eval_pairs),
                  customer_bound(cur, s, P.max_train_pairs, neg_rate=P.negative_rate, seed=P.seed)) for s in GRID}
    keep = dict(cur.execute("SELECT s, bound FROM sp_keep").fetchall())
    return pairs, graph, bounds, keep


@pytest.fixture(scope="module")
def both(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("sampling"))
    with project.interruptible(CancelToken()) as cur:
        full = _tables(cur, None)
        sampled = _tables(cur, pairs_read(P))
    project.close()
    return full, sampled


def _rows(t, sel):
    return {n: np.asarray(v)[sel] for n, v in t.items()}


def test_earlier_cuts_hold_only_the_sampled_customers_and_the_latest_is_complete(both):
    (pairs, graph, bounds, keep), (spairs, sgraph, sbounds, skeep) = both
    assert keep == {}
    assert skeep and 0 not in skeep                      # the caps bite, never on the scored cut
    s_all, cid = np.asarray(pairs["s"]), np.asarray(pairs["cid"])
    expect = np.ones(len(cid), bool)
    for s, bound in skeep.items():
        expect &= ~((s_all == s) & (cid >= bound))
        n_kept = int(((s_all == s) & (cid < bound)).sum())
        assert pairs_read(P) < n_kept < int((s_all == s).sum())
    assert expect.sum() < len(cid)
    # every kept pair is the full table's pair, features and label alike; cut 0 is whole
    for name, v in _rows(pairs, expect).items():
        np.testing.assert_array_equal(np.ma.filled(np.asarray(spairs[name]), -1), np.ma.filled(v, -1), err_msg=name)
    assert int((np.asarray(spairs["s"]) == 0).sum()) == int((s_all == 0).sum())
    # the readers take the same customers from the sampled table as from the full one
    assert sbounds == bounds and all(bounds[s][0] is not None for s in skeep)
    # graph rows exist exactly for the kept pairs; the row-wise scores are unchanged
    for n in ("s", "cid", "cat"):
        np.testing.assert_array_equal(np.asarray(sgraph[n]), np.asarray(spairs[n]))
    g_expect = _rows(graph, expect)
    for n in ("knn", "knn_ever", "copurchase"):
        np.testing.assert_allclose(np.asarray(sgraph[n]), g_expect[n], atol=1e-6, err_msg=n)
    # (markov and the shift rates are counted over earlier cuts' pairs: with a sample, over the sample)

"""A training cut keeps at most ``max_train_pairs`` thinned pairs (a hashed sample of whole customers, the lowest
ids); a cap above the cut's thinned pairs changes nothing: the cut is read whole (issue #13)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken, JobCancelled
from engine.models.migration import ladder as ladder_module
from engine.models.migration.cut_reads import load_cut
from engine.models.migration.ladder import Ladder
from engine.models.migration.params import MigrationParams
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]


def test_training_cuts_keep_at_most_the_cap_and_below_it_everything(tmp_path, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        base = MigrationParams()
        whole = load_cut(cur, 8, neg_rate=base.negative_rate, seed=base.seed)
        n = len(whole.cid)
        assert 200 < n < base.max_train_pairs                       # the default cap does not bite here
        for cap in (n, base.max_train_pairs):                        # at or above the cut's thinned pairs: all of it
            got = Ladder(cur, MigrationParams.from_dict({"max_train_pairs": cap}), None).train_cut(8)
            for name in ("cid", "cat", "x", "y", "w"):
                np.testing.assert_array_equal(getattr(got, name), getattr(whole, name), err_msg=name)
        cap = n // 3
        got = Ladder(cur, MigrationParams.from_dict({"max_train_pairs": cap}), None).train_cut(8)
        assert 0 < len(got.cid) <= cap
        # whole customers, the lowest ids: exactly the cut's pairs below its largest kept customer, plus its own
        below = whole.cid <= got.cid.max()
        np.testing.assert_array_equal(got.cid, whole.cid[below])
        np.testing.assert_array_equal(got.x, whole.x[below])
        assert below.sum() + np.count_nonzero(whole.cid == np.unique(whole.cid[~below])[0]) > cap   # the next one would not fit
    project.close()


def test_a_cancel_stops_the_training_reads_between_two_cuts(tmp_path, grocery_slice_file, monkeypatch):
    """A cancel that came while a cut's rows were being put together in Python (no query under way to interrupt)
    stops the next cut's read before it starts."""
    project = open_copy(grocery_slice_file, tmp_path)
    token = CancelToken()
    read: list[int] = []

    def cancelled_after_reading(cur, s, **kw):
        read.append(s)
        out = load_cut(cur, s, **kw)
        token.cancel()                   # while this cut's arrays are built, after its queries
        return out

    monkeypatch.setattr(ladder_module, "load_cut", cancelled_after_reading)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        ladder = Ladder(cur, MigrationParams.from_dict({"lstm": False}), None, token)
        with pytest.raises(JobCancelled):
            ladder._training([4, 8, 12])
        assert read == [4]
    project.close()

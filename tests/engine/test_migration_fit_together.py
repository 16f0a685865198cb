"""The backtest's learner sets fitted together (the boosted fits on a thread of their own beside the logistic fits
and the networks' training) are the very models each set gets from :meth:`Ladder.fit` alone (issue #13)."""

from __future__ import annotations

import threading
from datetime import datetime

import numpy as np
import pytest
import torch

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken, JobCancelled
from engine.models.baselines.pair_models import PairGBM, PairLogistic
from engine.models.migration import ladder as ladder_module
from engine.models.migration.ladder import Ladder
from engine.models.migration.lstm_candidate import LstmSequences
from engine.models.migration.params import MigrationParams
from tests.conftest import open_copy
from tests.waits import HANG_S

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12, 16]
P = MigrationParams.from_dict({"epochs": 1, "max_train_customers": 60, "chunk_customers": 16, "cache_mb": 0,
                               "train_cuts": 2, "gbm_iterations": 10})
SETS = [[8, 12], [12, 16], [8, 12]]


def test_sets_fitted_together_are_those_fitted_alone(tmp_path, grocery_slice_file, monkeypatch):
    """The first set's boosted fit on the pool's thread, the second's taken over once the job's thread has done its
    own share (the pool has not started it: its first fit is under way until then)."""
    project = open_copy(grocery_slice_file, tmp_path)
    fitted_on: list[str] = []
    real_fit = PairGBM.fit
    pool_fitting, taken_fitting, together_now = threading.Event(), threading.Event(), threading.Event()

    def recorded(self, x, y, w=None, cancel=None):
        name = threading.current_thread().name
        fitted_on.append(name)
        if name.startswith("ladder-gbm_"):
            pool_fitting.set()
            assert taken_fitting.wait(HANG_S)
        elif together_now.is_set():
            taken_fitting.set()
            assert pool_fitting.wait(HANG_S)
        return real_fit(self, x, y, w, cancel)

    monkeypatch.setattr(PairGBM, "fit", recorded)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        alone = [Ladder(cur, P, LstmSequences(cur, AS_OF, GRID, P)).fit(cuts) for cuts in SETS[:2]]
        assert fitted_on == ["MainThread"] * 2
        fitted_on.clear()
        monkeypatch.setattr(ladder_module, "prediction_threads", lambda: 2)
        ladder = Ladder(cur, P, LstmSequences(cur, AS_OF, GRID, P))
        together_now.set()
        together = ladder.fit_together(SETS)
        assert sorted(fitted_on) == ["ladder-gbm-taken_0", "ladder-gbm_0"]
        assert together[0] is together[2] and ladder.fit([12, 8]) is together[0]     # each set fitted once, kept
        x = ladder.train_cut(8).x
        for got, want in zip(together, alone):
            assert got.cuts == want.cuts and got.lstm is not None
            np.testing.assert_array_equal(got.gbm.decision(x), want.gbm.decision(x))
            np.testing.assert_array_equal(got.logistic.decision(x), want.logistic.decision(x))
            for (name, a), b in zip(got.lstm.net.state_dict().items(), want.lstm.net.state_dict().values()):
                assert torch.equal(a, b), name
    project.close()


def test_one_thread_fits_one_set_after_another(tmp_path, grocery_slice_file, monkeypatch):
    # a one-thread budget (Edit > Settings): the sets are fitted as fit() fits them, on the calling thread
    project = open_copy(grocery_slice_file, tmp_path)
    names: list[str] = []
    real_fit = PairGBM.fit
    monkeypatch.setattr(PairGBM, "fit", lambda self, x, y, w=None, cancel=None:
                        names.append(threading.current_thread().name) or real_fit(self, x, y, w, cancel))
    monkeypatch.setattr(ladder_module, "prediction_threads", lambda: 1)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        fits = Ladder(cur, P.__class__.from_dict({**P.to_dict(), "lstm": False}), None).fit_together(SETS[:2])
        assert [f.cuts for f in fits] == SETS[:2] and names == ["MainThread"] * 2
    project.close()


def test_an_origin_judged_side_by_side_is_the_origin_judged_alone(tmp_path, grocery_slice_file, monkeypatch):
    # the boosted stacker's fit and margins run beside the blend's fit and the other candidates' metrics
    from engine.models import side_by_side as sbs
    from engine.models.migration.ladder import evaluate_origin

    project = open_copy(grocery_slice_file, tmp_path)
    p = MigrationParams.from_dict({**P.to_dict(), "lstm": False})
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        got = {}
        for threads in (1, 2):
            monkeypatch.setattr(sbs, "prediction_threads", lambda: threads)
            got[threads] = evaluate_origin(Ladder(cur, p, None), GRID, 4, p, keep_scores=True)
        one, two = got[1], got[2]
        assert list(two.metrics) == list(one.metrics) and {"blend", "stacker"} <= set(one.metrics)
        assert two.metrics == one.metrics
        assert list(two.scores) == list(one.scores)
        for n, v in one.scores.items():
            np.testing.assert_array_equal(two.scores[n], v, err_msg=n)
    project.close()


def test_a_cancel_does_not_wait_for_the_boosted_fit_under_way(tmp_path, grocery_slice_file, monkeypatch):
    """The job's thread raises the cancel while the boosted fit on the pool's thread is still inside work without a
    checkpoint (its binning): the fit is released only once fit_together has raised, so a fit_together that waited
    for it would return after the fit's own timeout, the fit finished. No other set's fit starts."""
    project = open_copy(grocery_slice_file, tmp_path)
    token = CancelToken()
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    calls: list[str] = []

    def binning(self, x, y, w=None, cancel=None):
        calls.append(threading.current_thread().name)
        started.set()
        release.wait(HANG_S)           # set only after fit_together has raised: a wait for this fit sees it time out
        finished.set()
        return self

    real_lstm_fit = LstmSequences.fit

    def lstm_fit(self, cuts, cancel=None):
        assert started.wait(HANG_S)    # the boosted fit is under way: now the cancel comes
        token.cancel()
        return real_lstm_fit(self, cuts, cancel)

    monkeypatch.setattr(PairGBM, "fit", binning)
    monkeypatch.setattr(LstmSequences, "fit", lstm_fit)
    monkeypatch.setattr(ladder_module, "prediction_threads", lambda: 2)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        ladder = Ladder(cur, P, LstmSequences(cur, AS_OF, GRID, P), token)
        with pytest.raises(JobCancelled):
            ladder.fit_together(SETS)
        assert not finished.is_set() and calls == ["ladder-gbm_0"]
        release.set()
        assert finished.wait(HANG_S)    # the fit under way ends on its own (its worker thread with it)
    project.close()


def test_a_cancel_while_the_boosted_fit_is_awaited_ends_the_wait(tmp_path, grocery_slice_file, monkeypatch):
    """The job's thread is done with its own part of the sets and waits for the boosted fit, which is inside work
    without a checkpoint: the cancel (here from the fit's own thread once the job's thread has fitted the logistic
    regression, so before or during that wait) ends the wait."""
    project = open_copy(grocery_slice_file, tmp_path)
    token = CancelToken()
    logistic_done, release, finished = threading.Event(), threading.Event(), threading.Event()
    real_logistic = PairLogistic.fit

    started = threading.Event()

    def logistic(self, x, y, w=None, cancel=None):
        out = real_logistic(self, x, y, w, cancel)
        assert started.wait(HANG_S)    # the pool has the fit: the job's thread cannot take it over
        logistic_done.set()
        return out

    def binning(self, x, y, w=None, cancel=None):
        started.set()
        assert logistic_done.wait(HANG_S)
        token.cancel()
        release.wait(HANG_S)           # a wait for this fit's result would see it time out, then the fit returned
        finished.set()
        return self

    monkeypatch.setattr(PairLogistic, "fit", logistic)
    monkeypatch.setattr(PairGBM, "fit", binning)
    monkeypatch.setattr(ladder_module, "prediction_threads", lambda: 2)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        ladder = Ladder(cur, P.__class__.from_dict({**P.to_dict(), "lstm": False}), None, token)
        with pytest.raises(JobCancelled):
            ladder.fit_together(SETS[:1])
        assert not finished.is_set()
        release.set()
        assert finished.wait(HANG_S)
    project.close()


def test_a_cancel_during_a_taken_over_fit_does_not_wait_for_it(tmp_path, grocery_slice_file, monkeypatch):
    """The job's thread has taken over the second set's boosted fit (the pool's first fit is still under way); a
    cancel inside the taken fit's binning ends the job at once: the fit is released only after fit_together raised."""
    project = open_copy(grocery_slice_file, tmp_path)
    token = CancelToken()
    release, finished = threading.Event(), threading.Event()

    def binning(self, x, y, w=None, cancel=None):
        if threading.current_thread().name.startswith("ladder-gbm-taken"):
            token.cancel()
            release.wait(HANG_S)       # a wait for this fit would see it time out
            finished.set()
            return self
        release.wait(HANG_S)           # the pool's fit stays under way until the end
        return self

    monkeypatch.setattr(PairGBM, "fit", binning)
    monkeypatch.setattr(ladder_module, "prediction_threads", lambda: 2)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        ladder = Ladder(cur, P.__class__.from_dict({**P.to_dict(), "lstm": False}), None, token)
        with pytest.raises(JobCancelled):
            ladder.fit_together(SETS[:2])
        assert not finished.is_set()
        release.set()
        assert finished.wait(HANG_S)
    project.close()

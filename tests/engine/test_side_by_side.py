"""Independent fits side by side on Python threads (engine/models/side_by_side.py): the results in the
jobs' order, each job on one OpenMP thread, an error raised on the caller's thread with no worker
left, and the same fits as one after another (the decay's lapse boosters)."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import sklearn.ensemble  # noqa: F401  (loads scikit-learn's OpenMP runtime, which the jobs limit)
from threadpoolctl import threadpool_info

from engine.jobs import JobCancelled
from engine.models import side_by_side as sbs
from tests.waits import HANG_S


def _openmp_threads() -> int:
    return min(i["num_threads"] for i in threadpool_info() if i["user_api"] == "openmp")


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_results_come_in_the_jobs_order_each_job_on_one_openmp_thread(threads):
    gate = threading.Barrier(threads) if threads > 1 else None

    def job(i: int):
        if gate is not None and i < threads:
            gate.wait(timeout=30)     # the first jobs really run at once
        return i, _openmp_threads(), threading.current_thread().name

    out = list(sbs.side_by_side([lambda i=i: job(i) for i in range(5)], threads))
    assert [i for i, _, _ in out] == list(range(5))
    assert all(n == 1 for _, n, _ in out)
    names = {name for *_, name in out}
    assert (names == {threading.current_thread().name}) == (threads == 1)


@pytest.mark.parametrize("threads", [1, 2])
def test_an_error_is_raised_on_the_caller_and_no_worker_is_left(threads):
    started: list[int] = []

    def job(i: int):
        started.append(i)
        if i == 0:
            raise ValueError("first")
        return i

    before = threading.active_count()
    with pytest.raises(ValueError, match="first"):
        list(sbs.side_by_side([lambda i=i: job(i) for i in range(6)], threads))
    assert threading.active_count() == before       # the pool was shut down, its threads joined
    if threads == 1:
        assert started == [0]                       # one after another: nothing after the error starts


def test_a_cancel_does_not_wait_for_the_job_under_way():
    """A job raises the cancel while another is under way inside work without a checkpoint: side_by_side raises at
    once. The other job is released only once it has, so a side_by_side that waited would end after that job's
    own timeout, the job finished."""
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def cancelled():
        assert started.wait(HANG_S)
        raise JobCancelled()

    def binning():
        started.set()
        release.wait(HANG_S)
        finished.set()
        return 1

    with pytest.raises(JobCancelled):
        list(sbs.side_by_side([cancelled, binning], 2))
    assert not finished.is_set()
    release.set()
    assert finished.wait(HANG_S)        # the job under way ends on its own (its worker thread with it)


def test_the_lapse_boosters_side_by_side_are_the_ones_fitted_one_after_another(monkeypatch):
    from engine.models.decay import candidates
    from engine.models.decay.lapse_features import FEATURES

    rng = np.random.default_rng(4)
    n = 6_000
    train = {f: rng.random(n) * 10 for f in FEATURES}
    train["hawkes_p"] = rng.uniform(0.05, 0.95, n)
    train["hawkes_mu"] = rng.random(n)
    train["lapsed"] = (rng.random(n) < 1 / (1 + np.exp(train["recency_days"] - 5))).astype(np.int64)
    names = ("gbm", "gbm_decay")
    monkeypatch.setattr(sbs, "prediction_threads", lambda: 1)
    one = candidates.LapseCandidates(seed=2).fit(train, names)
    monkeypatch.setattr(sbs, "prediction_threads", lambda: 2)
    two = candidates.LapseCandidates(seed=2).fit(train, names)
    monkeypatch.setattr(sbs, "prediction_threads", lambda: 1)   # predictions row by row, one thread
    a = one.predict(train, train["hawkes_p"], names)
    b = two.predict(train, train["hawkes_p"], names)
    for name in names:
        assert np.array_equal(a[name], b[name]), name


def test_jobs_beside_the_callers_work_leave_it_a_thread_until_their_results_are_asked_for():
    """Beside: while the caller works (its own fits, say), the jobs take the threads but one; once it asks for the
    results its thread is theirs too. On two threads: the second job starts only when the first ends, and the
    last two run at once only after ``results()`` (each waits for the other at a barrier: a slot never freed
    would break it)."""
    started = [threading.Event() for _ in range(4)]
    release = threading.Event()
    together = threading.Barrier(2, timeout=HANG_S)

    def job(i: int):
        started[i].set()
        if i == 0:
            assert release.wait(HANG_S)
        if i >= 2:
            together.wait()
        return i

    with sbs.Beside(2) as beside:
        for i in range(4):
            beside.submit(lambda i=i: job(i))
        assert started[0].wait(HANG_S)
        # one slot is the caller's: the others wait, none handed to a worker yet (so none overtakes another)
        assert len(beside._pending) == 3 and not started[1].is_set()
        release.set()
        assert started[1].wait(HANG_S)         # the first job's slot passes on
        assert list(beside.results()) == [0, 1, 2, 3]


def test_jobs_beside_the_caller_on_one_thread_run_as_their_results_are_reached():
    ran: list[int] = []
    with sbs.Beside(1) as beside:
        for i in range(3):
            beside.submit(lambda i=i: ran.append(i) or i)
        assert ran == []
        assert list(beside.results()) == [0, 1, 2]
    assert ran == [0, 1, 2]

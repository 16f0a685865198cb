"""The categories' Hawkes fits run in lockstep (one batched loss per iteration for many categories)
give the fits each category gets on its own."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.models.decay import hawkes
from engine.models.decay.hawkes import ExpHawkesFit, fit_many, posterior, posterior_many
from engine.models.decay.hawkes_batch import Batch
from engine.models.decay.lockstep import run_lockstep
from tests.engine.test_decay_units import _simulate

#: Planted half-lives (days) of the categories of a small shop, short to slow.
PLANTED = (4.0, 12.0, 30.0, 60.0, 45.0, 20.0)


def _shop(seed: int = 11):
    rng = np.random.default_rng(seed)
    return [(*_simulate(rng, 700, hl, 0.6, 365.0)[:2], 365.0, s, None, None)
            for hl, s in zip(PLANTED, rng.integers(50, 300, len(PLANTED)))]


def test_lockstep_fits_equal_the_fits_of_each_category_alone():
    data = _shop()
    alone = [ExpHawkesFit(max_sequences=500).fit(*d[:5]) for d in data]
    together = fit_many([ExpHawkesFit(max_sequences=500) for _ in data], data)
    for one, many, planted in zip(alone, together, PLANTED):
        assert abs(math.log(many.half_life_ / one.half_life_)) < 1e-6
        assert abs(many.alpha_ - one.alpha_) < 1e-6
        assert many.n_eval_ == one.n_eval_
        for lo_hi_one, lo_hi_many in zip(one.half_life_interval_, many.half_life_interval_):
            assert abs(math.log(lo_hi_many / lo_hi_one)) < 1e-4
        # and near the planted half-life: a real fit, not two equal failures
        assert abs(math.log(many.half_life_ / planted)) < 0.5
    # the same again: deterministic
    again = fit_many([ExpHawkesFit(max_sequences=500) for _ in data], data)
    assert [m.half_life_ for m in again] == [m.half_life_ for m in together]


def test_small_batches_give_the_same_fits(monkeypatch):
    data = _shop(12)
    big = fit_many([ExpHawkesFit(max_sequences=300) for _ in data], data)
    monkeypatch.setattr(hawkes, "BATCH_CATEGORIES", 2)
    small = fit_many([ExpHawkesFit(max_sequences=300) for _ in data], data)
    for b, s in zip(big, small):
        assert abs(math.log(b.half_life_ / s.half_life_)) < 1e-6


def test_batched_loss_is_each_categorys_own_loss_and_gradient():
    data = _shop(13)
    samples = [ExpHawkesFit(max_sequences=400).sample(*d[:5]) for d in data]
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(0, 0.5, len(data)), rng.normal(5, 1, len(data)),
                         rng.normal(0, 1, len(data)), np.log(math.log(2) / np.array(PLANTED) * 1.3)])
    f, g = Batch(samples).loss(X)
    for k, s in enumerate(samples):
        f1, g1 = Batch([s]).loss(X[k: k + 1])
        assert abs(f[k] - f1[0]) < 1e-9 * max(1.0, abs(f1[0]))
        np.testing.assert_allclose(g[k], g1[0], rtol=1e-7, atol=1e-10)


def test_a_failing_evaluation_stops_every_task_and_is_raised():
    class Stop(Exception):
        pass

    calls = []

    def evaluate(ids, xs):
        calls.append(len(ids))
        if len(calls) == 3:
            raise Stop()
        return [(float(x @ x), 2 * x) for x in xs]

    def task(loss):
        x = np.ones(2)
        for _ in range(10):
            _, grad = loss(x)
            x = x - 0.1 * grad
        return x

    with pytest.raises(Stop):
        run_lockstep([task] * 5, evaluate)
    assert calls == [5, 5, 5]
    # without the failure every task runs to its end, each batch holds every task still running
    out = run_lockstep([task] * 4, lambda ids, xs: [(float(x @ x), 2 * x) for x in xs])
    for x in out:
        np.testing.assert_allclose(x, np.ones(2) * 0.8 ** 10)


def test_tasks_of_different_lengths_get_their_own_answers_in_shrinking_batches():
    """Each task waits for its own answer: a task that stops early leaves the batches, the rest get the
    answers to their own points, and a task's error stops the others."""
    batches: list[list[int]] = []

    def evaluate(ids, xs):
        batches.append(list(ids))
        return [(float(i), x * (i + 1)) for i, x in zip(ids, xs)]

    def task_of(i: int, steps: int):
        def task(loss):
            seen = []
            for step in range(steps):
                value, grad = loss(np.full(2, float(step)))
                seen.append((value, grad[0]))
            return seen
        return task

    lengths = [3, 1, 4, 2]
    out = run_lockstep([task_of(i, n) for i, n in enumerate(lengths)], evaluate)
    assert batches == [[0, 1, 2, 3], [0, 2, 3], [0, 2], [2]]
    for i, n in enumerate(lengths):
        assert out[i] == [(float(i), float(step * (i + 1))) for step in range(n)]

    class Broken(Exception):
        pass

    def broken(loss):
        loss(np.zeros(2))
        raise Broken()

    with pytest.raises(Broken):
        run_lockstep([task_of(0, 50), broken, task_of(2, 50)], evaluate)


def test_posteriors_of_many_categories_at_once_equal_each_ones_own():
    data = _shop(14)
    theta = np.array([[0.6, 300.0, 0.5, math.log(2) / hl] for hl in PLANTED])
    parts = [(seq, t, int(seq.max()) + 3) for seq, t, *_ in data]   # two buyers with no event each
    many = posterior_many(parts, 365.0, theta, 28.0)
    for (seq, t, n_seq), (a, b, alpha, beta), post in zip(parts, theta, many):
        one = posterior(seq, t, 365.0, n_seq, a=a, b=b, alpha=alpha, beta=beta, horizon=28.0)
        for name in ("mu_mean", "excitation", "base_quiet", "p_quiet", "n_triggered", "gap_triggered"):
            np.testing.assert_allclose(getattr(post, name), getattr(one, name), rtol=1e-9, atol=1e-300)

"""The cancellable boosting fit (engine/models/cancellable_fit.py): the plain fit's model to the bit, a
cancel between two rounds, nothing of the job left on the fitted model."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from engine.jobs import CancelToken, JobCancelled
from engine.models import cancellable_fit


class CountingToken(CancelToken):
    """A token that counts its checkpoints and cancels itself at checkpoint ``at`` (never when None)."""

    def __init__(self, at: int | None = None) -> None:
        super().__init__()
        self.at, self.checks = at, 0

    def raise_if_cancelled(self) -> None:
        self.checks += 1
        if self.checks == self.at:
            self.cancel()
        super().raise_if_cancelled()


def _data(n: int, missing: bool, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 5))
    X[:, 4] = rng.integers(0, 6, n)                       # a column of codes (the categorical case)
    if missing:
        X[rng.random((n, 5)) < 0.1] = np.nan
    eta = 0.8 * np.nan_to_num(X[:, 0]) - 0.5 * np.nan_to_num(X[:, 1]) + 0.3 * (np.nan_to_num(X[:, 4]) % 3)
    return X, (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(np.int64), rng.poisson(np.exp(0.5 * eta))


def _boosters(categorical: bool):
    kw = dict(max_iter=12, learning_rate=0.1, min_samples_leaf=20, l2_regularization=1.0, early_stopping=False,
              random_state=3, max_features=0.8,      # feature subsampling: its generator must be the plain fit's
              categorical_features=[4] if categorical else None)
    return [(HistGradientBoostingClassifier(**kw), "classes"), (HistGradientBoostingRegressor(loss="poisson", **kw),
                                                                 "counts")]


@pytest.mark.parametrize("n", [3_000, 12_000])              # above 10,000 rows scikit-learn draws a scoring sample
@pytest.mark.parametrize("missing", [False, True])
@pytest.mark.parametrize("categorical", [False, True])
@pytest.mark.parametrize("weighted", [False, True])
def test_the_cancellable_fit_is_the_plain_fit_to_the_bit(n, missing, categorical, weighted):
    X, classes, counts = _data(n, missing)
    w = np.random.default_rng(1).uniform(0.5, 2.0, n) if weighted else None
    for (plain, target), (ours, _) in zip(_boosters(categorical), _boosters(categorical)):
        y = classes if target == "classes" else counts
        plain.fit(X, y, sample_weight=w)
        token = CountingToken()
        cancellable_fit.fit(ours, X, y, token, sample_weight=w)
        assert token.checks == plain.n_iter_ + 1                 # before the first tree and after each round
        assert pickle.dumps(ours) == pickle.dumps(plain)         # every tree, bin and attribute
        if target == "classes":
            np.testing.assert_array_equal(ours.predict_proba(X), plain.predict_proba(X))
        else:
            np.testing.assert_array_equal(ours.predict(X), plain.predict(X))


@pytest.mark.parametrize("rounds", [0, 1, 5])
def test_a_cancel_stops_the_fit_at_the_round_it_comes(rounds):
    X, classes, _ = _data(12_000, missing=True)
    booster = _boosters(False)[0][0]
    token = CountingToken(at=rounds + 1)      # the first checkpoint is before the first tree
    with pytest.raises(JobCancelled):
        cancellable_fit.fit(booster, X, classes, token)
    assert token.checks == rounds + 1 and len(booster._predictors) == rounds
    # the stopped booster keeps nothing of the job either
    assert booster.early_stopping is False and booster.scoring == "loss" and booster._scorer is None


def test_the_fitted_model_keeps_nothing_of_the_job():
    X, classes, _ = _data(3_000, missing=False)
    booster = _boosters(False)[0][0]
    params = booster.get_params()
    cancellable_fit.fit(booster, X, classes, CountingToken())
    assert booster.get_params() == params
    assert booster._scorer is None and booster.do_early_stopping_ is False
    assert booster.train_score_.size == 0 and booster.validation_score_.size == 0
    # nothing reachable from the model is the token or the checkpoint (it pickles without them)
    blob = pickle.dumps(booster)
    assert b"CountingToken" not in blob and b"_Checkpoint" not in blob
    again = pickle.loads(blob)
    np.testing.assert_array_equal(again.predict_proba(X), booster.predict_proba(X))


def test_a_booster_that_stops_early_itself_fits_as_it_always_did():
    X, classes, _ = _data(3_000, missing=False)
    kw = dict(max_iter=40, early_stopping=True, validation_fraction=0.2, n_iter_no_change=3, random_state=0)
    plain = HistGradientBoostingClassifier(**kw).fit(X, classes)
    token = CountingToken()
    ours = cancellable_fit.fit(HistGradientBoostingClassifier(**kw), X, classes, token)
    assert token.checks == 1 and pickle.dumps(ours) == pickle.dumps(plain)
    cancelled = CancelToken()
    cancelled.cancel()
    with pytest.raises(JobCancelled):
        cancellable_fit.fit(HistGradientBoostingClassifier(**kw), X, classes, cancelled)


def test_without_a_token_it_is_the_plain_fit():
    X, classes, _ = _data(3_000, missing=False)
    plain = _boosters(False)[0][0].fit(X, classes)
    assert pickle.dumps(cancellable_fit.fit(_boosters(False)[0][0], X, classes)) == pickle.dumps(plain)


def _stopped_inside(fit, full: int) -> None:
    """``fit(token)`` raises the cancel from within its boosting rounds: the token cancelled itself at its
    fourth checkpoint, before the fits' rounds were done (``full`` checkpoints in all)."""
    token = CountingToken(at=4)
    with pytest.raises(JobCancelled):
        fit(token)
    assert 4 <= token.checks < full


def test_every_boosted_model_of_the_engine_is_cancelled_between_its_rounds():
    from engine.models.baselines.pair_models import PairGBM
    from engine.models.customers.learned import LearnedCustomerModel
    from engine.models.decay.candidates import LapseCandidates
    from engine.models.decay.lapse_features import FEATURES
    from engine.models.migration.stacker import BoostedStacker

    X, classes, counts = _data(3_000, missing=False)
    rounds = 10
    _stopped_inside(lambda t: LearnedCustomerModel(max_iter=rounds).fit(X, counts, 2.0 * counts, t), 3 * (rounds + 1))
    _stopped_inside(lambda t: PairGBM(max_iter=rounds, min_samples_leaf=20).fit(X, classes, None, t), rounds + 1)
    cid = np.arange(len(classes)) // 10
    scores = {"gbm": X[:, 0], "logistic": X[:, 1], "own_history": X[:, 2]}
    _stopped_inside(lambda t: BoostedStacker(0, iterations=rounds, min_leaf=20).fit(
        scores, cid, X[:, 3] > 0, classes.astype(bool), cid % 7, t), rounds + 1)
    rng = np.random.default_rng(2)
    train = {f: rng.random(len(classes)) for f in FEATURES} | {"lapsed": classes}
    _stopped_inside(lambda t: LapseCandidates(seed=0).fit(train, ["gbm"], t), 100 + 1)


def _linear_data(n: int = 5_000, seed: int = 4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 6))
    y = rng.random(n) < 1 / (1 + np.exp(-(X[:, 0] - 0.7 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3])))
    return X, y, rng.uniform(0.5, 3.0, n)


def test_the_cancellable_logistic_fit_is_the_plain_fit_to_the_bit():
    from sklearn.linear_model import LogisticRegression

    X, y, w = _linear_data()
    plain = LogisticRegression(max_iter=300, random_state=7).fit(X, y, sample_weight=w)
    token = CountingToken()
    ours = cancellable_fit.fit(LogisticRegression(max_iter=300, random_state=7), X, y, token, sample_weight=w)
    # a checkpoint where each iteration begins and ends, and where the fit does
    assert token.checks >= 2 * ours.n_iter_[0]
    np.testing.assert_array_equal(ours.coef_, plain.coef_)
    np.testing.assert_array_equal(ours.intercept_, plain.intercept_)
    # nothing of the job stays on the model: it pickles to the plain fit's bytes
    assert pickle.dumps(ours) == pickle.dumps(plain)


@pytest.mark.parametrize("at", [1, 2, 7])
def test_a_cancel_stops_the_logistic_fit_at_the_iteration_it_comes(at):
    from sklearn.linear_model import LogisticRegression

    X, y, w = _linear_data()
    full = CountingToken()
    cancellable_fit.fit(LogisticRegression(max_iter=300), X, y, full, sample_weight=w)
    token = CountingToken(at=at)
    model = LogisticRegression(max_iter=300)
    with pytest.raises(JobCancelled):
        cancellable_fit.fit(model, X, y, token, sample_weight=w)
    assert token.checks == at < full.checks
    assert not hasattr(model, "_skl_callbacks") and not hasattr(model, "coef_")


def test_a_cancel_while_the_pair_logistic_prepares_its_rows_stops_it_before_the_fit():
    # its logs and its standardised copy are blocked passes over every row (0.5-1.1 s at wide 10^7): each has
    # checkpoints, so a cancel there does not wait for the logistic's first iteration
    from sklearn.linear_model import LogisticRegression

    from engine.models.baselines.pair_models import _CHECK_ROWS, PAIR_FEATURES, PairLogistic

    rng = np.random.default_rng(1)
    n = 4 * _CHECK_ROWS
    x = rng.random((n, len(PAIR_FEATURES)))
    y = rng.random(n) < 0.3
    fitted = []
    real_fit = LogisticRegression.fit

    def spy(self, *args, **kwargs):
        fitted.append(self)
        return real_fit(self, *args, **kwargs)

    for at in (2, 6):   # in the logs' pass (checkpoints 1-4), in the standardising pass (6-9)
        token = CountingToken(at=at)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(LogisticRegression, "fit", spy)
            with pytest.raises(JobCancelled):
                PairLogistic(seed=0).fit(x, y, None, token)
        assert token.checks == at and not fitted


def test_every_logistic_fit_of_the_engine_on_many_rows_is_cancelled_between_its_iterations():
    from engine.features.sequences import Samples
    from engine.models.baselines.logistic import LogisticBaseline
    from engine.models.baselines.pair_models import PAIR_FEATURES, PairLogistic
    from engine.models.decay.candidates import LapseCandidates
    from engine.models.decay.lapse_features import FEATURES
    from engine.models.migration.ladder import fit_stacker

    X, y, w = _linear_data()
    wide = np.abs(np.tile(X, (1, -(-len(PAIR_FEATURES) // X.shape[1]))))[:, :len(PAIR_FEATURES)]   # the pairs' columns
    _stopped_inside(lambda t: PairLogistic(seed=0).fit(wide, y, w, t), 10_000)
    _stopped_inside(lambda t: fit_stacker({"gbm": X[:, 0], "logistic": X[:, 1]}, y, 0, t), 10_000)

    def lstm_baseline(token):
        # the LSTM's warm start: samples of 1,250 customers x 4 categories, every pair a candidate
        B, K = len(y) // 4, 4
        s = Samples(cid=np.arange(B), seq=np.zeros((B, 1, 2 * (K + 1)), np.float32),
                    feats=X[:4 * B, :3].reshape(B, K, 3).astype(np.float32), label=y[:4 * B].reshape(B, K),
                    cand=np.ones((B, K), bool), views_recent=np.zeros((B, K)), buys_lookback=np.zeros((B, K)),
                    buys_total=np.zeros((B, K)), weeks_since=np.zeros((B, K)))
        return LogisticBaseline().partial_fit(s).finish(token)

    _stopped_inside(lstm_baseline, 10_000)
    rng = np.random.default_rng(2)
    train = {f: rng.random(len(y)) for f in FEATURES} | {"lapsed": y.astype(np.int64)}
    _stopped_inside(lambda t: LapseCandidates(seed=0).fit(train, ["recency"], t), 10_000)

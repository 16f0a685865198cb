"""Fits that a cancel token stops between two of their iterations: histogram gradient boosting between two
boosting rounds, a logistic regression between two L-BFGS iterations.

scikit-learn has no hook in the boosting loop, so a cancel used to wait for the fit under way (~3 s a
customers booster at wide 10^7 events, ~11 s a migration pair model). Its early stopping is the one call
made every round: with ``early_stopping=True`` and a callable ``scoring`` the loop calls the scorer once
before the first tree and once after each round. :func:`fit` hands it a scorer that only looks at the
token (raising :class:`~engine.jobs.JobCancelled`, or waiting while paused) and returns a constant, with

* ``validation_fraction=None``: no held-out split, every row trains, as with early stopping off;
* ``n_iter_no_change`` above ``max_iter``: a constant score never stops the loop early.

The trees are then those of the plain fit, to the bit (tests/engine/test_cancellable_fit.py): the
random seed and the feature-subsampling generator are drawn before the switch is read, the binning
and the rounds do not look at it, and the only other work is scikit-learn's scoring sample of 10,000
training rows (drawn with its own generator, read by nobody here) and one call a round.

Afterwards the estimator is put back as a plain fit leaves it: its own parameters, no scorer (the
token holds locks and callbacks; nothing of the job stays on a fitted model), early stopping off and
empty score arrays, so it pickles to the same bytes as the plain fit.

A logistic regression has the hook: scikit-learn's callbacks (:mod:`sklearn.callback`, on every estimator with
``set_callbacks``) are called at the start and end of each L-BFGS iteration, and :func:`checkpoints` sets one that
looks at the token there. A callback only observes: the coefficients are the plain fit's to the bit. Migration's
pair logistic fit (~600k training pairs at wide 10^7) ran on the job's thread with none: a cancel 2 s into the
backtest's fits ended the job 1.54 / 1.53 s later, 0.41 / 0.42 s with them (tests/bench/results/fitcancel_s24.json).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator, TypeVar

import numpy as np
from sklearn.callback import CallbackSupportMixin
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression

from engine.jobs import CancelToken

Fitted = TypeVar("Fitted", HistGradientBoostingClassifier, HistGradientBoostingRegressor, LogisticRegression)

_SWITCHED = ("early_stopping", "scoring", "validation_fraction", "n_iter_no_change")


class _Checkpoint:
    """The scorer: a cancel checkpoint each boosting round, always the same score."""

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel

    def __call__(self, estimator: Any, X: Any, y: Any, sample_weight: Any = None) -> float:
        self.cancel.raise_if_cancelled()
        return 0.0


class _IterationCheckpoint:
    """A scikit-learn fit callback (the ``FitCallback`` protocol): a cancel checkpoint where each of the fit's
    tasks (an L-BFGS iteration, the fit itself) begins and ends. Its hooks ask for no keyword argument, so
    scikit-learn builds nothing for them (no copy of the model so far)."""

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel

    def setup(self, estimator: Any, context: Any) -> None:
        self.cancel.raise_if_cancelled()

    def teardown(self, estimator: Any, context: Any) -> None:
        pass

    def on_fit_task_begin(self, estimator: Any, context: Any) -> None:
        self.cancel.raise_if_cancelled()

    def on_fit_task_end(self, estimator: Any, context: Any) -> bool:
        self.cancel.raise_if_cancelled()
        return False


@contextmanager
def checkpoints(estimator: CallbackSupportMixin, cancel: CancelToken | None) -> Iterator[None]:
    """Within the block, ``estimator``'s fit stops at its next iteration once ``cancel`` is set (raising
    :class:`~engine.jobs.JobCancelled`); afterwards it holds no callback (nothing of the job stays on the model).
    In a pipeline, give it the step that iterates: callbacks do not reach a pipeline's steps."""
    if cancel is None:
        yield
        return
    estimator.set_callbacks(_IterationCheckpoint(cancel))
    try:
        yield
    finally:
        estimator.set_callbacks()


def fit(booster: Fitted, X: Any, y: Any, cancel: CancelToken | None = None,
        sample_weight: Any = None) -> Fitted:
    """``booster.fit(X, y, sample_weight=sample_weight)``, stopped by ``cancel`` between rounds (iterations).

    As the plain fit where there is no token, or where the booster stops early on its own (its
    early stopping scores rounds itself; then only the fit's start is a checkpoint)."""
    if isinstance(booster, CallbackSupportMixin):
        with checkpoints(booster, cancel):
            return booster.fit(X, y, sample_weight=sample_weight)
    if cancel is None or booster.early_stopping is not False:
        if cancel is not None:
            cancel.raise_if_cancelled()
        return booster.fit(X, y, sample_weight=sample_weight)
    own = {name: getattr(booster, name) for name in _SWITCHED}
    booster.set_params(early_stopping=True, scoring=_Checkpoint(cancel), validation_fraction=None,
                       n_iter_no_change=booster.max_iter + 1)
    try:
        booster.fit(X, y, sample_weight=sample_weight)
    finally:
        booster.set_params(**own)
        if hasattr(booster, "_scorer"):
            booster._scorer = None          # what a plain fit leaves (it holds the token)
    # the attributes as a fit without early stopping leaves them
    booster.do_early_stopping_ = False
    booster._use_validation_data = booster.validation_fraction is not None   # (no X_val is passed)
    booster.train_score_ = np.asarray([])
    booster.validation_score_ = np.asarray([])
    return booster

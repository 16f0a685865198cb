"""A histogram gradient boosting fit that a cancel token stops between two boosting rounds.

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
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from engine.jobs import CancelToken

Booster = TypeVar("Booster", HistGradientBoostingClassifier, HistGradientBoostingRegressor)

_SWITCHED = ("early_stopping", "scoring", "validation_fraction", "n_iter_no_change")


class _Checkpoint:
    """The scorer: a cancel checkpoint each boosting round, always the same score."""

    def __init__(self, cancel: CancelToken) -> None:
        self.cancel = cancel

    def __call__(self, estimator: Any, X: Any, y: Any, sample_weight: Any = None) -> float:
        self.cancel.raise_if_cancelled()
        return 0.0


def fit(booster: Booster, X: Any, y: Any, cancel: CancelToken | None = None,
        sample_weight: Any = None) -> Booster:
    """``booster.fit(X, y, sample_weight=sample_weight)``, stopped by ``cancel`` between rounds.

    As the plain fit where there is no token, or where the booster stops early on its own (its
    early stopping scores rounds itself; then only the fit's start is a checkpoint)."""
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

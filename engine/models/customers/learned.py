"""The learned customer model: gradient boosting on recency, frequency, monetary value, gaps and
trend, plus the BG/NBD baseline's own predictions, trained on what customers did after earlier cuts."""

from __future__ import annotations

from functools import partial
from typing import Callable

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from engine.messages import msg
from engine.models.customers.scores import Scores
from engine.models.prediction_threads import prediction_threads
from engine.models.side_by_side import side_by_side


class LearnedCustomerModel:
    def __init__(self, seed: int = 0, max_iter: int = 150, learning_rate: float = 0.05,
                 min_samples_leaf: int = 40) -> None:
        self.seed = seed
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.min_samples_leaf = min_samples_leaf

    def _kw(self) -> dict:
        return dict(max_iter=self.max_iter, learning_rate=self.learning_rate, min_samples_leaf=self.min_samples_leaf,
                    l2_regularization=1.0, early_stopping=False, random_state=self.seed)

    def fit(self, X: np.ndarray, y_orders: np.ndarray, y_spend: np.ndarray) -> "LearnedCustomerModel":
        """The three boosters (buys again, orders, spend), each on one OpenMP thread as always.

        They are independent: with the process's thread budget above one (the command line) they
        fit side by side on Python threads, their histograms and splits built without the
        interpreter lock. A fit's numbers hang on its own thread count only, which stays one."""
        bought = (y_orders > 0).astype(np.int64)
        if bought.min() == bought.max():
            raise ValueError(msg("customers.note.one_outcome"))  # str() is the English sentence
        jobs: list[Callable[[], object]] = [
            lambda: HistGradientBoostingClassifier(**self._kw()).fit(X, bought),
            lambda: HistGradientBoostingRegressor(loss="poisson", **self._kw()).fit(X, y_orders),
            lambda: HistGradientBoostingRegressor(loss="poisson", **self._kw()).fit(X, np.maximum(y_spend, 0.0)),
        ]
        self.classifier_, self.orders_, self.spend_ = side_by_side(jobs, prediction_threads())
        self.n_features_in_ = X.shape[1]
        return self

    def predict(self, X: np.ndarray) -> Scores:
        """Each row walks the trees on its own, so rows can be split: with the thread budget above
        one (the command line) slices of the rows go to Python threads, each predicting on one
        OpenMP thread of its own. Not OpenMP's threads: each booster's prediction is 150 parallel
        loops (one a tree), and at two threads on a busy 2-core machine their waits spun (27 -> 39
        CPU s for the customers step at wide 10^6, load 3.5-4.5), though the numbers were the same."""
        threads = min(prediction_threads(), max(1, len(X) // _MIN_SLICE))
        bounds = np.linspace(0, len(X), threads + 1).astype(int)
        parts = list(side_by_side([partial(self._predict, X[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:])],
                                  threads))
        return Scores(*(np.concatenate([getattr(s, f) for s in parts])
                        for f in ("p_buy_again", "expected_orders", "expected_spend")))

    def _predict(self, X: np.ndarray) -> Scores:
        p = self.classifier_.predict_proba(X)[:, 1]
        return Scores(p, np.maximum(self.orders_.predict(X), 0.0), np.maximum(self.spend_.predict(X), 0.0))


#: Rows a prediction slice holds at least (fewer: one thread does them all).
_MIN_SLICE = 10_000


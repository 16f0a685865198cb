"""The learned customer model: gradient boosting on recency, frequency, monetary value, gaps and
trend, plus the BG/NBD baseline's own predictions, trained on what customers did after earlier cuts."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from threadpoolctl import threadpool_limits

from engine.messages import msg
from engine.models.customers.scores import Scores


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

    # one OpenMP thread: on a busy machine the boosting's thread pool spins for 50x the CPU time
    # it needs on these (customers × cuts) tables, and one thread is fast enough for them
    @threadpool_limits.wrap(limits=1, user_api="openmp")
    def fit(self, X: np.ndarray, y_orders: np.ndarray, y_spend: np.ndarray) -> "LearnedCustomerModel":
        bought = (y_orders > 0).astype(np.int64)
        if bought.min() == bought.max():
            raise ValueError(msg("customers.note.one_outcome"))  # str() is the English sentence
        self.classifier_ = HistGradientBoostingClassifier(**self._kw()).fit(X, bought)
        self.orders_ = HistGradientBoostingRegressor(loss="poisson", **self._kw()).fit(X, y_orders)
        self.spend_ = HistGradientBoostingRegressor(loss="poisson", **self._kw()).fit(X, np.maximum(y_spend, 0.0))
        self.n_features_in_ = X.shape[1]
        return self

    @threadpool_limits.wrap(limits=1, user_api="openmp")
    def predict(self, X: np.ndarray) -> Scores:
        p = self.classifier_.predict_proba(X)[:, 1]
        return Scores(p, np.maximum(self.orders_.predict(X), 0.0), np.maximum(self.spend_.predict(X), 0.0))

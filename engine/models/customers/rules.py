"""The simple rules every customer model must beat.

* recency: customers last seen d weeks ago buy again, order and spend like customers last seen
  d weeks ago did at earlier cuts (a lookup learned on the training cuts).
* frequency: the recent run rate (orders and spend per week over the last 26 weeks) carries on.
"""

from __future__ import annotations

import numpy as np

from engine.models.customers.scores import Scores

_MAX_WEEK = 52


def _bucket(recency: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(recency), 0, _MAX_WEEK).astype(np.int64)


class RecencyRule:
    def fit(self, recency: np.ndarray, y_orders: np.ndarray, y_spend: np.ndarray) -> "RecencyRule":
        b = _bucket(recency)
        n = np.bincount(b, minlength=_MAX_WEEK + 1).astype(np.float64)
        sums = [np.bincount(b, weights=w, minlength=_MAX_WEEK + 1) for w in
                ((y_orders > 0).astype(np.float64), y_orders, y_spend)]
        # a week nobody was last seen in borrows from the nearest earlier week with customers
        seen = np.maximum.accumulate(np.where(n > 0, np.arange(n.size), 0))
        self.p_, self.orders_, self.spend_ = ((s / np.maximum(n, 1))[seen] for s in sums)
        return self

    def predict(self, recency: np.ndarray) -> Scores:
        b = _bucket(recency)
        return Scores(self.p_[b], self.orders_[b], self.spend_[b])


def frequency_rule(orders_26w: np.ndarray, T: np.ndarray, spend_mean: np.ndarray, horizon_weeks: float) -> Scores:
    weeks = np.clip(T, 1.0, 26.0)
    expected = orders_26w / weeks * horizon_weeks
    return Scores(1.0 - np.exp(-expected), expected, expected * np.maximum(spend_mean, 0.0))

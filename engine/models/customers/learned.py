"""The learned customer model: gradient boosting on recency, frequency, monetary value, gaps and
trend, plus the BG/NBD baseline's own predictions, trained on what customers did after earlier cuts."""

from __future__ import annotations

from functools import partial
from typing import Callable

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from engine.jobs import CancelToken
from engine.messages import msg
from engine.models import cancellable_fit
from engine.models.customers.scores import Scores
from engine.models.leaf_masks import leaf_masks, margins
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

    def fit(self, X: np.ndarray, y_orders: np.ndarray, y_spend: np.ndarray,
            cancel: CancelToken | None = None) -> "LearnedCustomerModel":
        """The three boosters (buys again, orders, spend), each on one OpenMP thread as always.

        They are independent: with the process's thread budget above one (the command line) they
        fit side by side on Python threads, their histograms and splits built without the
        interpreter lock. A fit's numbers hang on its own thread count only, which stays one.
        ``cancel`` stops them between two boosting rounds (engine/models/cancellable_fit.py)."""
        return self.take(list(side_by_side(self.jobs(X, y_orders, y_spend, cancel), prediction_threads())),
                         X.shape[1])

    def jobs(self, X: np.ndarray, y_orders: np.ndarray, y_spend: np.ndarray,
             cancel: CancelToken | None = None) -> list[Callable[[], object]]:
        """The three fits as jobs, for a caller that runs them beside other cuts' (then :meth:`take`)."""
        bought = (y_orders > 0).astype(np.int64)
        if bought.min() == bought.max():
            raise ValueError(msg("customers.note.one_outcome"))  # str() is the English sentence
        return [
            lambda: cancellable_fit.fit(HistGradientBoostingClassifier(**self._kw()), X, bought, cancel),
            lambda: cancellable_fit.fit(HistGradientBoostingRegressor(loss="poisson", **self._kw()), X, y_orders,
                                        cancel),
            lambda: cancellable_fit.fit(HistGradientBoostingRegressor(loss="poisson", **self._kw()), X,
                                        np.maximum(y_spend, 0.0), cancel),
        ]

    def take(self, fitted: list, n_features: int) -> "LearnedCustomerModel":
        """The model of the three fitted boosters of :meth:`jobs`, in their order."""
        self.classifier_, self.orders_, self.spend_ = fitted
        self.n_features_in_ = n_features
        return self

    def predict(self, X: np.ndarray) -> Scores:
        """Each row walks the trees on its own, so rows can be split: with the thread budget above
        one (the command line) slices of the rows go to Python threads, each predicting on one
        OpenMP thread of its own. Not OpenMP's threads: each booster's prediction is 150 parallel
        loops (one a tree), and at two threads on a busy 2-core machine their waits spun (27 -> 39
        CPU s for the customers step at wide 10^6, load 3.5-4.5), though the numbers were the same."""
        threads = min(prediction_threads(), max(1, len(X) // _MIN_SLICE))
        for model in (self.classifier_, self.orders_, self.spend_):
            leaf_masks(model)           # each booster's walk tables built once, before the slices share them
        bounds = np.linspace(0, len(X), threads + 1).astype(int)
        parts = list(side_by_side([partial(self._predict, X[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:])],
                                  threads))
        return Scores(*(np.concatenate([getattr(s, f) for s in parts])
                        for f in ("p_buy_again", "expected_orders", "expected_spend")))

    def _predict(self, X: np.ndarray) -> Scores:
        """The three boosters on a slice of rows, a block of rows at a time, each block binned once.

        The same numbers as their ``predict``, to the bit: a tree sends a row left when its value is
        at most the split's threshold, which is the threshold of a bin, so the bin index (at most the
        split's bin) says the same; the boosters were fitted on one table, so their bins are equal
        (checked) and one binning serves all three. Why: the raw walk reads eight bytes a value from
        a million rows' table once a tree (450 passes at 10^7 wide events), the binned one a byte from
        a block that stays in the cache (py-spy at wide 10^7: 22.3 thread-s of tree walks, now 12.8
        and 1.4 of binning)."""
        shared = _same_bins((self.classifier_, self.orders_, self.spend_))
        out = [np.empty(len(X)) for _ in range(3)]
        for lo in range(0, len(X), _BLOCK):
            block = X[lo:lo + _BLOCK]
            binned = self.classifier_._bin_mapper.transform(block) if shared else None
            raw = [margins(m, binned if shared else m._bin_mapper.transform(block))
                   for m in (self.classifier_, self.orders_, self.spend_)]
            out[0][lo:lo + len(block)] = self.classifier_._loss.predict_proba(raw[0])[:, 1]
            out[1][lo:lo + len(block)] = self.orders_._loss.link.inverse(raw[1].ravel())
            out[2][lo:lo + len(block)] = self.spend_._loss.link.inverse(raw[2].ravel())
        return Scores(out[0], np.maximum(out[1], 0.0), np.maximum(out[2], 0.0))


def _same_bins(models) -> bool:
    first = models[0]._bin_mapper
    return all(np.array_equal(first.missing_values_bin_idx_, m._bin_mapper.missing_values_bin_idx_)
               and len(first.bin_thresholds_) == len(m._bin_mapper.bin_thresholds_)
               and all(np.array_equal(a, b) for a, b in zip(first.bin_thresholds_, m._bin_mapper.bin_thresholds_))
               for m in models[1:])


#: Rows binned and walked through the trees at a time: their binned table (22 bytes a row) stays in
#: a core's cache over the 450 trees.
_BLOCK = 16_384

#: Rows a prediction slice holds at least (fewer: one thread does them all).
_MIN_SLICE = 10_000


"""The lapse candidates beside the decay model, each fitted on training origins and scoring a later cut.

* ``recency`` and ``recency_frequency``: logistic regressions on log recency (and weeks bought);
* ``category_decay``: per category, an exponential decay of weekly purchases whose half-life
  (from :data:`lapse_features.DECAY_WEEKS`) and logistic link are chosen on the training rows;
* ``gbm``: histogram gradient boosting on the lapse features;
* ``gbm_decay``: the same with the decay model's lapse probability and background rate added.

Inputs are dicts of equal-length arrays (the columns of ``lf_rows`` plus ``hawkes_p``, ``hawkes_mu``).
"""

from __future__ import annotations

import numpy as np
from sklearn import config_context
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits
from sklearn.linear_model import LogisticRegression

from engine.models.decay.lapse_features import DECAY_WEEKS, FEATURES

NAMES = ("recency", "recency_frequency", "category_decay", "gbm", "decay", "gbm_decay")
LABELS = {"recency": "recency", "recency_frequency": "recency + frequency",
          "category_decay": "per-category decay", "gbm": "gradient boosting",
          "decay": "decay model (Hawkes)", "gbm_decay": "gradient boosting + decay model"}
#: A category with fewer training pairs than this uses the pooled decay half-life and link.
MIN_CATEGORY_ROWS = 200


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, np.float64), 1e-6, 1 - 1e-6)
    return np.log(p) - np.log1p(-p)


def _matrix(d: dict[str, np.ndarray], hawkes: bool) -> np.ndarray:
    cols = [np.asarray(d[f], np.float64) for f in FEATURES]
    if hawkes:
        cols += [_logit(d["hawkes_p"]), np.asarray(d["hawkes_mu"], np.float64)]
    return np.column_stack(cols)


def _lr(x_train: np.ndarray, y: np.ndarray, x_test: np.ndarray) -> np.ndarray:
    return LogisticRegression(max_iter=500).fit(x_train, y).predict_proba(x_test)[:, 1]


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _fit_category_decay(train: dict, y: np.ndarray) -> dict:
    """Per category (pooled as the fallback): the half-life of the weekly decayed sum and its logistic link."""
    # over a thousand tiny fits: scikit-learn's per-call argument checks cost more than the fits
    with config_context(assume_finite=True, skip_parameter_validation=True):
        return _fit_category_decay_checked(train, y)


def _fit_category_decay_checked(train: dict, y: np.ndarray) -> dict:
    xs = {w: np.log1p(np.asarray(train[f"ds_{w}"], np.float64))[:, None] for w in DECAY_WEEKS}
    pooled = {w: LogisticRegression().fit(xs[w], y) for w in DECAY_WEEKS}
    best_w = min(DECAY_WEEKS, key=lambda w: _log_loss(y, pooled[w].predict_proba(xs[w])[:, 1]))
    models: dict = {None: (best_w, pooled[best_w])}
    cat = np.asarray(train["category"])
    order = np.argsort(cat, kind="stable")
    names, starts = np.unique(cat[order], return_index=True)
    bounds = np.r_[starts, order.size]
    for i, name in enumerate(names):
        rows = order[bounds[i]: bounds[i + 1]]
        yc = y[rows]
        if rows.size < MIN_CATEGORY_ROWS or yc.min() == yc.max():
            continue
        fits = {w: LogisticRegression().fit(xs[w][rows], yc) for w in DECAY_WEEKS}
        w = min(DECAY_WEEKS, key=lambda w: _log_loss(yc, fits[w].predict_proba(xs[w][rows])[:, 1]))
        models[name] = (w, fits[w])
    return models


def _category_decay(models: dict, test: dict) -> np.ndarray:
    def prob(w: int, model, rows) -> np.ndarray:
        return model.predict_proba(np.log1p(np.asarray(test[f"ds_{w}"], np.float64)[rows])[:, None])[:, 1]

    cat = np.asarray(test["category"])
    out = prob(*models[None], slice(None))
    for name, (w, model) in models.items():
        if name is not None:
            rows = np.flatnonzero(cat == name)
            if rows.size:
                out[rows] = prob(w, model, rows)
    return out


def _gbm(seed: int) -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=31, min_samples_leaf=50,
                                          l2_regularization=1.0, early_stopping=False, random_state=seed)


class LapseCandidates:
    """Fits every learned candidate on training rows; ``predict`` gives each one's probabilities."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, train: dict[str, np.ndarray], names=NAMES) -> "LapseCandidates":
        """``names``: the candidates to fit (the shipped run needs only its winner)."""
        self.train_ = train
        self.y_ = np.asarray(train["lapsed"], np.int64)
        # one OpenMP thread: on a shared machine, spinning worker threads made a small fit take minutes
        with threadpool_limits(limits=1, user_api="openmp"):
            if "gbm" in names:
                self.gbm_ = _gbm(self.seed).fit(_matrix(train, False), self.y_)
            if "gbm_decay" in names:
                self.gbm_decay_ = _gbm(self.seed).fit(_matrix(train, True), self.y_)
        if "category_decay" in names:
            self.category_decay_ = _fit_category_decay(train, self.y_)
        return self

    def _rf(self, d: dict, with_frequency: bool) -> np.ndarray:
        cols = ["recency_days"] + (["weeks_all", "n_occasions"] if with_frequency else [])
        return np.column_stack([np.log1p(np.maximum(np.asarray(d[c], np.float64), 0.0)) for c in cols])

    def predict(self, test: dict[str, np.ndarray], hawkes_p: np.ndarray, names=NAMES) -> dict[str, np.ndarray]:
        with threadpool_limits(limits=1, user_api="openmp"):
            return self._predict(test, hawkes_p, names)

    def _predict(self, test: dict[str, np.ndarray], hawkes_p: np.ndarray, names) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for name in names:
            if name == "recency":
                out[name] = _lr(self._rf(self.train_, False), self.y_, self._rf(test, False))
            elif name == "recency_frequency":
                out[name] = _lr(self._rf(self.train_, True), self.y_, self._rf(test, True))
            elif name == "category_decay":
                out[name] = _category_decay(self.category_decay_, test)
            elif name == "gbm":
                out[name] = self.gbm_.predict_proba(_matrix(test, False))[:, 1]
            elif name == "gbm_decay":
                out[name] = self.gbm_decay_.predict_proba(_matrix(test, True))[:, 1]
            elif name == "decay":
                out[name] = np.asarray(hawkes_p, np.float64)
        return out

"""The lapse candidates beside the decay model, each fitted on training origins and scoring a later cut.

* ``recency`` and ``recency_frequency``: logistic regressions on log recency (and weeks bought);
* ``category_decay``: per category, an exponential decay of weekly purchases whose half-life
  (from :data:`lapse_features.DECAY_WEEKS`) and logistic link are chosen on the training rows;
* ``gbm``: histogram gradient boosting on the lapse features;
* ``gbm_decay``: the same with the decay model's lapse probability and background rate added.

Inputs are dicts of equal-length arrays (the columns of ``lf_rows`` plus ``hawkes_p``, ``hawkes_mu``).
"""

from __future__ import annotations

from functools import partial

import numpy as np
from scipy.special import expit
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from engine.jobs import CancelToken
from engine.models import cancellable_fit
from engine.models.decay.lapse_features import DECAY_WEEKS, FEATURES
from engine.models.leaf_masks import margins
from engine.models.prediction_threads import predicting
from engine.models.side_by_side import side_by_side

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


def _lr(x_train: np.ndarray, y: np.ndarray, cancel: CancelToken | None = None) -> LogisticRegression:
    return cancellable_fit.fit(LogisticRegression(max_iter=500), x_train, y, cancel)


def _grouped_logistic(x: np.ndarray, y: np.ndarray, group: np.ndarray, n_groups: int,
                      iterations: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Per group, the logistic regression y ~ b + w x with scikit-learn's default penalty (0.5 w^2,
    the intercept free), by Newton's method on every group at once.

    Hundreds of categories times six half-lives were as many scikit-learn fits, whose per-call cost
    was most of this candidate's; the loss is the same, so is its optimum (to the solver's tolerance).
    """
    b = np.zeros(n_groups)
    w = np.zeros(n_groups)
    for _ in range(iterations):
        p = expit(b[group] + w[group] * x)
        r, h = p - y, np.maximum(p * (1.0 - p), 1e-12)
        g_b = np.bincount(group, r, n_groups)
        g_w = np.bincount(group, r * x, n_groups) + w
        h_bb = np.bincount(group, h, n_groups) + 1e-12
        h_bw = np.bincount(group, h * x, n_groups)
        h_ww = np.bincount(group, h * x * x, n_groups) + 1.0
        det = h_bb * h_ww - h_bw * h_bw
        step_b = (h_ww * g_b - h_bw * g_w) / det
        step_w = (h_bb * g_w - h_bw * g_b) / det
        # a damped step: far from the optimum a full Newton step on the logistic loss can overshoot
        size = np.minimum(1.0, 5.0 / np.maximum(np.abs(step_b) + np.abs(step_w), 1e-300))
        b -= size * step_b
        w -= size * step_w
        if max(np.abs(step_b).max(initial=0.0), np.abs(step_w).max(initial=0.0)) < 1e-8:
            break
    return b, w


def _fit_category_decay(train: dict, y: np.ndarray) -> dict:
    """Per category (pooled as the fallback): the half-life of the weekly decayed sum and its logistic link.

    Categories are told apart by ``category_key`` (a hash of the name, see ``lapse.score_cut``).
    Returns {"names": keys of the categories with their own link, "window", "b", "w": per category (index 0 the pooled)}."""
    y = np.asarray(y, np.float64)
    cat = np.asarray(train["category_key"], np.uint64)
    names, inverse = np.unique(cat, return_inverse=True)
    rows = np.bincount(inverse, minlength=names.size)
    positives = np.bincount(inverse, y, names.size)
    own = (rows >= MIN_CATEGORY_ROWS) & (positives > 0) & (positives < rows)
    # group 0 is the pooled fit; a category with its own link is group 1 + its rank among them
    slot = np.where(own, np.cumsum(own), 0)
    n_groups = int(own.sum()) + 1
    pooled = np.zeros(y.size, np.int64)
    group = slot[inverse]
    by_row = group > 0
    fits, losses = {}, {}
    for w_ in DECAY_WEEKS:
        x = np.log1p(np.asarray(train[f"ds_{w_}"], np.float64))
        b0, w0 = _grouped_logistic(x, y, pooled, 1)
        bg, wg = _grouped_logistic(x[by_row], y[by_row], group[by_row], n_groups)
        bg[0], wg[0] = b0[0], w0[0]
        fits[w_] = (bg, wg)
        p_pool = np.clip(expit(b0[0] + w0[0] * x), 1e-15, 1 - 1e-15)
        p_own = np.clip(expit(bg[group] + wg[group] * x), 1e-15, 1 - 1e-15)
        ll_pool = -(y * np.log(p_pool) + (1 - y) * np.log1p(-p_pool))
        ll_own = -(y * np.log(p_own) + (1 - y) * np.log1p(-p_own))
        per_group = np.bincount(group[by_row], ll_own[by_row], n_groups)
        per_group[0] = ll_pool.sum()
        losses[w_] = per_group
    choice = np.argmin(np.column_stack([losses[w_] for w_ in DECAY_WEEKS]), axis=1)
    window = np.asarray(DECAY_WEEKS)[choice]
    b = np.array([fits[DECAY_WEEKS[c]][0][g] for g, c in enumerate(choice)])
    w = np.array([fits[DECAY_WEEKS[c]][1][g] for g, c in enumerate(choice)])
    return {"names": names[own], "window": window, "b": b, "w": w}


def _category_decay(model: dict, test: dict) -> np.ndarray:
    cat = np.asarray(test["category_key"], np.uint64)
    names = model["names"]
    at = np.searchsorted(names, cat) if names.size else np.zeros(cat.size, np.int64)
    known = np.zeros(cat.size, bool)
    if names.size:
        inside = at < names.size
        known[inside] = names[at[inside]] == cat[inside]
    group = np.where(known, at + 1, 0)
    window = model["window"][group]
    x = np.zeros(cat.size)
    for w_ in DECAY_WEEKS:
        rows = window == w_
        if rows.any():
            x[rows] = np.log1p(np.asarray(test[f"ds_{w_}"], np.float64)[rows])
    return expit(model["b"][group] + model["w"][group] * x)


def _gbm(seed: int) -> HistGradientBoostingClassifier:
    # 100 rounds of 15 leaves: on the dev file's rows at the 06-05 cut as good as 200 rounds of 31
    # leaves (AUC 0.776 vs 0.774), at 45% of the cost (tests/bench/bench_decay_lapse.py)
    return HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=50,
                                          l2_regularization=1.0, early_stopping=False, random_state=seed)


def _fit_gbm(seed: int, train: dict[str, np.ndarray], with_decay: bool,
             y: np.ndarray, cancel: CancelToken | None = None) -> HistGradientBoostingClassifier:
    # the matrix built inside the job: one at a time when the fits run one after another
    return cancellable_fit.fit(_gbm(seed), _matrix(train, with_decay), y, cancel)


def _booster_proba(model: HistGradientBoostingClassifier, x: np.ndarray) -> np.ndarray:
    """``model.predict_proba(x)[:, 1]``, walked on its bin codes (engine/models/leaf_masks.py): a value is at most a
    split's threshold exactly where its code is at most the split's bin, so the margins are the same to the bit
    (tests/engine/test_leaf_masks.py). The walk itself took 0.31 CPU s per million rows against 2.47 for scikit-learn's
    walk of the same codes (tests/bench/results/tree_walk_s23.json), plus one binning of the rows."""
    return model._loss.predict_proba(margins(model, model._bin_mapper.transform(x)))[:, 1]


class LapseCandidates:
    """Fits every learned candidate on training rows; ``predict`` gives each one's probabilities."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def fit(self, train: dict[str, np.ndarray], names=NAMES, cancel: CancelToken | None = None) -> "LapseCandidates":
        """``names``: the candidates to fit (the shipped run needs only its winner); ``cancel`` stops the
        fits between two boosting rounds (logistic iterations)."""
        self.y_ = np.asarray(train["lapsed"], np.int64)
        # fitted once here, not per scored batch (a large shop scores its pairs in many batches)
        if "recency" in names:
            self.recency_ = _lr(self._rf(train, False), self.y_, cancel)
        if "recency_frequency" in names:
            self.recency_frequency_ = _lr(self._rf(train, True), self.y_, cancel)
        # each booster on one OpenMP thread (on a shared machine, spinning worker threads made a small fit
        # take minutes), the two side by side where the thread budget has a core for each: the same fits
        boosters = [name for name in ("gbm", "gbm_decay") if name in names]
        fits = side_by_side([partial(_fit_gbm, self.seed, train, name == "gbm_decay", self.y_, cancel)
                            for name in boosters])
        for name, model in zip(boosters, fits):
            setattr(self, f"{name}_", model)
        if "category_decay" in names:
            self.category_decay_ = _fit_category_decay(train, self.y_)
        return self

    def _rf(self, d: dict, with_frequency: bool) -> np.ndarray:
        cols = ["recency_days"] + (["weeks_all", "n_occasions"] if with_frequency else [])
        return np.column_stack([np.log1p(np.maximum(np.asarray(d[c], np.float64), 0.0)) for c in cols])

    def predict(self, test: dict[str, np.ndarray], hawkes_p: np.ndarray, names=NAMES) -> dict[str, np.ndarray]:
        # row by row through the trees: the process's thread budget gives the same numbers as one thread
        with predicting():
            return self._predict(test, hawkes_p, names)

    def _predict(self, test: dict[str, np.ndarray], hawkes_p: np.ndarray, names) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for name in names:
            if name == "recency":
                out[name] = self.recency_.predict_proba(self._rf(test, False))[:, 1]
            elif name == "recency_frequency":
                out[name] = self.recency_frequency_.predict_proba(self._rf(test, True))[:, 1]
            elif name == "category_decay":
                out[name] = _category_decay(self.category_decay_, test)
            elif name in ("gbm", "gbm_decay"):
                out[name] = _booster_proba(getattr(self, f"{name}_"), _matrix(test, name == "gbm_decay"))
            elif name == "decay":
                out[name] = np.asarray(hawkes_p, np.float64)
        return out

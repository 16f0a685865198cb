"""The boosted stacker: gradient boosting over the base candidates' scores, each customer's percentile
rank of those scores, and the never-bought flag.

A customer's candidates are ranked against each other by the campaign lists, so where a pair stands
among its customer's own candidates says more than its pooled score; the never-bought flag lets the
stacker weigh the base scores differently for first purchases. It is fitted on one labelled cut's
scored pairs (the cut whose labels end by the evaluation cut) and applied a chunk of whole customers
at a time, so the ranks are exact per customer and memory stays bounded by the chunk.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from engine.jobs import CancelToken
from engine.models import cancellable_fit
from engine.models.leaf_masks import leaf_masks
from engine.models.migration.bins import bin_codes, fit_edges, to_bins
from engine.models.migration.customer_order import customer_places
from engine.models.prediction_threads import predicting

#: base scores the stacker reads (counts as their logs), and those it also ranks within each customer
BASE = ("gbm", "logistic", "knn", "own_history", "lstm")
RANKED = ("gbm", "logistic", "own_history", "lstm")


def customer_percentiles(cid: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Each pair's score as a percentile among its customer's candidates (1 = the customer's best).

    ``cid`` need not be sorted; ties keep the pairs' input order (lexsort is stable), so the result is
    deterministic."""
    place, count = customer_places(cid, (np.asarray(v, np.float64),))
    return (place + 1) / count


def stacker_column_list(scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray) -> list[np.ndarray]:
    """The columns of :func:`stacker_columns`, each a contiguous array of its own."""
    base = [np.log1p(np.maximum(np.asarray(scores[n], np.float64), 0)) if n in ("knn", "own_history")
            else np.asarray(scores[n], np.float64) for n in BASE if n in scores]
    pct = [customer_percentiles(cid, scores[n]) for n in RANKED if n in scores]
    return [*base, *pct, np.asarray(never, np.float64)]


def stacker_columns(scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray) -> np.ndarray:
    """The stacker's inputs for pairs of whole customers: base scores, their per-customer ranks, never-bought."""
    return np.column_stack(stacker_column_list(scores, cid, never))


def kept_negatives(cid: np.ndarray, cat: np.ndarray, rate: float, seed: int) -> np.ndarray:
    """A hashed, deterministic ``rate`` share of pairs (by customer and category, not by row order)."""
    salt = np.uint64((int(seed) * 0xBF58476D1CE4E5B9) & 0xFFFF_FFFF_FFFF_FFFF)
    with np.errstate(over="ignore"):          # the hash wraps around on purpose
        h = (np.asarray(cid, np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (np.asarray(cat, np.uint64) + salt)
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(29)
    return (h % np.uint64(10_000)) < np.uint64(round(rate * 10_000))


class BoostedStacker:
    """Gradient boosting on :func:`stacker_columns`; shallow and with large leaves, because it learns
    from one cut's pairs (hundreds of thousands of rows, a few thousand positives).

    Non-shifting pairs outnumber shifters about fifty to one, so the fit keeps every shifter and a hashed
    ``negative_rate`` share of the others, weighted back up (the ranks are computed on every pair first);
    ``min_leaf`` counts original pairs, so leaves cover the same share of the cut whatever the rate."""

    def __init__(self, seed: int, *, iterations: int = 150, learning_rate: float = 0.05, leaves: int = 15,
                 min_leaf: int = 500, negative_rate: float = 1.0) -> None:
        self.seed, self.negative_rate = seed, float(min(1.0, max(negative_rate, 1e-4)))
        self.model = HistGradientBoostingClassifier(max_iter=iterations, learning_rate=learning_rate,
                                                    max_leaf_nodes=leaves,
                                                    min_samples_leaf=max(20, int(min_leaf * self.negative_rate)),
                                                    early_stopping=False, random_state=seed)
        self.columns: list[str] = []
        self.edges: list[np.ndarray] = []

    def fit(self, scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray, y: np.ndarray,
            cat: np.ndarray | None = None, cancel: CancelToken | None = None) -> "BoostedStacker":
        """``cancel`` stops the boosting fit between two rounds (engine/models/cancellable_fit.py)."""
        self.columns = [n for n in BASE if n in scores] + \
            [f"{n}_customer_rank" for n in RANKED if n in scores] + ["never_bought"]
        x, y = stacker_columns(scores, cid, never), np.asarray(y, bool)
        w = None
        if self.negative_rate < 1.0 and cat is not None:
            keep = y | kept_negatives(cid, cat, self.negative_rate, self.seed)
            x, y = x[keep], y[keep]
            w = np.where(y, 1.0, 1.0 / self.negative_rate)
        # binned here with one sort per column (see bins.py): the booster's own weighted binning sorts 254 times
        self.edges = fit_edges(x, w)
        cancellable_fit.fit(self.model, to_bins(x, self.edges), y, cancel, sample_weight=w)
        # each bin number's code in the booster's own binning (its thresholds lie between the numbers)
        self.luts = [np.searchsorted(t, np.arange(len(e) + 1), side="left").astype(np.uint8)
                     for e, t in zip(self.edges, self.model._bin_mapper.bin_thresholds_)]
        return self

    def _predict(self, method: str, scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray,
                 threads: int | None = None):
        """The booster's ``method`` on its bin codes: scikit-learn's own switch for binned data (what its early
        stopping scores with) walks the trees on uint8 codes, not float64 values: a third less CPU, the same
        sums (tests/engine/test_migration_stacker.py checks them against the values' to the last bit)."""
        m = self.model
        # binned from the columns as computed (contiguous), not from their stacked copy read a strided column at a time
        codes = bin_codes(stacker_column_list(scores, cid, never), self.edges, self.luts,
                          m._bin_mapper.missing_values_bin_idx_)
        masks = leaf_masks(m)
        if masks is not None:
            # the same margins for about a twelfth of the CPU of the booster's own walk (engine/models/leaf_masks.py),
            # on this thread alone, without the interpreter lock (compiled): ``threads`` is the booster's own walk's
            raw = masks.raw(codes)
            return raw if method == "decision_function" else m._loss.predict_proba(raw)
        m._in_fit = True
        try:
            with predicting(threads):
                return getattr(m, method)(codes)
        finally:
            del m._in_fit

    def decision(self, scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray,
                 threads: int | None = None) -> np.ndarray:
        return self._predict("decision_function", scores, cid, never, threads)

    def proba(self, scores: dict[str, np.ndarray], cid: np.ndarray, never: np.ndarray,
              threads: int | None = None) -> np.ndarray:
        """``threads``: as :meth:`PairGBM.decision <engine.models.baselines.pair_models.PairGBM.decision>`'s."""
        return self._predict("predict_proba", scores, cid, never, threads)[:, 1]

    def proba_of(self, decision: np.ndarray) -> np.ndarray:
        """:meth:`proba` from the margins :meth:`decision` gave (the booster's own link: the same numbers)."""
        return self.model._loss.predict_proba(np.asarray(decision, np.float64))[:, 1]

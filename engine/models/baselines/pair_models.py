"""The baseline ladder on candidate pairs: free rules of thumb and two learned models on hand features.

Every candidate maps a feature matrix (rows = pairs, columns = :data:`PAIR_FEATURES`) to a
score; only ``logistic`` and ``gbm`` learn (scikit-learn estimators, fitted on training cuts).
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from engine.features.shift_graph import GRAPH_FEATURES
from engine.features.shift_pairs import SQL_FEATURES
from engine.jobs import CancelToken
from engine.models import cancellable_fit
from engine.models.leaf_masks import leaf_masks
from engine.models.migration.labels import PAIR_LABELS  # noqa: F401 - the names, where they were
from engine.models.prediction_threads import predicting

PAIR_FEATURES = SQL_FEATURES + GRAPH_FEATURES
_IX = {n: i for i, n in enumerate(PAIR_FEATURES)}
# counts are heavy-tailed: the linear model sees their logs
_LOG = [_IX[n] for n in ("weeks_all", "weeks_26", "weeks_8_16", "baskets", "units", "views_1w", "views_3w",
                         "views_all", "c_baskets", "c_spend", "c_active_weeks", "c_breadth", "c_recent_cats")]



def rule_scores(x: np.ndarray) -> dict[str, np.ndarray]:
    """The free rules of thumb: no fitting beyond counts made before the cut."""
    return {
        "popularity": x[:, _IX["k_shift_rate"]],
        # weeks bought, the most recent first among equals
        "own_history": x[:, _IX["weeks_all"]] - 1e-3 * x[:, _IX["recency"]],
        "markov": x[:, _IX["markov"]],
        "knn": x[:, _IX["knn"]],
    }


#: rows of a block whose columns are logged (or converted to column-major) while its rows stay in cache
_BLOCK_ROWS = 8192
#: rows between two cancel checkpoints of the logistic's preparation (a multiple of :data:`_BLOCK_ROWS`)
_CHECK_ROWS = 8 * _BLOCK_ROWS


def _linear_view(x: np.ndarray, cancel: CancelToken | None = None) -> np.ndarray:
    z = x.astype(np.float64, copy=True)
    # column by column: the same values as z[:, _LOG] = log1p(...) (log1p still runs on contiguous values),
    # without gathering and scattering a copy of all thirteen columns; a block of rows at a time, so the thirteen
    # strided passes read cached rows, not the whole matrix from memory each (~40% of this step's CPU)
    for a in range(0, len(z), _BLOCK_ROWS):
        _checkpoint(cancel, a)
        zb = z[a:a + _BLOCK_ROWS]
        for j in _LOG:
            zb[:, j] = np.log1p(np.maximum(zb[:, j], 0))
    return z


def _checkpoint(cancel: CancelToken | None, row: int) -> None:
    """A cancel checkpoint every :data:`_CHECK_ROWS` rows of a blocked pass."""
    if cancel is not None and row % _CHECK_ROWS == 0:
        cancel.raise_if_cancelled()


def _standardise(scaler: StandardScaler, z: np.ndarray, cancel: CancelToken | None) -> np.ndarray:
    """``scaler.transform(z, copy=False)`` (the same arithmetic: centre, then divide by the scale, in place) a block
    of rows at a time, with cancel checkpoints between blocks."""
    for a in range(0, len(z), _BLOCK_ROWS):
        _checkpoint(cancel, a)
        zb = z[a:a + _BLOCK_ROWS]
        zb -= scaler.mean_
        zb /= scaler.scale_
    return z


def column_major(x: np.ndarray) -> np.ndarray:
    """``np.asfortranarray(x, dtype=np.float64)`` (the same values), converted a block of rows at a time: about
    half the CPU of transposing the whole matrix in one pass (rows read from cache, not memory)."""
    out = np.empty(x.shape, np.float64, order="F")
    for a in range(0, len(x), _BLOCK_ROWS):
        out[a:a + _BLOCK_ROWS] = x[a:a + _BLOCK_ROWS]
    return out


class PairLogistic:
    """Standardised logistic regression on the hand features."""

    def __init__(self, C: float = 1.0, seed: int = 0) -> None:
        self.C = C
        self.seed = seed

    def fit(self, x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None,
            cancel: CancelToken | None = None) -> "PairLogistic":
        """``cancel`` stops the fit between two of its iterations (engine/models/cancellable_fit.py), and in
        its preparation between two blocks of rows.

        The pipeline's fit, step by step: as one ``Pipeline.fit`` the logs, the scaler's statistics and the
        standardised copy ran with no checkpoint, 0.5-1.1 s at wide 10^7 (~600k pairs) before the logistic's
        first iteration (tests/bench/results/fitcancel_s24.json). The same arrays reach the same fits: the
        model is the pipeline's to the bit (tests/engine/test_baselines.py)."""
        logistic = LogisticRegression(C=self.C, max_iter=300, random_state=self.seed)
        z = _linear_view(x, cancel)
        if cancel is not None:
            cancel.raise_if_cancelled()
        scaler = StandardScaler().fit(z)
        z = _standardise(scaler, z, cancel)
        with warnings.catch_warnings(), cancellable_fit.checkpoints(logistic, cancel):
            # an unconverged fit is still a fair baseline
            warnings.filterwarnings("ignore", message=".*converge.*")
            logistic.fit(z, y, sample_weight=w)
        self.model_ = make_pipeline(scaler, logistic)
        return self

    def decision(self, x: np.ndarray) -> np.ndarray:
        # the pipeline's steps, the scaler standardising our own copy in place (the pipeline copied it again)
        scaler, logistic = self.model_[0], self.model_[-1]
        return logistic.decision_function(scaler.transform(_linear_view(x), copy=False))


class PairGBM:
    """Histogram gradient boosting on the same features (trees need no scaling)."""

    def __init__(self, max_iter: int = 200, learning_rate: float = 0.06, max_leaf_nodes: int = 31,
                 min_samples_leaf: int = 200, l2: float = 1.0, early_stopping: bool = False,
                 seed: int = 0) -> None:
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2 = l2
        self.early_stopping = early_stopping
        self.seed = seed

    def fit(self, x: np.ndarray, y: np.ndarray, w: np.ndarray | None = None,
            cancel: CancelToken | None = None) -> "PairGBM":
        """``cancel`` stops the fit between two boosting rounds (engine/models/cancellable_fit.py)."""
        self.model_ = cancellable_fit.fit(HistGradientBoostingClassifier(
            max_iter=self.max_iter, learning_rate=self.learning_rate, max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf, l2_regularization=self.l2,
            # stops on a held-out tenth of the training pairs (never the weeks it is judged on)
            early_stopping=self.early_stopping, validation_fraction=0.1, n_iter_no_change=10,
            random_state=self.seed), x, y, cancel, sample_weight=w)
        return self

    def decision(self, x: np.ndarray, threads: int | None = None) -> np.ndarray:
        """The margins, walked through the trees on the booster's own bin codes (uint8): a value is at most a
        split's threshold exactly where its code is at most the split's bin, so the sums are those of the
        float64 values to the last bit (tests/engine/test_baselines.py), from a matrix an eighth of the size
        (scikit-learn's own switch for binned data, what its early stopping scores with).

        ``threads``: OpenMP threads of the walk (default: the process's budget); one where another job runs
        beside it (a second thread would spin between trees while its partner waits for the interpreter)."""
        m = self.model_
        with predicting(threads):
            # column-major, as the binning reads it: one feature's column at a time
            codes = m._bin_mapper.transform(column_major(x))
        masks = leaf_masks(m)
        if masks is not None:
            # the same margins for about a fifth of the CPU of the booster's own walk (engine/models/leaf_masks.py),
            # on this thread alone, without the interpreter lock (compiled)
            return masks.raw(codes)
        with predicting(threads):
            m._in_fit = True
            try:
                return m.decision_function(codes)
            finally:
                del m._in_fit

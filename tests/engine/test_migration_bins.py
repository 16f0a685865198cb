"""The stacker's own weighted binning gives scikit-learn's thresholds, so the boosted trees are the same."""

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.ensemble._hist_gradient_boosting.binning import _find_binning_thresholds

from engine.models.migration.bins import fit_edges, to_bins, weighted_edges


def _data(n: int = 20_000):
    rng = np.random.default_rng(3)
    x = np.column_stack([rng.normal(size=n), rng.exponential(size=n).round(2), rng.integers(0, 2, n).astype(float),
                         rng.random(n)])
    y = x[:, 0] + 2 * x[:, 3] + rng.normal(size=n) > 2.5
    return x, y, np.where(y, 1.0, 4.0)


def test_edges_are_sklearns_weighted_thresholds():
    x, _, w = _data()
    for j in range(x.shape[1]):
        np.testing.assert_array_equal(weighted_edges(x[:, j], w), _find_binning_thresholds(x[:, j].copy(), 255, w.copy()))


def test_unweighted_and_constant_columns():
    assert len(weighted_edges(np.ones(10), None)) == 0
    np.testing.assert_array_equal(weighted_edges(np.array([0.0, 1.0, 1.0, 3.0]), None), [0.5, 2.0])


def test_binned_fit_gives_the_same_trees():
    x, y, w = _data()
    kw = dict(max_iter=20, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=125, early_stopping=False,
              random_state=1)
    direct = HistGradientBoostingClassifier(**kw).fit(x, y, sample_weight=w)
    edges = fit_edges(x, w)
    binned = HistGradientBoostingClassifier(**kw).fit(to_bins(x, edges), y, sample_weight=w)
    np.testing.assert_allclose(binned.decision_function(to_bins(x, edges)), direct.decision_function(x), atol=1e-12)


def test_missing_values_stay_missing():
    edges = [np.array([0.5, 2.0])]
    out = to_bins(np.array([[np.nan], [0.5], [0.6], [9.0]]), edges)
    assert np.isnan(out[0, 0]) and out[1:, 0].tolist() == [0.0, 1.0, 2.0]

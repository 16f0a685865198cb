"""The leaf-mask walk gives scikit-learn's own margins to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier

from engine.models.leaf_masks import LeafMasks, leaf_masks


def _booster(leaves: int, iterations: int, missing: bool, seed: int):
    rng = np.random.default_rng(seed)
    n, f = 6000, 7
    x = rng.lognormal(size=(n, f)) * rng.integers(0, 3, (n, f))      # ties and zeros
    x[:, 1] = rng.integers(0, 2, n)                                  # a flag
    if missing:
        x[rng.random(x.shape) < 0.03] = np.nan
    y = rng.random(n) < 1 / (1 + np.exp(-(np.nan_to_num(x[:, 0]) - 2 + x[:, 1])))
    w = np.where(y, 1.0, 4.0)
    model = HistGradientBoostingClassifier(max_iter=iterations, max_leaf_nodes=leaves, min_samples_leaf=20,
                                           learning_rate=0.2, early_stopping=False, random_state=seed)
    return model.fit(x, y, sample_weight=w), rng


def _own_walk(model, codes):
    model._in_fit = True
    try:
        return model.decision_function(codes)
    finally:
        del model._in_fit


@pytest.mark.parametrize("leaves,dtype", [(2, np.uint16), (15, np.uint16), (31, np.uint32), (40, np.uint64)])
@pytest.mark.parametrize("missing", [True, False])
def test_margins_are_the_boosters_own(leaves, dtype, missing):
    model, rng = _booster(leaves, 12, missing, leaves)
    masks = LeafMasks(model)
    assert LeafMasks.usable(model) and masks.dtype == dtype
    new = rng.lognormal(size=(4129, 7)) * 1.5
    new[:20] = 1e6                                       # beyond every bin of the fit
    new[20:40] = -1.0                                    # below them
    new[rng.random(new.shape) < 0.05] = np.nan           # missing values (a fit without any sends them right or left)
    codes = model._bin_mapper.transform(np.asfortranarray(new))
    want = _own_walk(model, codes)
    np.testing.assert_array_equal(want, model.decision_function(new))
    for c in (codes, np.ascontiguousarray(codes), codes[:5], codes[:0]):
        np.testing.assert_array_equal(masks.raw(c), want[:len(c)])


def test_single_leaf_trees_and_refits():
    # a booster whose trees cannot split (one leaf each) adds its leaf values; a refit is walked with its own tables
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(50, 3)), np.r_[np.zeros(25, bool), np.ones(25, bool)]
    model = HistGradientBoostingClassifier(max_iter=5, min_samples_leaf=40, early_stopping=False).fit(x, y)
    codes = model._bin_mapper.transform(x)
    np.testing.assert_array_equal(leaf_masks(model).raw(codes), _own_walk(model, codes))
    first = leaf_masks(model)
    assert leaf_masks(model) is first                    # built once per fit
    model.set_params(min_samples_leaf=5, max_iter=8).fit(x, y)
    codes = model._bin_mapper.transform(x)
    assert leaf_masks(model) is not first
    np.testing.assert_array_equal(leaf_masks(model).raw(codes), _own_walk(model, codes))


def test_categorical_splits_keep_the_boosters_own_walk():
    rng = np.random.default_rng(4)
    x = np.column_stack([rng.integers(0, 5, 3000), rng.normal(size=3000)])
    y = (x[:, 0] % 2 == 0) ^ (rng.random(3000) < 0.2)
    model = HistGradientBoostingClassifier(max_iter=5, categorical_features=[0], early_stopping=False).fit(x, y)
    assert not LeafMasks.usable(model) and leaf_masks(model) is None


def _odd_rows(rng, n: int, f: int) -> np.ndarray:
    new = rng.lognormal(size=(n, f)) * 1.5
    new[:10], new[10:20], new[20:25] = 1e6, -1.0, np.inf     # beyond every bin, below them, infinities
    new[rng.random(new.shape) < 0.05] = np.nan
    return new


def test_margins_are_raw_predict_for_a_regressor_and_a_categorical_booster():
    # the customers' Poisson boosters are walked by masks; a categorical split keeps scikit-learn's binned walk
    from sklearn.ensemble import HistGradientBoostingRegressor

    from engine.models.leaf_masks import margins

    rng = np.random.default_rng(6)
    x = rng.lognormal(size=(5000, 4))
    x[:, 3] = rng.integers(0, 4, 5000)
    y = rng.poisson(x[:, 0] + x[:, 3])
    poisson = HistGradientBoostingRegressor(loss="poisson", max_iter=15, early_stopping=False).fit(x, y)
    categorical = HistGradientBoostingRegressor(max_iter=15, categorical_features=[3], early_stopping=False).fit(x, y)
    assert LeafMasks.usable(poisson) and not LeafMasks.usable(categorical)
    new = _odd_rows(rng, 3000, 4)
    new[:, 3] = rng.integers(0, 4, 3000)
    for model in (poisson, categorical):
        # a categorical booster's codes are of its own preprocessing (categorical columns first)
        got = margins(model, model._bin_mapper.transform(model._preprocess_X(new, reset=False)))
        assert got.shape == (3000, 1)
        np.testing.assert_array_equal(got, model._raw_predict(new))


def test_decay_boosters_probabilities_are_predict_proba_to_the_bit():
    from engine.models.decay.candidates import _booster_proba

    model, rng = _booster(15, 20, True, 9)
    new = _odd_rows(rng, 4000, 7)
    np.testing.assert_array_equal(_booster_proba(model, new), model.predict_proba(new)[:, 1])

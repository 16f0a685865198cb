"""Ranking metrics against hand-worked cases and scikit-learn."""

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from engine.evaluation.metrics import (RankingMetrics, auc, auc_difference_se, best_of, ndcg_at_k, precision_at_k,
                                       recall_at_k)


def test_auc_matches_sklearn_with_ties():
    rng = np.random.default_rng(0)
    y = rng.random(500) < 0.2
    s = np.round(rng.random(500) + y * 0.3, 1)  # rounding makes many ties
    assert auc(s, y) == pytest.approx(roc_auc_score(y, s), abs=1e-12)


def test_auc_needs_both_classes():
    assert np.isnan(auc([0.1, 0.2], [True, True]))


def test_per_customer_metrics_hand_worked():
    scores = np.array([[0.9, 0.8, 0.1, 0.05], [0.1, 0.2, 0.3, 0.4]])
    labels = np.array([[1, 0, 0, 1], [0, 0, 0, 0]], bool)  # the second customer has no shift: ignored
    mask = np.array([[1, 1, 1, 1], [1, 1, 1, 1]], bool)
    assert precision_at_k(scores, labels, mask, k=2) == pytest.approx(0.5)
    assert recall_at_k(scores, labels, mask, k=2) == pytest.approx(0.5)
    # hits at ranks 1 and 4: (1 + 1/log2(5)) / (1 + 1/log2(3))
    assert ndcg_at_k(scores, labels, mask, k=10) == pytest.approx((1 + 1 / np.log2(5)) / (1 + 1 / np.log2(3)))


def test_non_candidates_are_never_ranked():
    scores = np.array([[0.9, 0.1]])
    labels = np.array([[True, True]])
    mask = np.array([[False, True]])  # the first pair is not a candidate: its label and score do not count
    assert precision_at_k(scores, labels, mask, k=1) == 1.0


def test_accumulator_equals_one_shot():
    rng = np.random.default_rng(1)
    s, y, m = rng.random((300, 12)), rng.random((300, 12)) < 0.1, rng.random((300, 12)) < 0.8
    acc = RankingMetrics()
    for i in range(0, 300, 70):
        acc.add(s[i:i + 70], y[i:i + 70], m[i:i + 70])
    r = acc.result()
    assert r["auc"] == pytest.approx(auc(s[m], y[m]))
    assert r["ndcg@10"] == pytest.approx(ndcg_at_k(s, y, m, 10))
    assert r["precision@5"] == pytest.approx(precision_at_k(s, y, m, 5))


def test_best_of_skips_nan():
    assert best_of({"a": {"auc": float("nan")}, "b": {"auc": 0.6}, "c": {"auc": 0.55}}) == ("b", 0.6)


def test_calibrator_brings_expected_shifters_to_the_actual_ones():
    """A category scored 4× too high (Maternity on the demo shop was 128 expected vs 29 actual) is
    brought back by the per-category offsets; a category with few pairs keeps the global correction."""
    from engine.evaluation.calibration import CalibrationTally, ShiftCalibrator

    rng = np.random.default_rng(3)
    n, k = 20_000, 3
    true = np.array([0.01, 0.03, 0.02])
    y = rng.random((n, k)) < true
    z = np.log(np.array([0.04, 0.03, 0.02]) / (1 - np.array([0.04, 0.03, 0.02])))   # category 0: 4× too high
    logits = np.broadcast_to(z, (n, k)) + rng.normal(0, 0.01, (n, k))
    mask = np.ones((n, k), bool)
    before = CalibrationTally(["a", "b", "c"])
    before.add(1 / (1 + np.exp(-logits)), y, mask)
    assert before.result()["worst"][0][0] == "a" and before.result()["worst_ratio"] > 3
    cats = np.broadcast_to(np.arange(k), (n, k))
    cal = ShiftCalibrator(prior=5.0).fit(logits.ravel(), y.ravel(), cats.ravel(), k)
    after = CalibrationTally(["a", "b", "c"])
    after.add(cal.transform(logits), y, mask)
    r = after.result()
    assert r["worst_ratio"] < 1.15 and r["brier"] < before.result()["brier"]
    again = ShiftCalibrator.from_dict(cal.to_dict())
    assert np.array_equal(again.transform(logits), cal.transform(logits))


def test_the_standard_error_of_an_auc_difference_is_the_bootstrap_s():
    """DeLong's standard error of AUC(a) - AUC(b) on the same rows, against a paired bootstrap of 400 resamples
    (seeded: the figures are fixed), and zero for a score against itself."""
    rng = np.random.default_rng(0)
    y = rng.random(2300) < 0.8
    x = rng.normal(size=y.size) + 1.3 * y
    a, b = x + rng.normal(scale=0.5, size=y.size), x + rng.normal(scale=0.5, size=y.size)
    boot = []
    for _ in range(400):
        i = rng.integers(0, y.size, y.size)
        boot.append(auc(a[i], y[i]) - auc(b[i], y[i]))
    assert auc_difference_se(a, b, y) == pytest.approx(np.std(boot), rel=0.1)
    assert auc_difference_se(a, a, y) == pytest.approx(0.0, abs=1e-12)
    assert np.isnan(auc_difference_se(a, b, np.ones_like(y)))

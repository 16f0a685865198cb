"""The shared out-of-sample verdict: the best mean ships; 'beats' needs a margin beyond the spread."""

import math

import pytest

from engine.evaluation.verdict import describe, judge


def test_a_clear_lead_at_every_cut_beats():
    v = judge({"lstm": [0.80, 0.81, 0.79], "gbm": [0.75, 0.76, 0.74], "pop": [0.6, 0.6, 0.6]},
              house="lstm", metric="auc", cuts=["a", "b", "c"])
    assert (v.winner, v.runner_up, v.outcome) == ("lstm", "gbm", "beats")
    assert v.decisive and math.isclose(v.margin, 0.05)
    assert "beats" in str(describe(v)) and "Shipped score: lstm" in str(describe(v))


def test_a_lead_within_the_spread_ties_and_the_best_mean_still_ships():
    v = judge({"lstm": [0.80, 0.70], "gbm": [0.74, 0.75]}, house="lstm", metric="auc")
    assert v.outcome == "ties" and v.winner == "lstm" and not v.decisive


def test_a_baseline_that_wins_is_shipped_and_the_house_model_loses():
    v = judge({"lstm": [0.70, 0.71], "gbm": [0.75, 0.76]}, house="lstm", metric="auc")
    assert (v.winner, v.outcome) == ("gbm", "loses")
    assert "Shipped score: gbm" in str(describe(v))


def test_lower_is_better_metrics_and_nan_cuts():
    v = judge({"model": [0.10, float("nan"), 0.12], "rule": [0.20, 0.21, 0.22]}, house="model",
              metric="error", higher_is_better=False)
    assert (v.winner, v.outcome) == ("model", "beats")
    assert v.to_dict()["per_cut"]["model"][1] is None


def test_candidates_must_share_the_cuts():
    with pytest.raises(ValueError, match="different numbers of cuts"):
        judge({"a": [0.1], "b": [0.1, 0.2]}, house="a", metric="auc")

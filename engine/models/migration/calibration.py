"""Expected against actual shifters per category at the latest backtest cut, out of sample.

The shipped candidate's probabilities at that cut come from fits that saw only what was known by
then (the backtest's own fits, cached by the ladder); summed per category they are the shifters the
model expected, and the cut's labels are the shifters seen in the H weeks after it. A model whose
probabilities are honest puts each category near the line expected = actual.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression

from engine.models.baselines.pair_models import rule_scores
from engine.models.migration.ladder import LEARNED, Ladder, fit_stacker, stack_columns, training_cuts
from engine.models.migration.params import MigrationParams


def cut_probabilities(ladder: Ladder, grid: list[int], e: int, p: MigrationParams, winner: str) -> np.ndarray:
    """The winner's shift probability for every candidate pair of cut ``e``, fitted and calibrated
    only on cuts whose label weeks end by ``e``."""
    test = ladder.full_cut(e)
    stack_at = min((c for c in grid if c >= e + p.horizon_weeks), default=None)
    if winner in LEARNED:
        # thinned negatives are weighted back up, so the margin is a calibrated log-odds
        return expit(ladder.fit(training_cuts(grid, e, p), lstm=winner == "lstm").scores(test)[winner])
    if stack_at is None:
        raise ValueError("no labelled cut before the evaluation cut to calibrate on")
    stack = ladder.full_cut(stack_at)
    if winner == "blend":
        base = ladder.fit(training_cuts(grid, stack_at, p))
        return fit_stacker(base.scores(stack), stack.y, p.seed).predict_proba(
            stack_columns(base.scores(test)))[:, 1]
    # a rule of thumb is a rank, not a probability: one logistic column, as the shipped score has
    def column(x: np.ndarray) -> np.ndarray:
        return np.log1p(np.maximum(rule_scores(x)[winner], 0))[:, None]

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*converge.*")
        one = LogisticRegression().fit(column(stack.x), stack.y)
    return one.predict_proba(column(test.x))[:, 1]


def expected_vs_actual(ladder: Ladder, grid: list[int], e: int, p: MigrationParams, winner: str,
                       cut_date: str) -> dict[str, Any]:
    """Per category: expected shifters (summed probabilities) and actual shifters at cut ``e``."""
    test = ladder.full_cut(e)
    prob = cut_probabilities(ladder, grid, e, p, winner)
    names = dict(ladder.cur.execute("SELECT cat, category FROM sp_cat").fetchall())
    k = int(max(names, default=-1)) + 1
    expected = np.bincount(test.cat, weights=prob, minlength=k)
    actual = np.bincount(test.cat, weights=test.y.astype(np.float64), minlength=k)
    pairs = np.bincount(test.cat, minlength=k)
    rows = [[names[c], round(float(expected[c]), 3), int(actual[c])]
            for c in np.argsort(-expected, kind="stable") if pairs[c] > 0]
    return {"cut": cut_date, "candidate": winner, "horizon_weeks": p.horizon_weeks,
            "expected_total": round(float(expected.sum()), 3), "actual_total": int(actual.sum()),
            "categories": rows}

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

from engine.models.migration.ladder import (LEARNED, Ladder, ScoredCut, fit_stacker, stack_columns,
                                            training_cuts)
from engine.models.migration.params import MigrationParams


def cut_probabilities(ladder: Ladder, grid: list[int], e: int, p: MigrationParams,
                      winner: str) -> tuple[ScoredCut, np.ndarray]:
    """The winner's shift probability for every (sampled) candidate pair of cut ``e``, fitted and
    calibrated only on cuts whose label weeks end by ``e``."""
    stack_at = min((c for c in grid if c >= e + p.horizon_weeks), default=None)
    if winner in LEARNED:
        # thinned negatives are weighted back up, so the margin is a calibrated log-odds
        test = ladder.scored(ladder.fit(training_cuts(grid, e, p), lstm=winner == "lstm"), e)
        return test, expit(test.scores[winner].astype(np.float64))
    if stack_at is None:
        raise ValueError("no labelled cut before the evaluation cut to calibrate on")
    if winner == "blend":
        base = ladder.fit(training_cuts(grid, stack_at, p))
        stack = ladder.scored(base, stack_at)
        test = ladder.scored(base, e)
        return test, fit_stacker(stack.scores, stack.y, p.seed, ladder.cancel).predict_proba(
            stack_columns(test.scores))[:, 1]
    if winner == "stacker":
        base = ladder.fit(training_cuts(grid, stack_at, p))
        # the backtest's own margins of this cut (the same stacker on the same scores), not walked again
        margins = ladder.boosted_margins(base, stack_at, e)
        return ladder.scored(base, e), ladder.boosted(base, stack_at).proba_of(margins)
    # a rule of thumb is a rank, not a probability: one logistic column, as the shipped score has
    learners = ladder.fit(training_cuts(grid, e, p))    # the backtest's own fit: its scored cut is kept
    stack, test = ladder.scored(learners, stack_at), ladder.scored(learners, e)

    def column(d: ScoredCut) -> np.ndarray:
        return np.log1p(np.maximum(d.scores[winner].astype(np.float64), 0))[:, None]

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*converge.*")
        one = LogisticRegression().fit(column(stack), stack.y)
    return test, one.predict_proba(column(test))[:, 1]


def expected_vs_actual(ladder: Ladder, grid: list[int], e: int, p: MigrationParams, winner: str,
                       cut_date: str) -> dict[str, Any]:
    """Per category: expected shifters (summed probabilities) and actual shifters at cut ``e``
    (over the customers the backtest judges: all of them up to ``max_eval_pairs`` pairs)."""
    test, prob = cut_probabilities(ladder, grid, e, p, winner)
    names = dict(ladder.cur.execute("SELECT cat, category FROM sp_cat").fetchall())
    k = int(max(names, default=-1)) + 1
    expected = np.bincount(test.cat, weights=prob, minlength=k)
    actual = np.bincount(test.cat, weights=test.y.astype(np.float64), minlength=k)
    pairs = np.bincount(test.cat, minlength=k)
    rows = [[names[c], round(float(expected[c]), 3), int(actual[c])]
            for c in np.argsort(-expected, kind="stable") if pairs[c] > 0]
    return {"cut": cut_date, "candidate": winner, "horizon_weeks": p.horizon_weeks,
            "expected_total": round(float(expected.sum()), 3), "actual_total": int(actual.sum()),
            "customers": test.customers, "sampled": test.sampled, "categories": rows}

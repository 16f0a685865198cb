"""Tree predictions at the process's thread budget: every core from the command line, the same numbers."""

from __future__ import annotations

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from engine.models.baselines.pair_models import PairGBM
from engine.models.prediction_threads import predicting, prediction_threads
from engine.store.connection import DuckDBLimits, current_limits, max_threads, set_limits


@pytest.fixture
def limits():
    before = current_limits()
    yield
    set_limits(before)


def _openmp_threads() -> set[int]:
    return {lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "openmp"}


def test_predictions_use_the_budget_and_give_the_same_margins(limits):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(4000, 6))
    y = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(scale=0.5, size=4000) > 0).astype(int)
    model = PairGBM(max_iter=30, min_samples_leaf=20).fit(x, y)
    margins = {}
    for threads in (1, max_threads()):
        set_limits(DuckDBLimits(threads=threads))
        assert prediction_threads() == threads
        with predicting():
            assert _openmp_threads() == {threads}
        margins[threads] = model.decision(x)
    assert np.array_equal(margins[1], margins[max_threads()])

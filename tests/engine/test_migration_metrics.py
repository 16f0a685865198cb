"""The backtest's ranking metrics from each customer's pairs sorted are the dense matrices' numbers, bit for bit
(the verdict and every stored metric stay what they were)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models.migration.ladder import ScoredCut
from engine.models.migration.pair_metrics import _dense_metrics, metrics_of


def _cut(rng, customers: int, categories: int, density: float, ties: bool) -> tuple[ScoredCut, np.ndarray]:
    grid = rng.random((customers, categories)) < density
    cid, cat = np.nonzero(grid)
    cid = (cid * 7 + 3).astype(np.int32)            # ids need not be dense
    cat = (cat * 2).astype(np.int32)
    y = rng.random(len(cid)) < 0.05
    score = np.round(rng.normal(size=len(cid)), 1) if ties else rng.normal(size=len(cid))
    return ScoredCut(0, cid, cat, y, np.zeros(len(cid), bool), {}), score.astype(np.float32)


@pytest.mark.parametrize("customers, categories, density, ties", [
    (9000, 40, 0.6, True),      # three blocks of customers, many tied scores
    (500, 300, 0.3, False),
    (300, 4, 0.9, True),        # fewer categories than the top 5 and top 10
    (50, 7, 0.5, False),
])
def test_sorted_metrics_are_the_dense_ones(customers, categories, density, ties):
    rng = np.random.default_rng(customers + categories)
    d, score = _cut(rng, customers, categories, density, ties)
    got = metrics_of(d, score)
    want = _dense_metrics(d.cid, d.cat, d.y, np.asarray(score, np.float64))
    assert list(got) == list(want)
    for name in want:
        assert got[name] == want[name] or (np.isnan(got[name]) and np.isnan(want[name])), name
    some = np.unique(d.cat)[::2]
    sel = np.isin(d.cat, some)
    assert metrics_of(d, score, some) == _dense_metrics(d.cid[sel], d.cat[sel], d.y[sel],
                                                         np.asarray(score, np.float64)[sel])


def test_pairs_in_any_order_give_the_metrics_of_pairs_in_customer_order():
    rng = np.random.default_rng(5)
    d, score = _cut(rng, 2000, 30, 0.5, True)
    shuffle = rng.permutation(len(d.cid))
    mixed = ScoredCut(0, d.cid[shuffle], d.cat[shuffle], d.y[shuffle], d.never[shuffle], {})
    assert metrics_of(mixed, score[shuffle]) == metrics_of(d, score)

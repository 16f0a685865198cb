"""Each pair's place among its customer's pairs, sorted row by row for pairs in customer order, is the place one
lexsort of every pair by customer then keys gives (ties, NaN and customers of very different sizes included)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models.migration.customer_order import customer_places


def _lexsorted(cid: np.ndarray, keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    order = np.lexsort((*keys, cid))
    c = cid[order]
    start = np.r_[0, np.flatnonzero(np.diff(c)) + 1] if len(c) else np.zeros(0, np.int64)
    size = np.diff(np.r_[start, len(c)])
    place, count = np.empty(len(c), np.int64), np.empty(len(c), np.int64)
    place[order] = np.arange(len(c)) - np.repeat(start, size)
    count[order] = np.repeat(size, size)
    return place, count


def _pairs(rng: np.random.Generator, customers: int, per: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    sizes = np.clip(rng.poisson(per, customers), 1, k)
    cid = np.repeat(np.sort(rng.choice(10 * customers, customers, replace=False)), sizes)
    cat = np.concatenate([np.sort(rng.choice(k, s, replace=False)) for s in sizes] or [np.zeros(0, np.int64)])
    return cid, cat


@pytest.mark.parametrize("customers, per, k", [(300, 28, 30), (40, 250, 300), (500, 2, 300), (1, 5, 5), (0, 1, 1)])
def test_places_sorted_by_rows_are_those_of_one_sort(customers, per, k):
    rng = np.random.default_rng(customers + per)
    cid, cat = _pairs(rng, customers, per, k)
    score = np.round(rng.random(len(cid)), 2)            # many ties
    with_nan = score.copy()
    with_nan[::7] = np.nan
    tie = rng.permutation(k)[cat].astype(np.int64)
    for keys in ([with_nan], [score.astype(np.float32)], [tie, -score]):
        got = customer_places(cid, keys)
        want = _lexsorted(cid, keys)
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])
        # the same in any order of the pairs (one sort then), ties by input order
        shuffle = rng.permutation(len(cid))
        got = customer_places(cid[shuffle], [key[shuffle] for key in keys])
        want = _lexsorted(cid[shuffle], [key[shuffle] for key in keys])
        np.testing.assert_array_equal(got[0], want[0])


@pytest.mark.parametrize("block", [1, 7, 64, 10**6])
def test_places_of_customers_sorted_a_block_at_a_time_are_those_of_one_sort(monkeypatch, block):
    """Blocks of whole customers (one customer wider than a block; blocks too uneven for rows sorted by one
    lexsort) give each pair the place one sort gives."""
    from engine.models.migration import customer_order

    monkeypatch.setattr(customer_order, "_BLOCK_PAIRS", block)
    rng = np.random.default_rng(block)
    cid, cat = _pairs(rng, 200, 6, 300)
    cid = np.r_[cid, np.full(150, cid[-1] + 1)]                 # a customer of 150 pairs
    score = np.round(rng.random(len(cid)), 1)
    score[::5] = np.nan
    for keys in ([score], [rng.permutation(len(cid)).astype(np.int64), -score]):
        got, want = customer_places(cid, keys), _lexsorted(cid, keys)
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])

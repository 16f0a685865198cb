"""Descriptions searched in an earlier part of cold-start customers are taken from there (known_rows)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models.transfer import known_rows
from engine.models.transfer.known_rows import KnownRows, row_hashes
from engine.models.transfer.model import NeighbourTransfer


def _rows(rng, n: int, width: int = 12) -> np.ndarray:
    return ((rng.random((n, width)) < 0.3) * rng.random((n, width))).astype(np.float32)


def test_kept_rows_are_found_and_others_are_not():
    rng = np.random.default_rng(1)
    X = np.unique(_rows(rng, 50), axis=0)
    known = KnownRows(X.shape[1], 3)
    known.add(X[:30], np.arange(90, dtype=np.float32).reshape(30, 3))
    at = known.find(X[::-1])
    np.testing.assert_array_equal(at[::-1][:30], np.arange(30))
    assert (at[::-1][30:] == -1).all()
    np.testing.assert_array_equal(known.probs[at[::-1][:30]], np.arange(90).reshape(30, 3))


def test_a_row_with_the_hash_of_another_is_not_taken_for_it(monkeypatch):
    """Every row hashes alike here: only the row itself is found, the rest are searched."""
    monkeypatch.setattr(known_rows, "row_hashes", lambda X: np.zeros(len(X), np.uint64))
    X = np.eye(4, dtype=np.float32)
    known = KnownRows(4, 1)
    known.add(X[:1], np.ones((1, 1), np.float32))
    np.testing.assert_array_equal(known.find(X), [0, -1, -1, -1])


def test_minus_zero_hashes_as_zero_and_the_order_of_values_counts():
    a = np.array([[0.0, 1.5, 2.0]], np.float32)
    b = np.array([[-0.0, 1.5, 2.0]], np.float32)
    assert row_hashes(a)[0] == row_hashes(b)[0]
    assert row_hashes(a)[0] != row_hashes(a[:, ::-1].copy())[0]
    known = KnownRows(3, 1)
    known.add(a, np.ones((1, 1), np.float32))
    assert known.find(b)[0] == 0


def test_the_store_keeps_no_more_than_its_memory_allows():
    rng = np.random.default_rng(2)
    X = np.unique(_rows(rng, 400), axis=0)
    per_row = 4 * (X.shape[1] + 2) + 16
    known = KnownRows(X.shape[1], 2, max_bytes=100 * per_row)
    known.add(X[:60], np.zeros((60, 2), np.float32))
    known.add(X[60:], np.zeros((len(X) - 60, 2), np.float32))
    assert known.capacity == len(known) == 100
    assert (known.find(X[:100]) >= 0).all() and (known.find(X[100:]) == -1).all()


@pytest.mark.parametrize("threads", [1, 2])
def test_parts_take_what_earlier_parts_searched_and_give_what_searching_all_gives(monkeypatch, threads):
    rng = np.random.default_rng(3)
    ref = _rows(rng, 1500, 30)
    model = NeighbourTransfer(n_neighbors=20).fit(ref, (rng.random((1500, 5)) < 0.3).astype(np.float32))
    distinct = _rows(rng, 120, 30)
    queries = distinct[rng.integers(0, 120, 900)]
    searched: list[int] = []
    original = NeighbourTransfer._predict_rows
    monkeypatch.setattr(NeighbourTransfer, "_predict_rows",
                        lambda self, X, cancel=None, threads=1: searched.append(len(X)) or original(self, X, cancel, threads))
    alone = [model.predict_proba(part, threads=threads) for part in np.array_split(queries, 6)]
    per_part = list(searched)
    searched.clear()
    known = KnownRows(30, 5)
    together = [model.predict_proba(part, threads=threads, known=known) for part in np.array_split(queries, 6)]
    assert sum(searched) == len(np.unique(queries, axis=0)) < sum(per_part)
    for a, b in zip(alone, together):
        np.testing.assert_allclose(b, a, rtol=0, atol=1e-6)

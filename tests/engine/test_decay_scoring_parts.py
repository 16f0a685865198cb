"""Decay's scores built a range of pairs at a time, where DuckDB's memory cap is small for the shop, are the
scores of one pass over every pair (issue #13: over every pair at once the interest windows and the pairs'
stop-level quantiles ran out of a 256 MB cap at long 10^7 on one thread)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from engine.models.decay import scoring
from engine.evaluation.platt import PlattCalibrator
from engine.models.decay.fit import FitOutput
from engine.models.decay.service import train_decay
from engine.store import open_project
from tests.conftest import copy_of

pytestmark = pytest.mark.slow

PASS_PARTS = scoring.pass_parts
RATES_PARTS = scoring.rates_parts
COLUMNS = ("customer_id, category, interest, stop_level, half_life_days, lapse_probability, decay_point, "
           "last_purchase, n_purchases, own_weight")


def _scores(project_file: Path, folder: Path, monkeypatch: pytest.MonkeyPatch, bytes_per_event: int,
            bytes_per_pair: int, **limits) -> tuple[list[tuple], list[int]]:
    """The scores and the number of ranges of each pass and of each build of the rates (``bytes_per_event``
    for both)."""
    folder.mkdir()
    parts: list[int] = []

    def counted(cur, as_of):
        out = PASS_PARTS(cur, as_of)
        parts.append(len(out))
        return out

    def counted_rates(cur, fit):
        out = RATES_PARTS(cur, fit)
        parts.append(len(out))
        return out

    monkeypatch.setattr(scoring, "pass_parts", counted)
    monkeypatch.setattr(scoring, "rates_parts", counted_rates)
    monkeypatch.setattr(scoring, "PASS_BYTES_PER_EVENT", bytes_per_event)
    monkeypatch.setattr(scoring, "RATES_BYTES_PER_EVENT", bytes_per_event)
    monkeypatch.setattr(scoring, "SCORE_BYTES_PER_PAIR", bytes_per_pair)
    with open_project(copy_of(project_file, folder), **limits) as project:
        train_decay(project)
        return project.query(f"SELECT {COLUMNS} FROM decay_scores ORDER BY customer_id, category"), parts


def test_scores_built_a_range_of_pairs_at_a_time_are_those_of_one_pass(grocery_slice_file: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    whole, one = _scores(grocery_slice_file, tmp_path / "whole", monkeypatch, scoring.PASS_BYTES_PER_EVENT,
                         scoring.SCORE_BYTES_PER_PAIR)
    # a cap of 1 GB holding ~20 bytes per event: the slice's rates and its pass in some 20 parts each (their
    # scores in 7)
    parts, many = _scores(grocery_slice_file, tmp_path / "parts", monkeypatch, 10**9 // 20, 10**9 // 7,
                          memory_limit="1GB")
    assert one == [1, 1] and len(many) == 2 and min(many) > 10
    assert len(whole) > 1000
    _assert_close(parts, whole)


def _assert_close(parts: list[tuple], whole: list[tuple]) -> None:
    """Each pair's rows are those of one pass; its float sums may add in another order (the windows' trees
    laid over fewer pairs): 26 of 8,014 interests of the real slice moved in the last digit."""
    floats = (2, 3, 4, 5, 9)
    assert [[v for i, v in enumerate(r) if i not in floats and i != 6] for r in parts] == \
        [[v for i, v in enumerate(r) if i not in floats and i != 6] for r in whole]
    for i in floats:
        np.testing.assert_allclose(_column(parts, i), _column(whole, i), rtol=1e-12)
    assert max(abs(a[6] - b[6]) for a, b in zip(parts, whole)) <= timedelta(milliseconds=1)


def _column(rows: list[tuple], i: int) -> np.ndarray:
    return np.array([np.nan if r[i] is None else r[i] for r in rows], dtype=np.float64)


ORIGIN = datetime(2025, 1, 1)
AS_OF = datetime(2025, 7, 1)


def _shop(path: Path) -> duckdb.DuckDBPyConnection:
    """1.5M events of 160k pairs (customer, category), a decay rate each: enough for the pass to need more
    than a 40 MB cap holds."""
    con = duckdb.connect(str(path), config={"threads": 1, "memory_limit": "1GB"})
    con.execute("""CREATE TABLE events AS
        SELECT 'c' || (i % 20000) AS customer_id, 'k' || (hash(i) % 8) AS category,
               TIMESTAMP '2025-01-01' + to_microseconds(CAST(hash(i * 7) % 15000000000000 AS BIGINT)) AS ts,
               CASE WHEN hash(i * 3) % 3 = 0 THEN 'view' ELSE 'purchase' END AS event_type, 1 AS quantity,
               'o' || (i // 2) AS order_id
        FROM range(1500000) r(i)""")
    con.execute("""CREATE TEMP TABLE dk_rates AS
        SELECT customer_id, category, 0.01 + (hash(customer_id, category) % 100) / 1000.0 AS beta, 0.5 AS own_weight,
               0.1 AS mu, 0.3 AS p_raw
        FROM (SELECT DISTINCT customer_id, category FROM events) ORDER BY customer_id, category""")
    return con


def _built(con: duckdb.DuckDBPyConnection, cap: str) -> list[tuple]:
    fit = FitOutput(ORIGIN, AS_OF, (AS_OF - ORIGIN).total_seconds() / 86400.0, [], 0)
    cal = PlattCalibrator()
    cal.coef_ = (0.1, 0.9)
    con.execute(f"SET memory_limit = '{cap}'")
    scoring.build_scores(con, fit, cal)
    con.execute("SET memory_limit = '1GB'")
    return con.execute(f"SELECT {COLUMNS} FROM dk_scores ORDER BY customer_id, category").fetchall()


def test_scores_fit_a_cap_one_pass_over_every_pair_ran_out_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """At 40 MB on one thread one pass over the shop's pairs runs out of DuckDB's memory (as at long 10^7
    under 256 MB); in the ranges pass_parts gives for that cap the scores fit, and are one pass's with room."""
    con = _shop(tmp_path / "shop.duckdb")
    try:
        whole = _built(con, "1GB")
        monkeypatch.setattr(scoring, "pass_parts", lambda cur, as_of: [scoring.EVERY_PAIR])
        with pytest.raises(duckdb.OutOfMemoryException):
            _built(con, "40MB")
        monkeypatch.setattr(scoring, "pass_parts", PASS_PARTS)
        con.execute("SET memory_limit = '40MB'")
        assert len(PASS_PARTS(con, AS_OF)) > 1
        parts = _built(con, "40MB")
    finally:
        con.close()
    assert len(whole) > 100_000
    _assert_close(parts, whole)


def test_the_ranges_of_customers_take_every_pair_once(tmp_path: Path):
    """The conditions are SQL built from the customers' ids: one with a quote is a customer like another."""
    con = duckdb.connect(str(tmp_path / "ids.duckdb"))
    try:
        con.execute("""CREATE TEMP TABLE dk_rates AS
            SELECT CASE WHEN i % 7 = 0 THEN 'o''brien ' || (i // 3) ELSE 'c' || (i // 3) END AS customer_id,
                   'k' || (i % 3) AS category
            FROM range(3000) r(i) ORDER BY customer_id, category""")
        con.execute("SET memory_limit = '100MB'")
        ranges = scoring._customer_ranges(con, 10**9)
        taken = [con.execute(f"SELECT customer_id, category FROM dk_rates WHERE {w}").fetchall() for w in ranges]
    finally:
        con.close()
    assert len(ranges) >= 9
    rows = [r for part in taken for r in part]
    assert len(rows) == len(set(rows)) == 3000 and all(taken)
    # a customer's pairs are in one range
    assert sum(len({c for c, _ in part}) for part in taken) == len({c for c, _ in rows})

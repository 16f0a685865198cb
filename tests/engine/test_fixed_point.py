"""Sums in fixed point come out the same in any order and on any thread count (engine.features.fixed_point)."""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pytest

from engine.features.fixed_point import FIXED_POINT, fixed_avg, fixed_sum, integer_sd


@pytest.fixture()
def con():
    con = duckdb.connect()
    rng = np.random.default_rng(11)
    n = 600_000
    con.register("src", {"g": rng.integers(0, 50, n), "x": rng.lognormal(2.0, 2.0, n) * rng.choice([-1, 1], n),
                         "s": rng.integers(0, 40_000_000, n)})
    con.execute("CREATE TABLE t AS SELECT * FROM src")
    yield con
    con.close()


def _sums(con, order: str, threads: int) -> list[tuple]:
    con.execute(f"SET threads = {threads}")
    return con.execute(f"SELECT g, {fixed_sum('x')}, {fixed_avg('x', 'x > 0')}, {integer_sd('s')} "
                       f"FROM (SELECT * FROM t ORDER BY {order}) GROUP BY g ORDER BY g").fetchall()


def test_the_sums_are_the_same_in_any_order_on_any_thread_count(con):
    one = _sums(con, "rowid", 1)
    assert one == _sums(con, "hash(rowid + 17)", 4) == _sums(con, "x", 2)


def test_the_sums_are_the_sums(con):
    rows = con.execute(f"SELECT g, {fixed_sum('x')}, {fixed_avg('x', 'x > 0')}, {integer_sd('s')}, "
                       "list(x), stddev_samp(s) FROM t GROUP BY g").fetchall()
    for _, total, mean, sd, xs, sd_float in rows:
        exact = math.fsum(xs)
        assert total == pytest.approx(exact, rel=1e-12, abs=len(xs) / FIXED_POINT)
        pos = [v for v in xs if v > 0]
        assert mean == pytest.approx(math.fsum(pos) / len(pos), rel=1e-12)
        assert sd == pytest.approx(sd_float, rel=1e-12)


def test_no_rows_give_null_as_sql_does():
    con = duckdb.connect()
    row = con.execute(f"SELECT {fixed_sum('x')}, {fixed_avg('x')}, {integer_sd('s')}, {integer_sd('t')} "
                      "FROM (VALUES (NULL::DOUBLE, 5::BIGINT, NULL::BIGINT)) v(x, s, t)").fetchall()[0]
    assert row == (None, None, None, None)

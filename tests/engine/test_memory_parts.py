"""The shared split of a statement under DuckDB's memory limit: one part where the need fits, else enough parts,
and conditions that take every row once."""

from __future__ import annotations

import duckdb

from engine.store.memory_parts import EVERY_ROW, memory_limit_bytes, parts_needed, range_conditions


def test_parts_are_the_need_over_the_limit_rounded_up_one_where_it_fits_and_never_more_than_the_keys():
    con = duckdb.connect()
    try:
        con.execute("SET memory_limit = '100MB'")
        limit = memory_limit_bytes(con)
        assert 99_000_000 < limit <= 100_000_000
        assert parts_needed(con, 0, 10) == parts_needed(con, limit, 10) == 1
        assert parts_needed(con, limit + 1, 10) == 2
        assert parts_needed(con, 5 * limit, 10) == 5
        assert parts_needed(con, 50 * limit, 10) == 10
    finally:
        con.close()


def test_the_conditions_take_every_row_once_in_key_order():
    con = duckdb.connect()
    try:
        con.execute("CREATE TABLE t AS SELECT 'k''' || (i % 97)::VARCHAR AS k, i FROM range(1000) r(i)")
        assert range_conditions("k", []) == [EVERY_ROW]
        bounds = ["'k''20'", "'k''5'", "'k''70'"]
        parts = [con.execute(f"SELECT i FROM t WHERE {w} ORDER BY i").fetchall() for w in range_conditions("t.k", bounds)]
    finally:
        con.close()
    assert len(parts) == 4 and all(parts)
    rows = sorted(r for p in parts for r in p)
    assert rows == [(i,) for i in range(1000)]

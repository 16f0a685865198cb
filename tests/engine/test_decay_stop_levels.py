"""Stop levels read from a table of the levels are the levels computed inline (issue #13: the decay
scoring builds the levels as a table first, because in one statement they ran out of DuckDB's cap at
10^7 events)."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import numpy as np

from engine.features.interest import interest_before_purchases_sql, stop_levels_sql

ORIGIN = datetime(2025, 1, 1)
AS_OF = datetime(2025, 7, 1)
T = (AS_OF - ORIGIN).total_seconds() / 86400.0


def _shop() -> duckdb.DuckDBPyConnection:
    rng = np.random.default_rng(3)
    rows = []
    for e in range(3000):
        kind = ["purchase", "purchase", "view", "cart", "favourite"][rng.integers(5)]
        ts = ORIGIN + timedelta(minutes=int(rng.integers(0, 200 * 24 * 60)))
        rows.append((f"c{rng.integers(60)}", f"k{rng.integers(4)}", ts, kind, int(rng.integers(-1, 3)),
                     f"o{e // 2}" if rng.random() < 0.8 else None))
    con = duckdb.connect()
    con.execute("CREATE TABLE events (customer_id VARCHAR, category VARCHAR, ts TIMESTAMP, event_type VARCHAR, "
                "quantity INTEGER, order_id VARCHAR)")
    con.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.execute("CREATE TABLE rates AS SELECT DISTINCT customer_id, category, "
                "0.01 + (hash(customer_id, category) % 100) / 1000.0 AS beta FROM events")
    return con


def test_stop_levels_from_a_levels_table_equal_the_inline_ones():
    con = _shop()
    order = " ORDER BY customer_id, category"
    inline = con.execute(f"SELECT * FROM ({stop_levels_sql(ORIGIN, 'rates')}){order}", [AS_OF, AS_OF, T]).fetchall()
    con.execute(f"CREATE TEMP TABLE levels AS {interest_before_purchases_sql(ORIGIN, 'rates')}", [AS_OF, AS_OF, T])
    tabled = con.execute(f"SELECT * FROM ({stop_levels_sql(ORIGIN, 'rates', 'levels')}){order}").fetchall()
    assert len(inline) > 100 and con.execute("SELECT count(*) FROM levels").fetchall()[0][0] > 100
    assert [r[:2] for r in tabled] == [r[:2] for r in inline]
    np.testing.assert_allclose([r[2] for r in tabled], [r[2] for r in inline], rtol=1e-12)

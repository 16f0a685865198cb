"""Transfer's reasons composed once per (category, purchases, lift as shown) equal one per row."""

from __future__ import annotations

import duckdb
import numpy as np

from engine.models.migration.reasons import transfer_lift_shown_sql, transfer_reason_sql


def test_reasons_per_shown_lift_equal_reasons_per_row():
    rng = np.random.default_rng(7)
    # lifts on and around the quoted threshold and the rounding halves, with NaN and zero
    edges = [0.0, 1.15, 1.19999999, 1.2, 1.25, 1.2500000001, 1.35, 2.05, 2.15, 10.45, float("nan")]
    lifts = np.concatenate([edges, rng.uniform(0, 4, 3000)])
    con = duckdb.connect()
    con.execute("CREATE TABLE t (category VARCHAR, purchases INTEGER, lift DOUBLE)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)",
                    [(["Dairy", "Bakery", "it's"][k % 3], int(k % 4), float(x)) for k, x in enumerate(lifts)])
    per_row = con.execute(f"SELECT rowid, {transfer_reason_sql()} FROM t ORDER BY rowid").fetchall()
    grouped = con.execute(f"""
        WITH r AS (SELECT rowid AS k, category, purchases, lift, {transfer_lift_shown_sql('lift')} AS shown FROM t),
        why AS (SELECT category, purchases, shown, {transfer_reason_sql()} AS reason
                FROM (SELECT category, purchases, shown, any_value(lift) AS lift FROM r GROUP BY ALL))
        SELECT k, reason FROM r JOIN why USING (category, purchases, shown) ORDER BY k""").fetchall()
    assert grouped == per_row
    # the grouping is coarser than the rows: that is the point of it
    assert con.execute(f"SELECT count(DISTINCT (category, purchases, {transfer_lift_shown_sql('lift')})) "
                       "FROM t").fetchall()[0][0] < len(lifts) / 5

"""Day/month order is settled by the whole column, even when the proof is far down the file."""

from __future__ import annotations

from datetime import datetime

import duckdb

from engine.ingest.parsing import detect_ts_format, q, ts_expr


def test_late_proof_of_month_first_counts():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT '03/04/2017 10:00' AS v FROM range(60000) "
                "UNION ALL SELECT '12/31/2017 10:00'")
    fmt = detect_ts_format(con, "t", "v")
    assert fmt.formats[0].startswith("%m/%d")
    assert con.execute(f"SELECT min({ts_expr(q('v'), fmt, 'UTC')}) FROM t").fetchall()[0][0] == \
        datetime(2017, 3, 4, 10, 0)

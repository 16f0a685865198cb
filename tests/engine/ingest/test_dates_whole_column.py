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


def test_iso_sample_read_in_full_is_iso_and_keeps_its_offsets():
    con = duckdb.connect()
    con.execute("CREATE TABLE plain AS SELECT '2024-03-0' || (i % 9 + 1) || 'T10:00:00' AS v FROM range(100) t(i)")
    con.execute("CREATE TABLE zoned AS SELECT '2024-03-01 10:00:00+08:00' AS v UNION ALL SELECT '2024-03-02 10:00:00'")
    plain, zoned = detect_ts_format(con, "plain", "v"), detect_ts_format(con, "zoned", "v")
    assert (plain.kind, plain.parsed, plain.offsets) == ("iso", 100, False)
    assert (zoned.kind, zoned.parsed, zoned.offsets) == ("iso", 2, True)


def test_a_sample_iso_does_not_read_in_full_tries_every_reading():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT '31/12/2017' AS v FROM range(50) UNION ALL SELECT '2017-12-31'")
    fmt = detect_ts_format(con, "t", "v")
    assert fmt.kind == "strptime" and fmt.formats == ("%d/%m/%Y",)

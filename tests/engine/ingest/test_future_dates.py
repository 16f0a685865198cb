"""Times outside what a shop's export can hold (after the day of the import, before 1995): Thai Excel's two-digit
Buddhist-era years read as such, and what is still outside said by the import and the Data page."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from engine.ingest.parsing import detect_ts_format, q, ts_expr


def _import(tmp_path, name, lines, mapping=None):
    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = create_project(tmp_path / f"{name}.shiftwise")
    return project, import_file(project, path, mapping=mapping)


@pytest.mark.parametrize("values,buddhist,expected", [
    # 67 read as 2067 and 69 as 1969: the shop's history 40 years ahead or 57 behind, and nothing said so
    (["05/01/67 10:00", "29/02/67 11:00", "31/03/67 09:00"], True, dt.datetime(2024, 1, 5, 10, 0)),   # a leap year
    (["05/01/69 10:00", "20/01/69 11:00"], True, dt.datetime(2026, 1, 5, 10, 0)),
    # the common era's short years stay theirs: 24 as the Buddhist era's is 1981, as plausible, so no change
    (["05/01/24 10:00", "20/01/24 11:00"], False, dt.datetime(2024, 1, 5, 10, 0)),
    (["05/01/99 10:00", "20/01/99 11:00"], False, dt.datetime(1999, 1, 5, 10, 0)),
])
def test_two_digit_buddhist_era_years_are_read_when_the_common_era_puts_them_out_of_reach(values, buddhist, expected):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    fmt = detect_ts_format(con, "t", "v")
    assert fmt.short_buddhist is buddhist
    assert con.execute(f"SELECT min({ts_expr(q('v'), fmt, 'UTC')}) FROM t").fetchall()[0][0] == expected
    assert con.execute(f"SELECT count({ts_expr(q('v'), fmt, 'UTC')}) FROM t").fetchall()[0][0] == len(values)


def test_a_thai_short_date_export_lands_in_its_years(tmp_path):
    lines = ["customer_id,ts,order_id,item_id,amount",
             "c1,05/01/67 10:00,o1,i1,12.50", "c1,20/02/67 10:00,o2,i2,3.00", "c2,31/03/67 09:00,o3,i1,12.50"]
    project, result = _import(tmp_path, "thai.csv", lines)
    try:
        assert result.rows_loaded == 3 and (result.future_events, result.early_events) == (0, 0)
        assert result.ts_format.endswith("Buddhist era")
        assert project.scalar("SELECT max(ts) FROM events") == dt.datetime(2024, 3, 31, 9, 0)
    finally:
        project.close()


def test_times_out_of_reach_land_and_are_said(tmp_path):
    """A till's clock never set (1970-01-01 onwards) and a year keyed as 2067: the lines land (a mapping can read
    the file again, a shop may fix its export) and the import, --json and the Data page say so with the dates."""
    from engine.read.imports import import_notes

    lines = ["customer_id,ts,order_id,item_id,amount",
             "c1,1970-01-20 10:00,o1,i1,12.50", "c1,1970-02-20 10:00,o2,i2,3.00", "c2,1970-03-31 09:00,o3,i1,12.50",
             "c3,2024-01-05 10:00,o4,i1,1.00"]
    project, result = _import(tmp_path, "clock.csv", lines)
    try:
        assert result.rows_loaded == 4 and (result.early_events, result.early_earliest) == (3, "1970-01-20")
        said = str(result.summary())
        assert "3 lines are dated before 1995 (the earliest 1970-01-20)" in said and "ts_format" in said
        assert result.to_dict()["early_events"] == 3
        assert any("dated before 1995" in str(n) for n in import_notes(project, result.import_id))
        assert project.scalar("SELECT count(*) FROM events") == 4
    finally:
        project.close()
    project, result = _import(tmp_path, "ahead.csv", ["customer_id,ts,item_id", "c1,2024-01-05 10:00,i1",
                                                      "c1,2067-01-05 10:00,i2"])
    try:
        assert (result.future_events, result.future_latest, result.early_events) == (1, "2067-01-05", 0)
        assert "one line is dated after today (2067-01-05)" in str(result.summary())
    finally:
        project.close()


def test_events_up_to_today_are_not_out_of_reach(tmp_path):
    """Today's and yesterday's sales, and tomorrow's (the shop's zone may be ahead of the project's): no note."""
    from zoneinfo import ZoneInfo

    from engine.ingest.service import DEFAULT_TZ

    today = dt.datetime.now(ZoneInfo(DEFAULT_TZ)).date()   # the day in the project's zone, as the import takes it
    lines = ["customer_id,ts,order_id,item_id,amount",
             f"c1,{today - dt.timedelta(days=1)} 10:00,o1,i1,12.50", f"c1,{today} 23:59,o2,i2,3.00",
             f"c2,{today + dt.timedelta(days=1)} 09:00,o3,i1,12.50", "c2,1995-01-01 00:00,o4,i1,1.00"]
    project, result = _import(tmp_path, "recent.csv", lines)
    try:
        assert result.rows_loaded == 4 and (result.future_events, result.early_events) == (0, 0)
        assert "dated" not in str(result.summary())
    finally:
        project.close()

"""Day/month order is settled by the whole column, even when the proof is far down the file."""

from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from engine.ingest.parsing import detect_ts_format, lit, q, ts_expr


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


@pytest.mark.parametrize("values,expected", [
    # Excel's US short date: the 17 is 2017, not the year 17 (it landed in the first century)
    (["1/22/17 10:05", "2/13/17 9:00", "12/31/17 23:59"], [datetime(2017, 1, 22, 10, 5), datetime(2017, 2, 13, 9, 0),
                                                         datetime(2017, 12, 31, 23, 59)]),
    (["22/01/17", "31/12/17"], [datetime(2017, 1, 22), datetime(2017, 12, 31)]),
    # four-digit years beside two-digit ones, in one column
    (["1/22/2017 10:05", "12/31/17 10:05"], [datetime(2017, 1, 22, 10, 5), datetime(2017, 12, 31, 10, 5)]),
    # Lazada's, eBay's and an American ledger's month names
    (["08 Jan 2017 11:55", "22 Feb 2017 09:01"], [datetime(2017, 1, 8, 11, 55), datetime(2017, 2, 22, 9, 1)]),
    (["Jan-22-17", "Dec-03-17"], [datetime(2017, 1, 22), datetime(2017, 12, 3)]),
    (["Jan 22, 2017", "Mar 5, 2017"], [datetime(2017, 1, 22), datetime(2017, 3, 5)]),
    (["22-Jan-2017", "05-Mar-2017"], [datetime(2017, 1, 22), datetime(2017, 3, 5)]),
    # Mercado Libre's, a French, a German and a Brazilian ledger's month names (they were refused as unreadable)
    (["15 de marzo de 2024 14:32 hs.", "2 de enero de 2024 09:05 hs."],
     [datetime(2024, 3, 15, 14, 32), datetime(2024, 1, 2, 9, 5)]),
    (["15 mars 2024", "1 août 2024 à 10:00"], [datetime(2024, 3, 15), datetime(2024, 8, 1, 10, 0)]),
    (["15. März 2024", "3. Oktober 2024 10:15 Uhr"], [datetime(2024, 3, 15), datetime(2024, 10, 3, 10, 15)]),
    (["1 de dezembro de 2023 às 10:00", "2 de janeiro de 2024"], [datetime(2023, 12, 1, 10, 0), datetime(2024, 1, 2)]),
    # Indonesian month names (Tokopedia), Korean dates (Naver's dots, Excel's 오후, 년 월 일): they were refused
    (["05 Januari 2024 14:32", "5 Des 2024 09:00", "17 Agustus 2024"],
     [datetime(2024, 1, 5, 14, 32), datetime(2024, 12, 5, 9, 0), datetime(2024, 8, 17)]),
    (["2024.01.05 14:32", "2024.12.31 09:05"], [datetime(2024, 1, 5, 14, 32), datetime(2024, 12, 31, 9, 5)]),
    (["2024. 1. 5. 오후 2:32", "2024. 12. 31. 오전 9:05"], [datetime(2024, 1, 5, 14, 32), datetime(2024, 12, 31, 9, 5)]),
    (["2024년 1월 5일", "2024년 12월 31일 09:05"], [datetime(2024, 1, 5), datetime(2024, 12, 31, 9, 5)]),
    # a Chinese spreadsheet's dates with their hours unpadded and no seconds, its 上午/下午; a Japanese one's 午後
    # (unreadable: the import refused every row)
    (["2024年6月27日 6:53", "2024年12月1日 14:05"], [datetime(2024, 6, 27, 6, 53), datetime(2024, 12, 1, 14, 5)]),
    (["2024年1月5日 下午2:32", "2024年1月6日 上午9:05"], [datetime(2024, 1, 5, 14, 32), datetime(2024, 1, 6, 9, 5)]),
    (["2024年1月5日 午後2:32:10", "2024年1月6日"], [datetime(2024, 1, 5, 14, 32, 10), datetime(2024, 1, 6)]),
    # a twelve-hour clock day first (Britain, India, Australia); with no day past the 12th it is America's, month first
    (["05/01/2024 2:32 PM", "31/01/2024 11:00 PM"], [datetime(2024, 1, 5, 14, 32), datetime(2024, 1, 31, 23, 0)]),
    (["1/5/2024 2:32 PM", "2/3/2024 9:05 AM"], [datetime(2024, 1, 5, 14, 32), datetime(2024, 2, 3, 9, 5)]),
    # a German numeric date stays day-first, though it also reads with its dots dropped
    (["05.01.17", "23.01.17"], [datetime(2017, 1, 5), datetime(2017, 1, 23)]),
    # Thai Excel's Buddhist era (2567 is 2024; its 29 February is a day though 2567 is no leap year as a common
    # year): refused as unreadable until session 35
    (["05/01/2567 10:00", "29/02/2567 09:00", "31/12/2566 23:00"],
     [datetime(2024, 1, 5, 10, 0), datetime(2024, 2, 29, 9, 0), datetime(2023, 12, 31, 23, 0)]),
    (["2567-01-05 10:00:00", "2567-02-29 09:00:00"], [datetime(2024, 1, 5, 10, 0), datetime(2024, 2, 29, 9, 0)]),
])
def test_two_digit_years_and_month_names(values, expected):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    fmt = detect_ts_format(con, "t", "v")
    assert fmt.parsed == len(values)
    assert [r[0] for r in con.execute(f"SELECT {ts_expr(q('v'), fmt, 'UTC')} FROM t ORDER BY i").fetchall()] == expected


def test_a_chosen_reading_takes_two_digit_years_too():
    """The mapping dialog's "Month first (12/31/2024 2:00 PM)" on Excel's 1/22/17 10:05 PM."""
    from engine.ingest.loader import forced_ts
    from engine.ingest.mapping import Mapping

    fmt = forced_ts(Mapping(ts_format="%m/%d/%Y %I:%M %p"))
    con = duckdb.connect()
    assert con.execute(f"SELECT {ts_expr(lit('1/22/17 10:05 PM'), fmt, 'UTC')}, "
                       f"{ts_expr(lit('1/22/2017 10:05 PM'), fmt, 'UTC')}").fetchall()[0] == (
        datetime(2017, 1, 22, 22, 5), datetime(2017, 1, 22, 22, 5))


def test_the_buddhist_era_is_said_and_wins_only_by_reading_more():
    con = duckdb.connect()
    con.execute("CREATE TABLE thai AS SELECT '05/01/2567 10:00' AS v UNION ALL SELECT '31/12/2566 23:00'")
    con.execute("CREATE TABLE common AS SELECT '05/01/2024 10:00' AS v UNION ALL SELECT 'N/A'")
    thai, common = detect_ts_format(con, "thai", "v"), detect_ts_format(con, "common", "v")
    assert thai.buddhist and thai.describe() == "%d/%m/%Y %H:%M, Buddhist era"
    assert not common.buddhist and common.parsed == 1

"""Amounts as exports write them: currency signs and codes, thousands separators, decimal commas, brackets."""

from __future__ import annotations

import duckdb
import pytest

from engine.ingest.parsing import lit, number_expr


@pytest.mark.parametrize("text,decimal_comma,expected", [
    ("12.50", False, 12.5), ("$1,005.50", False, 1005.5), ("($4.50)", False, -4.5), ("¥1,234.00", False, 1234.0),
    ("12.00元", False, 12.0), ("RM12.00", False, 12.0), ("$1.5e3", False, 1500.0),
    # a currency's code holding an E (EUR, SEK, KES) read as an exponent and gave no number
    ("EUR 12.50", False, 12.5), ("12.50 EUR", False, 12.5), ("SEK 1,200.00", False, 1200.0), ("KES 200", False, 200.0),
    ("EUR 1.234,50", True, 1234.5), ("12,50 €", True, 12.5), ("1.234,50 €", True, 1234.5),
])
def test_an_amount_as_an_export_writes_it(text, decimal_comma, expected):
    assert duckdb.sql("SELECT " + number_expr(lit(text), decimal_comma)).fetchall()[0][0] == pytest.approx(expected)


@pytest.mark.parametrize("values,decimal_comma", [
    (["12.50", "3.99", "1,005.50"], False), (["12,50", "1.234,50 €"], True),
    # Indonesia's and Vietnam's thousands dots: Rp 150.000 was 150.0, Rp 1.250.000 no number at all
    (["Rp 150.000", "Rp 75.500", "Rp 12.000"], True), (["150.000 ₫", "75.500 ₫"], True), (["IDR 99.000"], True),
    (["150000", "1.250.000", "75000"], True),
    # three decimals without a currency that groups by dots: an ERP's quantities and prices stay decimals
    (["1.000", "2.000", "12.500"], False), (["0.750", "12.500"], False), (["Rp 0.500", "Rp 12.500"], False),
])
def test_the_columns_convention_is_told_from_its_values(values, decimal_comma):
    from engine.ingest.parsing import detect_decimal_comma

    con = duckdb.connect()
    con.execute("CREATE TABLE t (v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?)", [[v] for v in values])
    assert detect_decimal_comma(con, "t", "v") is decimal_comma
    if decimal_comma and values[0].startswith("Rp"):
        assert con.execute(f"SELECT {number_expr('v', True)} FROM t").fetchall()[0][0] == 150_000

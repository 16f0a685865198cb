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

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


def _import(tmp_path, name, text, project=None):
    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    project = project or create_project(tmp_path / "p.shiftwise")
    return project, import_file(project, path)


LINES = ["customer_id,ts,order_id,item_id,category,amount",
         "c1,2024-01-05 10:00,o1,i1,Tea,12.50", "c1,2024-02-05 10:00,o2,i2,Tea,N/A",
         "c2,2024-01-07 10:00,o3,i1,Tea,-", "c2,2024-03-07 10:00,o4,i3,Milk,免费",
         "c3,2024-03-09 10:00,o5,i3,Milk,", "c3,2024-03-10 10:00,o6,i3,Milk,1.2.3"]


def test_amounts_that_are_no_number_are_said_and_count_without_spend(tmp_path):
    """N/A, a dash, 免费 and a broken number in the amount column: the lines land (a purchase without spend, as a
    blank amount), and the import says how many, with one as written; before session 35 it said nothing."""
    from engine.read.imports import import_notes

    project, result = _import(tmp_path, "na.csv", "\n".join(LINES) + "\n")
    assert result.rows_loaded == 6 and result.rows_rejected == 0
    assert result.unread_amounts == 4 and result.money_column == "amount"
    assert result.amount_example in {"N/A", "-", "免费", "1.2.3"}
    assert "amount holds no number on 4 lines (such as '" in str(result.summary())
    assert result.to_dict()["unread_amounts"] == 4
    amounts = dict(project.cursor().execute("SELECT order_id, amount FROM events").fetchall())
    assert amounts == {"o1": 12.5, "o2": None, "o3": None, "o4": None, "o5": None, "o6": None}
    [note] = [n for n in import_notes(project, result.import_id) if n.id.startswith("import.result.unread")]
    assert note.params["rows"] == 4 and note.params["column"] == "amount"
    # the same lines again in a longer export: already in the project, not counted twice
    _, again = _import(tmp_path, "more.csv", "\n".join(LINES + ["c4,2024-04-01 10:00,o7,i1,Tea,3.00"]) + "\n",
                       project)
    assert again.rows_loaded == 1 and again.rows_duplicate == 6 and again.unread_amounts == 0
    project.close()


def test_a_clean_amount_column_says_nothing_and_a_unit_price_is_asked_too(tmp_path):
    first, clean = _import(tmp_path, "clean.csv", "\n".join(LINES[:2] + [LINES[5]]) + "\n")
    assert clean.unread_amounts == 0 and "no number" not in str(clean.summary())
    first.close()
    text = ("customer_id,ts,order_id,item_id,quantity,unit_price\n"
            "c1,2024-01-05,o1,i1,2,3.00\nc1,2024-02-05,o2,i1,1,n.v.\n")
    (tmp_path / "second").mkdir()
    project, priced = _import(tmp_path / "second", "priced.csv", text)
    assert priced.unread_amounts == 1 and priced.amount_example == "n.v." and priced.money_column == "unit_price"
    assert str(priced.summary()).endswith("unit_price holds no number on one line ('n.v.'): it counts without spend")
    project.close()

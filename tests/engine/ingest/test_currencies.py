"""A file whose lines are in several currencies: the main one's amounts are spend, the others' lines count without.

Until session 47 an Amazon report of three marketplaces summed USD, CAD and MXN amounts as one money: a Mexican
customer's 170 pesos weighed as 170 dollars."""

from __future__ import annotations

import pytest

AMAZON = ("amazon-order-id\tpurchase-date\torder-status\tsales-channel\tproduct-name\tsku\tquantity\tcurrency\t"
          "item-price\tbuyer-email\n"
          "114-1\t2017-01-05T10:00:00+00:00\tShipped\tAmazon.com\tSoap\tS1\t1\tUSD\t10.00\ta@x.com\n"
          "114-2\t2017-01-06T10:00:00+00:00\tShipped\tAmazon.ca\tSoap\tS1\t1\tCAD\t13.50\tb@x.com\n"
          "114-3\t2017-01-07T10:00:00+00:00\tShipped\tAmazon.com\tTowel\tS2\t2\tusd \t20.00\ta@x.com\n"
          "114-4\t2017-01-08T10:00:00+00:00\tShipped\tAmazon.com.mx\tTowel\tS2\t1\tMXN\t-170.00\tc@x.com\n"
          "114-5\t2017-01-09T10:00:00+00:00\tShipped\tAmazon.com\tTowel\tS2\t1\t\t5.00\tc@x.com\n"
          "114-6\t2017-01-10T10:00:00+00:00\tShipped\tAmazon.com\tSoap\tS1\t1\tUSD\t10.00\td@x.com\n")


def _import(tmp_path, name, text):
    from engine.ingest import import_file
    from engine.store import create_project

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    return project, import_file(project, path)


def test_lines_in_another_currency_keep_their_events_without_spend_and_the_import_says_so(tmp_path):
    from engine.read.imports import import_notes

    project, result = _import(tmp_path, "amazon_orders.txt", AMAZON)
    assert result.columns["currency"] == "currency"
    assert result.rows_loaded == 6 and result.rows_rejected == 0
    assert result.other_currency == 2 and result.currencies == ["USD", "CAD", "MXN"]
    assert ("2 lines are in another currency than USD (such as CAD, MXN): they count without spend"
            in str(result.summary()))
    rows = project.cursor().execute("SELECT order_id, event_type, amount FROM events ORDER BY order_id").fetchall()
    # a blank currency is the main one; the Mexican refund is still a refund
    assert rows == [("114-1", "purchase", 10.0), ("114-2", "purchase", None), ("114-3", "purchase", 20.0),
                    ("114-4", "refund", None), ("114-5", "purchase", 5.0), ("114-6", "purchase", 10.0)]
    [note] = [n for n in import_notes(project, result.import_id) if n.id.startswith("import.result.other_currency")]
    assert (note.params["rows"], note.params["currency"], note.params["others"]) == (2, "USD", "CAD, MXN")
    project.close()


def test_one_currency_says_nothing_and_changes_no_amount(tmp_path):
    text = "\n".join(line for line in AMAZON.splitlines() if "CAD" not in line and "MXN" not in line) + "\n"
    project, result = _import(tmp_path, "amazon_orders.txt", text)
    assert result.other_currency == 0 and "currency" not in str(result.summary())
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 45.0
    project.close()


@pytest.mark.parametrize("values", [["12.5", "13.0", "9.99"], ["a very long description of the line"] * 3,
                                    ["2024-01-05", "2024-01-06", "2024-01-07"]])
def test_a_currency_column_that_holds_no_currency_is_not_read_as_one(tmp_path, values):
    """A column guessed wrong (numbers, long text) is taken for no currency: every amount is spend."""
    text = "customer_id,ts,order_id,amount,currency\n" + "".join(
        f"c{i},2024-01-0{i + 1},o{i},10.00,{v}\n" for i, v in enumerate(values))
    project, result = _import(tmp_path, "ledger.csv", text)
    assert result.other_currency == 0 and result.currencies == []
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 30.0
    project.close()


@pytest.mark.parametrize("header,role", [("币种", "currency"), ("Currency Code", "currency"), ("Währung", "currency"),
                                         ("Currency Rate", None), ("汇率", None)])
def test_a_currency_column_is_known_by_its_words(header, role):
    from engine.ingest.header_words import guess_roles

    roles = guess_roles(["customer_id", "ts", "amount", header])
    assert roles.get("currency") == (header if role else None)


def test_shopifys_currency_is_an_orders_and_holds_for_its_every_line(tmp_path):
    """Shopify writes an order's fields, its currency among them, on its first line only: the second line of an
    order in euros is in euros too."""
    text = ("Name,Email,Financial Status,Paid at,Currency,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku\n"
            "#1001,a@x.com,paid,2024-01-05 13:00:00 -0500,USD,2,Mug,12.00,MUG-1\n"
            "#1001,,,,,1,Plate,8.50,PLT-1\n"
            "#1002,b@x.com,paid,2024-01-06 10:00:00 -0500,EUR,1,Mug,11.00,MUG-1\n"
            "#1002,,,,,1,Plate,8.00,PLT-1\n"
            "#1003,c@x.com,paid,2024-01-07 10:00:00 -0500,USD,1,Mug,12.00,MUG-1\n")
    project, result = _import(tmp_path, "orders_export.csv", text)
    assert result.format == "shopify_orders" and result.other_currency == 2
    spend = dict(project.cursor().execute("SELECT order_id, sum(amount) FROM events GROUP BY 1").fetchall())
    assert spend == {"#1001": 32.5, "#1002": None, "#1003": 12.0}
    project.close()


def test_the_preview_shows_the_amounts_the_import_keeps(tmp_path):
    """The mapping dialog's preview showed an amount in another currency as inf, and one that reads as no number
    (N/A) as nan: both land without spend, and the preview shows them blank."""
    from engine.ingest import inspect_file, preview_mapping

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON.replace("\t5.00\t", "\tN/A\t"), encoding="utf-8")
    preview = preview_mapping(None, path, inspect_file(None, path).guess)
    assert [row[-1] for row in preview.rows] == [10.0, None, 20.0, None, None, 10.0]


def test_currencies_written_as_symbols_are_currencies(tmp_path):
    text = "customer_id,ts,order_id,amount,currency\n" + "".join(
        f"c{i},2024-01-0{i + 1},o{i},10.00,{v}\n" for i, v in enumerate(["$", "$", "C$", "$"]))
    project, result = _import(tmp_path, "ledger.csv", text)
    assert result.currencies == ["$", "CAD"] and result.other_currency == 1
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 30.0
    project.close()


def test_one_currencys_marks_and_codes_are_one_currency(tmp_path):
    """元 and CNY, € and eur are each one currency: no line of them is taken for another."""
    text = "customer_id,ts,order_id,amount,currency\n" + "".join(
        f"c{i},2024-01-0{i + 1},o{i},10.00,{v}\n" for i, v in enumerate(["元", "CNY", "cny", "RMB", "€"]))
    project, result = _import(tmp_path, "ledger.csv", text)
    assert result.currencies == ["CNY", "EUR"] and result.other_currency == 1
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 40.0
    project.close()


WRITTEN = ("order,customer,date,category,total\n"
           "1,a,2024-01-05,Tea,€12.50\n"
           "2,b,2024-01-06,Tea,\"€1,234.50\"\n"
           "3,c,2024-01-07,Tea,12.50 EUR\n"
           "4,d,2024-01-08,Tea,CA$ 15.00\n"
           "5,e,2024-01-09,Tea,-US$5.00\n"
           "6,f,2024-01-10,Tea,N/A\n"
           "7,g,2024-01-11,Tea,7.25\n"
           "8,a,2024-01-12,Tea,(€3.00)\n")


def test_a_file_without_a_currency_column_is_read_by_the_marks_written_with_its_amounts(tmp_path):
    """A WooCommerce export of several stores writes each line's total with its store's mark (€12.50, CA$ 15.00):
    summed as one money, a Canadian customer's dollars weighed as euros. The main currency is the one most amounts
    are written in; a plain number is in it; N/A is an amount that reads as no number, not a currency."""
    project, result = _import(tmp_path, "orders.csv", WRITTEN)
    assert result.columns["amount"] == "total" and "currency" not in result.columns
    assert result.currencies == ["EUR", "CAD", "USD"] and result.other_currency == 2
    assert result.unread_amounts == 1
    assert "2 lines are in another currency than EUR (such as CAD, USD)" in str(result.summary())
    rows = project.cursor().execute("SELECT order_id, event_type, amount FROM events ORDER BY order_id").fetchall()
    assert rows == [("1", "purchase", 12.5), ("2", "purchase", 1234.5), ("3", "purchase", 12.5),
                    ("4", "purchase", None), ("5", "refund", None), ("6", "purchase", None),
                    ("7", "purchase", 7.25), ("8", "refund", -3.0)]
    project.close()


@pytest.mark.parametrize("amounts", [["€12.50", "€3.00", "7.25"], ["$12.50", "$1,234.00", "($3.00)"],
                                     ["12.50", "3.00", "N/A"]])
def test_amounts_written_in_one_currency_or_none_are_all_spend(tmp_path, amounts):
    text = "order,customer,date,total\n" + "".join(f'{i},c{i},2024-01-0{i + 1},"{v}"\n' for i, v in enumerate(amounts))
    project, result = _import(tmp_path, "orders.csv", text)
    assert result.other_currency == 0 and result.currencies == []
    assert "currency" not in str(result.summary())
    project.close()


def test_the_preview_blanks_amounts_written_in_another_currency(tmp_path):
    from engine.ingest import inspect_file, preview_mapping

    path = tmp_path / "orders.csv"
    path.write_text(WRITTEN, encoding="utf-8")
    preview = preview_mapping(None, path, inspect_file(None, path).guess)
    assert [row[-1] for row in preview.rows] == [12.5, 1234.5, 12.5, None, None, None, 7.25, -3.0]


@pytest.mark.parametrize("marks,found,other", [(["¥12", "12元", "￥3", "12元"], ["CNY"], 0),
                                               (["¥12", "12円", "¥3", "12円", "$5"], ["JPY", "$"], 1),
                                               (["¥12", "12元", "12円", "12円"], ["JPY", "CNY", "¥"], 2)])
def test_yen_sign_is_the_yuan_or_the_yen_beside_it(tmp_path, marks, found, other):
    """¥12 beside 12元 is one money (the yuan); beside 12円 the yen; beside both, neither."""
    text = "order,customer,date,total\n" + "".join(f"{i},c{i},2024-01-0{i + 1},{v}\n" for i, v in enumerate(marks))
    project, result = _import(tmp_path, "orders.csv", text)
    assert result.currencies == (found if len(found) > 1 else []) and result.other_currency == other
    project.close()


def test_the_rates_a_mapping_gives_convert_the_other_currencies_lines(tmp_path):
    """A merchandiser who knows the rates counts every line's spend: CAD at 0.74, the Mexican refund at 0.05 (still
    a refund); the main currency may be named, and a line without a currency stays in the file's own."""
    import json

    from engine.ingest import import_file, inspect_file
    from engine.read.imports import import_notes
    from engine.store import create_project

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    mapping = {**json.loads(inspect_file(None, path).guess.to_json()), "currency_rates": {"c$": 0.74, "MXN": "0.05"}}
    result = import_file(project, path, mapping=mapping)
    assert result.other_currency == 0 and result.rates == {"CAD": 0.74, "MXN": 0.05}
    assert "converted to USD at the rates given (1 CAD = 0.74 USD, 1 MXN = 0.05 USD)" in str(result.summary())
    rows = project.cursor().execute("SELECT order_id, event_type, amount FROM events ORDER BY order_id").fetchall()
    assert rows == [("114-1", "purchase", 10.0), ("114-2", "purchase", pytest.approx(9.99)),
                    ("114-3", "purchase", 20.0), ("114-4", "refund", pytest.approx(-8.5)),
                    ("114-5", "purchase", 5.0), ("114-6", "purchase", 10.0)]
    assert [n.id for n in import_notes(project, result.import_id)] == ["import.result.converted"]
    project.close()


def test_the_command_line_names_the_main_currency_and_the_rates(tmp_path):
    """``--main-currency CAD --rate USD=1.35``: spend in Canadian dollars, the US lines (and the line naming no
    currency: the file's own, USD) converted, the Mexican one without spend and said."""
    import duckdb

    from cli.app import main

    path = tmp_path / "amazon_orders.txt"
    path.write_text(AMAZON, encoding="utf-8")
    project = tmp_path / "p.shiftwise"
    assert main(["import", str(project), str(path), "--main-currency", "cad", "--rate", "USD=1,35"]) == 0
    con = duckdb.connect(str(project), read_only=True)
    spend = dict(con.execute("SELECT order_id, amount FROM events").fetchall())
    con.close()
    assert spend == {"114-1": 13.5, "114-2": 13.5, "114-3": 27.0, "114-4": None, "114-5": 6.75, "114-6": 13.5}


@pytest.mark.parametrize("rates,problem", [({"CAD": 0}, "positive"), ({"CAD": "a lot"}, "no number"),
                                          ({"": 1.2}, "without its currency"), ([1.2], "an object")])
def test_a_mapping_with_a_rate_that_is_no_rate_is_refused_with_its_reason(rates, problem):
    from engine.ingest.mapping import Mapping

    with pytest.raises(ValueError, match=problem):
        Mapping.from_dict({"columns": {"customer_id": "c", "ts": "t"}, "currency_rates": rates})


def test_a_rate_for_the_yen_converts_the_amounts_written_with_its_sign(tmp_path):
    """``--rate JPY=0.00625`` for a file writing ``¥2,000``: the sign is the yen the merchandiser names."""
    import json

    from engine.ingest import import_file, inspect_file
    from engine.store import create_project

    path = tmp_path / "orders.csv"
    path.write_text("order,customer,date,total\n1,a,2024-01-05,€12.50\n2,b,2024-01-06,€3.00\n"
                    "3,c,2024-01-07,\"¥2,000\"\n", encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    mapping = {**json.loads(inspect_file(None, path).guess.to_json()), "currency_rates": {"JPY": 0.00625}}
    result = import_file(project, path, mapping=mapping)
    assert result.other_currency == 0 and result.rates == {"¥": 0.00625}
    assert "(1 ¥ = 0.00625 EUR)" in str(result.summary())
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == pytest.approx(28.0)
    project.close()


AMAZON_CA = ("amazon-order-id\tpurchase-date\torder-status\tsales-channel\tproduct-name\tsku\tquantity\tcurrency\t"
             "item-price\tbuyer-email\n"
             "115-1\t2017-02-05T10:00:00+00:00\tShipped\tAmazon.ca\tSoap\tS1\t1\tCAD\t13.50\tz@x.com\n"
             "115-2\t2017-02-06T10:00:00+00:00\tShipped\tAmazon.ca\tSoap\tS1\t2\tCAD\t27.00\ty@x.com\n")


def test_a_file_in_another_currency_than_the_projects_is_read_as_one(tmp_path):
    """Amazon.com's report imported, then Amazon.ca's alone in its file: its dollars are Canadian, not the project's
    (summed as one money until session 48); at the rate given they count."""
    import json

    from engine.ingest import import_file
    from engine.store import create_project

    us, ca = tmp_path / "amazon_orders.txt", tmp_path / "amazon_ca_orders.txt"
    us.write_text(AMAZON, encoding="utf-8")
    ca.write_text(AMAZON_CA, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    import_file(project, us)
    result = import_file(project, ca)
    assert result.currencies == ["USD", "CAD"] and result.other_currency == 2
    assert "2 lines are in another currency than USD (such as CAD)" in str(result.summary())
    # the mapping dialog's preview reads it so too, and offers its rate
    from engine.ingest import inspect_file, preview_mapping

    preview = preview_mapping(project, ca, inspect_file(project, ca).guess)
    assert preview.currencies == ("USD", "CAD") and [row[-1] for row in preview.rows] == [None, None]
    alone = create_project(tmp_path / "alone.shiftwise")
    assert import_file(alone, ca).other_currency == 0          # a project of its own: its spend is in CAD
    alone.close()
    again = create_project(tmp_path / "again.shiftwise")
    import_file(again, us)
    rated = import_file(again, ca, mapping={**json.loads(result_mapping(ca)), "currency_rates": {"CAD": 0.74}})
    assert rated.other_currency == 0 and rated.rates == {"CAD": 0.74}
    assert again.cursor().execute("SELECT sum(amount) FROM events WHERE order_id LIKE '115-%'").fetchall()[0][0] \
        == pytest.approx(40.5 * 0.74)
    project.close()
    again.close()


def result_mapping(path) -> str:
    from engine.ingest import inspect_file

    return inspect_file(None, path).guess.to_json()


def _sorted_by_store(first: list[str], then: list[str], column: bool) -> str:
    """An export sorted by store: the lines of ``first`` (each a currency, or a marked amount) past the sample's
    5,000, then those of ``then``."""
    from engine.ingest.loader import SAMPLE_ROWS

    head = "customer_id,ts,category,amount" + (",currency" if column else "") + "\n"
    lines = []
    for i, value in enumerate(first + then):
        amount, currency = ("10.50", value) if column else (f'"{value}"', None)
        lines.append(f"c{i % 700},2024-0{1 + i * 3 // (len(first) + len(then))}-{1 + i % 28:02d} 10:00:00,Tea,{amount}"
                     + (f",{currency}" if column else "") + "\n")
    assert len(first) > SAMPLE_ROWS
    return head + "".join(lines)


def test_a_mark_the_first_lines_do_not_write_is_another_currency(tmp_path):
    """A store's dollars first, then another store's euros: the sample saw one mark (the shop's own money) and the euros
    were summed as dollars without a word until session 51; the whole file's marks are counted as it is read."""
    project, result = _import(tmp_path, "orders.csv", _sorted_by_store(["$12.50"] * 5200, ["€10.00"] * 800, False))
    assert result.rows_loaded == 6000 and result.other_currency == 800 and result.currencies == ["$", "EUR"]
    assert "800 lines are in another currency than $ (such as EUR)" in str(result.summary())
    assert project.cursor().execute("SELECT sum(amount), count(amount) FROM events").fetchall() == [(5200 * 12.5, 5200)]
    project.close()


def test_the_main_currency_is_the_one_most_of_the_files_lines_are_in(tmp_path):
    """The first 5,200 lines in USD, the next 9,000 in EUR: the file's money is the euro (the sample's first lines
    named the dollar); the command line's --main-currency still chooses."""
    text = _sorted_by_store(["USD"] * 5200, ["EUR"] * 9000, True)
    project, result = _import(tmp_path, "orders.csv", text)
    assert result.currencies == ["EUR", "USD"] and result.other_currency == 5200
    assert project.cursor().execute("SELECT count(amount) FROM events").fetchall()[0][0] == 9000
    columns = [r[0] for r in project.cursor().execute("DESCRIBE events").fetchall()]
    assert not any(c.startswith("_ingest") for c in columns)     # the pass's column goes with the import
    project.close()
    from engine.ingest import import_file
    from engine.store import create_project

    chosen = create_project(tmp_path / "usd.shiftwise")
    result = import_file(chosen, tmp_path / "orders.csv", main_currency="USD")
    assert result.currencies == ["USD", "EUR"] and result.other_currency == 9000
    chosen.close()


def test_a_currency_the_sample_did_not_meet_is_named_and_the_file_read_once(tmp_path, monkeypatch):
    """The sample's main currency is the file's: its decision stands (no second read), and a currency met only later
    is among the ones the import names."""
    import engine.ingest.loader as loader

    reads = []
    original = loader._read_events
    monkeypatch.setattr(loader, "_read_events", lambda *a, **k: reads.append(1) or original(*a, **k))
    project, result = _import(tmp_path, "orders.csv", _sorted_by_store(["USD"] * 5200, ["CAD"] * 300, True))
    assert reads == [1]
    assert result.currencies == ["USD", "CAD"] and result.other_currency == 300
    project.close()


def test_the_mapping_preview_names_the_whole_files_currencies_and_reads_its_rows_with_them(tmp_path, monkeypatch):
    """The dialog's preview read the first 200 rows' currencies until session 52: a file sorted by store showed no
    rate box for a currency met later, and "Spend is in" the first rows' while the import took the whole file's. It
    counts them once per open file and reading of them (the dialog previews again on every change of a column)."""
    from engine.ingest import currencies
    from engine.ingest.open_files import OpenFiles
    from engine.ingest.preview import preview_mapping

    path = tmp_path / "orders.csv"
    path.write_text(_sorted_by_store(["USD"] * 5200, ["EUR"] * 9000, True), encoding="utf-8")
    columns = {"customer_id": "customer_id", "ts": "ts", "category": "category", "amount": "amount",
               "currency": "currency"}
    mapping = {"columns": columns}
    preview = preview_mapping(None, path, mapping)
    assert preview.currencies == ("EUR", "USD")
    # the first rows are dollars: no spend, as the import reads them
    assert len(preview.rows) == 200 and {r[8] for r in preview.rows} == {None}
    assert preview_mapping(None, path, {**mapping, "main_currency": "USD"}).currencies == ("USD", "EUR")

    counts = []
    original = currencies.in_file
    monkeypatch.setattr(currencies, "in_file", lambda *a, **k: counts.append(1) or original(*a, **k))
    files = OpenFiles()
    try:
        for m in (mapping, {"columns": {**columns, "category": "customer_id"}}, {**mapping, "main_currency": "USD"}):
            preview_mapping(None, path, m, files=files)
        assert len(counts) == 2          # another main currency is counted again, another category column is not
    finally:
        files.close()
    marks = tmp_path / "marks.csv"
    marks.write_text(_sorted_by_store(["$12.50"] * 5200, ["€10.00"] * 800, False), encoding="utf-8")
    preview = preview_mapping(None, marks, {"columns": {k: v for k, v in columns.items() if k != "currency"}})
    assert preview.currencies == ("$", "EUR") and {r[8] for r in preview.rows} == {12.5}


def test_a_dollar_sign_is_the_projects_dollar(tmp_path):
    """A US shop's Shopify orders (a currency column, USD), then its WooCommerce export (``$12.50``): until session 52
    the ``$`` lines were another currency than the project's USD and every one counted without spend. In a project in
    euros they still are another currency; and ``$`` beside ``CA$`` names no one dollar."""
    from engine.ingest import import_file
    from engine.ingest.currencies import mains
    from engine.store import create_project

    shopify = tmp_path / "shopify.csv"
    shopify.write_text("customer_id,ts,category,amount,currency\nc1,2024-01-02 10:00:00,Tea,10.00,USD\n"
                       "c2,2024-01-03 10:00:00,Tea,12.00,CAD\nc3,2024-01-04 10:00:00,Tea,9.00,USD\n", encoding="utf-8")
    woo = tmp_path / "woo.csv"
    woo.write_text('customer_id,ts,category,amount\nc3,2024-02-02 10:00:00,Tea,"$10.00"\n'
                   'c4,2024-02-03 10:00:00,Tea,"$12.50"\n', encoding="utf-8")
    project = create_project(tmp_path / "usd.shiftwise")
    assert import_file(project, shopify).currencies == ["USD", "CAD"]
    result = import_file(project, woo)
    assert result.other_currency == 0
    assert project.cursor().execute("SELECT sum(amount) FROM events WHERE customer_id IN ('c3', 'c4') "
                                    "AND ts >= '2024-02-01'").fetchall()[0][0] == 22.5
    project.close()
    euros = create_project(tmp_path / "eur.shiftwise")
    result = import_file(euros, woo, main_currency="EUR")
    assert result.other_currency == 2 and result.currencies == ["EUR", "$"]
    euros.close()
    assert mains(("USD", "$")) == ("USD", "$") and mains(("CAD", "EUR")) == ("CAD", "$")
    assert mains(("USD", "CAD", "$")) == ("USD",) and mains(("$", "CAD")) == ("$",)
    assert mains(("JPY", "$")) == ("JPY", "¥")


def test_marks_after_plain_amounts_are_read_as_currencies(tmp_path, monkeypatch):
    """A US project's file sorted by store: its first 5,200 amounts plain numbers (``12.50``), then 800 written
    ``€10.00``. The sample saw no mark and every line was summed as dollars until session 53; plain amounts, most of
    the lines, are the project's money, the euros another currency; so with a main currency named and two marks. In
    a new project one mark after plain amounts stays the shop's own money, and the mapping dialog does not read the
    whole file for marks (as the import does not)."""
    from engine.ingest import import_file
    from engine.ingest.preview import preview_mapping
    from engine.store import create_project

    path = tmp_path / "orders.csv"
    path.write_text(_sorted_by_store(["12.50"] * 5200, ["€10.00"] * 800, False), encoding="utf-8")
    project = create_project(tmp_path / "usd.shiftwise")
    result = import_file(project, path, main_currency="USD")
    assert result.currencies == ["USD", "EUR"] and result.other_currency == 800
    assert "800 lines are in another currency than USD (such as EUR)" in str(result.summary())
    assert project.cursor().execute("SELECT sum(amount), count(amount) FROM events").fetchall() == [(5200 * 12.5, 5200)]
    columns = [r[0] for r in project.cursor().execute("DESCRIBE events").fetchall()]
    assert not any(c.startswith("_ingest") for c in columns)
    # the mapping dialog names them too (a rate box for the euros), its first rows' dollars spend
    roles = {"customer_id": "customer_id", "ts": "ts", "category": "category", "amount": "amount"}
    preview = preview_mapping(project, path, {"columns": roles})
    assert preview.currencies == ("USD", "EUR") and {r[8] for r in preview.rows} == {12.5}
    project.close()

    for sub in ("new", "one"):
        (tmp_path / sub).mkdir()
    two = tmp_path / "two.csv"
    two.write_text(_sorted_by_store(["12.50"] * 5200, ["€10.00"] * 500 + ["£8.00"] * 300, False), encoding="utf-8")
    project = create_project(tmp_path / "new" / "eur.shiftwise")
    result = import_file(project, two, main_currency="EUR")
    assert result.currencies == ["EUR", "GBP"] and result.other_currency == 300
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 5200 * 12.5 + 500 * 10
    project.close()
    project, result = _import(tmp_path / "one", "orders.csv", path.read_text(encoding="utf-8"))
    assert result.currencies == [] and result.other_currency == 0
    project.close()

    import engine.ingest.preview as preview_module

    whole = []
    original = preview_module._file_currencies
    monkeypatch.setattr(preview_module, "_file_currencies", lambda *a, **k: whole.append(1) or original(*a, **k))
    assert preview_mapping(None, path, {"columns": roles}).currencies == () and whole == []


def test_two_marks_after_plain_amounts_in_a_new_project_are_currencies(tmp_path, monkeypatch):
    """A new project's file, its first 5,200 amounts plain numbers, then 500 in euros and 300 in pounds: the sample saw
    no mark, no currency was named, and the pass summed every line as one money until session 61. The pass now marks
    an amount written with a mark, and a file that has one is read again with the whole file's marks: the plain
    amounts, most lines, are the main money; the pounds another currency. A file of plain amounts is read once."""
    import engine.ingest.loader as loader
    from engine.ingest import currencies

    reads, counts = [], []
    original, counted = loader._read_events, currencies.in_file
    monkeypatch.setattr(loader, "_read_events", lambda *a, **k: reads.append(1) or original(*a, **k))
    monkeypatch.setattr(currencies, "in_file", lambda *a, **k: counts.append(a[1]) or counted(*a, **k))
    text = _sorted_by_store(["12.50"] * 5200, ["€10.00"] * 500 + ["£8.00"] * 300 + ["-€2.00"] * 10, False)
    (tmp_path / "mixed").mkdir()
    project, result = _import(tmp_path / "mixed", "orders.csv", text)
    assert result.rows_loaded == 6010 and result.currencies == ["EUR", "GBP"] and result.other_currency == 300
    assert "300 lines are in another currency than EUR (such as GBP)" in str(result.summary())
    # the plain amounts are the euros' (a line naming none is in the main money); the refunds are theirs too
    assert project.cursor().execute("SELECT sum(amount), count(amount), count(*) FILTER (WHERE isinf(amount)) "
                                    "FROM events").fetchall() == [(5200 * 12.5 + 500 * 10 - 10 * 2, 5710, 0)]
    # the pass, the whole file's marks counted, the pass again (its sample's readings counted again)
    assert len(reads) == 2 and [c != "_ingest_sample" for c in counts] == [False, True, False]
    project.close()

    reads.clear(), counts.clear()
    (tmp_path / "plain").mkdir()
    project, result = _import(tmp_path / "plain", "orders.csv", _sorted_by_store(["12.50"] * 5300, ["9"] * 10, False))
    assert result.currencies == [] and reads == [1] and counts == ["_ingest_sample"]
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] == 5300 * 12.5 + 90
    project.close()


@pytest.mark.parametrize("later, summed", [(["$12.50"] * 300, 300 * 12.5),
                                           (["12.50 USD", "N/A", "(3.00)"] * 100, 950.0)])
def test_one_mark_after_plain_amounts_is_the_shops_own_money(tmp_path, later, summed):
    """One mark after plain amounts (or none: an amount that reads as no number, an accounting negative) is the shop's
    own money: every amount is spend, as before, after the file is read again for the mark."""
    project, result = _import(tmp_path, "orders.csv", _sorted_by_store(["12.50"] * 5200, later, False))
    assert result.currencies == [] and result.other_currency == 0
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] \
        == pytest.approx(5200 * 12.5 + summed)
    project.close()


def test_marks_after_plain_decimal_comma_amounts_are_currencies(tmp_path):
    """The same in a decimal-comma file (``12,50``, then ``10,00 €`` and ``8,00 kr``): its plain numbers are kept from
    the marks' reading by a cast, its marked amounts are read with their decimal comma."""
    text = _sorted_by_store(["12,50"] * 5200, ["10,00 €"] * 400 + ["8,00 kr"] * 100 + ["1.234,50"] * 10, False)
    project, result = _import(tmp_path, "orders.csv", text)
    assert result.currencies == ["EUR", "KR"] and result.other_currency == 100
    assert project.cursor().execute("SELECT sum(amount) FROM events").fetchall()[0][0] \
        == pytest.approx(5200 * 12.5 + 400 * 10 + 10 * 1234.5)
    project.close()

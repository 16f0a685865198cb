"""An order's total written on each of its lines is shared out over them; line amounts, and a shop whose
every product costs the same, are left as they are."""

from __future__ import annotations

import pytest

from engine.ingest import import_file
from engine.read.imports import import_notes
from engine.store import create_project

HEADER = "订单编号,客户账号,下单时间,商品编号,商品名称,订购数量,应付金额\n"


def _orders(amounts: list[list[float]]) -> str:
    """One order per list, one line per amount; customers c0..c4 in turn, a day apart."""
    lines = []
    for o, order in enumerate(amounts):
        for i, amount in enumerate(order):
            lines.append(f"{1000 + o},c{o % 5},2017-01-{o % 28 + 1:02d} 10:00:00,S{i},商品{i},1,{amount}\n")
    return HEADER + "".join(lines)


def _import(tmp_path, text: str):
    path = tmp_path / "jd.csv"
    path.write_text(text, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        per_order = dict(project.query("SELECT order_id, round(sum(amount), 6) FROM events GROUP BY 1"))
        return result, per_order, import_notes(project, result.import_id)
    finally:
        project.close()


def test_an_order_total_on_each_line_is_shared_out_over_the_lines(tmp_path):
    totals = [30.0, 12.0, 45.0, 8.0, 60.0, 20.0, 90.0, 15.0]
    sizes = [3, 1, 3, 1, 2, 1, 3, 1]
    result, per_order, notes = _import(tmp_path, _orders([[t] * n for t, n in zip(totals, sizes)]))
    assert result.orders_shared == 4 and result.amount_column == "应付金额"
    assert per_order == {str(1000 + o): t for o, t in enumerate(totals)}   # each order adds up to its total once
    assert "应付金额 held each order's total on every line: shared out over the lines of 4 orders" in str(
        result.summary())
    assert result.to_dict()["orders_shared"] == 4
    assert [str(n) for n in notes] == [
        "应付金额 held each order's total on every line: shared out over the lines of 4 orders"]


@pytest.mark.parametrize("amounts", [
    # line amounts: the lines of an order differ
    [[10.0, 20.0, 5.0], [12.0], [3.0, 4.0], [8.0], [6.0, 9.0, 1.0], [7.0]],
    # a shop whose every product costs 9.9: equal lines, but no larger than a single line
    [[9.9, 9.9, 9.9], [9.9], [9.9, 9.9], [9.9], [9.9, 9.9, 9.9], [9.9], [9.9, 9.9], [9.9]],
])
def test_line_amounts_are_left_as_they_are(tmp_path, amounts):
    result, per_order, notes = _import(tmp_path, _orders(amounts))
    assert result.orders_shared == 0 and result.to_dict()["amount_column"] == "" and notes == []
    assert per_order == {str(1000 + o): round(sum(order), 6) for o, order in enumerate(amounts)}


WOO = ("Order Number,Order Date,Email (Billing),Order Total Amount,SKU,Item Name,Quantity (- Refund),Item Cost\n"
       "1001,2024-01-05 10:00,a@x.com,50.00,BEANIE,Beanie,1,5.00\n"
       "1001,2024-01-05 10:00,a@x.com,50.00,HOODIE,Hoodie,1,45.00\n"
       "1002,2024-01-06 10:00,b@x.com,12.00,POSTER,Poster,2,6.00\n"
       "1003,2024-01-07 10:00,c@x.com,104.90,HOODIE,Hoodie,2,45.00\n"
       "1003,2024-01-07 10:00,c@x.com,104.90,BEANIE,Beanie,1,5.00\n"
       "1003,2024-01-07 10:00,c@x.com,104.90,POSTER,Poster,1,6.00\n"
       "1004,2024-01-08 10:00,a@x.com,\"1,011.00\",ALBUM,Album,1,11.00\n"
       "1004,2024-01-08 10:00,a@x.com,\"1,011.00\",DESK,Desk,1,\"1,000.00\"\n")


def _import_woo(tmp_path, text):
    path = tmp_path / "woo.csv"
    path.write_text(text, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    try:
        result = import_file(project, path)
        lines = project.query("SELECT order_id, item_id, amount FROM events ORDER BY order_id, item_id")
        return result, lines, [str(n) for n in import_notes(project, result.import_id)]
    finally:
        project.close()


def test_an_order_total_beside_the_lines_prices_gives_each_line_its_own_amount(tmp_path):
    """A WooCommerce export writes the order's total on its every line beside each line's unit price: shared out
    evenly, a 5.00 beanie and a 45.00 hoodie were each 25.00 (the shop's spend right, its categories' wrong). The
    prices add up to the totals (an order's shipping within 25%): each line is its price times its quantity."""
    result, lines, notes = _import_woo(tmp_path, WOO)
    assert result.columns["amount"] == "Order Total Amount" and result.columns["unit_price"] == "Item Cost"
    assert result.orders_shared == 0 and result.totals_priced == "Order Total Amount"
    assert lines == [("1001", "BEANIE", 5.0), ("1001", "HOODIE", 45.0), ("1002", "POSTER", 12.0),
                     ("1003", "BEANIE", 5.0), ("1003", "HOODIE", 90.0), ("1003", "POSTER", 6.0),
                     ("1004", "ALBUM", 11.0), ("1004", "DESK", 1000.0)]
    said = ("Order Total Amount holds each order's total on its every line: each line's amount is its Item Cost times "
            "its quantity")
    assert said in str(result.summary()) and notes == [said]


def test_prices_that_do_not_add_up_to_the_repeated_total_leave_it_shared_out(tmp_path):
    """A repeated amount the lines' prices do not make (a loyalty balance, a total in another unit): the lines'
    prices say nothing about it, and the total is shared out as before."""
    text = WOO.replace(",50.00,", ",500.00,").replace(",104.90,", ",900.00,").replace('"1,011.00"', '"9,000.00"')
    result, lines, _notes = _import_woo(tmp_path, text)
    assert result.totals_priced == "" and result.orders_shared == 3
    assert dict(((o, i), a) for o, i, a in lines)[("1001", "BEANIE")] == 250.0


def test_the_preview_shows_the_lines_own_amounts(tmp_path):
    from engine.ingest import inspect_file, preview_mapping

    path = tmp_path / "woo.csv"
    path.write_text(WOO, encoding="utf-8")
    preview = preview_mapping(None, path, inspect_file(None, path).guess)
    assert [row[-1] for row in preview.rows] == [5.0, 45.0, 12.0, 90.0, 5.0, 6.0, 11.0, 1000.0]

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

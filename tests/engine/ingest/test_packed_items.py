"""An order's items packed into one cell (WooCommerce's and BigCommerce's exports of a row per order) are read as a
line per item: until session 48 such a shop had orders but no products."""

from __future__ import annotations

import csv
import io

import pytest

from engine.ingest import import_file, inspect_file
from engine.ingest.packed_items import parse
from engine.store import create_project, open_project


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


WOO = _csv([
    ["order_id", "order_date", "status", "shipping_total", "order_total", "billing_email", "line_items"],
    ["101", "2024-01-05 10:00:00", "completed", "4.90", "54.90", "a@x.test",
     "id:11|name:Hoodie|product_id:7|variation_id:0|sku:HD-1|quantity:1|subtotal:45.00|total:45.00|meta:;"
     "id:12|name:Beanie|product_id:8|variation_id:0|sku:BN-2|quantity:1|subtotal:5.00|total:5.00|meta:"],
    ["102", "2024-01-06 11:00:00", "completed", "4.90", "26.90", "b@x.test",
     "id:13|name:Album: Live|product_id:9|variation_id:0|sku:AL-4|quantity:2|subtotal:22.00|total:22.00|meta:"],
    ["103", "2024-01-07 12:00:00", "cancelled", "4.90", "9.90", "a@x.test",
     "id:14|name:Beanie|product_id:8|variation_id:0|sku:BN-2|quantity:1|subtotal:5.00|total:5.00|meta:"],
])

BIGCOMMERCE = _csv([
    ["Order ID", "Customer Email", "Order Date", "Order Status", "Order Total (inc tax)", "Product Details"],
    ["201", "c@x.test", "2024-02-01", "Completed", "232.00",
     "Product ID: 77, Product Qty: 1, Product SKU: JAR-1, Product Name: Jar, 1 L, Product Weight: 1.0000, "
     "Product Variation Details: , Product Unit Price: 7.00, Product Total Price: 7.00|Product ID: 78, Product Qty: 1, "
     "Product SKU: ABS, Product Name: Able Brewing System, Product Weight: 1.0000, Product Variation Details: , "
     "Product Unit Price: 225.00, Product Total Price: 225.00"],
    ["202", "d@x.test", "2024-02-02", "Completed", "14.00",
     "Product ID: 77, Product Qty: 2, Product SKU: JAR-1, Product Name: Jar, 1 L, Product Weight: 1.0000, "
     "Product Variation Details: , Product Unit Price: 7.00, Product Total Price: 14.00"],
])


def _import(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    project = create_project(tmp_path / "p.shiftwise")
    result = import_file(project, path)
    rows = project.query("SELECT order_id, item_id, item_name, quantity, amount FROM events "
                         "ORDER BY order_id, item_id")
    project.close()
    return result, rows


def test_a_woocommerce_export_of_a_row_per_order_is_read_as_its_items(tmp_path):
    from engine.read.imports import import_notes

    result, rows = _import(tmp_path, "orders.csv", WOO)
    assert result.rows_loaded == 3 and result.rows_skipped == 1       # the cancelled order's line left out
    said = "line_items packed each order's items in one cell: read as a line per item"
    assert said in str(result.summary())
    project = open_project(tmp_path / "p.shiftwise")
    assert [str(n) for n in import_notes(project, result.import_id)] == [said]
    project.close()
    assert rows == [("101", "BN-2", "Beanie", 1.0, 5.0), ("101", "HD-1", "Hoodie", 1.0, 45.0),
                    ("102", "AL-4", "Album: Live", 2.0, 22.0)]


def test_a_bigcommerce_export_of_a_row_per_order_is_read_as_its_items(tmp_path):
    """BigCommerce's Product Details: items between bars, fields between commas (a name's own comma kept)."""
    result, rows = _import(tmp_path, "orders.csv", BIGCOMMERCE)
    assert result.rows_loaded == 3
    assert rows == [("201", "ABS", "Able Brewing System", 1.0, 225.0), ("201", "JAR-1", "Jar, 1 L", 1.0, 7.0),
                    ("202", "JAR-1", "Jar, 1 L", 2.0, 14.0)]


def test_the_mapping_dialog_sees_the_items_columns(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(WOO, encoding="utf-8")
    inspection = inspect_file(None, path)
    assert "line_items" not in inspection.header
    assert {"Item Name", "Item SKU", "Item Quantity", "Item Total"} <= set(inspection.header)
    assert inspection.guess.columns["item_name"] == "Item Name" and inspection.guess.columns["amount"] == "Item Total"


@pytest.mark.parametrize("value", ["Size: L, Color: Red", "gift wrap", "name:Hoodie|colour:red"])
def test_a_column_of_other_key_values_is_not_taken_for_items(tmp_path, value):
    """A variation's details (Size: L) name no item and no quantity: the file is read as it is."""
    text = _csv([["order", "customer", "date", "amount", "details"],
                 *[[str(i), f"c{i}", f"2024-01-0{i + 1}", "10", value] for i in range(4)]])
    path = tmp_path / "lines.csv"
    path.write_text(text, encoding="utf-8")
    assert "details" in inspect_file(None, path).header


def test_a_packed_cell_reads_as_its_items_or_as_none():
    assert parse("name:A|quantity:2;name:B|quantity:1", ";", "|") == [{"name": "A", "quantity": "2"},
                                                                      {"name": "B", "quantity": "1"}]
    assert parse("Product Name: A, B, Product Qty: 3", "|", ", ") == [{"name": "A, B", "qty": "3"}]
    assert parse("just words", ";", "|") is None


def test_a_cancel_stops_the_copy_of_a_packed_file(tmp_path):
    """The copy with a line per item is written as the file is opened (for the import, or the mapping dialog's
    look at it): a cancel stops it within CHECK_EVERY orders."""
    from engine.ingest.readers import open_source
    from engine.jobs import CancelToken, JobCancelled

    path = tmp_path / "orders.csv"
    path.write_text(WOO, encoding="utf-8")
    token = CancelToken()
    token.cancel()
    with pytest.raises(JobCancelled):
        open_source(path, cancel=token)
    source = open_source(path, cancel=CancelToken())
    assert source.items_unpacked == "line_items"
    source.close()

"""An order's items packed into one cell, written out as a line per item.

Some exports write a row per order and its items in one column: WooCommerce's order export plugins
(``line_items``: ``name:Hoodie|sku:HD-1|quantity:1|total:45.00;name:Beanie|…``) and BigCommerce's
(``Product Details``: ``Product ID: 77, Product Qty: 1, Product SKU: HD-1, Product Name: Hoodie, …, Product Total
Price: 45.00|Product ID: …``). Read as they are, the shop had orders but no products: no product groups, no
categories, nothing for decay, migration or the campaigns to work on.

Such a file is read from a copy with a row per item: the order's columns repeated, the packed column replaced by the
item's (:data:`COLUMNS`: name, SKU, quantity, total, unit price, those the items have), so the header's words, the
formats, the mapping dialog and the import read it as any export of order lines. A column is taken as packed when
most of the first rows' values split into records of ``key: value`` fields naming an item and its quantity.

The import and the Data page say the column was read so. The copy's lines are not the file's: a rejected row of
such a file is numbered by the copy's line. The copy is written as the file is opened, at about 140,000 items a
second (the dev file's 963,872 lines as 97,406 orders: 6.1 s packed as WooCommerce's, 7.0 s as BigCommerce's), and
stops on a cancel.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from engine.jobs import CancelToken

#: The item columns of the copy, by the packed fields' keys (lower case, ``product `` taken off)
COLUMNS = {"name": "Item Name", "title": "Item Name", "sku": "Item SKU", "product_id": "Item SKU",
           "id": "Item SKU", "quantity": "Item Quantity", "qty": "Item Quantity", "total": "Item Total",
           "total price": "Item Total", "line total": "Item Total", "unit price": "Item Price", "price": "Item Price"}
#: The ways of packing: (between records, between fields); a field is ``key:value``
PACKINGS = ((";", "|"), ("|", ", "))
#: The share of the first rows' values that must read as packed items
MIN_SHARE = 0.8
_KEY_NAME = re.compile(r"[A-Za-z][A-Za-z _]{0,30}")


@dataclass(frozen=True)
class Packing:
    column: int                 # the packed column's position
    records: str                # between an order's items
    fields: str                 # between an item's fields
    outputs: tuple[str, ...]    # the copy's item columns (COLUMNS' values), in order


@lru_cache(maxsize=256)
def _key(raw: str) -> str | None:
    """A field's key as :data:`COLUMNS` names it (``Product Qty``: ``qty``), None when it is no key (a value's own
    text before a colon)."""
    key = raw.strip()
    if not _KEY_NAME.fullmatch(key):
        return None
    key = key.lower()
    return key[len("product "):] if key.startswith("product ") else key


def parse(value: str, records: str, fields: str) -> list[dict[str, str]] | None:
    """The items of one packed cell (key -> value), None when it does not read as packed this way."""
    items = []
    for record in value.split(records):
        if not record.strip():
            continue
        item: dict[str, str] = {}
        last = None
        for part in record.split(fields):
            raw, colon, text = part.partition(":")
            key = _key(raw) if colon else None
            if key is not None:
                last = key
                item[key] = text.strip()
            elif last is not None:      # the separator inside a value (a name with a comma)
                item[last] += fields + part.rstrip()
            else:
                return None
        if len(item) < 2:
            return None
        items.append(item)
    return items or None


def detect(header: list[str], sample: list[list[str]]) -> Packing | None:
    """The column whose first rows' values are an order's items packed, and how; None when there is none."""
    for i in range(len(header)):
        values = [r[i] for r in sample if i < len(r) and r[i].strip()]
        if len(values) < 2:
            continue
        for records, fields in PACKINGS:
            parsed = [parse(v, records, fields) for v in values]
            read = [p for p in parsed if p]
            if len(read) < MIN_SHARE * len(values):
                continue
            keys = {k for items in read for item in items for k in item}
            outputs = tuple(dict.fromkeys(COLUMNS[k] for k in keys if k in COLUMNS))
            if "Item Name" in outputs and "Item Quantity" in outputs:
                order = list(dict.fromkeys(COLUMNS.values()))
                return Packing(i, records, fields, tuple(sorted(outputs, key=order.index)))
    return None


#: Orders written between two looks at the cancel token (~0.05 s)
CHECK_EVERY = 5_000


def write_lines(read_path: Path, out: Path, delimiter: str, skip: int, packing: Packing,
                cancel: CancelToken | None = None) -> None:
    """``read_path`` (UTF-8, its header after ``skip`` lines) as a CSV with a row per item (an order with no items
    read keeps its row, the item's columns blank); ``cancel`` is looked at every :data:`CHECK_EVERY` orders."""
    keys_of = {col: [k for k, c in COLUMNS.items() if c == col] for col in packing.outputs}
    with open(read_path, "r", encoding="utf-8-sig", errors="replace", newline="") as fh, \
            open(out, "w", encoding="utf-8", newline="") as dest:
        for _ in range(skip):
            fh.readline()
        reader = csv.reader(fh, delimiter=delimiter)
        writer = csv.writer(dest)
        at = packing.column
        head = next(reader, None)
        if head is None:
            return
        writer.writerow(head[:at] + list(packing.outputs) + head[at + 1:])
        for n, row in enumerate(reader):
            if cancel is not None and n % CHECK_EVERY == 0:
                cancel.raise_if_cancelled()
            if at >= len(row):
                writer.writerow(row)
                continue
            items = parse(row[at], packing.records, packing.fields) or [{}]
            for item in items:
                cells = [next((item[k] for k in keys_of[col] if item.get(k)), "") for col in packing.outputs]
                writer.writerow(row[:at] + cells + row[at + 1:])

"""An order's total written on every line of the order, shared out over its lines.

Some exports put the order's amount on each of its item lines (a JD or ERP export whose 应付金额 is the
order's, a Taobao item report merged with its order report by a VLOOKUP): read as line amounts, an order
of three lines counts its total three times, and the customer's spend, the category's and the shop's
are inflated by the lines per order. It is told by the data, not by the header's words: the lines of
almost every order with more than one line hold the same amount, and that amount is larger than a
single-line order's by about the number of lines (a shop whose every product costs the same has equal
line amounts too, but no larger ones). Then each line of such an order gets the total over the number
of its lines, so an order's lines add up to its total again.

The first rows read to recognise the file say whether to look at all (a look at every order costs a
grouping of the import's rows), so a file with line amounts costs nothing.

When the lines have a unit price too (a WooCommerce export's ``Item Cost`` beside its ``Order Total Amount``) and
the first rows' orders' prices times quantities add up to their totals, the lines' own amounts are known: each is
its price times its quantity (:func:`priced_lines`), not an even share of the total (a 5.00 beanie and a 45.00
hoodie of one order were each 25.00: the categories' spend was wrong though the shop's was right).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

import duckdb

from engine.ingest.mapping import Mapping
from engine.ingest.readers import Source

#: the share of orders with more than one line whose lines all hold one amount
MIN_REPEATED_SHARE = 0.9
#: orders with more than one line needed to judge (in the first rows, and in the whole file)
MIN_ORDERS = 3
#: how much larger a line of such an order must be than a single-line order (medians)
MIN_RATIO = 1.5
#: how far an order's total may be from its lines' prices times quantities (shipping, tax, a discount)
PRICED_TOLERANCE = 0.25


def repeated_in_sample(source: Source, mapping: Mapping) -> bool:
    """Whether the file's first rows look like an order's total on each of its lines."""
    order, amount = mapping.column("order_id"), mapping.column("amount")
    if mapping.fill_by_order or not order or not amount or order not in source.header or amount not in source.header:
        return False
    i, j = source.header.index(order), source.header.index(amount)
    lines: dict[str, list[str]] = defaultdict(list)
    for row in source.sample_rows:
        if max(i, j) < len(row) and row[i].strip() and row[j].strip():
            lines[row[i].strip()].append(row[j].strip())
    multi = [values for values in lines.values() if len(values) > 1]
    if len(multi) < MIN_ORDERS:
        return False
    repeated = sum(len(set(values)) == 1 for values in multi)
    return repeated >= MIN_REPEATED_SHARE * len(multi)


def priced_lines(source: Source, mapping: Mapping) -> bool:
    """Whether the file's first rows hold each order's total on its every line beside a unit price per line, the
    lines' prices times quantities adding up to the total (within :data:`PRICED_TOLERANCE`) in almost every order
    of several lines: the lines' amounts are then their own price times quantity."""
    if not mapping.column("unit_price") or not repeated_in_sample(source, mapping):
        return False
    header = source.header
    cols = [mapping.column(r) for r in ("order_id", "amount", "unit_price", "quantity")]
    if any(c is not None and c not in header for c in cols):
        return False
    at = [header.index(c) if c else None for c in cols]
    orders: dict[str, list[tuple[float | None, float | None]]] = defaultdict(list)
    for row in source.sample_rows:
        if max(i for i in at if i is not None) >= len(row) or not row[at[0]].strip():
            continue
        quantity = _number(row[at[3]]) if at[3] is not None else 1.0
        price = _number(row[at[2]])
        orders[row[at[0]].strip()].append((_number(row[at[1]]),
                                           price * (1.0 if quantity is None else quantity) if price is not None
                                           else None))
    multi = [lines for lines in orders.values() if len(lines) > 1 and all(a is not None and v is not None
                                                                           for a, v in lines)]
    if len(multi) < MIN_ORDERS:
        return False
    close = sum(abs(lines[0][0] - sum(v for _a, v in lines)) <= PRICED_TOLERANCE * abs(lines[0][0]) for lines in multi)
    return close >= MIN_REPEATED_SHARE * len(multi)


def without_total(mapping: Mapping) -> Mapping:
    """``mapping`` reading each line's amount from its unit price and quantity, not from the order's total."""
    return replace(mapping, columns={role: col for role, col in mapping.columns.items() if role != "amount"})


def _number(text: str) -> float | None:
    """A money or quantity value of the first rows as a number (1,234.50, 1.234,50, €12,50), None if none."""
    t = re.sub(r"[^0-9,.\-]", "", text)
    if "," in t and "." in t:
        t = t.replace(",", "") if t.rfind(".") > t.rfind(",") else t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", ".") if re.search(r",[0-9]{1,2}$", t) else t.replace(",", "")
    try:
        return float(t)
    except ValueError:
        return None


def share_out(cur: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """Share each repeated order total out over its lines, when the whole import shows the pattern; the
    number of orders shared out (0: the amounts are the lines' own)."""
    rows = cur.execute("""
        WITH o AS (SELECT order_id, event_type, count(*) AS n, count(DISTINCT amount) AS amounts,
                          any_value(amount) AS amount
                   FROM events WHERE import_id = ? AND order_id IS NOT NULL AND amount IS NOT NULL
                   GROUP BY order_id, event_type)
        SELECT count(*) FILTER (WHERE n > 1), count(*) FILTER (WHERE n > 1 AND amounts = 1),
               median(abs(amount)) FILTER (WHERE n > 1 AND amounts = 1), median(abs(amount)) FILTER (WHERE n = 1)
        FROM o""", [import_id]).fetchall()
    multi, repeated, multi_median, single_median = rows[0]
    if (not multi or multi < MIN_ORDERS or repeated < MIN_REPEATED_SHARE * multi
            or not single_median or not multi_median or multi_median < MIN_RATIO * single_median):
        return 0
    cur.execute("""
        UPDATE events SET amount = events.amount / o.n
        FROM (SELECT order_id, event_type, count(*) AS n FROM events
              WHERE import_id = ? AND order_id IS NOT NULL AND amount IS NOT NULL
              GROUP BY order_id, event_type HAVING count(*) > 1 AND count(DISTINCT amount) = 1) o
        WHERE events.import_id = ? AND events.order_id = o.order_id AND events.event_type = o.event_type""",
                [import_id, import_id])
    return int(repeated)

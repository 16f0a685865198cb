"""Order lines read with their orders: two files of one export, imported together.

Taobao's seller centre exports a shop's orders as a pair: 订单报表 (``ExportOrderList``: a row per order, its buyer,
its paid time, its titles joined in one cell) and 宝贝报表 (``ExportOrderDetailList``: a row per line, its order
number, title, price, quantity and status, and no buyer and no time). Neither alone is the shop's purchases: the
order list's products would be combinations of titles, and the lines have no customer. An ERP's order headers and
order lines are the same pair.

A file of lines is one whose mapping has an order id and lacks the customer or the time. Imported with a file whose
mapping has the order id, the customer and the time (the orders' file), each line takes its order's buyer and time
(and the order's status, region... when the lines have none) by its order id: the orders are staged in a temp table
(:data:`ORDERS`, an order once however many orders' files hold it), and the loader joins it to the lines as it stages
them (``loader.stage_text``). The orders' file lands no events of its own: it is recorded as an import (so the same
file imported again is known) that gave its orders to the lines. A line whose order is in no orders' file is
rejected with its line ("order not in the orders' file").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from engine.ingest.formats import NO_EVENT_FORMATS
from engine.ingest.formats._util import find
from engine.ingest.mapping import REQUIRED_ROLES, Mapping
from engine.ingest.parsing import id_expr, q, text_expr, whole_number_folded
from engine.ingest.readers import Source
from engine.messages import Message, msg

#: The staged orders: the order's key, then a column per role the lines take from it.
ORDERS = "_ingest_orders"
#: The orders' file's column that says a line found its order (NULL: the order is in no orders' file).
FOUND = "__order_found"
#: A joined line's position among the staged lines (the file's order).
POSITION = "__line_position"
#: What a line may take from its order: who, when, and what is said of the order or its buyer.
ORDER_ROLES = ("customer_id", "ts", "time_of_day", "currency", "status", "region", "channel", "member_level",
               "age_band", "gender")
#: Columns of Taobao's order report alone (an order's kinds of item, its items): its lines are in 宝贝报表.
ORDER_REPORT_MARKERS = ("宝贝种类", "宝贝总数量")
#: Columns of a file of lines: the order report has none of them.
LINE_MARKERS = ("购买数量", "子订单编号")
#: A line's stored reason when its order is in no orders' file of the import.
NO_ORDER = "order not in the orders' file"


def order_report_alone(source: Source, mapping: Mapping) -> Message | None:
    """The warning Taobao's order report imported without its lines calls for: each order lands as one line whose
    product is its titles joined; None for any other file."""
    if mapping.format != "taobao_seller" or not any(find(source.header, m) for m in ORDER_REPORT_MARKERS) \
            or any(find(source.header, m) for m in LINE_MARKERS):
        return None
    return msg("import.order_report_alone", name=source.path.name, column=mapping.column("item_name") or "宝贝标题")


def awaits_orders(mapping: Mapping) -> bool:
    """A mapping of order lines: an order id and an item, and no customer or no time (the orders' file has them).
    A file of an order's payments or reviews (Olist's) names orders but no items: its rows are no purchases."""
    missing = mapping.missing_required()
    return (bool(missing) and bool(mapping.column("order_id")) and set(missing) <= set(REQUIRED_ROLES)
            and bool(mapping.column("item_id") or mapping.column("item_name"))
            and mapping.format not in NO_EVENT_FORMATS)


def gives_orders(mapping: Mapping) -> bool:
    """A mapping an orders' file can have: the order id, the customer and the time."""
    return bool(mapping.column("order_id")) and not mapping.missing_required()


def order_key(column: str) -> str:
    """SQL of an order id as both files are matched on: the spreadsheet guard (``="3900…"``) and padding gone, a
    number written with decimals (``3900.0``) as the number: Taobao's two reports write the same order differently."""
    return whole_number_folded(id_expr(column, padded=True))


@dataclass
class Pairing:
    """The files of one import that may give their orders to its files of lines (:func:`stage` keeps those whose
    order ids do not repeat), the files of lines, and the roles the lines take from the orders."""

    orders: list[tuple[Source, Mapping]] = field(default_factory=list)
    lines: list[Path] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)     # the roles some lines took from the orders

    def given(self, mapping: Mapping) -> Mapping:
        """An orders' file's mapping as its import is recorded: the columns the lines read, and its order id."""
        kept = {r: c for r, c in mapping.columns.items() if r in self.roles or r == "order_id"}
        return replace(mapping, columns=kept)


def pair(files: list[tuple[Source, Mapping]]) -> tuple[Pairing, dict[Path, Mapping]]:
    """The orders' files among ``files`` (those that give orders, when some file's lines await them) and the lines'
    mappings completed by them: each role the lines lack and the first orders' file maps, read from the joined
    column of that name (suffixed by the orders' file's name where the lines have a column of the same name)."""
    lines = [(s, m) for s, m in files if awaits_orders(m)]
    if not lines:
        return Pairing(), {}
    orders = [(s, m) for s, m in files if gives_orders(m) and not m.staged]
    if not orders:
        return Pairing(), {}
    first_source, first = orders[0]
    completed = {}
    for source, mapping in lines:
        columns, joined = dict(mapping.columns), []
        for role in ORDER_ROLES:
            name = next((m.column(role) for _, m in orders if m.column(role)), None)
            if mapping.column(role) or not name:
                continue
            if name in source.header:
                name = f"{name} ({first_source.path.name})"
            columns[role], joined = name, joined + [role]
        completed[source.path] = replace(mapping, columns=columns, from_orders=joined,
                                         timezone=mapping.timezone or first.timezone)
    taken = [r for r in ORDER_ROLES if any(r in m.from_orders for m in completed.values())]
    return Pairing(orders, [s.path for s, _ in lines], taken), completed


def stage(cur: duckdb.DuckDBPyConnection, pairing: Pairing) -> dict[Path, int]:
    """The orders of every orders' file in :data:`ORDERS` (one row an order: a value of each role the first file
    that has one gives); the orders each file holds. A file in which an order id repeats is a file of lines with
    their buyers (an export of the whole shop), not of orders: it gives none, and lands as events."""
    roles = [r for r in ORDER_ROLES if any(m.column(r) for _, m in pairing.orders)]
    parts = []
    for i, (source, mapping) in enumerate(pairing.orders):
        values = "".join(f", {text_expr(q(mapping.column(r)), padded=True) if mapping.column(r) else 'NULL'} AS {r}"
                         for r in roles)
        parts.append(f"SELECT {i} AS file, {order_key(q(mapping.column('order_id')))} AS order_key{values} "
                     f"FROM {source.relation(sample=True)}")
    cur.execute(f"CREATE TEMP TABLE {ORDERS}_all AS {' UNION ALL '.join(parts)}")
    counts = {file: orders for file, orders, rows in cur.execute(
        f"SELECT file, count(DISTINCT order_key), count(*) FROM {ORDERS}_all WHERE order_key IS NOT NULL "
        "GROUP BY file").fetchall() if orders == rows}
    cur.execute(f"DELETE FROM {ORDERS}_all WHERE file NOT IN ({', '.join(map(str, [-1, *counts]))})")
    # arg_min by file: an order in two files (monthly exports that overlap) takes the first file's values
    firsts = "".join(f", arg_min({r}, file) FILTER (WHERE {r} IS NOT NULL) AS {r}" for r in roles)
    cur.execute(f"CREATE TEMP TABLE {ORDERS} AS SELECT order_key, true AS found{firsts} FROM {ORDERS}_all "
                "WHERE order_key IS NOT NULL GROUP BY order_key")
    cur.execute(f"DROP TABLE {ORDERS}_all")
    return {source.path: int(counts[i]) for i, (source, _) in enumerate(pairing.orders) if i in counts}


def joined_select(mapping: Mapping, raw: str) -> str:
    """The staged lines ``raw`` with their orders' columns the mapping reads, :data:`FOUND`, and each line's position
    in the file (:data:`POSITION`): the join keeps no order, and only the rejects' re-read needs it."""
    key = order_key(f"d.{q(mapping.column('order_id'))}")
    carried = "".join(f", o.{role} AS {q(mapping.column(role))}" for role in mapping.from_orders)
    return (f"SELECT d.*{carried}, o.found AS {FOUND}, d.rowid AS {POSITION} FROM {raw} d "
            f"LEFT JOIN {ORDERS} o ON o.order_key = {key}")


def drop(cur: duckdb.DuckDBPyConnection) -> None:
    for table in (ORDERS, f"{ORDERS}_all"):
        try:
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        except duckdb.Error:
            pass

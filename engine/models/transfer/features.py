"""SQL that describes a customer by what is known early on: attributes and first purchases.

Two populations, both as of a date:
* *established* customers, described as they were when new: up to their ``min_purchases``-th
  order, at most their first ``early_days`` (attributes, purchases, views), labelled by the
  categories they entered in the ``horizon_weeks`` after that: what customers like this went on to buy;
* *cold-start* customers (fewer than ``min_purchases`` orders before the as-of date: a purchase
  is an order, :func:`basket`), described by everything they have done so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pyarrow as pa

from engine.features.orders import order_key
from engine.jobs import CancelToken
from engine.models.transfer.run_tables import RunTables
from engine.store.matrix_fetch import fetch_columns
from engine.store.project import Project

MAX_ATTRIBUTE_VALUES = 120
MIN_ATTRIBUTE_SUPPORT = 10

@dataclass
class Population:
    customer_ids: np.ndarray        # (n,) str
    X: np.ndarray                   # (n, d) float32
    labels: np.ndarray | None       # (n, C) 0/1: entered the category in the horizon (established only)
    seen: np.ndarray                # (n, C) bool: already bought in the described window (not a shift)
    purchases: np.ndarray           # (n,) purchases (orders: :func:`basket`) in the described window


@dataclass
class Vocabulary:
    categories: list[str]
    attributes: list[tuple[str, str]]


def vocabulary(project: Project, as_of: datetime, max_categories: int, tables: RunTables) -> Vocabulary:
    cur = project.cursor()
    categories = [r[0] for r in cur.execute("""
        SELECT category FROM events
        WHERE ts < ? AND event_type = 'purchase' AND category IS NOT NULL
        GROUP BY category ORDER BY count(*) DESC, category LIMIT ?""", [as_of, max_categories]).fetchall()]
    attributes = [(r[0], r[1]) for r in cur.execute(f"""
        SELECT attribute, value FROM {tables.attrs}
        GROUP BY ALL HAVING count(*) >= ?
        ORDER BY count(*) DESC, attribute, value LIMIT ?""",
        [MIN_ATTRIBUTE_SUPPORT, MAX_ATTRIBUTE_VALUES]).fetchall()]
    return Vocabulary(categories, attributes)


def _matrix(cur, sql: str, params: list, n: int, width: int) -> np.ndarray:
    """An n × width float32 matrix from ``sql``'s rows (i, j, value): row i, column j.

    The rows come with their indexes from SQL (the window's ``rn`` less the part's start, the
    key's column in a vocabulary table): matching customer ids and keys as text in numpy held the
    interpreter lock for every row (a binary search of Python strings each). Each (i, j) is one
    row of a GROUP BY, or a sum of ones (attributes): exact in any order."""
    out = np.zeros((n, width), dtype=np.float32)
    rows = fetch_columns(cur, sql, params)
    i = np.asarray(rows["i"], dtype=np.int64)
    if len(i):
        np.add.at(out, (i, np.asarray(rows["j"], dtype=np.int64)),
                  np.asarray(rows["value"], dtype=np.float64).astype(np.float32))
    return out


def basket(alias: str = "") -> str:
    """SQL of a purchase's order (:func:`~engine.features.orders.order_key`). A customer's purchases are counted in
    orders (a cold-start customer has made fewer than ``min_purchases``): a grocery basket's ten lines, or a
    Shopify order's three, are one purchase, not ten or three."""
    return order_key(alias)


#: A window's events counted in one pass: a row per (customer, category) bought or looked at in the window.
_COUNTS = """
    SELECT tw.rn, e.category AS key, count(*) FILTER (WHERE e.event_type = 'purchase') AS bought,
           count(*) FILTER (WHERE e.event_type <> 'purchase') AS viewed
    FROM events e JOIN tw USING (customer_id)
    WHERE e.ts >= tw.start AND e.ts < tw.stop AND e.event_type IN ('purchase', 'view', 'cart', 'favourite')
      AND e.category IS NOT NULL
    GROUP BY ALL"""

#: Per-window aggregates, one row per (customer, key), numbered and stored in ``rn`` order; ``{attrs}`` is the run's
#: table of current attributes (:class:`~engine.models.transfer.run_tables.RunTables`).
_AGGREGATES = {
    "tw_bought": "SELECT rn, key, CAST(bought AS DOUBLE) AS value FROM tw_counts WHERE bought > 0",
    "tw_viewed": "SELECT rn, key, CAST(viewed AS DOUBLE) AS value FROM tw_counts WHERE viewed > 0",
    # a customer in several exports: each attribute's latest value, once (a column summed twice read 2.0)
    "tw_attrs": """
        SELECT tw.rn, a.attribute || '=' || a.value AS key, 1.0 AS value
        FROM {attrs} a JOIN tw USING (customer_id)""",
}


def open_window(cur, window_sql: str, params: list, tables: RunTables) -> int:
    """TEMP table ``tw`` on ``cur``: the window each customer is described by (``window_sql`` selects
    customer_id, start, stop, where start is the customer's first event), numbered ``rn`` by customer id so it can
    be described in parts; their attributes and orders from the run's ``tables``.

    The events of every window are counted here, in one pass, into tables sorted by ``rn``:
    a part then reads its range of them. Joining the events table for each part instead would
    scan every event once a part, and the parts grow with the customers (quadratic at scale)."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE tw AS SELECT *, row_number() OVER (ORDER BY customer_id) - 1 AS rn "
                f"FROM ({window_sql})", params)
    # the purchases and the views in one pass over the events (a pass each cost ~0.5 s a window at wide 10^7)
    cur.execute(f"CREATE OR REPLACE TEMP TABLE tw_counts AS {_COUNTS}")
    for table, sql in _AGGREGATES.items():
        # ORDER BY rn: the rows of a part sit together, so its range read skips the rest (zone maps)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql.format(attrs=tables.attrs)} ORDER BY rn")
    cur.execute("DROP TABLE tw_counts")
    # each window's orders (its purchases, as the cold-start threshold counts them): as the window starts at the
    # customer's first event, an order with a line in it is one whose first line is before its stop
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE tw_orders AS
        SELECT tw.rn, count(*) AS orders FROM {tables.orders} o JOIN tw USING (customer_id)
        WHERE o.t >= tw.start AND o.t < tw.stop GROUP BY tw.rn ORDER BY tw.rn""")
    return int(cur.execute("SELECT count(*) FROM tw").fetchall()[0][0])


def close_window(cur) -> None:
    for table in ("tw_part", "tw_keys", "tw_counts", *_AGGREGATES, "tw_orders", "tw"):
        cur.execute(f"DROP TABLE IF EXISTS {table}")


def _key_table(cur, vocab: Vocabulary) -> None:
    """TEMP table ``tw_keys`` (kind, key, j): each category's and attribute's column in its matrix."""
    keys = [("category", c, j) for j, c in enumerate(vocab.categories)]
    keys += [("attribute", f"{a}={v}", j) for j, (a, v) in enumerate(vocab.attributes)]
    cur.register("tw_keys_arrow", pa.table({"kind": pa.array([k[0] for k in keys], pa.string()),
                                            "key": pa.array([k[1] for k in keys], pa.string()),
                                            "j": pa.array([k[2] for k in keys], pa.int32())}))
    try:
        # one column per key text (an attribute and value could spell another's): the first, as before
        cur.execute("CREATE OR REPLACE TEMP TABLE tw_keys AS SELECT kind, key, min(j) AS j FROM tw_keys_arrow "
                    "GROUP BY ALL")
    finally:
        cur.unregister("tw_keys_arrow")


def _part_matrix(cur, rows_sql: str, kind: str, lo: int, n: int, width: int, params: list | None = None
                 ) -> np.ndarray:
    """The part's rows (rn, key, value) of ``rows_sql`` as an n × width matrix: row rn - lo, the key's column."""
    return _matrix(cur, f"SELECT r.rn - ? AS i, k.j, r.value FROM ({rows_sql}) r "
                        f"JOIN tw_keys k ON k.kind = '{kind}' AND k.key = r.key", [lo, *(params or [])], n, width)


def describe_part(cur, vocab: Vocabulary, lo: int, hi: int, label_sql: str | None = None) -> Population:
    """The customers ``lo <= rn < hi`` of ``tw`` (``label_sql`` reads their windows from ``tw_part``
    and selects rn, key, value)."""
    cur.execute("CREATE OR REPLACE TEMP TABLE tw_part AS SELECT rn, customer_id, start, stop FROM tw "
                "WHERE rn >= ? AND rn < ?", [lo, hi])
    ids = np.asarray(fetch_columns(cur, "SELECT customer_id FROM tw_part ORDER BY rn")["customer_id"], dtype=object)
    n, cats = len(ids), vocab.categories
    _key_table(cur, vocab)

    def part(table: str, kind: str, width: int) -> np.ndarray:
        return _part_matrix(cur, f"SELECT rn, key, value FROM {table} WHERE rn >= ? AND rn < ?", kind, lo, n,
                            width, [lo, lo + n])

    labels = None
    if label_sql is not None:
        labels = _part_matrix(cur, label_sql, "category", lo, n, len(cats))
    buys = part("tw_bought", "category", len(cats))
    views = part("tw_viewed", "category", len(cats))
    onehot = part("tw_attrs", "attribute", len(vocab.attributes))
    X = np.hstack([onehot, 1.5 * _shares(buys), 0.75 * _shares(views)]).astype(np.float32)
    seen = buys > 0
    if labels is not None:
        labels = ((labels > 0) & ~seen).astype(np.float32)
    orders = np.zeros(n, dtype=np.float32)
    rows = fetch_columns(cur, "SELECT rn - ? AS i, orders FROM tw_orders WHERE rn >= ? AND rn < ?", [lo, lo, lo + n])
    orders[np.asarray(rows["i"], dtype=np.int64)] = np.asarray(rows["orders"], dtype=np.float32)
    return Population(ids, X, labels, seen, orders)


def _describe(project: Project, vocab: Vocabulary, window_sql: str, params: list, tables: RunTables,
              cancel: CancelToken, label_sql: str | None = None) -> Population:
    """Every customer of the window at once (a bounded population: the established sample)."""
    with project.interruptible(cancel) as cur:
        try:
            n = open_window(cur, window_sql, params, tables)
            return describe_part(cur, vocab, 0, n, label_sql)
        finally:
            close_window(cur)


def _shares(counts: np.ndarray) -> np.ndarray:
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def established(project: Project, vocab: Vocabulary, as_of: datetime, *, early_days: int, horizon_weeks: int,
                min_purchases: int, limit: int, tables: RunTables, cancel: CancelToken) -> Population:
    horizon_days = 7 * int(horizon_weeks)
    # described as they were when new: up to their min_purchases-th order (a cold-start customer has fewer),
    # at most their first early_days. Described by their whole first weeks (session 29), they were not like the
    # customers they score: on the demo shop's customers who were cold-start at a past cut, the neighbours'
    # AUC on what they bought next rose at each of three cuts (bench_transfer_cold_cuts.py,
    # tests/bench/results/transfer_cold_cuts_s30.json)
    window = f"""
        SELECT customer_id, first_ts AS start, stop FROM (
            SELECT f.customer_id, f.first_ts,
                   least(f.first_ts + INTERVAL {int(early_days)} DAY, o.firsts[{int(min_purchases)}]) AS stop
            FROM (SELECT customer_id, first_ts FROM {tables.first} WHERE first_ts < ?) f
            JOIN (SELECT customer_id, min(t, {int(min_purchases)}) AS firsts FROM {tables.orders}
                  WHERE t < ? GROUP BY customer_id HAVING count(*) >= ?) o USING (customer_id))
        WHERE stop + INTERVAL {int(horizon_days)} DAY <= ?
        ORDER BY hash(customer_id) LIMIT {int(limit)}"""
    return _describe(project, vocab, window, [as_of, as_of, min_purchases, as_of], tables, cancel,
                     _entered_after(horizon_days))


def _entered_after(horizon_days: int) -> str:
    """The labels of the part's customers (``tw_part``): each category bought in the ``horizon_days`` after
    their window's stop (those bought in the window are dropped by :func:`describe_part`)."""
    return f"""
        SELECT tw.rn, e.category AS key, 1.0 AS value
        FROM events e JOIN tw_part tw USING (customer_id)
        WHERE e.event_type = 'purchase' AND e.ts >= tw.stop AND e.ts < tw.stop + INTERVAL {int(horizon_days)} DAY
          AND e.category IS NOT NULL
        GROUP BY ALL"""


def cold_start_window(tables: RunTables) -> str:
    """SQL of every customer with an event before the as-of date and fewer than ``min_purchases`` orders (params:
    as-of three times, ``min_purchases``), from the run's ``tables``."""
    return f"""
        SELECT customer_id, first_ts AS start, CAST(? AS TIMESTAMP) AS stop FROM {tables.first}
        WHERE first_ts < ? AND customer_id NOT IN (
            SELECT customer_id FROM {tables.orders} WHERE t < ? GROUP BY customer_id HAVING count(*) >= ?)"""


def open_cold_start(cur, as_of: datetime, *, min_purchases: int, tables: RunTables) -> int:
    """The cold-start customers' windows as ``tw`` on ``cur`` (see :func:`describe_part`); their count."""
    return open_window(cur, cold_start_window(tables), [as_of, as_of, as_of, min_purchases], tables)


def cold_start_then(project: Project, vocab: Vocabulary, cut: datetime, *, min_purchases: int, horizon_weeks: int,
                    limit: int, tables: RunTables, cancel: CancelToken) -> Population:
    """The customers who were cold-start at ``cut`` (a hashed sample of at most ``limit``), described as they
    were then and labelled by what they entered in the ``horizon_weeks`` after it: the customers the scores
    are for, replayed at a past cut (the verdict's test, when a shop has enough of them)."""
    window = f"{cold_start_window(tables)} ORDER BY hash(customer_id) LIMIT {int(limit)}"
    return _describe(project, vocab, window, [cut, cut, cut, min_purchases], tables, cancel,
                     _entered_after(7 * int(horizon_weeks)))

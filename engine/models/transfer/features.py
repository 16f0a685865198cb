"""SQL that describes a customer by what is known early on: attributes and first purchases.

Two populations, both as of a date:
* *established* customers, described as they were in their first ``early_days``
  (attributes, purchases, views), labelled by the categories they entered in the
  ``horizon_weeks`` after that: what customers like this went on to buy;
* *cold-start* customers (fewer than ``min_purchases`` purchases before the as-of
  date), described by everything they have done so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from engine.jobs import CancelToken
from engine.store.matrix_fetch import fetch_columns
from engine.store.project import Project

MAX_ATTRIBUTE_VALUES = 120
MIN_ATTRIBUTE_SUPPORT = 10

#: Rows of (customer, key, value) matched to the matrix per slice: each text search holds the
#: interpreter lock about 5 ms (20 ms per 20,000 rows measured, ids and categories together).
MATRIX_SLICE = 10_000


@dataclass
class Population:
    customer_ids: np.ndarray        # (n,) str
    X: np.ndarray                   # (n, d) float32
    labels: np.ndarray | None       # (n, C) 0/1: entered the category in the horizon (established only)
    seen: np.ndarray                # (n, C) bool: already bought in the described window (not a shift)
    purchases: np.ndarray           # (n,) purchases in the described window


@dataclass
class Vocabulary:
    categories: list[str]
    attributes: list[tuple[str, str]]


def vocabulary(project: Project, as_of: datetime, max_categories: int) -> Vocabulary:
    cur = project.cursor()
    categories = [r[0] for r in cur.execute("""
        SELECT category FROM events
        WHERE ts < ? AND event_type = 'purchase' AND category IS NOT NULL
        GROUP BY category ORDER BY count(*) DESC, category LIMIT ?""", [as_of, max_categories]).fetchall()]
    attributes = [(r[0], r[1]) for r in cur.execute("""
        SELECT attribute, value FROM customer_attributes WHERE value IS NOT NULL AND value <> ''
        GROUP BY ALL HAVING count(DISTINCT customer_id) >= ?
        ORDER BY count(DISTINCT customer_id) DESC, attribute, value LIMIT ?""",
        [MIN_ATTRIBUTE_SUPPORT, MAX_ATTRIBUTE_VALUES]).fetchall()]
    return Vocabulary(categories, attributes)


def _matrix(rows: dict[str, np.ndarray], ids: np.ndarray, columns: list[str]) -> np.ndarray:
    """Scatter (customer, key, value) columns into an ids × columns matrix; ``ids`` sorted."""
    out = np.zeros((len(ids), len(columns)), dtype=np.float32)
    cid, key, value = (np.asarray(rows[k]) for k in ("customer_id", "key", "value"))
    if len(cid) == 0 or len(ids) == 0:
        return out
    cols = np.asarray(columns, dtype=object)
    order = np.argsort(cols)
    # text compares with the interpreter lock held the whole call: a slice at a time (a part's
    # rows held it up to 40 ms of CPU at once at long 10^6); the sums add in the same order as one pass
    for lo in range(0, len(cid), MATRIX_SLICE):
        c, k, v = cid[lo:lo + MATRIX_SLICE], key[lo:lo + MATRIX_SLICE], value[lo:lo + MATRIX_SLICE]
        j = np.searchsorted(cols[order], k.astype(object))
        j = np.clip(j, 0, len(cols) - 1)
        keep = cols[order][j] == k
        i = np.clip(np.searchsorted(ids, c.astype(object)), 0, len(ids) - 1)
        keep &= ids[i] == c
        np.add.at(out, (i[keep], order[j[keep]]), v[keep].astype(np.float32))
    return out


#: Per-window aggregates, one row per (customer, key), numbered and stored in ``rn`` order.
_AGGREGATES = {
    "tw_bought": """
        SELECT tw.rn, e.category AS key, CAST(count(*) AS DOUBLE) AS value
        FROM events e JOIN tw USING (customer_id)
        WHERE e.ts >= tw.start AND e.ts < tw.stop AND e.event_type = 'purchase' AND e.category IS NOT NULL
        GROUP BY ALL""",
    "tw_viewed": """
        SELECT tw.rn, e.category AS key, CAST(count(*) AS DOUBLE) AS value
        FROM events e JOIN tw USING (customer_id)
        WHERE e.ts >= tw.start AND e.ts < tw.stop AND e.event_type IN ('view', 'cart', 'favourite')
          AND e.category IS NOT NULL
        GROUP BY ALL""",
    "tw_attrs": """
        SELECT tw.rn, a.attribute || '=' || a.value AS key, 1.0 AS value
        FROM customer_attributes a JOIN tw USING (customer_id) WHERE a.value IS NOT NULL""",
}


def open_window(cur, window_sql: str, params: list) -> int:
    """TEMP table ``tw`` on ``cur``: the window each customer is described by (``window_sql`` selects
    customer_id, start, stop), numbered ``rn`` by customer id so it can be described in parts.

    The events of every window are counted here, in one pass each, into tables sorted by ``rn``:
    a part then reads its range of them. Joining the events table for each part instead would
    scan every event once a part, and the parts grow with the customers (quadratic at scale)."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE tw AS SELECT *, row_number() OVER (ORDER BY customer_id) - 1 AS rn "
                f"FROM ({window_sql})", params)
    for table, sql in _AGGREGATES.items():
        # ORDER BY rn: the rows of a part sit together, so its range read skips the rest (zone maps)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {sql} ORDER BY rn")
    return int(cur.execute("SELECT count(*) FROM tw").fetchall()[0][0])


def close_window(cur) -> None:
    for table in ("tw_part", *_AGGREGATES, "tw"):
        cur.execute(f"DROP TABLE IF EXISTS {table}")


def _part_rows(cur, table: str, lo: int, hi: int, ids: np.ndarray) -> dict[str, np.ndarray]:
    rows = fetch_columns(cur, f"SELECT rn, key, value FROM {table} WHERE rn >= ? AND rn < ?", [lo, hi])
    # rn - lo indexes ``ids`` (the part's customers in rn order): back to ids for :func:`_matrix`
    return {"customer_id": ids[np.asarray(rows["rn"], dtype=np.int64) - lo], "key": rows["key"],
            "value": rows["value"]}


def describe_part(cur, vocab: Vocabulary, lo: int, hi: int, label_sql: str | None = None) -> Population:
    """The customers ``lo <= rn < hi`` of ``tw`` (``label_sql`` reads their windows from ``tw_part``)."""
    cur.execute("CREATE OR REPLACE TEMP TABLE tw_part AS SELECT customer_id, start, stop FROM tw "
                "WHERE rn >= ? AND rn < ?", [lo, hi])
    ids = np.asarray(fetch_columns(cur, "SELECT customer_id FROM tw WHERE rn >= ? AND rn < ? ORDER BY rn",
                                   [lo, hi])["customer_id"], dtype=object)
    cats = vocab.categories
    bought, viewed, attrs = (_part_rows(cur, t, lo, lo + len(ids), ids) for t in _AGGREGATES)
    labels = None
    if label_sql is not None:
        labels = _matrix(fetch_columns(cur, label_sql), ids, cats)
    buys = _matrix(bought, ids, cats)
    views = _matrix(viewed, ids, cats)
    onehot = _matrix(attrs, ids, [f"{a}={v}" for a, v in vocab.attributes])
    X = np.hstack([onehot, 1.5 * _shares(buys), 0.75 * _shares(views)]).astype(np.float32)
    seen = buys > 0
    if labels is not None:
        labels = ((labels > 0) & ~seen).astype(np.float32)
    return Population(ids, X, labels, seen, buys.sum(axis=1))


def _describe(project: Project, vocab: Vocabulary, window_sql: str, params: list, cancel: CancelToken,
              label_sql: str | None = None) -> Population:
    """Every customer of the window at once (a bounded population: the established sample)."""
    with project.interruptible(cancel) as cur:
        try:
            n = open_window(cur, window_sql, params)
            return describe_part(cur, vocab, 0, n, label_sql)
        finally:
            close_window(cur)


def _shares(counts: np.ndarray) -> np.ndarray:
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def established(project: Project, vocab: Vocabulary, as_of: datetime, *, early_days: int, horizon_weeks: int,
                min_purchases: int, limit: int, cancel: CancelToken) -> Population:
    horizon_days = 7 * int(horizon_weeks)
    window = f"""
        SELECT customer_id, first_ts AS start, first_ts + INTERVAL {int(early_days)} DAY AS stop FROM (
            SELECT customer_id, min(ts) AS first_ts,
                   count(*) FILTER (WHERE event_type = 'purchase') AS n
            FROM events WHERE ts < ? GROUP BY customer_id)
        WHERE n >= ? AND first_ts + INTERVAL {int(early_days + horizon_days)} DAY <= ?
        ORDER BY hash(customer_id) LIMIT {int(limit)}"""
    labels = f"""
        SELECT e.customer_id, e.category AS key, 1.0 AS value
        FROM events e JOIN tw_part tw USING (customer_id)
        WHERE e.event_type = 'purchase' AND e.ts >= tw.stop AND e.ts < tw.stop + INTERVAL {int(horizon_days)} DAY
          AND e.category IS NOT NULL
        GROUP BY ALL"""
    return _describe(project, vocab, window, [as_of, min_purchases, as_of], cancel, labels)


COLD_START_WINDOW = """
    SELECT customer_id, min(ts) AS start, CAST(? AS TIMESTAMP) AS stop
    FROM events WHERE ts < ? GROUP BY customer_id
    HAVING count(*) FILTER (WHERE event_type = 'purchase') < ?"""


def open_cold_start(cur, as_of: datetime, *, min_purchases: int) -> int:
    """The cold-start customers' windows as ``tw`` on ``cur`` (see :func:`describe_part`); their count."""
    return open_window(cur, COLD_START_WINDOW, [as_of, as_of, min_purchases])

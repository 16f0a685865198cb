"""Per-customer summaries at one or more cut dates, and what they did in the H weeks after, in DuckDB.

An order is an order id where the file has one, else a purchase day of the customer (a plain
ledger). Times are in weeks: T since the first order, t_x from the first to the last, x repeat
orders (BG/NBD's convention), plus windowed counts, gaps and trends for the learned model.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Sequence

import numpy as np
import pyarrow as pa

from engine.features.fixed_point import fixed_avg, fixed_sum, integer_sd
from engine.features.orders import order_key
from engine.store.matrix_fetch import fetch_columns

ORDERS = "cu_orders"
#: Salt of the hash that splits customers into parts: independent of the hash that samples them.
_PART_SALT = "/part"

#: Columns the learned model reads (all numeric).
FEATURES = ("x", "tx", "T", "recency", "orders", "orders_4w", "orders_8w", "orders_13w", "orders_26w",
            "spend_mean", "spend_13w", "spend_total", "gap_mean", "gap_sd", "gap_last", "overdue", "trend",
            "days_active_share")


def build_orders(cur, until: datetime) -> int:
    """One row per order before ``until``: customer, order time (its first line) and its amount."""
    # the gap since the customer's previous order is the same at every cut that sees the order
    # (its previous order is earlier still): computed once here, not per cut and customer. Two
    # orders can start at the same second: ``seq`` orders them by amount and id, so the gaps and
    # the last gap do not depend on how the engine happened to sort them
    # sample_key and part_key: the hashes that sample customers and split them into parts, once
    # an order here rather than once an order for every cut and every part (ten parts at 1M customers)
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE {ORDERS} AS
        SELECT customer_id, ts, day, amount,
               row_number() OVER w AS seq,
               date_diff('second', lag(ts) OVER w, ts) AS gap_s,
               date_diff('second', lag(ts) OVER w, ts) / 604800.0 AS gap,
               hash(customer_id) % 1000000 AS sample_key,
               hash(customer_id || {_PART_SALT!r}) AS part_key
        FROM (SELECT customer_id, {order_key()} AS okey, min(ts) AS ts,
                     CAST(min(ts) AS DATE) AS day, {fixed_sum('coalesce(amount, 0.0)')} AS amount
              FROM events
              WHERE event_type = 'purchase' AND ts < ?
              GROUP BY customer_id, okey)
        WINDOW w AS (PARTITION BY customer_id ORDER BY ts, amount, okey)""", [until])
    return int(cur.execute(f"SELECT count(*) FROM {ORDERS}").fetchall()[0][0])


def _cuts_table(cur, cuts: Sequence[datetime], share: dict[datetime, float] | None = None) -> None:
    share = share or {}
    cur.register("cu_cuts_arrow", pa.table({
        "cut": pa.array([_ts(c) for c in cuts], pa.timestamp("us")),
        "share": pa.array([float(share.get(c, 1.0)) for c in cuts], pa.float64())}))
    cur.execute("CREATE OR REPLACE TEMP TABLE cu_cuts AS SELECT cut, share FROM cu_cuts_arrow")
    cur.unregister("cu_cuts_arrow")


def sample_share(cur, max_customers: int) -> float:
    """The share of customers a bounded cut keeps: 1 unless the shop has more than ``max_customers``."""
    n = int(cur.execute(f"SELECT count(DISTINCT customer_id) FROM {ORDERS}").fetchall()[0][0])
    return min(1.0, max_customers / max(n, 1))


def _ts(value: datetime | date) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def features(cur, cuts: Sequence[datetime], horizon_weeks: int, *, labels: bool = True,
             share: dict[datetime, float] | None = None, part: tuple[int, int] | None = None
             ) -> dict[str, np.ndarray]:
    """Per (cut, customer who ordered before it): the features, and the next H weeks' orders and spend.

    ``share[cut]`` keeps that share of the cut's customers (by a hash of the id, so a customer is
    in or out at every cut alike): backtest and training cuts of a shop with a million customers
    then hold a bounded sample in memory, not every customer at every cut. ``part = (k, n)``
    keeps only the k-th of n parts of the customers (by another hash), to score a big shop in parts.
    """
    _cuts_table(cur, cuts, share)
    # the orders of the customers some cut keeps (and of this part) before they meet the cuts: the
    # join of every cut with every order, sampled after it, was cuts x orders rows (~10 x 3M at 10^7
    # wide events) for 5% of them. Each cut still keeps its own share below.
    kept = f"""(SELECT * FROM {ORDERS}
                WHERE sample_key / 1000000.0 < (SELECT max(CASE WHEN share >= 1.0 THEN 2.0 ELSE share END) FROM cu_cuts)
                {f'AND part_key % {int(part[1])} = {int(part[0])}' if part else ''})"""
    label_sql = ""
    if labels:
        label_sql = f"""
        LEFT JOIN (SELECT c.cut, o.customer_id, count(*) AS y_orders, {fixed_sum('o.amount')} AS y_spend
                   FROM cu_cuts c JOIN {kept} o ON o.ts >= c.cut AND o.ts < c.cut + INTERVAL ({7 * horizon_weeks}) DAY
                   GROUP BY ALL) y USING (cut, customer_id)"""
    sql = f"""
        WITH hist AS (
            SELECT c.cut, o.customer_id, o.ts, o.seq, o.day, o.amount, o.gap, o.gap_s,
                   date_diff('second', o.ts, c.cut) / 604800.0 AS age
            FROM cu_cuts c JOIN {kept} o ON o.ts < c.cut
            WHERE (c.share >= 1.0 OR o.sample_key / 1000000.0 < c.share)),
        s AS (
            SELECT cut, customer_id,
                   count(*) AS orders, count(*) - 1 AS x,
                   max(age) AS T, max(age) - min(age) AS tx, min(age) AS recency,
                   count(*) FILTER (WHERE age < 4) AS orders_4w,
                   count(*) FILTER (WHERE age < 8) AS orders_8w,
                   count(*) FILTER (WHERE age < 13) AS orders_13w,
                   count(*) FILTER (WHERE age < 26) AS orders_26w,
                   count(*) FILTER (WHERE age >= 13 AND age < 26) AS orders_13_26w,
                   {fixed_avg('amount')} AS spend_mean, {fixed_sum('amount')} AS spend_total,
                   coalesce({fixed_sum('amount', 'age < 13')}, 0) AS spend_13w,
                   sum(gap_s) / nullif(count(gap_s), 0) / 604800.0 AS gap_mean,
                   coalesce({integer_sd('gap_s')} / 604800.0, 0) AS gap_sd,
                   arg_max(gap, seq) AS gap_last,
                   count(DISTINCT day) AS days_active,
                   min(day) AS first_purchase, max(day) AS last_purchase
            FROM hist GROUP BY cut, customer_id)
        SELECT s.*, coalesce(s.gap_last, -1) AS gap_last_f,
               CASE WHEN s.gap_mean > 0 THEN s.recency / s.gap_mean ELSE -1 END AS overdue,
               (s.orders_13w - s.orders_13_26w) / (1.0 + s.orders_13_26w) AS trend,
               s.days_active / greatest(1.0, s.T * 7) AS days_active_share
               {', coalesce(y.y_orders, 0) AS y_orders, coalesce(y.y_spend, 0.0) AS y_spend' if labels else ''}
        FROM s {label_sql}
        ORDER BY s.cut, s.customer_id"""
    data = fetch_columns(cur, sql)   # in pieces: one cut row per customer and cut
    cur.execute("DROP TABLE IF EXISTS cu_cuts")
    out: dict[str, np.ndarray] = {}
    for key, values in data.items():
        if key in ("customer_id", "cut", "first_purchase", "last_purchase"):
            out[key] = np.asarray(values)
        else:
            out[key] = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=-1.0)
    out["gap_last"] = out.pop("gap_last_f")
    return out


def matrix(data: dict[str, np.ndarray], rows: np.ndarray | slice = slice(None)) -> np.ndarray:
    return np.column_stack([data[c][rows] for c in FEATURES])


def subset(data: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[rows] for k, v in data.items()}

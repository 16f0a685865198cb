"""What every window of a transfer run reads, counted once a run: each customer's first event, each order's
first line and each customer's current attributes.

A run opens six windows (the established and the new customers at two past cuts, the established and the
cold-start ones at the as-of date), and each grouped every event by customer, every purchase by order and every
stored attribute by customer again: at wide 10^7 ~2 s of the ~2.5 s a window took. Counted once, each window reads
them before its date, exactly as before: a customer's first event before a date is their first event when that is
before it, and an order with a line before a date is there with its first line's time, which is before it.

The tables live in a scratch database (:mod:`engine.store.scratch`) for the run: every cursor of the project reads
them by their qualified names.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from engine.features.current_attributes import CURRENT_ATTRIBUTES
from engine.features.orders import order_key
from engine.jobs import CancelToken
from engine.store.project import Project
from engine.store.scratch import scratch, scratch_tables


@dataclass(frozen=True)
class RunTables:
    """The qualified names of a run's tables."""

    first: str    #: (customer_id, first_ts): each customer's first event of any kind
    orders: str   #: (customer_id, t): each order (:func:`~engine.features.orders.order_key`) and its first line's time
    attrs: str    #: (customer_id, attribute, value): each customer's current attributes (CURRENT_ATTRIBUTES)


@contextmanager
def run_tables(project: Project, cancel: CancelToken | None = None) -> Iterator[RunTables]:
    """The run's tables, built on entry and deleted (with their scratch database) on exit."""
    with project.interruptible(cancel) as cur, scratch_tables(cur):
        db = scratch(cur)
        tables = RunTables(f"{db}.tf_first", f"{db}.tf_orders", f"{db}.tf_attrs")
        cur.execute(f"CREATE TABLE {tables.first} AS SELECT customer_id, min(ts) AS first_ts FROM events "
                    "GROUP BY customer_id")
        cur.execute(f"CREATE TABLE {tables.orders} AS SELECT customer_id, min(ts) AS t FROM events "
                    f"WHERE event_type = 'purchase' GROUP BY customer_id, {order_key()}")
        cur.execute(f"CREATE TABLE {tables.attrs} AS SELECT customer_id, attribute, value FROM {CURRENT_ATTRIBUTES}")
        yield tables

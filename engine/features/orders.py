"""A purchase's order as every model counts it: its order id, or its day where the file has none.

Ledgers, point-of-sale exports and some marketplaces' reports (Ta Feng's, a shop's own spreadsheet) write no order
id: a customer's lines of one day are then one order. Every count of orders, baskets or purchase occasions reads
this one key; the migration model's weekly counts once read the order id alone, and a shop without one had no
orders there and no category to learn from (it said too few buyers).
"""

from __future__ import annotations


def order_key(alias: str = "") -> str:
    """SQL of the order of an event row (``alias`` the events table's, if any): never NULL."""
    a = f"{alias}." if alias else ""
    return f"coalesce({a}order_id, CAST(CAST({a}ts AS DATE) AS VARCHAR))"


def order_count() -> str:
    """SQL of an aggregate counting the orders of the events read (any customers): the order ids, and the
    customer days of the purchases without one."""
    return ("(count(DISTINCT order_id) + count(DISTINCT CASE WHEN order_id IS NULL AND event_type = 'purchase' "
            "THEN customer_id || '|' || CAST(CAST(ts AS DATE) AS VARCHAR) END))")

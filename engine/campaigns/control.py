"""The control group: a seeded, reproducible random hold-out, drawn in SQL.

Each customer gets a draw order from ``md5(seed:customer_id)``; the first
round(n x fraction) of the list in that order are the control. MD5 is fixed
forever (unlike DuckDB's ``hash``, which may change between versions), so the
same list, fraction and seed give the same control group on any machine, and
a customer is in exactly one group because the group is a column of one row.
"""

from __future__ import annotations


def draw_order_sql(customer_col: str = "customer_id") -> str:
    """An ORDER BY key (one ``?`` parameter: the seed) giving the random draw order."""
    return f"md5_number(CAST(? AS VARCHAR) || ':' || {customer_col}), {customer_col}"


def group_sql(draw_col: str = "draw", count_col: str = "n") -> str:
    """'control' for the first round(n x fraction) draws (one ``?`` parameter: the fraction)."""
    return f"CASE WHEN {draw_col} <= round({count_col} * CAST(? AS DOUBLE)) THEN 'control' ELSE 'target' END"

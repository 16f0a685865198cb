"""The reason shown beside each shift score, composed in SQL from the evidence columns.

Composed in DuckDB rather than Python: a million customers have tens of millions
of candidate pairs, and a string per pair built in a Python loop would take minutes.
"""

from __future__ import annotations


def reason_sql(lookback: int) -> str:
    """A SQL expression over the columns category, views_recent, bought_before, weeks_since_bought,
    from_category, from_buys, transition_lift."""
    return f"""coalesce(nullif(concat_ws('; ',
        CASE WHEN views_recent > 0 THEN
            printf('viewed %s %d× in the last 3 weeks', category, views_recent) END,
        CASE WHEN from_category IS NOT NULL AND transition_lift >= 1.2 THEN
            printf('bought %s %d× in the last {lookback} weeks', from_category, CAST(round(from_buys) AS BIGINT)) END,
        CASE WHEN from_category IS NOT NULL AND transition_lift >= 1.2 THEN
            printf('customers moving from %s enter %s %.1f× as often as others', from_category, category,
                   transition_lift) END,
        CASE WHEN bought_before > 0 THEN
            printf('bought %s %d× before, last %d weeks ago', category, CAST(round(bought_before) AS BIGINT),
                   weeks_since_bought) END
    ), ''), 'no personal signal: ranked by how often customers like this enter ' || category)"""

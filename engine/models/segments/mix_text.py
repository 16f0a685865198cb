"""Each customer's top categories as text for the member lists ("Dairy 40% · Bakery 25%"), in SQL.

The same text as :func:`engine.features.customer_features.category_mix_text_sql` (its shares of at
least 5%, or of at least its biggest share when none reaches 5%: a grocery customer who spreads over
three hundred categories read blank; the biggest first and the name breaking ties, three at most),
picked from a list per customer row rather than by unnesting every row into one row per category and numbering them in a
window: at a million customers and 100 categories that was 100 million rows to filter, sort and
group back (tests/engine/test_segments_features.py checks both texts agree).
"""

from __future__ import annotations

from typing import Sequence

from engine.features.customer_features import mix_column, shown_from


def mix_text_sql(table: str, categories: Sequence[str], top: int = 3) -> tuple[str, list]:
    """SELECT rn, category_mix over ``table``'s rows ('' where the customer has no share)."""
    if not categories:
        return f"SELECT rn, '' AS category_mix FROM {table}", []
    # a struct list sorts field by field: -share first (the biggest share first), then the name
    pairs = ", ".join(f"{{'neg': -{mix_column(i)}, 'name': ?}}" for i in range(len(categories)))
    sql = f"""
SELECT rn, array_to_string(list_transform(
           list_slice(list_sort(list_filter([{pairs}], lambda x: -x.neg > 0 AND -x.neg >= {shown_from(categories)})),
                      1, {int(top)}),
           lambda x: x.name || ' ' || CAST(round(-x.neg * 100) AS INTEGER) || '%'), ' · ') AS category_mix
FROM {table}"""
    return sql, list(categories)

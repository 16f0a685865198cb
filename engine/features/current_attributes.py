"""Each customer's current attributes: of each attribute, the value seen last.

``customer_attributes`` keeps a row per customer, attribute and import (a later export does not
erase what an earlier one said), so every reader that wants one value per customer and attribute
reads this relation, not the table: a customer in two exports would otherwise count twice, or
hold two regions at once. "Last" is by the time of the row the value came from (``ts``), then by
import: a backfilled older export does not override a newer one; rows imported before the times
were kept (schema version 5) have none and rank below any that has, the later import first.
"""

from __future__ import annotations

#: SQL relation (customer_id, attribute, value): one row per customer and attribute, never a blank value.
CURRENT_ATTRIBUTES = """(
    SELECT customer_id, attribute, arg_max(value, (coalesce(ts, '-infinity'::TIMESTAMP), import_id)) AS value
    FROM customer_attributes WHERE value IS NOT NULL AND value <> ''
    GROUP BY customer_id, attribute)"""

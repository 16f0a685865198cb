"""Each customer's current attributes: of each attribute, the value seen last.

``customer_attributes`` keeps a row per customer and import, a column per attribute role beside the
time of the row its value came from (:func:`seen_column`; schema version 6). A later export does not
erase what an earlier one said, so every reader that wants one value per customer and attribute reads
these relations, not the table: a customer in two exports would otherwise count twice, or hold two
regions at once. "Last" is by the value's time, then by import: a backfilled older export does not
override a newer one; values imported before the times were kept (schema version 5) have none and rank
below any that has, the later import first.
"""

from __future__ import annotations

#: The attribute roles a mapping can give (``engine.ingest.mapping``), each a column of ``customer_attributes``
#: since schema version 6 (and of :data:`CURRENT_BY_CUSTOMER`). A new role needs a migration adding its columns.
ROLES = ("age_band", "gender", "region", "channel", "member_level")


def seen_column(role: str) -> str:
    """The column holding the time of the row ``role``'s value came from."""
    return f"{role}_ts"


def _latest(role: str) -> str:
    # one HUGEINT key, (time, import): a time's microseconds above the import id's 32 bits (a product, not a
    # shift: DuckDB refuses to shift the negative microseconds of a time before 1970); no time ranks lowest
    key = f"(coalesce(epoch_us({seen_column(role)}), -9223372036854775807)::HUGEINT * 4294967296 + import_id)"
    return f"arg_max({role}, {key}) FILTER (WHERE {role} IS NOT NULL) AS {role}"


#: SQL relation (customer_id, and a column per role): one row per customer with any value, NULL where none.
CURRENT_BY_CUSTOMER = f"""(
    SELECT customer_id, {", ".join(_latest(r) for r in ROLES)}
    FROM customer_attributes GROUP BY customer_id)"""

#: SQL relation (customer_id, attribute, value): one row per customer and attribute, never a blank value.
CURRENT_ATTRIBUTES = f"""(
    UNPIVOT {CURRENT_BY_CUSTOMER} ON {", ".join(ROLES)} INTO NAME attribute VALUE value)"""

#: SQL relation (customer_id, import_id, attribute, value, ts): every stored value, a row each (as kept before
#: version 6), for checks that look at what each import said. (A UNPIVOT of (value, time) pairs leaves out a pair
#: with either one NULL: values imported before version 5 have no time.)
ATTRIBUTE_ROWS = "(" + "\n    UNION ALL ".join(
    f"SELECT customer_id, import_id, '{r}' AS attribute, {r} AS value, {seen_column(r)} AS ts "
    f"FROM customer_attributes WHERE {r} IS NOT NULL" for r in ROLES) + ")"


def stored_roles_sql() -> str:
    """SQL of one row, per role the number of stored rows holding a value: which roles any import filled."""
    return "SELECT " + ", ".join(f"count({r})" for r in ROLES) + " FROM customer_attributes"

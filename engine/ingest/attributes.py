"""Customer attributes (age band, region, ...): each customer's latest value of each, from the events pass.

The one read of the file carries them: for the length of the pass ``events`` has one column
(:data:`COLUMN`, added and dropped inside the import's transaction, so the committed schema never
changes) holding a row's values joined by :data:`SEP`, on the rows a customer's latest value is
taken from (a customer and a readable time, not a repeated header). One joined column costs the
pass about half of what a column per attribute did: the cost is carrying strings into ``events``,
not looking at them. A second read of the file cost more than carrying them.

Each customer's latest row is then one ``arg_max``, written split as the customer's row of
``customer_attributes`` (a column per attribute, schema 6) in the same statement. When that row has
every value (most customers), its values are each attribute's latest. Customers whose latest row lacks
a value (found in the rows just written) get each attribute's latest row that has one, from their own
rows, and their row is updated. A row's text splits exactly when it has one separator
fewer than there are attributes; the customers with a row that does not (a value holding the
separator itself) get their values from the file again, a column per attribute, as the pass read them.

Each value is stored with the time of the row it came from (``ts``), so that across imports the value seen
last wins, not the import made last (:mod:`engine.features.current_attributes`).

Rows at the same time are ranked by a hash of their joined text, in all three: read in parallel, rows
keep no file order, and a tie left to the reader's order gave one import one value and the next import
of the same file another. The hash, not the text itself, keeps the key one number: at wide 10^7 the
latest rows' statement took 0.46 -> 0.56 CPU s with it, 0.88 with a (time, text) key
(tests/bench/results/attribute_ties_s24.json).
"""

from __future__ import annotations

from typing import Callable

import duckdb

from engine.features.current_attributes import seen_column
from engine.ingest.mapping import ATTRIBUTE_ROLES, Mapping
from engine.ingest.parsing import lit, q
from engine.jobs import ProgressCallback
from engine.messages import msg

#: Joins a row's values in :data:`COLUMN` (the unit separator: no export writes it in a value).
SEP = "\x1f"
#: The events pass's column of joined values (in ``events`` for the pass only).
COLUMN = "_ingest_attrs"
#: Each attribute's latest value of the customers whose latest row lacks one (a temp table).
PENDING = "_ingest_attr_pending"
TEMPS = (PENDING,)
#: A column per attribute, in the re-read of the file for values that hold :data:`SEP`.
SEPARATE = "_ingest_attr_{}"
#: The order in which a customer's rows give their values (``arg_max``'s key, the row's joined text for ``{}``):
#: the latest first, and at the same time the greater hash of the text (a time's microseconds above the hash's
#: 64 bits: one HUGEINT, compared as (time, hash); a product, not a shift, which DuckDB refuses for the negative
#: microseconds of a time before 1970).
_LATEST_FIRST = "(epoch_us(ts)::HUGEINT * 18446744073709551616 + hash({})::HUGEINT)"


def roles(mapping: Mapping) -> list[str]:
    return [r for r in ATTRIBUTE_ROLES if mapping.column(r)]


def pass_columns(values: list[str], counts: str, separate: bool = False) -> str:
    """The pass's SELECT list items for the attribute ``values`` (SQL of each role's trimmed text,
    NULL when blank), on rows where ``counts`` holds: one joined column, or a column per attribute
    (``separate``, the re-read's)."""
    if separate:
        return "".join(f",\n           CASE WHEN {counts} THEN {v} END AS {q(SEPARATE.format(i))}"
                       for i, v in enumerate(values))
    # concat() takes NULL as empty; a row with no value at all carries none
    joined = "concat(" + f", {lit(SEP)}, ".join(values) + ")"
    some = " OR ".join(f"{v} IS NOT NULL" for v in values)
    return f",\n           CASE WHEN {counts} AND ({some}) THEN {joined} END AS {q(COLUMN)}"


def add_column(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(f"ALTER TABLE events ADD COLUMN {q(COLUMN)} VARCHAR")


def drop_column(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(f"ALTER TABLE events DROP COLUMN {q(COLUMN)}")
    for table in TEMPS:
        cur.execute(f"DROP TABLE IF EXISTS {table}")


def store(cur: duckdb.DuckDBPyConnection, roles: list[str], import_id: int, progress: ProgressCallback,
          reread: Callable[[], str]) -> None:
    """Each customer's latest value of each attribute, from the import's rows in ``events``, into
    customer_attributes (a row per customer); ``reread()`` gives the SELECT that reads the file again with
    a column per attribute (:data:`SEPARATE`), for customers whose values hold the separator."""
    progress(76, 100, msg("progress.attributes"))
    # the aggregates need no row order (keeping it costs the group-by a merge of its results)
    cur.execute("SET SESSION preserve_insertion_order = false")
    cur.execute(latest_rows_sql(roles, import_id))
    lacking = " OR ".join(f"{q(r)} IS NULL" for r in roles)
    pending = f"(SELECT customer_id FROM customer_attributes WHERE import_id = {int(import_id)} AND ({lacking}))"
    if cur.execute(f"SELECT count(*) FROM {pending}").fetchall()[0][0]:
        _store_pending(cur, roles, import_id, pending, reread)
        # a customer none of whose rows has a value that splits: no row (as when no row has a value)
        cur.execute(f"DELETE FROM customer_attributes WHERE import_id = ? AND "
                    f"{' AND '.join(f'{q(r)} IS NULL' for r in roles)}", [import_id])
    # (not restored on failure: the import rolls back and the next load sets it again)
    cur.execute("SET SESSION preserve_insertion_order = true")


def latest_rows_sql(roles: list[str], import_id: int, target: str = "customer_attributes") -> str:
    """Every customer's latest row, split, as their row of ``target`` (customer_attributes), in one statement (a
    temp table of the latest rows cost 0.35 CPU s more at wide 10^7); a role is NULL where that row lacks a value or
    cannot be split (not n parts). Rows of earlier imports have no values (NULL in the added column): never a group.
    The latest row's time is the latest time of the rows with values (the order's first key)."""
    n, col = len(roles), q(COLUMN)
    values = ", ".join(f"CASE WHEN len(parts) = {n} THEN nullif(parts[{i + 1}], '') END, "
                       f"CASE WHEN len(parts) = {n} AND parts[{i + 1}] <> '' THEN ts END"
                       for i in range(n))
    return f"""
        INSERT INTO {target} (customer_id, import_id, {_columns(roles)})
        SELECT customer_id, {int(import_id)}, {values} FROM (
            SELECT customer_id, string_split(arg_max({col}, {_LATEST_FIRST.format(col)}), {lit(SEP)}) AS parts,
                   max(ts) AS ts
            FROM events WHERE import_id = {int(import_id)} AND {col} IS NOT NULL GROUP BY customer_id)"""


def _store_pending(cur: duckdb.DuckDBPyConnection, roles: list[str], import_id: int, pending: str,
                   reread: Callable[[], str]) -> None:
    """Each attribute's latest value for the customers whose latest row lacks one (or holds the
    separator in a value), from their rows in ``events``; customers with a row that cannot be
    split, from the file again."""
    n, col = len(roles), q(COLUMN)
    aggs = ", ".join(f"arg_max(parts[{i + 1}], {_LATEST_FIRST.format('joined')}) FILTER (WHERE parts[{i + 1}] <> '') "
                     f"AS {q(r)}, max(ts) FILTER (WHERE parts[{i + 1}] <> '') AS {q(seen_column(r))}"
                     for i, r in enumerate(roles))
    cur.execute(f"""
        CREATE TEMP TABLE {PENDING} AS
        SELECT customer_id, bool_or(len(parts) <> {n}) AS unsplit, {aggs}
        FROM (SELECT customer_id, ts, {col} AS joined, string_split({col}, {lit(SEP)}) AS parts FROM events
              WHERE import_id = ? AND {col} IS NOT NULL AND customer_id IN {pending})
        GROUP BY customer_id""", [import_id])
    _update(cur, roles, import_id, f"(SELECT * EXCLUDE (unsplit) FROM {PENDING} WHERE NOT unsplit)")
    if cur.execute(f"SELECT count(*) FROM {PENDING} WHERE unsplit").fetchall()[0][0]:
        columns = [q(SEPARATE.format(i)) for i in range(n)]
        # the rows' joined text as the pass built it (NULL as empty), to break ties as the other paths do
        joined = "concat(" + f", {lit(SEP)}, ".join(columns) + ")"
        aggs = ", ".join(f"arg_max({c}, {_LATEST_FIRST.format(joined)}) FILTER (WHERE {c} IS NOT NULL) AS {q(r)}, "
                         f"max(ts) FILTER (WHERE {c} IS NOT NULL) AS {q(seen_column(r))}"
                         for r, c in zip(roles, columns))
        _update(cur, roles, import_id, f"""(
            SELECT customer_id, {aggs} FROM ({reread()})
            WHERE ({" OR ".join(f"{c} IS NOT NULL" for c in columns)})
                  AND customer_id IN (SELECT customer_id FROM {PENDING} WHERE unsplit)
            GROUP BY customer_id)""")


def _columns(roles: list[str]) -> str:
    """The customer_attributes columns of ``roles``: each role's value, then its time."""
    return ", ".join(f"{q(r)}, {q(seen_column(r))}" for r in roles)


def _update(cur: duckdb.DuckDBPyConnection, roles: list[str], import_id: int, latest: str) -> None:
    """Set the import's rows of the customers in ``latest`` (customer_id, and per role its value and its time,
    :func:`~engine.features.current_attributes.seen_column`; NULL where the customer has no value)."""
    sets = ", ".join(f"{c} = u.{c}" for r in roles for c in (q(r), q(seen_column(r))))
    cur.execute(f"""
        UPDATE customer_attributes SET {sets} FROM {latest} u
        WHERE customer_attributes.import_id = ? AND customer_attributes.customer_id = u.customer_id""", [import_id])

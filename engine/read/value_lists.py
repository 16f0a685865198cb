"""The distinct values of a big table's text columns, so a filter reads short lists, not every row.

A filter word matches a row when some text column contains it (``ILIKE``). On
10^7 events that is a scan decoding every string of every row (0.6 s of CPU for
a customer id typed in full, as long again for the count). A column's distinct
values are far fewer (10^6 customers, a few thousand products): the word is
matched against them, and the rows are then found by ``column = ANY(matches)``,
which DuckDB checks inside its scan on the compressed column (0.02 s). A column
no value of which matches drops out of the filter, and one that matches too
many values is filtered as before.

The lists live in an in-memory database attached to the project's connection
(so every cursor of the project sees them), one table per (table, column), built
for one :class:`~engine.read.paged_query.PagedQuery` and one version of its data:
a newer query on the same table replaces them, and an older one no longer finds
its own and filters by scanning.
"""

from __future__ import annotations

import itertools
import threading

import duckdb

#: The attached in-memory database that holds the lists.
DATABASE = "shiftwise_value_lists"
#: Tables below this many rows are scanned: a scan is already fast enough.
MIN_ROWS = 1_000_000
#: A column with more distinct values than this share of its rows gains too little to list.
MAX_SHARE = 0.5
#: More matching values than this and the column is filtered by scanning (a parameter list
#: this long costs more than it saves; such a word matches many rows, and an unsorted
#: first page of many matches stops early anyway).
MAX_MATCHES = 20_000

_lock = threading.Lock()
_owners: dict[tuple[int, str, str], tuple[int, int]] = {}   # (project, table, column) -> (owner, version)
_tokens = itertools.count(1)


def new_owner() -> int:
    """A token naming one query's lists (ids of dead objects are reused; these are not)."""
    return next(_tokens)


def _table_name(table: str, column: str) -> str:
    safe = f"{table}__{column}".replace('"', "")
    return f'{DATABASE}."{safe}"'


def build(cur: duckdb.DuckDBPyConnection, project: int, table: str, columns: list[str], owner: int, version: int,
          quote) -> list[str]:
    """List the distinct values of ``columns`` of ``table`` for ``owner`` at ``version``; returns the
    columns listed (none when the table is small or the project cannot attach a database)."""
    rows = int(cur.execute(f"SELECT count(*) FROM {quote(table)}").fetchall()[0][0])
    if rows < MIN_ROWS:
        return []
    try:
        cur.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {DATABASE}")
    except duckdb.Error:   # a project opened read-only cannot attach one: filters scan
        return []
    key = project
    listed = []
    for column in columns:
        target = _table_name(table, column)
        with _lock:
            _owners.pop((key, table, column), None)   # being rebuilt: nobody's until done
        cur.execute(f"CREATE OR REPLACE TABLE {target} AS SELECT DISTINCT {quote(column)} AS v "
                    f"FROM {quote(table)} WHERE {quote(column)} IS NOT NULL")
        n = int(cur.execute(f"SELECT count(*) FROM {target}").fetchall()[0][0])
        if n > MAX_SHARE * rows:
            cur.execute(f"DROP TABLE {target}")
            continue
        with _lock:
            _owners[(key, table, column)] = (owner, version)
        listed.append(column)
    return listed


def matches(cur: duckdb.DuckDBPyConnection, project: int, table: str, column: str, owner: int, version: int,
            pattern: str) -> list[str] | None:
    """The values of ``column`` matching ``pattern`` (ILIKE) if the owner's list is current and
    they are few; None when the column must be scanned instead."""
    with _lock:
        if _owners.get((project, table, column)) != (owner, version):
            return None
    try:
        found = cur.execute(f"SELECT v FROM {_table_name(table, column)} WHERE v ILIKE ? LIMIT {MAX_MATCHES + 1}",
                            [pattern]).fetchall()
    except duckdb.Error:   # replaced or dropped meanwhile
        return None
    if len(found) > MAX_MATCHES:
        return None
    return [r[0] for r in found]

"""Schema versions: version 1 creates every area's tables; later versions migrate forward.

A migration is a function that takes a cursor inside a transaction. Add a new
version by appending to ``MIGRATIONS``; never edit a released one.
"""

from __future__ import annotations

from importlib import resources
from typing import Callable

import duckdb

#: Files that make up the version-1 schema, one per area that owns tables.
SCHEMA_FILES = ("core.sql", "segments.sql", "decay.sql", "migration.sql", "campaigns.sql")


def _sql(name: str) -> str:
    return resources.files("engine.store").joinpath("sql", name).read_text(encoding="utf-8")


def _v1(cur: duckdb.DuckDBPyConnection) -> None:
    for name in SCHEMA_FILES:
        cur.execute(_sql(name))


def _v2(cur: duckdb.DuckDBPyConnection) -> None:
    cur.execute(_sql("v2_run_owner.sql"))


def _v3(cur: duckdb.DuckDBPyConnection) -> None:
    """Customer-level predictions (the ``customers`` model)."""
    cur.execute(_sql("v3_customers.sql"))


def _v4(cur: duckdb.DuckDBPyConnection) -> None:
    """Item catalog rows say where their category came from: catalog (imported) or derived."""
    cur.execute(_sql("v4_catalog_source.sql"))
    has_source = cur.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'item_catalog' AND column_name = 'source'"
    ).fetchall()[0][0]
    if not has_source:
        cur.execute("ALTER TABLE item_catalog ADD COLUMN source TEXT DEFAULT 'catalog'")
        cur.execute("UPDATE item_catalog SET source = 'catalog'")


def _v5(cur: duckdb.DuckDBPyConnection) -> None:
    """Customer attributes say when each value was seen (the time of the row it came from), so the latest value
    by time wins across imports: an older export imported after a newer one no longer overrides it. Rows of
    earlier imports keep no time (NULL): among themselves the later import still wins."""
    has_ts = cur.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'customer_attributes' AND column_name = 'ts'"
    ).fetchall()[0][0]
    if not has_ts:
        cur.execute("ALTER TABLE customer_attributes ADD COLUMN ts TIMESTAMP")


def _v6(cur: duckdb.DuckDBPyConnection) -> None:
    """Customer attributes as a row per customer and import with a column per role (and its value's time): the
    import writes one row per customer where it wrote one per value."""
    cur.execute(_sql("v6_attributes_wide.sql"))


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _v1,
    2: _v2,
    3: _v3,
    4: _v4,
    5: _v5,
    6: _v6,
}

SCHEMA_VERSION = max(MIGRATIONS)

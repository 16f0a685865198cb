"""Cancels that land at a known point of a job, whatever the machine's speed.

A timer or a progress poll races the work it means to interrupt: on a fast machine
the work is done before the cancel comes, on a slow one the cancel comes before the
work began. These helpers tie the cancel to the work itself instead.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Callable, Iterator

import duckdb
import pyarrow as pa


@contextmanager
def sql_hook(con: duckdb.DuckDBPyConnection, on_first_call: Callable[[], None],
             name: str = "test_hook", armed: threading.Event | None = None) -> Iterator[str]:
    """A SQL function ``name(x)`` (always true) that runs ``on_first_call`` when a statement first
    calls it (once ``armed`` is set, if given), so from inside that running statement. The
    function is the database's, so cursors made later see it too."""
    called, lock = threading.Event(), threading.Lock()

    def hook(values: pa.Array) -> pa.Array:   # one call per chunk of rows, from DuckDB's threads
        with lock:
            first = not called.is_set() and (armed is None or armed.is_set())
            if first:
                called.set()
        if first:
            on_first_call()
        return pa.nulls(len(values), pa.bool_()).fill_null(True)

    con.create_function(name, hook, ["VARCHAR"], "BOOLEAN", type="arrow", side_effects=True)
    try:
        yield name
    finally:
        con.remove_function(name)


def hook_the_read(monkeypatch, hook: str) -> list[str]:
    """Makes the import's read statement (the file into ``events``) call the SQL function ``hook``
    for its rows; returns the statements so changed, for the test to check there was one."""
    from engine.ingest import loader

    real = loader.run_with_progress
    statements: list[str] = []

    def run_with_hook(cur, sql, params, *args):
        if sql.startswith("INSERT INTO events "):
            assert sql.rstrip().endswith(")"), "the read statement changed shape; fix hook_the_read"
            sql = f"{sql} WHERE {hook}(customer_id)"
            statements.append(sql)
        real(cur, sql, params, *args)

    monkeypatch.setattr(loader, "run_with_progress", run_with_hook)
    return statements

"""A stage's share of DuckDB's memory cap, and the cap put back after the stage.

DuckDB keeps temp tables in its buffer pool up to its memory limit and spills only beyond it. A
model that builds its tables in SQL and then fits in Python (numpy, torch) would hold both at once:
with the cap at 1 GB the migration training peaked at 2.4 GB on the dev file (issue #13: the
process must stay under 2 GB). Lowering the limit once the SQL is done makes DuckDB write its
temp tables to ``temp_directory`` (the project's ``.tmp`` beside it, removed when it closes) and
hand the memory back; the fit reads them a chunk at a time from there.

The share is a fraction of the cap the connection has (the user's setting, or
``SHIFTWISE_MEMORY_LIMIT``, or the default), never a fixed size, and never below
:data:`~engine.store.connection.MIN_MEMORY_BYTES` nor above the cap itself.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb

from engine.store.connection import MIN_MEMORY_BYTES, memory_bytes


def memory_limit(cur: duckdb.DuckDBPyConnection) -> str:
    """DuckDB's limit as it reads it back ("976.5 MiB")."""
    return str(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])


def share_bytes(cap: int, share: float) -> int:
    """``share`` of ``cap`` bytes, at least the smallest limit DuckDB works with, at most the cap."""
    return min(cap, max(MIN_MEMORY_BYTES, int(cap * share)))


class MemoryStages:
    """The cap as it was when the stage began; :meth:`limit_to` lowers DuckDB's limit to a share of it."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur
        self.setting = memory_limit(cur)
        self.cap = memory_bytes(self.setting)

    def limit_to(self, share: float) -> int:
        """DuckDB's limit set to ``share`` of the cap (for every cursor of the database: it is one pool)."""
        n = share_bytes(self.cap, share)
        self.cur.execute(f"SET memory_limit = '{n // 1000}KB'")
        return n

    def restore(self) -> None:
        self.cur.execute(f"SET memory_limit = '{self.setting}'")


@contextmanager
def memory_stages(cur: duckdb.DuckDBPyConnection) -> Iterator[MemoryStages]:
    """The cap, put back however the stage ends (an error, a cancel)."""
    stages = MemoryStages(cur)
    try:
        yield stages
    finally:
        stages.restore()

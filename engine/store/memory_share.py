"""A stage's share of DuckDB's memory cap, and the cap put back after the stage.

DuckDB keeps temp tables in its buffer pool up to its memory limit and spills only beyond it. A
model that builds its tables in SQL and then fits in Python (numpy, torch) would hold both at once:
with the cap at 1 GB the migration training peaked at 2.4 GB on the dev file (issue #13: the
process must stay under 2 GB). Lowering the limit once the SQL is done makes DuckDB hand the
memory back: pages of tables in a database file are dropped (the migration's pair tables live in
a scratch file for that reason, :func:`engine.store.scratch.scratch`), temp tables are
written to ``temp_directory`` (the project's ``.tmp`` beside it, removed when it closes), though
DuckDB kept a part of those in memory at wide 10^7 and refused the lower limit. The fit reads the
tables a chunk at a time.

The share is a fraction of the cap the connection has (the user's setting, or
``SHIFTWISE_MEMORY_LIMIT``, or the default), never a fixed size, and never below
:data:`~engine.store.connection.MIN_MEMORY_BYTES` nor above the cap itself.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb

from engine.store.connection import MIN_MEMORY_BYTES, memory_bytes


def share_bytes(cap: int, share: float) -> int:
    """``share`` of ``cap`` bytes, at least the smallest limit DuckDB works with, at most the cap."""
    return min(cap, max(MIN_MEMORY_BYTES, int(cap * share)))


class MemoryStages:
    """The project's cap; :meth:`limit_to` lowers DuckDB's limit to a share of it, :meth:`restore` puts it back.

    The cap comes as it was given ("1GB"): DuckDB reads its limit back rounded to 0.1 MiB, and the
    rounded figure set again would not be the user's."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, cap: str) -> None:
        self.cur = cur
        self.setting = cap
        self.cap = memory_bytes(cap)

    def limit_to(self, share: float) -> int:
        """DuckDB's limit set to ``share`` of the cap (for every cursor of the database: it is one pool);
        the cap stays when DuckDB cannot free that much (memory it cannot spill): the stage then runs
        as it did before, with more memory, rather than failing."""
        n = share_bytes(self.cap, share)
        try:
            self.cur.execute(f"SET memory_limit = '{n // 1000}KB'")
        except duckdb.OutOfMemoryException:
            return self.cap
        return n

    def restore(self) -> None:
        self.cur.execute(f"SET memory_limit = '{self.setting}'")


@contextmanager
def memory_stages(cur: duckdb.DuckDBPyConnection, cap: str) -> Iterator[MemoryStages]:
    """The cap (``Project.memory_limit``), put back however the stage ends (an error, a cancel)."""
    stages = MemoryStages(cur, cap)
    try:
        yield stages
    finally:
        stages.restore()

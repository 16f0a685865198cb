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
        """DuckDB's limit set to ``share`` of the cap (for every cursor of the database: it is one pool).

        When DuckDB cannot free that much (memory it cannot spill), the limit goes up by half at a time
        until DuckDB can: at wide 10^7 the quarter failed and the whole cap stayed (the process then held
        1 GB of DuckDB through the fits, 2.8 GB in all). Only when no step under the cap works does the
        stage run as it did before, with the cap, rather than fail."""
        n = share_bytes(self.cap, share)
        while n < self.cap:
            try:
                self.cur.execute(f"SET memory_limit = '{n // 1000}KB'")
                return n
            except duckdb.OutOfMemoryException:
                n = n * 3 // 2
        return self.cap

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

"""Checkpoints taken while a long append runs, so that no single checkpoint carries all of it (issue #13).

A large INSERT is written straight to the project file (DuckDB's optimistic writes): the log stays small, but
each INSERT ends in a partly filled row group. The next checkpoint merges those row groups ("vacuum") and holds
the merged rows in memory, outside DuckDB's memory limit. Migration's 24 chunks of shift scores at wide 10^7
(6.5M rows, 509 MB of reason text) left the close's checkpoint 80 row groups to merge into 64: +590 MB in a
reproduction, +828 MB in the trained process (its peak, 1,644-1,681 MB); with ``max_vacuum_tasks = 0`` +0.
Checkpointed every :data:`CHECKPOINT_ROWS` rows, the close peaked at 851 MB (tests/bench/results/ckpt_s18.json).

A checkpoint does not merge while another transaction is open (any cursor, any attached database, a result
read with ``fetchone()`` included): callers take one where their own cursors are idle (between two chunks).
Where another is busy (a view of the window) the merge is left to a later checkpoint, as before.
"""

from __future__ import annotations

import duckdb

#: Rows appended between two checkpoints: about 8 row groups. In the reproduction a checkpoint after each ~276k-row
#: chunk peaked 47 MB over the appends alone, one every 1M rows (6 checkpoints) 117 MB, one at the end 592 MB.
CHECKPOINT_ROWS = 1_000_000


class AppendCheckpoints:
    """Counts the rows a job appended to the database ``cur`` works in; checkpoints it every ``every`` rows."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, every: int | None = None) -> None:
        self.cur, self.every = cur, int(every or CHECKPOINT_ROWS)
        # the project's database by name: a search path may list a scratch database too (engine.features.shift_pairs)
        self.database = str(cur.execute("SELECT current_database()").fetchall()[0][0])
        self.pending = 0
        self.taken = 0

    def appended(self, rows: int) -> None:
        """``rows`` more rows committed; a checkpoint when they reach :attr:`every` since the last one."""
        self.pending += int(rows)
        if self.pending >= self.every:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Write what was appended since the last checkpoint (a no-op when nothing was)."""
        if not self.pending:
            return
        self.pending = 0
        name = self.database.replace('"', '""')
        try:
            self.cur.execute(f'CHECKPOINT "{name}"')
        except duckdb.TransactionException:
            # refused while another transaction holds the database: the next checkpoint (the close at the latest)
            # takes these rows, as every checkpoint did before
            return
        self.taken += 1

"""Checkpoints taken while a long append runs, so that no single checkpoint carries all of it (issue #13).

A large INSERT is written straight to the project file (DuckDB's optimistic writes): the log stays small, but
each INSERT ends in a partly filled row group. The next checkpoint merges those row groups ("vacuum"), and it
holds the merged rows in memory outside DuckDB's memory limit while it does. At wide 10^7 migration's 24 chunks of
shift scores (6.5M rows, 509 MB of reason text) left 80 row groups for 64: the checkpoint when the project closed
peaked at +590 to +830 MB over the trained process (1,681 MB), with ``max_vacuum_tasks = 0`` at +0
(tests/bench/results/ckpt_s18.json). A checkpoint every :data:`CHECKPOINT_ROWS` rows merges only what was
appended since the last one.

A checkpoint skips the merge while another transaction is open (any cursor, any attached database): callers take
one where their own cursors are idle (between two chunks). Where another one is busy (a view of the window) the
merge is left to a later checkpoint, as it was before.
"""

from __future__ import annotations

import duckdb

#: Rows appended between two checkpoints: about 8 row groups. A checkpoint after each of migration's ~276k-row
#: chunks at wide 10^7 added at most ~50 MB; this bounds the merge's rows at ~4x that.
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

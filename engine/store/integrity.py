"""Is an opened project whole? Cheap checks run on every open, before anything reads or writes it.

A file cut short (a copy that stopped, a full disk) may still open: DuckDB reads
blocks lazily and verifies each block's checksum only when it reads it. Two
checks catch that without reading the whole file: the file holds every block
in use that its header counts (:func:`check_size`), and every table's first rows can be
read (:func:`check_tables`). The window runs the second as a job: on a 10^7-event project
the tables' first reads load their storage's metadata, 35-45 ms of the window's thread.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from engine.jobs import CancelToken
from engine.messages import msg
from engine.store.errors import DamagedProjectError

#: DuckDB's file starts with three 4 KiB headers, then the blocks.
_HEADER_BYTES = 3 * 4096


def check_whole(con: duckdb.DuckDBPyConnection, path: Path, *, had_journal: bool) -> None:
    """Raise :class:`DamagedProjectError` when ``path`` is missing blocks or a table cannot be read."""
    check_size(con, path, had_journal=had_journal)
    check_tables(con, path)


def check_size(con: duckdb.DuckDBPyConnection, path: Path, *, had_journal: bool) -> None:
    """Raise :class:`DamagedProjectError` when ``path`` is shorter than the blocks its header counts in use."""
    if not had_journal:
        # with a journal replayed, blocks may live in memory only; the size says nothing then
        _, _, block_size, total_blocks, _, free_blocks, *_ = con.execute("PRAGMA database_size").fetchall()[0]
        # DuckDB cuts free blocks off the end of the file (seen after a run that failed and rolled
        # back): a whole file holds at least the blocks in use, not every block the header counts
        expected = _HEADER_BYTES + int(block_size) * (int(total_blocks) - int(free_blocks))
        actual = path.stat().st_size
        if actual < expected:
            raise DamagedProjectError(msg("project.cut_short_size", name=path.name, actual=_mb(actual),
                                          expected=_mb(expected)))


def check_tables(con: duckdb.DuckDBPyConnection, path: Path, cancel: CancelToken | None = None) -> None:
    """Raise :class:`DamagedProjectError` when a table's first rows cannot be read (a block's checksum fails)."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND database_name = current_database() "
        "ORDER BY table_name").fetchall()]
    for table in tables:
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            con.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()
        except duckdb.InterruptException:
            raise   # a cancel (the caller's interruptible cursor), not a damaged table
        except duckdb.Error as exc:
            raise DamagedProjectError(msg("project.bad_table", name=path.name, table=table,
                                          detail=_first_line(exc))) from None


def _mb(n: int) -> str:
    return f"{n / 1024**2:,.1f} MB"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

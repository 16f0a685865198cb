"""A cursor's scratch database: a DuckDB file of its own in the project's temp directory, attached for a
model's run and deleted after it, for tables a run builds and reads again (migration's pair tables, transfer's
per-run tables).

Why not TEMP tables: at wide 10^7 DuckDB kept 331 MB of them in memory with 3 GB already spilled and refused to
lower its limit below that for the fits (issue #13). A table in a database file is pages of that file: DuckDB drops
them from memory when its limit falls and reads them back when a query needs them. Attached databases are shared by
every cursor of the project: another cursor reads a scratch table by its qualified name (``alias.table``).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

import duckdb

#: The scratch database of each cursor that builds tables in one:
#: id(cursor) -> (alias, file, search path before, whether the folder was made for it).
#: Attached databases are shared by every cursor of the project, so each cursor gets an alias of its own.
_SCRATCH: dict[int, tuple[str, Path, str, bool]] = {}
_SCRATCH_IDS = itertools.count()


def scratch(cur: duckdb.DuckDBPyConnection) -> str:
    """The alias of ``cur``'s scratch database, attached on first use, and searched after the project's tables.

    The file goes in the project's temp directory (removed when the project closes, should
    :func:`release_scratch` not run)."""
    known = _SCRATCH.get(id(cur))
    if known is not None and cur.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?",
                                         [known[0]]).fetchall()[0][0]:
        alias = known[0]
    else:
        alias = f"sp_scratch_{os.getpid()}_{next(_SCRATCH_IDS)}"
        folder = Path(cur.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] or tempfile.gettempdir())
        made = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{alias}.duckdb"
        for stale in (path, path.with_name(path.name + ".wal")):
            stale.unlink(missing_ok=True)
        before = cur.execute("SELECT current_setting('search_path')").fetchall()[0][0]
        cur.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {alias}")
        _SCRATCH[id(cur)] = (alias, path, before, made)
    home = cur.execute("SELECT current_database(), current_schema()").fetchall()[0]
    if home[0] != alias:
        cur.execute(f"SET search_path = '{home[0]}.{home[1]},{alias}.main'")
    return alias


def release_scratch(cur: duckdb.DuckDBPyConnection) -> None:
    """Detach ``cur``'s scratch database and delete its file (after a run, an error or a cancel alike)."""
    known = _SCRATCH.pop(id(cur), None)
    if known is None:
        return
    alias, path, before, made = known
    with suppress(duckdb.Error):
        cur.execute(f"SET search_path = '{before}'" if before else "RESET search_path")
    with suppress(duckdb.Error):
        cur.execute(f"DETACH DATABASE IF EXISTS {alias}")
    for f in (path, path.with_name(path.name + ".wal")):
        with suppress(OSError):
            f.unlink(missing_ok=True)
    if made:
        # DuckDB removes the temp folder on close only when it made it; empty now unless it spills there
        with suppress(OSError):
            path.parent.rmdir()


def settle(cur: duckdb.DuckDBPyConnection) -> None:
    """Write what the scratch database still holds in its log into its file: only pages on file can
    leave memory without being written to the temp directory first."""
    known = _SCRATCH.get(id(cur))
    if known is not None:
        cur.execute(f"CHECKPOINT {known[0]}")


@contextmanager
def scratch_tables(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """The scratch tables' lifetime: whatever a run builds in ``cur``'s scratch database is gone when the block
    ends."""
    try:
        yield cur
    finally:
        release_scratch(cur)

"""Damaged project files for the tests of opening one: a table whose first block no longer reads."""

from __future__ import annotations

from pathlib import Path

import duckdb

#: DuckDB's file starts with three 4 KiB headers, then the blocks (engine/store/integrity.py).
HEADER_BYTES = 3 * 4096


def damage_first_rows(path: Path, table: str) -> None:
    """Write over the block holding ``table``'s first rows (its first row group's first column): the file keeps
    its size and opens, and reading those rows fails its block's checksum."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        block_size = int(con.execute("PRAGMA database_size").fetchall()[0][2])
        block = con.execute(f"SELECT block_id FROM pragma_storage_info('{table}') "
                            "WHERE row_group_id = 0 AND block_id >= 0 ORDER BY column_id LIMIT 1").fetchall()[0][0]
    finally:
        con.close()
    with open(path, "r+b") as fh:
        # past the block's own checksum (its first 8 bytes)
        fh.seek(HEADER_BYTES + int(block) * block_size + 64)
        fh.write(b"\xa5" * 4096)

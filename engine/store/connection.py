"""Every DuckDB connection the app opens: offline, and what a file is when it is not a project.

Shiftwise promises to work offline. DuckDB, given a file it cannot read itself
(a SQLite database, an https:// path), would download and load an extension:
autoinstall and autoload are off on every connection, and nothing is ever INSTALLed.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

#: Passed to every ``duckdb.connect``: DuckDB may never fetch or load an extension on its own.
OFFLINE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(path: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (in memory without ``path``) that never reaches the network."""
    return duckdb.connect(":memory:" if path is None else str(path), config=dict(OFFLINE_CONFIG))


#: First bytes of files people give as a project by mistake, and what to call them.
_MAGIC = (
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Office file"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"%PDF", "a PDF document"),
)
_DUCKDB_MAGIC = b"DUCK"  # at byte 8 of a DuckDB file


def foreign_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when its first bytes say it is not a DuckDB file; None for DuckDB, empty or unknown."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if not head or head[8:12] == _DUCKDB_MAGIC:
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        # an .xlsx is a zip whose first entries name the Office parts
        return "an Excel workbook (.xlsx)" if b"[Content_Types].xml" in head or b"xl/" in head else "a zip archive"
    if _looks_like_text(head):
        first = head.split(b"\n", 1)[0]
        if any(sep in first for sep in (b",", b";", b"\t", b"|")):
            return "a CSV (text) file"
        return "a text file"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte character cut at the end of the sample is still text
        if exc.start < len(head) - 4:
            return False
    return True

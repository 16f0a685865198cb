"""Rejected rows: what the reader could not split into columns, and rows without a
customer or a readable time. Each keeps its line number, reason and raw text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Sequence

import duckdb

from engine.ingest.readers import csv_field_limit


#: Files up to this size get exact physical line numbers (a Python pass over the file).
EXACT_LINES_MAX_BYTES = 64 * 1024 * 1024
RAW_MAX_CHARS = 500


def store_reader_rejects(cur: duckdb.DuckDBPyConnection, rejects: str, import_id: int) -> list[int]:
    """Copy DuckDB's reader rejects (wrong number of fields...) into rejected_rows; their lines."""
    rows = cur.execute(f"SELECT DISTINCT line, error_type, left(csv_line, {RAW_MAX_CHARS}) "
                       f"FROM {rejects}_errors ORDER BY line").fetchall()
    reasons = {"TOO MANY COLUMNS": "too many fields", "MISSING COLUMNS": "too few fields",
               "UNQUOTED VALUE": "stray quote", "LINE SIZE OVER MAXIMUM": "line too long",
               "INVALID ENCODING": "invalid characters"}
    seen: set[int] = set()
    for line, kind, raw in rows:
        if line in seen:
            continue
        seen.add(line)
        cur.execute("INSERT INTO rejected_rows VALUES (?, ?, ?, ?)",
                    [import_id, int(line), reasons.get(kind, kind.lower()), raw])
    return sorted(seen)


#: The first filled cell of an export's totals row (合计 below a JD or ERP export's rows, an accountant's Total).
TOTALS_WORDS = ("合计", "合計", "总计", "總計", "小计", "total", "totals", "grand total", "sum", "summe", "gesamt",
                "gesamtsumme", "total général", "totale", "总交易单数")


def drop_totals_rows(cur: duckdb.DuckDBPyConnection, import_id: int, delimiter: str) -> int:
    """Rejected rows whose first filled cell is a totals word: not data rows gone wrong but a sum of them, so
    left out rather than rejected; with the short row right below such a row that is short itself (WeChat Pay's
    bill ends with a header of its totals, 总交易单数,应结订单总金额…, and their values). Only rejected rows are
    looked at (a totals row has no customer id or no time); how many were left out."""
    cell = f"lower(trim(regexp_extract(raw, '^[{_class(delimiter)}\\s\"]*([^{_class(delimiter)}\"]+)', 1)))"
    words = ", ".join("'" + w.replace("'", "''") + "'" for w in TOTALS_WORDS)
    totals = f"SELECT line_no FROM rejected_rows WHERE import_id = $id AND {cell} IN ({words})"
    below = (f"SELECT line_no + 1 FROM rejected_rows WHERE import_id = $id AND reason = 'too few fields' "
             f"AND {cell} IN ({words})")
    where = (f"import_id = $id AND (line_no IN ({totals}) OR (reason = 'too few fields' AND "
             f"line_no IN ({below})))")
    n = cur.execute(f"SELECT count(*) FROM rejected_rows WHERE {where}", {"id": import_id}).fetchall()[0][0]
    if n:
        cur.execute(f"DELETE FROM rejected_rows WHERE {where}", {"id": import_id})
    return int(n)


def _class(delimiter: str) -> str:
    """``delimiter`` inside a regular expression's character class."""
    return "".join("\\" + c if c in "]\\^-[" else c for c in delimiter).replace("'", "''")


def store_line_rejects(cur: duckdb.DuckDBPyConnection, rejects: list, import_id: int) -> list[int]:
    """Lines left out before the reader saw them (too long to be a row); their lines."""
    if rejects:
        cur.executemany("INSERT INTO rejected_rows VALUES (?, ?, ?, ?)",
                        [[import_id, r.line, r.reason, r.raw] for r in rejects])
    return [r.line for r in rejects]


def store_row_rejects(cur: duckdb.DuckDBPyConnection, import_id: int, lines: str | None, first_line: int) -> int:
    """The rows of ``lines`` (the file re-read in order: ``mark``, ``raw``, its rowids in file
    order) that are marked rejected, into rejected_rows with line = position + ``first_line``
    (exact physical lines are fixed afterwards for small files); None when no row was rejected.
    Returns the import's rejected rows, the reader's included."""
    if lines is not None:
        # the first rowid is not 0: rows added inside a transaction are numbered from far up
        cur.execute(f"""
            INSERT INTO rejected_rows
            SELECT ?, rowid - (SELECT min(rowid) FROM {lines}) + ?, substr(mark, 2), raw
            FROM {lines} WHERE mark IS NOT NULL""", [import_id, first_line])
    return cur.execute("SELECT count(*) FROM rejected_rows WHERE import_id = ?", [import_id]).fetchall()[0][0]


def fix_line_numbers(cur: duckdb.DuckDBPyConnection, import_id: int, read_path: Path, delimiter: str,
                     first_line: int, reader_lines: list[int], has_header: bool, skip: int) -> None:
    """Replace the row-based line numbers of value rejects by the file's physical lines.

    Row k of the staged table is the k-th record the reader kept; quoted newlines,
    blank lines and the reader's own rejects shift physical lines, so a small file
    is walked once with Python's csv reader to count them.
    """
    if read_path.stat().st_size > EXACT_LINES_MAX_BYTES:
        return
    wanted = {r[0] - first_line: r[0] for r in cur.execute(
        "SELECT line_no FROM rejected_rows WHERE import_id = ? AND line_no IS NOT NULL "
        "AND reason NOT IN ('too many fields', 'too few fields', 'stray quote')", [import_id]).fetchall()}
    if not wanted:
        return
    dropped = set(reader_lines)
    mapping: dict[int, int] = {}
    with open(read_path, encoding="utf-8-sig", errors="replace", newline="") as fh, csv_field_limit():
        reader = csv.reader(fh, delimiter=delimiter)
        k = 0
        start = 1
        for i, row in enumerate(reader):
            line = start
            start = reader.line_num + 1
            if i < skip + (1 if has_header else 0) or not any(row) or line in dropped:
                continue
            if k in wanted:
                mapping[wanted[k]] = line
            k += 1
            if len(mapping) == len(wanted):
                break
    for old, new in mapping.items():
        if old != new:
            cur.execute("UPDATE rejected_rows SET line_no = ? WHERE import_id = ? AND line_no = ? "
                        "AND reason NOT IN ('too many fields', 'too few fields', 'stray quote')",
                        [-new, import_id, old])
    cur.execute("UPDATE rejected_rows SET line_no = -line_no WHERE import_id = ? AND line_no < 0", [import_id])


#: Column order and sort of :func:`rejects_query`.
REJECT_COLUMNS = ("file", "line", "reason", "row_text")
REJECTS_ORDER = "file, line"


def rejects_query(import_ids: Sequence[int]) -> tuple[str, list[int]]:
    """SQL and parameters for the rejected rows of imports: file, line, reason and the row's text.

    The one query behind the rejects dialog and ``import --rejects-out``.
    """
    marks = ", ".join("?" for _ in import_ids) or "NULL"
    return (f"SELECT i.file_name AS file, r.line_no AS line, r.reason, r.raw AS row_text "
            f"FROM rejected_rows r JOIN imports i USING (import_id) WHERE r.import_id IN ({marks})",
            [int(i) for i in import_ids])


def list_rejects(cur: duckdb.DuckDBPyConnection, import_id: int, limit: int = 1000) -> list[tuple[Any, ...]]:
    """(line_no, reason, raw) of an import's rejected rows, in file order."""
    return cur.execute("SELECT line_no, reason, raw FROM rejected_rows WHERE import_id = ? "
                       "ORDER BY line_no LIMIT ?", [import_id, limit]).fetchall()


def reject_summary(cur: duckdb.DuckDBPyConnection, import_id: int) -> list[tuple[str, int]]:
    """Reasons and how many rows each, most frequent first (reasons with values grouped by prefix)."""
    return cur.execute("""
        SELECT regexp_replace(reason, ' ''.*$', '') AS r, count(*) FROM rejected_rows
        WHERE import_id = ? GROUP BY r ORDER BY 2 DESC""", [import_id]).fetchall()

"""Write a SQL result to CSV, Parquet or XLSX: streamed, atomic, formula-safe.

* Streamed: DuckDB's COPY writes CSV and Parquet without holding the result in
  memory; XLSX rows are fetched in batches into xlsxwriter's constant-memory mode.
* Atomic: the file is written under a temporary name beside the target and
  renamed at the end, so a failure or a cancel never leaves half a file (and
  never clobbers an existing file with half a new one).
* Formula-safe: every text column goes through :func:`engine.export.safety.neutralise_sql`;
  numbers, booleans and dates keep their types, so a spreadsheet still sums them.
* Readable in Excel: every CSV starts with a UTF-8 byte order mark, so Excel
  shows Chinese (and any non-ASCII) text right.
* Clear when the disk says no: a full disk or a folder without write permission
  is an :class:`ExportError` naming the folder, never a traceback.
* Ordered: the project keeps DuckDB's default ``preserve_insertion_order = true``
  (only the import turns it off, for its own statements), but SQL does not promise
  that a subquery's ORDER BY survives the wrapping projection; ``order_by`` puts
  the order on the outermost query, where it holds whatever that setting is.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import os
import re
import uuid
from pathlib import Path
from typing import Any, Sequence

import duckdb

from engine.export.safety import neutralise_sql
from engine.jobs import CancelToken, JobCancelled, ProgressCallback, ensure
from engine.messages import Message, msg
from engine.store.errors import ProjectError, is_disk_full
from engine.store.project import Project

FORMATS = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
XLSX_MAX_ROWS = 1_048_575  # Excel's sheet limit, less the header
_BATCH = 10_000
_BOM = b"\xef\xbb\xbf"

# Types written as themselves; anything else (text, enums, lists, structs, JSON) becomes safe text.
_KEEP = re.compile(r"^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*|BOOLEAN|DATE|TIME.*"
                   r"|TIMESTAMP.*|INTERVAL)$")


class ExportError(ProjectError):
    """An export that cannot be written, with a message for the user."""


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _safe_select(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any], order_by: str | None,
                 columns: Sequence[str] | None) -> tuple[str, list[str], list[str]]:
    """Wrap ``sql`` so that every text column is neutralised; returns (sql, names, types)."""
    described = cur.execute(f"DESCRIBE SELECT * FROM ({sql})", list(params)).fetchall()
    by_name = {name: str(dtype).upper() for name, dtype, *_ in described}
    names = list(columns) if columns is not None else [name for name, *_ in described]
    missing = [n for n in names if n not in by_name]
    if missing:
        raise ExportError(msg("export.no_column", names=", ".join(missing)))
    exprs, types = [], []
    for name in names:
        kind = by_name[name]
        if _KEEP.match(kind):
            exprs.append(f"src.{_q(name)}")
            types.append(kind)
        else:
            text = f"src.{_q(name)}" if kind == "VARCHAR" else f"CAST(src.{_q(name)} AS VARCHAR)"
            exprs.append(f"{neutralise_sql(text)} AS {_q(name)}")
            types.append("VARCHAR")
    # ORDER BY may name columns of src that are not exported (a position column, say)
    order = f" ORDER BY {order_by}" if order_by else ""
    return f"SELECT {', '.join(exprs)} FROM ({sql}) AS src{order}", names, types


def write_query(project: Project, sql: str, params: Sequence[Any] | None, out: str | Path, *,
                bom: bool = True, order_by: str | None = None, columns: Sequence[str] | None = None,
                progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> int:
    """Write the rows of ``sql`` to ``out`` (format from its suffix); returns rows written.

    ``order_by`` is an ORDER BY list over ``sql``'s columns; ``columns``, when given,
    is the subset written (so a query may carry an ordering column it does not export).
    ``bom`` prefixes a CSV with the UTF-8 byte order mark so Excel reads Chinese text right
    (on by default: every CSV the app writes carries it).
    """
    progress, cancel = ensure(progress, cancel)
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    if fmt is None:
        raise ExportError(msg("export.bad_suffix", name=out.name))
    if not out.parent.is_dir():
        raise ExportError(msg("export.no_folder", folder=str(out.parent)))
    if out.is_dir():
        raise ExportError(msg("export.is_folder", path=str(out)))
    if not os.access(out.parent, os.W_OK):
        raise ExportError(_permission_message(out))
    params = list(params or [])
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    body = tmp.with_name(tmp.name + ".body")
    total = 0
    try:
        with project.interruptible(cancel) as cur:
            safe_sql, names, types = _safe_select(cur, sql, params, order_by, columns)
            total = int(cur.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0])
            progress(0, total or 1, msg("progress.export.writing", name=out.name))
            cancel.raise_if_cancelled()
            if fmt == "xlsx" and total > XLSX_MAX_ROWS:
                raise ExportError(msg("export.too_many_rows", rows=total))
            try:
                if fmt == "xlsx":
                    _write_xlsx(cur, safe_sql, params, names, types, tmp, total, progress, cancel)
                else:
                    copy_opts = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
                    target = body if (fmt == "csv" and bom) else tmp
                    _copy(cur, safe_sql, params, target, copy_opts)
                    if fmt == "csv" and bom:
                        _prepend_bom(body, tmp, cancel)
                cancel.raise_if_cancelled()
                os.replace(tmp, out)
            except (ExportError, JobCancelled, duckdb.InterruptException):
                raise
            except duckdb.IOException as exc:
                raise ExportError(_failure_message(out, exc)) from None
            except (OSError, _xlsx_errors()) as exc:
                raise ExportError(_failure_message(out, exc)) from None
    finally:
        for leftover in (tmp, body):
            leftover.unlink(missing_ok=True)
    progress(total or 1, total or 1, msg("progress.export.wrote", rows=total, name=out.name))
    return total


def _copy(cur: duckdb.DuckDBPyConnection, sql: str, params: list, target: Path, options: str) -> None:
    """DuckDB streams the rows to the file itself (a seam the disk-full tests replace)."""
    cur.execute(f"COPY ({sql}) TO '{_lit(target)}' ({options})", params)


def _xlsx_errors() -> type[Exception]:
    from xlsxwriter.exceptions import XlsxWriterException

    return XlsxWriterException


def _is_permission(exc: BaseException) -> bool:
    import errno

    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return True
        if "permission denied" in str(exc).lower() or "read-only file system" in str(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _permission_message(out: Path) -> Message:
    return msg("export.permission", name=out.name, folder=str(out.parent))


def _failure_message(out: Path, exc: BaseException) -> Message:
    if is_disk_full(exc):
        return msg("export.disk_full", name=out.name, folder=str(out.parent))
    if _is_permission(exc):
        return _permission_message(out)
    return msg("export.failed", name=out.name, detail=_first_line(exc))


def _lit(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _prepend_bom(body: Path, out: Path, cancel: CancelToken) -> None:
    with open(out, "wb") as dst, open(body, "rb") as src:
        dst.write(_BOM)
        while block := src.read(1 << 22):
            cancel.raise_if_cancelled()
            dst.write(block)


def _write_xlsx(cur: duckdb.DuckDBPyConnection, sql: str, params: list, names: list[str], types: list[str],
                path: Path, total: int, progress: ProgressCallback, cancel: CancelToken) -> None:
    import xlsxwriter

    # strings_to_* off: a text cell is always written as text, never parsed into a formula or link
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                           "strings_to_urls": False, "strings_to_numbers": False})
    try:
        sheet = book.add_worksheet("data")
        date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
        ts_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        bold = book.add_format({"bold": True})
        for c, name in enumerate(names):
            sheet.write_string(0, c, name, bold)
        cur.execute(sql, params)
        row_no = 1
        while batch := cur.fetchmany(_BATCH):
            cancel.raise_if_cancelled()
            for row in batch:
                for c, value in enumerate(row):
                    _write_cell(sheet, row_no, c, value, date_fmt, ts_fmt)
                row_no += 1
            progress(row_no - 1, total or 1, msg("progress.export.rows"))
        book.close()
    finally:
        if not book.fileclosed:
            _discard(book)


def _discard(book: Any) -> None:
    """A workbook that failed or was cancelled: nothing is assembled, its row files are closed and removed.

    xlsxwriter's constant-memory mode keeps each sheet's rows in a temporary file
    that only a successful close() removes.
    """
    for sheet in book.worksheets():
        handle = getattr(sheet, "row_data_fh", None)
        if handle is not None and not handle.closed:
            handle.close()
        name = getattr(sheet, "row_data_filename", None)
        if name:
            Path(name).unlink(missing_ok=True)
    book.fileclosed = True


def _write_cell(sheet: Any, r: int, c: int, value: Any, date_fmt: Any, ts_fmt: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float, decimal.Decimal)):
        number = float(value)
        if math.isfinite(number):
            sheet.write_number(r, c, number)
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(r, c, value.replace(tzinfo=None), ts_fmt)
    elif isinstance(value, dt.date):
        sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_fmt)
    else:
        sheet.write_string(r, c, str(value))

"""A numeric query result as a float64 matrix, converted a bounded piece at a time.

DuckDB's ``fetchnumpy`` converts the whole result with the interpreter lock held, and
stacking its columns into a row-major matrix copies it again under the lock: 200,000 rows
of 101 columns (segments' chunk on the wide shape) froze the window for 0.45 s. Read as
record batches of at most ``FETCH_CELLS`` cells, each conversion holds the lock for a few
milliseconds and the GUI thread gets it between them.

:func:`fetch_columns` is the same for a ``fetchnumpy`` whose columns are not all numbers
(ids, dates, text): each record batch goes back through DuckDB's own numpy conversion, so
the arrays are what ``fetchnumpy`` gives for the whole result (dtypes, NULLs as masked
entries), only converted a piece at a time.

:func:`batch_numbers` converts only the named columns of one record batch, whole-number
decimals (DuckDB's HUGEINT sums) as numbers rather than one Python ``Decimal`` per row.
"""

from __future__ import annotations

from typing import Any, Sequence

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Cells (rows x columns) converted per piece: 8 MB of float64, about 10-20 ms of lock.
FETCH_CELLS = 1_000_000
#: Cells per piece of :func:`fetch_columns`: fewer, as its text columns become Python strings
#: (a piece of 10^6 cells with ids and categories held the lock 30-40 ms of CPU at long 10^6).
COLUMN_CELLS = 250_000


def fetch_matrix(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = (), *,
                 cells: int = FETCH_CELLS) -> np.ndarray:
    """Rows x columns of ``sql``'s result as float64 (NULL as NaN), in the result's row order."""
    relation = cur.sql(sql, params=list(params))   # a relation streams batches; a DB-API result copies first
    width = max(1, len(relation.columns))
    reader = relation.to_arrow_reader(max(1, cells // width))
    parts = [np.column_stack([np.asarray(batch.column(i).to_numpy(zero_copy_only=False), dtype=np.float64)
                              for i in range(batch.num_columns)])
             for batch in reader if batch.num_rows]
    return np.concatenate(parts) if parts else np.empty((0, width), dtype=np.float64)


def fetch_columns(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = (), *,
                  cells: int = COLUMN_CELLS) -> dict[str, np.ndarray]:
    """``cur.execute(sql, params).fetchnumpy()``, converted at most ``cells`` cells at a time."""
    relation = cur.sql(sql, params=list(params))
    width = max(1, len(relation.columns))
    reader = relation.to_arrow_reader(max(1, cells // width))
    # a batch scanned back by DuckDB converts as the whole result would (HUGEINT sums as float64,
    # dates as datetime64, NULLs masked); an empty result keeps the columns' dtypes the same way
    # (on a cursor of its own: ``cur`` is busy streaming, and the module's default connection is shared)
    with cur.cursor() as convert:
        parts = [convert.from_arrow(pa.Table.from_batches([batch])).fetchnumpy() for batch in reader if batch.num_rows]
        if not parts:
            return convert.from_arrow(reader.schema.empty_table()).fetchnumpy()
    if len(parts) == 1:
        return parts[0]
    out: dict[str, np.ndarray] = {}
    for name in parts[0]:
        pieces = [p[name] for p in parts]
        # masked where the whole result would be: a column with a NULL in any piece
        join = np.ma.concatenate if any(isinstance(p, np.ma.MaskedArray) for p in pieces) else np.concatenate
        out[name] = join(pieces)
    return out


def batch_numbers(batch: pa.RecordBatch, names: Sequence[str]) -> dict[str, np.ndarray]:
    """The named columns of ``batch`` as numpy arrays (NULLs as NaN), converted in Arrow's C++.

    ``to_numpy`` turns a decimal column into an object array of Python ``Decimal``s, one per row,
    with the interpreter lock held (about 80 ms per 200,000-row batch of lapse rows at long 10^6),
    and every later ``np.asarray(..., float64)`` converts them one by one again. A whole-number
    decimal goes through int64 instead: the same float64 values, as int64 to float64 rounds as
    ``float(Decimal)`` does. Text columns are left out: pass only the columns to compute with.
    """
    out: dict[str, np.ndarray] = {}
    for name in names:
        column = batch.column(name)
        if pa.types.is_decimal(column.type) and column.type.scale == 0:
            column = pc.cast(column, pa.int64())   # safe cast: raises rather than wraps past 2^63
        out[name] = column.to_numpy(zero_copy_only=False)
    return out

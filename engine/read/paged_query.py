"""A SQL result read a page at a time, sorted and filtered inside DuckDB.

Tables with millions of rows are never pulled into Python: the GUI's table
models ask for ``count()`` and for pages of rows by offset.

A deep page, in sorted order, is positioned without an ``OFFSET`` over every row before it
(anchors, sampled-key brackets, the sort's first rows under a common filter): see
:mod:`engine.read.deep_paging`.

A filter on a big plain table reads the distinct values of its text columns
once they are listed (:meth:`PagedQuery.build_value_lists`, see
:mod:`engine.read.value_lists`) instead of every row's text.
"""

from __future__ import annotations

from typing import Any, Sequence

import duckdb

from engine.read import deep_paging, value_lists
from engine.read.deep_paging import DeepPaging, quote_ident
from engine.store.project import Project

_TEXT_TYPES = ("VARCHAR",)
#: The hidden unique key :meth:`PagedQuery.for_table` adds to a table's columns.
ROW_ID = "__row_id"
#: Fewest rows a page query asks DuckDB for (see the note in :meth:`PagedQuery.fetch`).
_MIN_TOP_N = 64


class PagedQuery(DeepPaging):
    def __init__(self, project: Project, sql: str, params: Sequence[Any] = (), *,
                 filter_columns: Sequence[str] | None = None, default_sort: str | None = None,
                 key_columns: Sequence[str] | None = None, hidden_columns: Sequence[str] = ()) -> None:
        self.project = project
        self.sql = sql
        self.params = list(params)
        described = project.cursor().execute(f"DESCRIBE SELECT * FROM ({sql})", self.params).fetchall()
        self._all_columns: list[str] = [r[0] for r in described]
        hidden = set(hidden_columns)
        unknown = (hidden | set(key_columns or ())) - set(self._all_columns)
        if unknown:
            raise ValueError(f"no column {sorted(unknown)[0]!r}")
        self.columns: list[str] = [r[0] for r in described if r[0] not in hidden]
        self.types: list[str] = [str(r[1]) for r in described if r[0] not in hidden]
        self.key_columns = list(key_columns) if key_columns else None
        self._hidden = hidden
        self.filter_columns = list(filter_columns) if filter_columns is not None else [
            c for c, t in zip(self.columns, self.types) if t.upper() in _TEXT_TYPES]
        self._sort: tuple[str, bool] | None = (default_sort, False) if default_sort else None
        self._filter = ""
        self._count: tuple[str, int] | None = None
        self._version = 0  # bumped by invalidate(): anchors of older data are never used
        self._anchors: tuple[tuple, int, list[tuple[tuple, int]]] | None = None
        self._brackets: list[tuple[tuple, tuple, int, tuple | None, int]] = []   # see _bracket
        self._table: str | None = None       # the plain table behind the query (for_table), if any
        self._owner = value_lists.new_owner()
        self._listed: tuple[int, frozenset[str]] = (-1, frozenset())   # (version, columns with value lists)
        self._where_cache: tuple[tuple, list[str], list[Any]] | None = None
        self._top: tuple[tuple, list[Any], str] | None = None   # ((sort, version), the sort's first keys)
        self._ahead: tuple[tuple, int, list[tuple]] | None = None   # (state, limit, rows): see read_ahead

    @classmethod
    def for_table(cls, project: Project, table: str, columns: Sequence[str], **kwargs: Any) -> "PagedQuery":
        """A plain table's columns, paged with its ``rowid`` as the hidden unique tiebreak."""
        cols = ", ".join(quote_ident(c) for c in columns)
        query = cls(project, f"SELECT rowid AS {ROW_ID}, {cols} FROM {quote_ident(table)}",
                    key_columns=[ROW_ID], hidden_columns=[ROW_ID], **kwargs)
        query._table = table
        return query

    # -- state ---------------------------------------------------------------------
    def set_sort(self, column: str | None, descending: bool = False) -> None:
        if column is not None and column not in self.columns:
            raise ValueError(f"no column {column!r}")
        self._sort = (column, descending) if column else None

    def set_filter(self, text: str) -> None:
        text = text.strip()
        self._filter = text

    @property
    def sort(self) -> tuple[str, bool] | None:
        return self._sort

    @property
    def filter_text(self) -> str:
        return self._filter

    def _state(self) -> tuple:
        return (self._sort, self._filter, self._version)

    # -- SQL -------------------------------------------------------------------------
    def _where(self, cursor: duckdb.DuckDBPyConnection | None = None, lists: bool = True) -> tuple[list[str], list[Any]]:
        """The filter as SQL; ``lists=False`` leaves out the value lists (every column's text
        is matched: cheap to write, and cheap to run on a few thousand rows)."""
        if not self._filter or not self.filter_columns:
            return [], []
        listed = self._listed[1] if self._listed[0] == self._version and lists else frozenset()
        key = (self._filter, self._version, listed)
        cached = self._where_cache
        if cached is not None and cached[0] == key:
            return list(cached[1]), list(cached[2])
        cur = cursor or self.project.cursor()
        # every word must match some filterable column: "dairy C0001" narrows, not widens
        clauses, params = [], []
        for word in self._filter.split():
            pattern = f"%{word}%"
            ors = []
            for c in self.filter_columns:
                found = (value_lists.matches(cur, id(self.project), self._table, c, self._owner, self._version,
                                             pattern) if c in listed and self._table else None)
                if found is None:
                    ors.append(f"CAST({quote_ident(c)} AS VARCHAR) ILIKE ?")
                    params.append(pattern)
                elif found:   # a column none of whose values match drops out
                    ors.append(f"{quote_ident(c)} = ANY(?)")
                    params.append(found)
            clauses.append("(" + (" OR ".join(ors) or "FALSE") + ")")
        if lists:
            self._where_cache = (key, clauses, params)
        return list(clauses), list(params)

    def _order_terms(self) -> list[tuple[str, bool]]:
        """(column, descending) of the full order: the sort column, then a tiebreak that makes it total."""
        if not self._sort:
            return []
        column, desc = self._sort
        tiebreak = self.key_columns if self.key_columns is not None else self._all_columns
        return [(column, desc)] + [(c, False) for c in tiebreak if c != column]

    def _order(self) -> str:
        terms = self._order_terms()
        return ("ORDER BY " + ", ".join(
            f"{quote_ident(c)} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in terms)) if terms else ""

    def _select(self) -> str:
        return "*" if not self._hidden else ", ".join(quote_ident(c) for c in self.columns)

    def count(self, cursor: duckdb.DuckDBPyConnection | None = None) -> int:
        """Rows after the filter. ``cursor`` lets another thread run it (and interrupt it)."""
        key = (self._filter, self._version)
        if self._count is None or self._count[0] != key:
            clauses, params = self._where(cursor)
            where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
            n = int((cursor or self.project.cursor()).execute(
                f"SELECT count(*) FROM ({self.sql}) {where}", self.params + params).fetchall()[0][0])
            self._count = (key, n)  # keyed by its filter: a stale thread cannot poison the cache
        return self._count[1]

    def known_count(self) -> int | None:
        """Rows after the filter if known without a query (counted, or a short first page), else None."""
        key = (self._filter, self._version)
        return self._count[1] if self._count is not None and self._count[0] == key else None

    def read_ahead(self, limit: int, cursor: duckdb.DuckDBPyConnection | None = None) -> None:
        """Read the first ``limit`` rows in the current order now, on the thread that builds the query (a page's
        read, a job), so that the table showing it has its first page without a query of its own; and the rows
        after the filter (a full page does not settle :meth:`count`): a table waited for its count on the window's
        thread as it was shown, 24-51 ms of a page's first showing at 10^7 (session 39)."""
        self._ahead = (self._state(), int(limit), self.fetch(0, limit, cursor))
        self.count(cursor)

    def rows_read_ahead(self, limit: int) -> list[tuple] | None:
        """The rows :meth:`read_ahead` read, when they are the first ``limit`` of the current order and filter
        (taken once: a later reload queries again)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == self._state() and ahead[1] == int(limit):
            return ahead[2]
        return None

    def fetch(self, offset: int, limit: int, cursor: duckdb.DuckDBPyConnection | None = None) -> list[tuple]:
        """Rows ``offset`` to ``offset + limit`` in the current order. A first page shorter than
        ``limit`` is every row, so it also settles :meth:`count` (a few-row filter over millions
        of rows then costs one scan, not two)."""
        key = (self._filter, self._version)
        rows = self._fetch(offset, limit, cursor)
        if int(offset) == 0 and len(rows) < int(limit):
            self._count = (key, len(rows))
        return rows

    def _fetch(self, offset: int, limit: int, cursor: duckdb.DuckDBPyConnection | None) -> list[tuple]:
        offset, limit = int(offset), int(limit)
        anchors = self._anchors if self._anchors and self._anchors[0] == self._state() else None
        seeking = anchors is not None and offset >= anchors[1]
        if self._table and self._by_key() and self._sort and self._filter and not seeking \
                and offset + limit <= deep_paging.NEAR_TOP[0] // 8:
            cur = cursor or self.project.cursor()
            rows = self._near_top_rows(cur, offset, limit)
            if rows is not None:
                return rows
        clauses, params = self._where(cursor)
        cur = cursor or self.project.cursor()
        if seeking:
            _, step, marks = anchors
            first = offset // step
            if first < len(marks):
                key, skip = marks[first]
                end = first + -(-(offset - first * step + limit) // step)
                upper_key = marks[end][0] if end < len(marks) else None
                between, between_params = self._between(key, upper_key)
                clauses, params = clauses + between, params + between_params
                offset = offset - first * step + skip
        elif self._sort and offset >= deep_paging.BRACKET_MIN_OFFSET:
            found = self._bracket(cur, clauses, params, offset, limit)
            if found is not None:
                low, before, high = found
                between, between_params = self._between(low, high)
                clauses, params = clauses + between, params + between_params
                offset -= before
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        if self._by_key() and (self._sort or clauses):
            return self._fetch_by_key(cur, where, params, offset, limit)
        # DuckDB 2.0.0 fails ("INTERNAL Error: Attempted to access index -1") on some seeks over
        # a rowid key when its late materialization rewrites a top-N of at most 50 rows
        # (late_materialization_max_rows): ask for more and cut in Python.
        rows = cur.execute(
            f"SELECT {self._select()} FROM ({self.sql}) {where} {self._order()} "
            f"LIMIT {max(limit, _MIN_TOP_N)} OFFSET {offset}", self.params + params).fetchall()
        return rows[:limit]

    def _by_key(self) -> bool:
        return self.key_columns is not None and len(self.key_columns) == 1

    def _fetch_by_key(self, cur, where: str, params: list[Any], offset: int, limit: int) -> list[tuple]:
        """A page in two steps: the page's keys in order (a top-N that carries only the sort and key
        columns), then its rows by key. Sorting whole rows makes DuckDB decode every text column of
        every row group for a top-N whose matches are spread over the table (3.4 s at 10^7 rows)."""
        key = quote_ident(self.key_columns[0])
        keys = [r[0] for r in cur.execute(
            f"SELECT {key} FROM ({self.sql}) {where} {self._order()} "
            f"LIMIT {max(limit, _MIN_TOP_N)} OFFSET {offset}", self.params + params).fetchall()][:limit]
        return self._rows_by_key(cur, keys)

    def _rows_by_key(self, cur, keys: list[Any], clauses: Sequence[str] = (), params: Sequence[Any] = ()) -> list[tuple]:
        """The rows of ``keys`` (those ``clauses`` keep), in the order of ``keys``."""
        if not keys:
            return []
        key = quote_ident(self.key_columns[0])
        select = ", ".join(quote_ident(c) for c in self.columns)
        extra = "" if self.key_columns[0] in self.columns else f", {key}"
        where = " AND ".join([*clauses, f"{key} = ANY(?)"])
        rows = cur.execute(f"SELECT {select}{extra} FROM ({self.sql}) WHERE {where}",
                           self.params + list(params) + [keys]).fetchall()
        at = self.columns.index(self.key_columns[0]) if not extra else len(self.columns)
        by_key = {r[at]: r[:len(self.columns)] for r in rows}
        return [by_key[k] for k in keys if k in by_key]

    def build_value_lists(self, cursor: duckdb.DuckDBPyConnection | None = None) -> bool:
        """List the distinct values of the text filter columns of a big plain table (one scan per
        column, a few seconds of background work at 10^7 rows); False when nothing was listed."""
        version = self._version
        if self._table is None or self._listed[0] == version:
            return bool(self._listed[1]) if self._listed[0] == version else False
        columns = [c for c, t in zip(self.columns, self.types) if c in self.filter_columns and t.upper() in _TEXT_TYPES]
        listed = value_lists.build(cursor or self.project.cursor(), id(self.project), self._table, columns,
                                   self._owner, version, quote_ident)
        if version == self._version:
            self._listed = (version, frozenset(listed))
        return bool(listed)

    def has_value_lists(self) -> bool:
        return self._listed[0] == self._version and bool(self._listed[1])

    def invalidate(self) -> None:
        self._count = None
        self._version += 1
        self._anchors = None

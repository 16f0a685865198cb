"""A SQL result read a page at a time, sorted and filtered inside DuckDB.

Tables with millions of rows are never pulled into Python: the GUI's table
models ask for ``count()`` and for pages of rows by offset.
"""

from __future__ import annotations

from typing import Any, Sequence

import duckdb

from engine.store.project import Project

_TEXT_TYPES = ("VARCHAR",)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PagedQuery:
    def __init__(self, project: Project, sql: str, params: Sequence[Any] = (), *,
                 filter_columns: Sequence[str] | None = None, default_sort: str | None = None) -> None:
        self.project = project
        self.sql = sql
        self.params = list(params)
        described = project.cursor().execute(f"DESCRIBE SELECT * FROM ({sql})", self.params).fetchall()
        self.columns: list[str] = [r[0] for r in described]
        self.types: list[str] = [str(r[1]) for r in described]
        self.filter_columns = list(filter_columns) if filter_columns is not None else [
            c for c, t in zip(self.columns, self.types) if t.upper() in _TEXT_TYPES]
        self._sort: tuple[str, bool] | None = (default_sort, False) if default_sort else None
        self._filter = ""
        self._count: tuple[str, int] | None = None

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

    # -- SQL -------------------------------------------------------------------------
    def _where(self) -> tuple[str, list[Any]]:
        if not self._filter or not self.filter_columns:
            return "", []
        # every word must match some filterable column: "dairy C0001" narrows, not widens
        clauses, params = [], []
        for word in self._filter.split():
            ors = " OR ".join(f"CAST({quote_ident(c)} AS VARCHAR) ILIKE ?" for c in self.filter_columns)
            clauses.append(f"({ors})")
            params.extend([f"%{word}%"] * len(self.filter_columns))
        return "WHERE " + " AND ".join(clauses), params

    def _order(self) -> str:
        if not self._sort:
            return ""
        column, desc = self._sort
        # a stable tiebreak keeps pages consistent when many rows share a value
        tiebreak = ", ".join(quote_ident(c) for c in self.columns[:2] if c != column)
        return f"ORDER BY {quote_ident(column)} {'DESC' if desc else 'ASC'} NULLS LAST" + (
            f", {tiebreak}" if tiebreak else "")

    def count(self, cursor: duckdb.DuckDBPyConnection | None = None) -> int:
        """Rows after the filter. ``cursor`` lets another thread run it (and interrupt it)."""
        key = self._filter
        if self._count is None or self._count[0] != key:
            where, params = self._where()
            n = int((cursor or self.project.cursor()).execute(
                f"SELECT count(*) FROM ({self.sql}) {where}", self.params + params).fetchall()[0][0])
            self._count = (key, n)  # keyed by its filter: a stale thread cannot poison the cache
        return self._count[1]

    def fetch(self, offset: int, limit: int, cursor: duckdb.DuckDBPyConnection | None = None) -> list[tuple]:
        where, params = self._where()
        return (cursor or self.project.cursor()).execute(
            f"SELECT * FROM ({self.sql}) {where} {self._order()} LIMIT {int(limit)} OFFSET {int(offset)}",
            self.params + params).fetchall()

    def invalidate(self) -> None:
        self._count = None

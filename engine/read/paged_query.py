"""A SQL result read a page at a time, sorted and filtered inside DuckDB.

Tables with millions of rows are never pulled into Python: the GUI's table
models ask for ``count()`` and for pages of rows by offset.

A deep page in sorted order by plain ``OFFSET`` makes DuckDB sort every row up
to it (seconds at 10^7 rows). :meth:`PagedQuery.build_anchors` instead records,
once per sort and filter, the sort key of every ``step``-th row in that order
(an *anchor*: a few tuples per thousand rows, so memory stays bounded). A deep
page is then a seek: rows between two anchors, ``ORDER BY ... LIMIT n``.

Until the anchors are built, a deep page is read between two keys taken from a sample
of the sort keys, the rows before the first counted exactly (:meth:`PagedQuery._bracket`):
bounded work at any depth, where an ``OFFSET`` sorts every row up to the page.

A seek needs a total order. The tiebreak after the sort column is the query's
unique ``key_columns`` when it has them (a plain table: its DuckDB ``rowid``,
see :meth:`PagedQuery.for_table`), else every other column. Rows equal in every
column cannot be told apart, so each anchor also carries how many such twins
come before it in the order (its ``skip``).

A filter on a big plain table reads the distinct values of its text columns
once they are listed (:meth:`PagedQuery.build_value_lists`, see
:mod:`engine.read.value_lists`) instead of every row's text.

A sorted page near the top of a filter that many rows match (a word matching too
many listed values is a scan of every row's text: 1.7 s of CPU at 10^7 rows to sort
every match) is found among the first few thousand rows of the sort alone (a top-N of
the sort and key columns, kept for the next filter), the filter then checked on those
rows by key, without the value lists: every matching row outside them comes later in
the order. Whether matches are that common is read from the table's first stored rows.
"""

from __future__ import annotations

from typing import Any, Sequence

import duckdb

from engine.read import value_lists
from engine.store.project import Project

_TEXT_TYPES = ("VARCHAR",)
#: The hidden unique key :meth:`PagedQuery.for_table` adds to a table's columns.
ROW_ID = "__row_id"
#: Fewest rows a page query asks DuckDB for (see the note in :meth:`PagedQuery.fetch`).
_MIN_TOP_N = 64
#: A sorted page near the top of a filter many rows match is looked for among the sort's first rows
#: alone (first try, most tried); past the most, the page is a top-N of the filtered rows.
NEAR_TOP = (4096, 262_144)
#: Pages from this offset on, before the anchors exist, are looked for between two keys read from a
#: sample of this many rows, this many standard errors either side (see :meth:`PagedQuery._bracket`).
BRACKET_MIN_OFFSET = 65_536
BRACKET_SAMPLE = 50_000
BRACKET_SPREAD = 4
BRACKETS_KEPT = 8


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PagedQuery:
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

    @staticmethod
    def _after(terms: list[tuple[str, bool]], key: tuple, inclusive: bool) -> tuple[str, list[Any]]:
        """Rows after ``key`` (or at it when ``inclusive``) in the order of ``terms``, NULLs last.

        Written out column by column (never NULL itself): a row tuple comparison
        cannot mix directions nor place NULLs last.
        """
        ors: list[str] = []
        params: list[Any] = []
        eq_prefix: list[str] = []
        eq_params: list[Any] = []
        for (column, desc), value in zip(terms, key):
            col = quote_ident(column)
            if value is not None:
                ors.append(" AND ".join(eq_prefix + [f"coalesce({col} {'<' if desc else '>'} ?, TRUE)"]))
                params += eq_params + [value]
                eq_prefix.append(f"{col} IS NOT DISTINCT FROM ?")
                eq_params.append(value)
            else:
                eq_prefix.append(f"{col} IS NULL")  # nothing sorts after NULL on this column
        if inclusive:
            ors.append(" AND ".join(eq_prefix) or "TRUE")
            params += eq_params
        return "(" + (" OR ".join(f"({o})" for o in ors) or "FALSE") + ")", params

    @staticmethod
    def _sort_range(term: tuple[str, bool], low: Any, high: Any) -> tuple[list[str], list[Any]]:
        """Bounds on the sort column from the anchors around a page (NULLs last); none when unknown."""
        column, desc = term
        col = quote_ident(column)
        if low is None:
            return [f"{col} IS NULL"], []
        clauses = [f"{col} {'<=' if desc else '>='} ?"]
        params = [low]
        if high is not None:
            clauses.append(f"{col} {'>=' if desc else '<='} ?")
            params.append(high)
        else:
            clauses = [f"({clauses[0]} OR {col} IS NULL)"]
        return clauses, params

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
                and offset + limit <= NEAR_TOP[0] // 8:
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
        elif self._sort and offset >= BRACKET_MIN_OFFSET:
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

    def _between(self, low: tuple, high: tuple | None) -> tuple[list[str], list[Any]]:
        """Rows from ``low`` to ``high`` (both included; None: to the end) in the full order."""
        terms = self._order_terms()
        clauses, params = self._after(terms, low, inclusive=True)
        clauses, params = [clauses], list(params)
        if high is not None:
            # a bound on both sides leaves DuckDB a few pages to sort, not the table
            upper, upper_params = self._after(terms, high, inclusive=False)
            clauses, params = clauses + [f"NOT {upper}"], params + upper_params
        # the same bounds on the sort column alone, implied by the above: plain
        # comparisons DuckDB pushes into its scan, so other columns are read for few rows
        range_sql, range_params = self._sort_range(terms[0], low[0], high[0] if high is not None else None)
        return clauses + range_sql, params + range_params

    def _bracket(self, cur, clauses: list[str], params: list[Any], offset: int,
                 limit: int) -> tuple[tuple, int, tuple | None] | None:
        """Two keys around rows ``offset`` to ``offset + limit`` in the current order, before the
        anchors exist: (low key, rows before it, high key or None). None: plain OFFSET it is.

        Bounded work whatever the depth: the keys are read from a sample of the sort and key
        columns (about ``BRACKET_SAMPLE`` rows, picked by the hash of a unique key, else
        Bernoulli; sorted inside DuckDB), a few standard errors of a sample quantile either
        side of the page; a scan with one plain comparison counts the rows before the first
        exactly, and the rows up to the second are counted within the sort column's range.
        At 10^7 rows that is 0.5-0.9 s of CPU against 2.3-2.7 s for an OFFSET (a sort of
        every row up to the page). Brackets are kept for the next pages.
        """
        state = self._state()
        kept = [b for b in self._brackets if b[0] == state]
        for _, low, before, high, before_high in kept:
            if before <= offset and (high is None or offset + limit <= before_high):
                return low, before, high
        total = self.count(cur)
        if offset >= total:
            return None
        terms = self._order_terms()
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        keys = ", ".join(quote_ident(c) for c, _ in terms)
        window = ", ".join(f"{quote_ident(c)} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in terms)
        first, last = offset / total, min(1.0, (offset + limit) / total)
        if self._by_key():
            # every k-th key by its hash: the filter reads the key column alone, and the sort
            # column only for the rows it keeps (a Bernoulli sample reads it for every row)
            every = max(1, total // BRACKET_SAMPLE)
            sample = (f"SELECT {keys} FROM ({self.sql}) WHERE "
                      + " AND ".join([*clauses, f"hash({quote_ident(self.key_columns[0])}) % {every} = 0"]))
        else:
            percent = min(100.0, 100.0 * BRACKET_SAMPLE / max(total, 1))
            sample = f"SELECT {keys} FROM ({self.sql}) {where} USING SAMPLE {percent!r} PERCENT (bernoulli, 7)"
        # sample ranks m * q have a spread of sqrt(m q (1 - q)); BRACKET_SPREAD of them either side
        rows = cur.execute(f"""
            WITH s AS (SELECT {keys}, row_number() OVER (ORDER BY {window}) AS rn, count(*) OVER () AS m
                       FROM ({sample}))
            SELECT {keys}, rn = lo FROM s, (SELECT
                floor(any_value(m) * {first!r} - {BRACKET_SPREAD} * sqrt(any_value(m) * {first * (1 - first)!r}) - 1) AS lo,
                ceil(any_value(m) * {last!r} + {BRACKET_SPREAD} * sqrt(any_value(m) * {last * (1 - last)!r}) + 1) AS hi
                FROM s)
            WHERE rn = lo OR rn = hi ORDER BY rn""", self.params + params).fetchall()
        low = next((tuple(r[:-1]) for r in rows if r[-1]), None)
        high = next((tuple(r[:-1]) for r in rows if not r[-1]), None)
        if low is None:
            return None   # the page is near the top: a top-N of it is cheap
        before = self._rows_before(cur, clauses, params, low)
        if before > offset:
            return None   # the sample missed (a few standard errors out): rare, and OFFSET is right
        before_high = total
        if high is not None:
            # rows from low up to high: the sort column's range narrows the scan to a few row groups
            between, between_params = self._between(low, high)
            upper, upper_params = self._after(terms, high, inclusive=True)
            before_high = before + int(cur.execute(
                f"SELECT count(*) FROM ({self.sql}) WHERE " + " AND ".join([*clauses, *between, f"NOT {upper}"]),
                self.params + params + between_params + upper_params).fetchall()[0][0])
        if before_high < min(total, offset + limit):
            return None
        self._brackets = [*kept[-(BRACKETS_KEPT - 1):], (state, low, int(before), high, before_high)]
        return low, int(before), high

    def _rows_before(self, cur, clauses: list[str], params: list[Any], key: tuple) -> int:
        """How many rows come before ``key`` in the full order: those before its sort value (one
        plain comparison, which DuckDB evaluates in its scan), then its ties before it (an equality,
        which narrows the scan first)."""
        terms = self._order_terms()
        (column, desc), value = terms[0], key[0]
        col = quote_ident(column)
        if value is None:   # NULLs last: every non-NULL row, then the NULL ties
            head, head_params, tie = [f"{col} IS NOT NULL"], [], [f"{col} IS NULL"]
        else:
            head, head_params, tie = [f"{col} {'>' if desc else '<'} ?"], [value], [f"{col} = ?"]
        tail, tail_params = self._after(terms[1:], key[1:], inclusive=True)
        sql = f"SELECT count(*) FROM ({self.sql}) WHERE "
        before, ties = cur.execute(
            f"SELECT ({sql + ' AND '.join([*clauses, *head])}), ({sql + ' AND '.join([*clauses, *tie, f'NOT {tail}'])})",
            self.params + params + head_params + self.params + params + ([value] if value is not None else [])
            + tail_params).fetchall()[0]
        return int(before) + int(ties)

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

    def _near_top_rows(self, cur, offset: int, limit: int) -> list[tuple] | None:
        """The page from among the sort's first rows, or None when the filter matches too few rows."""
        clauses, params = self._where(cur, lists=False)
        if not clauses:
            return None
        where = "WHERE " + " AND ".join(clauses)
        need, tried = offset + limit, NEAR_TOP[0]
        # the table's first rows as stored (a read of a few vectors) say whether matches are common
        hits = cur.execute(f"SELECT count(*) FROM (SELECT * FROM ({self.sql}) LIMIT {tried}) {where}",
                           self.params + params).fetchall()[0][0]
        if 2 * hits < need:
            return None
        while True:
            first = self._first_keys(cur, tried)
            rows = self._rows_by_key(cur, first, clauses, params)   # the matching ones, whole, in order
            if len(rows) >= need or len(first) < tried:   # (fewer: every row was tried)
                return rows[offset:need]
            # as many again as the matches so far suggest, twice over; a rare match is a plain top-N
            tried = tried * 2 * -(-need // len(rows)) if rows else NEAR_TOP[1] + 1
            if tried > NEAR_TOP[1]:
                return None

    def _first_keys(self, cur, n: int) -> list[Any]:
        """The keys of the first ``n`` rows in the sort order, unfiltered (kept for the next filter)."""
        state = (self._sort, self._version)
        if self._top is None or self._top[0] != state or (len(self._top[1]) < n and self._top[2] == "more"):
            key = quote_ident(self.key_columns[0])
            rows = cur.execute(f"SELECT {key} FROM ({self.sql}) {self._order()} LIMIT {int(n)}", self.params).fetchall()
            self._top = (state, [r[0] for r in rows], "more" if len(rows) == n else "all")
        return self._top[1][:n]

    # -- anchors -----------------------------------------------------------------------
    def build_anchors(self, step: int, cursor: duckdb.DuckDBPyConnection | None = None) -> bool:
        """Record the sort key of every ``step``-th row in the current order; False when unsorted.

        One sort of the key columns only (not of whole rows). Run it on another
        thread's ``cursor`` and interrupt it when the sort or filter changes: the
        result is stored only for the state it was built for.
        """
        state = self._state()
        terms = self._order_terms()
        if not terms or step < 1:
            return False
        clauses, params = self._where(cursor)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        keys = ", ".join(quote_ident(c) for c, _ in terms)
        window = ", ".join(f"{quote_ident(c)} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in terms)
        rows = (cursor or self.project.cursor()).execute(f"""
            SELECT {keys}, rn - rk AS skip FROM (
                SELECT {keys}, row_number() OVER w AS rn, rank() OVER w AS rk
                FROM ({self.sql}) {where}
                WINDOW w AS (ORDER BY {window})
            ) WHERE (rn - 1) % {int(step)} = 0 ORDER BY rn""", self.params + params).fetchall()
        self._anchors = (state, int(step), [(tuple(r[:-1]), int(r[-1])) for r in rows])
        return True

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

    def has_anchors(self) -> bool:
        return self._anchors is not None and self._anchors[0] == self._state()

    def invalidate(self) -> None:
        self._count = None
        self._version += 1
        self._anchors = None

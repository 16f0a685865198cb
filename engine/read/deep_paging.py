"""Where a deep page starts in sorted order, without an ``OFFSET`` over every row before it.

The positioning half of :class:`engine.read.paged_query.PagedQuery` (its base class here: it
reads the query's SQL, order and filter from it).

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

A sorted page near the top of a filter that many rows match (a word matching too
many listed values is a scan of every row's text: 1.7 s of CPU at 10^7 rows to sort
every match) is found among the first few thousand rows of the sort alone (a top-N of
the sort and key columns, kept for the next filter), the filter then checked on those
rows by key, without the value lists: every matching row outside them comes later in
the order. Whether matches are that common is read from the table's first stored rows.
"""

from __future__ import annotations

from typing import Any

import duckdb

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


class DeepPaging:
    """Anchors, sampled-key brackets and the sort's first rows of a :class:`PagedQuery`."""

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

    def has_anchors(self) -> bool:
        return self._anchors is not None and self._anchors[0] == self._state()

"""Amounts written in several currencies in one file: the main one's are spend, the others' are not.

An Amazon report of several marketplaces (USD, CAD, MXN), a cross-border ERP's orders (币种: USD, EUR, JPY) or a
Shopify export in the buyers' currencies writes a line's amount in the line's own currency. Summed as they are, a
customer's 1,000 JPY weighed as much as another's 1,000 USD: spend, the high-value lists and the spend tiers were
wrong without a word. The app knows no exchange rates (it runs offline), so the lines in a currency other than the
file's main one (the one most sampled lines are in) keep their events, without spend, and the import says how many
and in what.

The events pass marks such an amount with :data:`MARK` (an infinite amount, which no readable number is); after the
pass :func:`store` counts them and clears the mark. A line without a currency is in the main one.
"""

from __future__ import annotations

import duckdb

from engine.ingest.parsing import lit, q

#: The amount of a line in another currency, for the length of the pass (a NaN is an amount that reads as no number)
MARK = "CAST('infinity' AS DOUBLE)"
#: Longer values are no currency's code, symbol or name (a column guessed wrong)
_MAX_LEN = 12
#: Currencies named in a message
SHOWN = 5


def code(col: str) -> str:
    """SQL of a currency column's value as compared: trimmed, upper case, NULL when blank."""
    return f"nullif(upper(trim(CAST({col} AS VARCHAR))), '')"


def detect(cur: duckdb.DuckDBPyConnection, table: str, col: str) -> tuple[str, ...]:
    """The currencies of the sampled lines, most lines first (ties by name); none when the column holds something
    else (numbers, dates, long text), so that its amounts are taken as they are."""
    v = code(q(col))
    rows = cur.execute(f"SELECT {v} AS c, count(*) AS n FROM {table} WHERE c IS NOT NULL GROUP BY c "
                       "ORDER BY n DESC, c").fetchall()
    # a currency's code, symbol or name holds no digit ($, US$, 元, CAD): numbers and dates are something else
    if not rows or any(len(c) > _MAX_LEN or any(ch.isdigit() for ch in c) for c, _n in rows[:50]):
        return ()
    return tuple(c for c, _n in rows)


def other(col: str, main: str) -> str:
    """SQL: the line is in another currency than ``main`` (a blank one is in ``main``)."""
    return f"coalesce({code(col)}, {lit(main)}) <> {lit(main)}"


def store(cur: duckdb.DuckDBPyConnection, import_id: int) -> int:
    """The import's events whose amount is in another currency; their amount becomes NULL (no spend)."""
    n = cur.execute("SELECT count(*) FROM events WHERE import_id = ? AND isinf(amount)", [import_id]).fetchall()[0][0]
    if n:
        cur.execute("UPDATE events SET amount = NULL WHERE import_id = ? AND isinf(amount)", [import_id])
    return int(n)

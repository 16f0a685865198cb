"""How many parts a statement needs under DuckDB's memory limit, and the conditions that cut a key into them.

Some statements hold state in proportion to their input that DuckDB cannot always spill (a join's hash
tables beside the temp tables still in the pool, a quantile's states): under a small cap (Settings allows
256 MB) they run out of memory at 10^7 events (issue #13). Such a statement runs over a range of keys at a
time: as many ranges as an estimate of the bytes it needs asks of the memory limit, and a single one, the
statement unchanged, where it fits (the default cap at 10^7).

A caller estimates its need (rows times bytes per row, measured where one part ran out of a cap), asks
:func:`parts_needed` for the number of parts, finds that many - 1 bounds of its key (from its own table, in
the key's order) and gets the conditions from :func:`range_conditions`.
"""

from __future__ import annotations

import duckdb

from engine.store.connection import memory_bytes

#: The condition of :func:`range_conditions` that takes every row (a single part).
EVERY_ROW = "TRUE"


def memory_limit_bytes(cur: duckdb.DuckDBPyConnection) -> int:
    """DuckDB's memory limit on ``cur``'s database, in bytes."""
    return memory_bytes(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])


def parts_needed(cur: duckdb.DuckDBPyConnection, need: int, most: int) -> int:
    """How many parts ``need`` bytes take for each to fit DuckDB's memory limit: 1 where they fit, never more
    than ``most`` (a part holds one key at least)."""
    limit = memory_limit_bytes(cur)
    return max(1, min(int(most), -(-int(need) // max(limit, 1))))


def range_conditions(column: str, bounds: list[str]) -> list[str]:
    """Conditions on ``column`` (SQL, with its alias where it needs one) taking the rows below the first of
    ``bounds`` (SQL literals, ascending, distinct), then between each two, then from the last on: every row in
    exactly one part. No bounds: [:data:`EVERY_ROW`]."""
    if not bounds:
        return [EVERY_ROW]
    return ([f"{column} < {bounds[0]}"]
            + [f"{column} >= {lo} AND {column} < {hi}" for lo, hi in zip(bounds, bounds[1:])]
            + [f"{column} >= {bounds[-1]}"])

"""Sums of floats that come out the same whatever order DuckDB adds them in: integers in units of 2^-40.

DuckDB's parallel aggregates add a group's rows in the order its threads meet them, so a float sum
can differ in its last bits between two runs, two thread counts or two orders of the same rows. A
model fitted on such features can then move: decay's lapse AUCs moved in the 4th decimal; the
customers' expected spend and the segments' figures moved in the 16th digit (issue #13). Each term
here is rounded to a multiple of 2^-40 (exact beyond 2^12; below 1e-12 off otherwise), and the
integers are added as HUGEINT, exactly and without overflow at any shop's size.
"""

from __future__ import annotations

#: The unit of the fixed-point sums.
FIXED_POINT = 2 ** 40


def _filter(where: str | None) -> str:
    return f" FILTER (WHERE {where})" if where else ""


def fixed_sum(expr: str, where: str | None = None) -> str:
    """SQL: ``sum(expr)`` (NULL over no rows), added in fixed point."""
    return f"(sum(CAST(round(({expr}) * {FIXED_POINT}) AS HUGEINT)){_filter(where)} / {FIXED_POINT}.0)"


def fixed_avg(expr: str, where: str | None = None) -> str:
    """SQL: ``avg(expr)`` (NULL over no rows), its sum added in fixed point."""
    return f"({fixed_sum(expr, where)} / nullif(count({expr}){_filter(where)}, 0))"


def integer_sd(expr: str) -> str:
    """SQL: ``stddev_samp(expr)`` of an integer expression, exactly in integers until the last square root
    (NULL below two rows)."""
    n, s, q = f"count({expr})", f"sum(CAST({expr} AS HUGEINT))", f"sum(CAST({expr} AS HUGEINT) * CAST({expr} AS HUGEINT))"
    return (f"(CASE WHEN {n} > 1 THEN sqrt(greatest(CAST({n} * {q} - {s} * {s} AS DOUBLE), 0) "
            f"/ ({n} * ({n} - 1))) END)")

"""The feature SQL as plain text, parameters rendered as literals: what another engine would run.

The statements are the very ones the models run (``customer_features.py`` and
``interest.py``); only their ``?`` parameters are written in. ``docs/scale.md``
explains how this text runs on Spark SQL, BigQuery or Trino through sqlglot;
``tests/engine/test_sql_portable.py`` proves it transpiles and parses, and
``tests/bench/bench_spark_portability.py`` runs it on PySpark.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

import sqlglot
from sqlglot import exp

from engine.features import interest
from engine.features.customer_features import FeatureSpec, customer_features_sql
from engine.features.literals import sql_literal

#: The table of per-pair decay rates the interest statements read (customer_id, category, beta).
RATES_TABLE = "pair_rates"


def render(sql: str, params: Sequence[Any]) -> str:
    """``sql`` with each ``?`` replaced by its parameter as a literal (none of ours sit in a string)."""
    parts = sql.split("?")
    if len(parts) != len(params) + 1:
        raise ValueError(f"{len(parts) - 1} placeholders, {len(params)} parameters")
    out = [parts[0]]
    for value, rest in zip(params, parts[1:]):
        out += [sql_literal(value), rest]
    return "".join(out)


def feature_statements(as_of: datetime, origin: datetime, categories: Sequence[str],
                       window_days: int = 90, rates_table: str = RATES_TABLE) -> dict[str, str]:
    """Name -> runnable SELECT text of every feature statement, as of ``as_of``.

    ``origin`` is the clock's day zero of the interest features (the data's first day).
    The interest statements read ``rates_table``; the customer features read only ``events``.
    """
    spec = FeatureSpec(as_of=as_of, window_days=window_days, categories=tuple(categories))
    t = (as_of - origin).total_seconds() / 86400.0
    features, params = customer_features_sql(spec)
    return {
        "customer_features": render(features, params),
        "occasions": render(interest.occasions_sql(origin), [as_of]),
        "weighted_events": render(interest.weighted_events_sql(origin), [as_of, as_of]),
        # the one pass the decay run executes (scoring.build_scores): interest and levels together
        "interest_and_levels": render(interest.interest_and_levels_sql(origin, rates_table), [as_of, as_of, t]),
        "stop_levels": render(interest.stop_levels_sql(origin, rates_table), [as_of, as_of, t]),
    }


def _portable_epoch(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``epoch(a - b)`` (seconds of an interval) as a microsecond difference.

    sqlglot reads it as a timestamp's epoch, which other engines refuse on an interval.
    """
    if isinstance(node, exp.TimeToUnix) and isinstance(node.this, exp.Sub):
        diff = exp.DateDiff(this=node.this.this, expression=node.this.expression, unit=exp.var("MICROSECOND"))
        return exp.paren(exp.Div(this=diff, expression=exp.Literal.number("1000000.0")))
    return node


def _spark_percentile(node: exp.Expression) -> exp.Expression:
    """DuckDB's ``quantile_cont(x, q)`` as Spark's ``percentile(x, q)`` (both interpolate linearly).

    sqlglot writes ``percentile_cont(x, q)``, which Spark rejects (it wants WITHIN GROUP).
    """
    if isinstance(node, exp.PercentileCont) and node.expression is not None and not node.find_ancestor(exp.WithinGroup):
        return exp.Anonymous(this="percentile", expressions=[node.this, node.expression])
    return node


def _double_literal(node: exp.Expression) -> exp.Expression:
    """A literal like ``86400.0`` as a DOUBLE.

    DuckDB computes ``x / 86400.0`` and our weights in floating point; Spark and Trino
    read such a literal as a DECIMAL and round the quotient to a few decimals (seen as
    3e-7 relative differences in interest on PySpark).
    """
    if isinstance(node, exp.Literal) and not node.is_string and any(ch in node.this for ch in ".eE"):
        if not isinstance(node.parent, exp.Cast):
            return exp.cast(node.copy(), exp.DataType.build("DOUBLE"))
    return node


#: DuckDB's own integer types (128-bit, unsigned): no other engine has them, and sqlglot writes them as they are
#: (Spark refuses ``INT128`` when it parses the statement, though sqlglot parses it).
DUCKDB_ONLY_INTEGERS = frozenset({
    exp.DataType.Type.INT128, exp.DataType.Type.UINT128, exp.DataType.Type.UINT, exp.DataType.Type.UBIGINT,
    exp.DataType.Type.USMALLINT, exp.DataType.Type.UTINYINT, exp.DataType.Type.UINT256, exp.DataType.Type.INT256})


def _exact_integer(dialect: str):
    """The fixed-point sums' ``HUGEINT`` (:mod:`engine.features.fixed_point`) as the engine's widest exact number:
    ``DECIMAL(38, 0)`` (Spark, Trino), ``BIGNUMERIC`` in BigQuery (its NUMERIC keeps 29 digits before the point).
    In units of 2^-40 a row's spend of 10^3 is ~10^15: a 10^7-row shop's sums stay near 10^22, far inside 38 digits."""
    wide = (exp.DataType(this=exp.DataType.Type.BIGDECIMAL) if dialect == "bigquery"
            else exp.DataType.build("DECIMAL(38, 0)"))

    def rewrite(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.DataType) and node.this == exp.DataType.Type.INT128:
            return wide.copy()
        return node
    return rewrite


def to_dialect(sql: str, dialect: str) -> str:
    """A DuckDB statement of ours in another engine's SQL (sqlglot, plus the rewrites above)."""
    tree = sqlglot.parse_one(sql, read="duckdb").transform(_portable_epoch).transform(_double_literal)
    tree = tree.transform(_exact_integer(dialect))
    if dialect in ("spark", "databricks"):
        tree = tree.transform(_spark_percentile)
    return tree.sql(dialect=dialect, pretty=True)

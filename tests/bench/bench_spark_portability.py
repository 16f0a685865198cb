"""The feature SQL, transpiled by sqlglot, run on PySpark in local mode: same tables as DuckDB, row for row.

python -m pytest tests/bench/bench_spark_portability.py -s
(needs the ``bench`` extra, pyspark, and Java 17; SHIFTWISE_BENCH_CUSTOMERS sets the demo shop's size)

Both engines read the same events (DuckDB's table, written to Parquet for Spark)
and the same per-pair decay rates. Every statement of
:func:`engine.features.portable.feature_statements` runs in both; rows are
matched by their key columns and compared value by value (floats to 1e-9
relative, as the engines sum in different orders).
"""

from __future__ import annotations

import math
import os
import time
from datetime import datetime
from decimal import Decimal

import pytest

from engine.demo import generate_demo_shop
from engine.features.customer_features import top_categories
from engine.features.portable import RATES_TABLE, feature_statements, to_dialect
from engine.ingest import import_file
from engine.store import create_project

CUSTOMERS = int(os.environ.get("SHIFTWISE_BENCH_CUSTOMERS", 300))
REL_TOL = 1e-9

#: Columns that identify a row of each statement (the rest are compared as values).
KEYS = {
    "customer_features": ["customer_id"],
    "occasions": ["customer_id", "category", "ts"],
    "weighted_events": None,  # no key: every column, sorted
    "interest_and_levels": None,  # a pair's level rows and its last row: every column, sorted
    "stop_levels": ["customer_id", "category"],
}


def _norm(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _same(a, b) -> bool:
    a, b = _norm(a), _norm(b)
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-12)
    return a == b


def _sortable(row):
    return tuple((v is None, _norm(v) if not isinstance(_norm(v), float) else round(_norm(v), 6)) for v in row)


def test_bench_spark_portability(tmp_path, record_figures):
    pyspark = pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    shop = generate_demo_shop(tmp_path / "shop", seed=7, n_customers=CUSTOMERS)
    project = create_project(tmp_path / "shop.shiftwise")
    import_file(project, shop.events_csv)
    cur = project.cursor()
    as_of = cur.execute("SELECT date_trunc('day', max(ts)) - INTERVAL 30 DAY FROM events").fetchall()[0][0]
    origin = cur.execute("SELECT date_trunc('day', min(ts)) FROM events").fetchall()[0][0]
    categories = top_categories(cur, as_of, 90, 12)
    # rates that differ per pair, so a wrong join or exponent shows
    cur.execute(f"""CREATE TEMP TABLE {RATES_TABLE} AS
        SELECT DISTINCT customer_id, category, 0.005 + (length(customer_id || category) % 9) * 0.01 AS beta
        FROM events WHERE category IS NOT NULL""")
    events_pq, rates_pq = tmp_path / "events.parquet", tmp_path / "rates.parquet"
    cur.execute(f"COPY events TO '{events_pq}' (FORMAT parquet)")
    cur.execute(f"COPY {RATES_TABLE} TO '{rates_pq}' (FORMAT parquet)")

    statements = feature_statements(as_of, origin, categories)
    figures: dict = {"customers": CUSTOMERS, "events": cur.execute("SELECT count(*) FROM events").fetchall()[0][0],
                     "as_of": as_of, "categories": len(categories), "pyspark": pyspark.__version__,
                     "load_average_before": os.getloadavg(), "statements": {}}
    start = time.perf_counter()
    spark = (SparkSession.builder.master("local[1]").appName("shiftwise-portability")
             .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    figures["spark_start_s"] = round(time.perf_counter() - start, 1)
    try:
        spark.read.parquet(str(events_pq)).createOrReplaceTempView("events")
        spark.read.parquet(str(rates_pq)).createOrReplaceTempView(RATES_TABLE)
        failures = []
        for name, sql in statements.items():
            t0 = time.perf_counter()
            duck = cur.execute(sql).fetchall()
            t1 = time.perf_counter()
            frame = spark.sql(to_dialect(sql, "spark"))
            columns = frame.columns
            theirs = [tuple(r) for r in frame.collect()]
            t2 = time.perf_counter()
            keys = KEYS[name]
            idx = [columns.index(k) for k in keys] if keys else list(range(len(columns)))
            duck_sorted = sorted(duck, key=lambda r: _sortable([r[i] for i in idx]))
            spark_sorted = sorted(theirs, key=lambda r: _sortable([r[i] for i in idx]))
            bad = [(a, b) for a, b in zip(duck_sorted, spark_sorted)
                   if len(a) != len(b) or not all(_same(x, y) for x, y in zip(a, b))]
            same = len(duck) == len(theirs) and not bad
            figures["statements"][name] = {"rows_duckdb": len(duck), "rows_spark": len(theirs),
                                           "rows_mismatched": len(bad), "same": same,
                                           "duckdb_s": round(t1 - t0, 3), "spark_s": round(t2 - t1, 3)}
            if bad:
                a, b = bad[0]
                figures["statements"][name]["first_mismatch"] = {
                    c: [x, y] for c, x, y in zip(columns, a, b) if not _same(x, y)}
            if not same:
                failures.append(name)
    finally:
        spark.stop()
        project.close()
    figures["load_average_after"] = os.getloadavg()
    figures["all_same"] = not failures
    record_figures("spark_portability", figures)
    assert not failures, f"Spark differs from DuckDB on {failures}"

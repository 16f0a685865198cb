"""The Data page's events table on millions of rows: count, first page, sort, filter, deep page.

python -m pytest tests/bench/bench_events_table.py -s   (SHIFTWISE_BENCH_ROWS to change the size)
"""

from __future__ import annotations

import os
import time

from engine.read.paged_query import PagedQuery
from engine.store import create_project

ROWS = int(os.environ.get("SHIFTWISE_BENCH_ROWS", 10_000_000))


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, round((time.perf_counter() - start) * 1000, 1)


def test_bench_events_table(tmp_path, record_figures):
    project = create_project(tmp_path / "big.shiftwise")
    cur = project.cursor()
    cur.execute(f"""
        INSERT INTO events
        SELECT 'C' || lpad(CAST(i % 1000000 AS VARCHAR), 7, '0'), TIMESTAMP '2025-01-01' + to_seconds(i % 31536000),
               CASE WHEN i % 5 = 0 THEN 'purchase' ELSE 'view' END, 'O' || (i // 3), 'SKU-' || (i % 5000),
               'Item ' || (i % 5000), 'Category ' || (i % 40), NULL, 1 + i % 3, (i % 9973) / 10.0, 1
        FROM range({ROWS}) t(i)""")
    query = PagedQuery(project, "SELECT customer_id, ts, event_type, order_id, item_id, item_name, category, "
                                "quantity, amount FROM events")
    figures = {"rows": ROWS}
    figures["count_ms"] = timed(query.count)[1]
    figures["first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    query.set_sort("amount", descending=True)
    figures["sort_amount_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    figures["sort_amount_deep_page_ms"] = timed(lambda: query.fetch(ROWS // 2, 256))[1]
    query.set_sort("customer_id")
    figures["sort_customer_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    query.set_filter("C000042")
    figures["filter_count_ms"] = timed(query.count)[1]
    figures["filter_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    record_figures("events_table", figures)
    project.close()

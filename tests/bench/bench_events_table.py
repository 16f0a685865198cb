"""The Data page's events table on millions of rows: count, first page, sort, filter, deep page.

Deep pages in sorted order are measured twice: by plain OFFSET (what a page costs
before its anchors exist) and as a seek once the anchors are built (the build runs
in the background in the GUI; its time is recorded too). Load average is recorded
beside the figures: the machine is shared.

OMP_NUM_THREADS=1 python -m pytest tests/bench/bench_events_table.py -s   (SHIFTWISE_BENCH_ROWS to change the size)
"""

from __future__ import annotations

import os
import subprocess
import time

from tests.bench.conftest import peak_rss_mb

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
    query = PagedQuery.for_table(project, "events", ["customer_id", "ts", "event_type", "order_id", "item_id",
                                                     "item_name", "category", "quantity", "amount"])
    figures = {"rows": ROWS, "load_average_before": os.getloadavg()}
    figures["count_ms"] = timed(query.count)[1]
    figures["first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    query.set_sort("amount", descending=True)
    figures["sort_amount_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    plain_deep, figures["sort_amount_deep_page_offset_ms"] = timed(lambda: query.fetch(ROWS // 2, 256))
    figures["sort_amount_anchors_build_ms"] = timed(lambda: query.build_anchors(256))[1]
    seek_deep, figures["sort_amount_deep_page_ms"] = timed(lambda: query.fetch(ROWS // 2, 256))
    assert seek_deep == plain_deep
    figures["sort_amount_deep_page_2_ms"] = timed(lambda: query.fetch(ROWS // 3 + 100, 256))[1]
    figures["sort_amount_last_page_ms"] = timed(lambda: query.fetch(ROWS - 256, 256))[1]
    query.set_sort("customer_id")
    figures["sort_customer_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    figures["sort_customer_anchors_build_ms"] = timed(lambda: query.build_anchors(256))[1]
    figures["sort_customer_deep_page_ms"] = timed(lambda: query.fetch(ROWS // 2, 256))[1]
    query.set_filter("C000042")
    figures["filter_count_ms"] = timed(query.count)[1]
    figures["filter_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    query.set_filter("Category 1")
    figures["filter_wide_count_ms"] = timed(query.count)[1]
    figures["filter_wide_first_page_ms"] = timed(lambda: query.fetch(0, 256))[1]
    figures["filter_wide_anchors_build_ms"] = timed(lambda: query.build_anchors(256))[1]
    figures["filter_wide_deep_page_ms"] = timed(lambda: query.fetch(query.count() // 2, 256))[1]
    figures["peak_rss_mb"] = round(peak_rss_mb())
    figures["load_average_after"] = os.getloadavg()
    figures["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    record_figures("events_table", figures)
    project.close()

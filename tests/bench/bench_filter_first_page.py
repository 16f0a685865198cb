"""A few-row filter on the events table at 10^7 rows: what the table showed its first page after,
before (count, then the first page, both scanning every row's text) and now (the first page alone,
read through the value lists), alternated in one run so both see the same load.

    OMP_NUM_THREADS=1 python tests/bench/bench_filter_first_page.py PROJECT [--reps 3]

PROJECT holds the events table of ``bench_events_table.py`` (built with that bench's INSERT; the
table must be writable, the value lists attach an in-memory database). Wall and CPU time of each
(CPU: this process, DuckDB's threads included; the machine is shared), the lists' one-off build,
and the load average. Writes tests/bench/results/filter_first_page.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "filter_first_page.json"
COLUMNS = ["customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category", "quantity", "amount"]
#: (name, filter, sort column): few rows sorted and unsorted, then a word matching many rows.
CASES = [("few_rows_sorted", "C000042", "customer_id"), ("few_rows_unsorted", "C000042", None),
         ("many_rows_sorted", "Item 12", "amount")]


def timed(fn) -> tuple[object, dict]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, {"wall_ms": round((time.perf_counter() - wall) * 1000), "cpu_ms": round((time.process_time() - cpu) * 1000),
                   "load": round(os.getloadavg()[0], 1)}


def main(argv: list[str] | None = None) -> int:
    from engine.read.paged_query import PagedQuery
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    project = open_project(args.project)
    out: dict = {"rows": project.query("SELECT count(*) FROM events")[0][0], "cases": {}}
    listed = PagedQuery.for_table(project, "events", COLUMNS)
    _, out["value_lists_build"] = timed(listed.build_value_lists)
    for name, words, sort in CASES:
        case = out["cases"].setdefault(name, {"filter": words, "sort": sort, "before": [], "after": []})
        for _ in range(args.reps):
            # before: a plain query (no lists), count first then the first page, as the table did
            plain = PagedQuery.for_table(project, "events", COLUMNS)
            plain.set_sort(sort)
            plain.set_filter(words)
            (count, page), t = timed(lambda: (plain.count(), plain.fetch(0, 256)))
            case["before"].append(t)
            # after: the first page alone (a short one is the count) through the value lists
            listed.set_sort(sort)
            listed.set_filter(words)
            listed._count = listed._where_cache = None   # each repetition starts afresh, as a new filter does
            new_page, t = timed(lambda: listed.fetch(0, 256))
            t["count_known_with_page"] = listed.known_count() is not None
            case["after"].append(t)
            case["rows_matching"] = count
            assert new_page == page, name
            if listed.known_count() is None:   # then counted after the page, on its own worker
                n, tc = timed(listed.count)
                case.setdefault("after_count", []).append(tc)
                assert n == count, name
            assert listed.count() == count, name
        print(name, json.dumps(case), flush=True)
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    project.close()
    RESULTS.write_text(json.dumps(out, indent=2, default=str))
    print("lists built in", out["value_lists_build"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Old (whole-row top-N) against new (keys first, then rows by id) page fetches, alternated in one
run so both see the same load: the first page sorted by amount and a few-row filter, 10^7 rows.

    OMP_NUM_THREADS=1 python tests/bench/bench_paging_two_step.py PROJECT [--reps 3]

PROJECT holds the events table of ``bench_events_table.py`` (build it with that bench's INSERT).
Writes tests/bench/results/paging_two_step.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "paging_two_step.json"
COLUMNS = ["customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category", "quantity", "amount"]


def main(argv: list[str] | None = None) -> int:
    from engine.read.paged_query import PagedQuery
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args(argv)
    project = open_project(args.project)
    rows = project.query("SELECT count(*) FROM events")[0][0]
    out: dict = {"rows": rows, "old": {}, "new": {}}

    def timed(fn) -> tuple[list, float]:
        start = time.perf_counter()
        value = fn()
        return value, round((time.perf_counter() - start) * 1000)

    for _ in range(args.reps):
        for mode in ("old", "new"):
            q = PagedQuery.for_table(project, "events", COLUMNS)
            if mode == "old":
                q._by_key = lambda: False  # the whole-row path
            q.set_sort("amount", descending=True)
            page, ms = timed(lambda: q.fetch(0, 256))
            out[mode].setdefault("sort_amount_first_page_ms", []).append(ms)
            out[mode]["first_row"] = page[0]
            q.set_sort("customer_id")
            q.set_filter("C000042")
            _, ms = timed(lambda: q.fetch(0, 256))
            out[mode].setdefault("filter_first_page_ms", []).append(ms)
    assert out["old"]["first_row"] == out["new"]["first_row"]
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    project.close()
    RESULTS.write_text(json.dumps(out, indent=2, default=str))
    print(json.dumps(out, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Deep pages in sorted order on a big events table: by OFFSET, between two sampled keys before
the anchors exist, then seeks once anchors are built.

    OMP_NUM_THREADS=1 python tests/bench/bench_deep_pages.py PROJECT [--out FILE.json] [--no-offset]

PROJECT holds the events table of ``bench_events_table.py`` (or any project). Wall and CPU time
(this process, DuckDB's threads included) and the load average of each step; writes
tests/bench/results/deep_pages.json unless ``--out`` says otherwise. ``--no-offset`` leaves out the
plain-OFFSET reference (seconds of CPU at 10^7 rows).
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

COLUMNS = ["customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category", "quantity", "amount"]


def main(argv: list[str] | None = None) -> int:
    from engine.read import deep_paging
    from engine.read.paged_query import PagedQuery
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "deep_pages.json")
    ap.add_argument("--no-offset", action="store_true")
    args = ap.parse_args(argv)
    project = open_project(args.project)
    out: dict = {"rows": project.query("SELECT count(*) FROM events")[0][0], "steps": {}}

    def timed(name, fn):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        out["steps"][name] = {"wall_ms": round(1000 * (time.perf_counter() - wall)),
                              "cpu_ms": round(1000 * (time.process_time() - cpu)),
                              "load": round(os.getloadavg()[0], 1)}
        print(name, out["steps"][name], flush=True)
        return value

    n = out["rows"]
    # ts descending: the Data page's events table opens in it
    for column, desc in [("ts", True), ("amount", True), ("customer_id", False)]:
        query = PagedQuery.for_table(project, "events", COLUMNS)
        query.set_sort(column, desc)
        timed(f"sort {column} first page", lambda: query.fetch(0, 256))
        timed(f"sort {column} count", lambda: query.count())
        plain = timed(f"sort {column} deep page before anchors (sampled keys)", lambda: query.fetch(n // 2, 256))
        timed(f"sort {column} next page before anchors", lambda: query.fetch(n // 2 + 256, 256))
        timed(f"sort {column} deep page 2 before anchors (sampled keys)", lambda: query.fetch(n // 3 + 100, 256))
        timed(f"sort {column} last page before anchors (sampled keys)", lambda: query.fetch(n - 256, 256))
        if not args.no_offset:
            at = deep_paging.BRACKET_MIN_OFFSET
            deep_paging.BRACKET_MIN_OFFSET = n + 1   # the reference: what a deep page cost before
            try:
                by_offset = timed(f"sort {column} deep page by offset (no anchors)", lambda: query.fetch(n // 2, 256))
            finally:
                deep_paging.BRACKET_MIN_OFFSET = at
            assert by_offset == plain, column
        timed(f"sort {column} anchors build (background in the GUI)", lambda: query.build_anchors(256))
        seek = timed(f"sort {column} deep page seek", lambda: query.fetch(n // 2, 256))
        assert seek == plain, column
        timed(f"sort {column} deep page seek 2", lambda: query.fetch(n // 3 + 100, 256))
        timed(f"sort {column} last page seek", lambda: query.fetch(n - 256, 256))
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    project.close()
    args.out.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

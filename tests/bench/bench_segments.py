"""Segmentation time and peak memory at scale.

    python tests/bench/bench_segments.py [--customers 1000000] [--keep]
    python -m pytest tests/bench/bench_segments.py -s          (100,000 customers)

Events are synthesised inside DuckDB (no CSV): each customer gets a planted group
(six groups of five home categories, 85% of their events at home) and a planted
tier (4, 10 or 30 events a year, shares 50/35/15), ~10 events per customer.
Training runs in its own process so its peak RSS is its own; the project's DuckDB
memory limit is 2 GB. Also reported: agreement with the planted groups and tiers.

Writes tests/bench/results/segments.json (or segments_<n>.json for other sizes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).parent / "results"
MEMORY_LIMIT = "2GB"

EVENTS = """
INSERT INTO events
WITH c AS (
    SELECT i, 'C' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_id,
           CAST(hash(i, 1) % 6 AS INTEGER) AS grp,
           CASE WHEN hash(i, 2) % 100 < 50 THEN 4 WHEN hash(i, 2) % 100 < 85 THEN 10 ELSE 30 END AS n
    FROM range({n}) r(i)
), e AS (SELECT c.*, unnest(range(n)) AS j FROM c)
SELECT customer_id,
       TIMESTAMP '2026-11-01' - to_seconds(CAST(hash(i, j, 3) % (364 * 86400) AS BIGINT)),
       CASE WHEN hash(i, j, 4) % 10 < 3 THEN 'purchase' ELSE 'view' END,
       NULL, NULL, NULL,
       'Cat' || CAST(CASE WHEN hash(i, j, 5) % 100 < 85 THEN grp * 5 + hash(i, j, 6) % 5
                          ELSE hash(i, j, 7) % 30 END AS VARCHAR),
       NULL, 1, CAST(5 + hash(i, j, 8) % 50 AS DOUBLE), 1
FROM e
"""

TRUTH = """
CREATE TABLE bench_truth AS
SELECT 'C' || lpad(CAST(i AS VARCHAR), 8, '0') AS customer_id, CAST(hash(i, 1) % 6 AS INTEGER) AS grp,
       CASE WHEN hash(i, 2) % 100 < 50 THEN 'light' WHEN hash(i, 2) % 100 < 85 THEN 'medium' ELSE 'heavy' END AS tier
FROM range({n}) r(i)
"""


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(path: str, n: int) -> dict:
    from engine.store import create_project

    t0 = time.perf_counter()
    project = create_project(path, memory_limit=MEMORY_LIMIT)
    try:
        cur = project.cursor()
        cur.execute(EVENTS.format(n=int(n)))
        cur.execute(TRUTH.format(n=int(n)))
        events = cur.execute("SELECT count(*) FROM events").fetchall()[0][0]
        project.con.execute("CHECKPOINT")
    finally:
        project.close()
    return {"events": int(events), "seconds": round(time.perf_counter() - t0, 1)}


def _ari(cur, run_id: int, column: str) -> float:
    """Adjusted Rand index from the contingency table, computed in SQL (no per-customer lists)."""
    from math import comb

    cells = cur.execute(
        f"SELECT t.{column}, a.{'cluster' if column == 'grp' else 'tier'}, count(*) FROM segment_assignments a "
        "JOIN bench_truth t USING (customer_id) WHERE a.run_id = ? GROUP BY ALL", [run_id]).fetchall()
    n = sum(c for *_k, c in cells)
    rows: dict = {}
    cols: dict = {}
    for a, b, c in cells:
        rows[a] = rows.get(a, 0) + c
        cols[b] = cols.get(b, 0) + c
    index = sum(comb(c, 2) for *_k, c in cells)
    ra, cb = sum(comb(v, 2) for v in rows.values()), sum(comb(v, 2) for v in cols.values())
    expected = ra * cb / comb(n, 2)
    return (index - expected) / ((ra + cb) / 2 - expected)


def train(path: str) -> dict:
    from engine.models.segments.service import train_segments
    from engine.store import open_project

    project = open_project(path, memory_limit=MEMORY_LIMIT)
    stages: list[tuple[float, str]] = []
    t0 = time.perf_counter()

    def progress(done, total, message="", partial=None):
        if message and (not stages or stages[-1][1] != message):
            stages.append((round(time.perf_counter() - t0, 1), message))

    try:
        result = train_segments(project, progress=progress)
        seconds = time.perf_counter() - t0
        cur = project.cursor()
        return {
            "seconds": round(seconds, 1), "peak_rss_mb": round(_peak_mb(), 0),
            "customers": result.metrics["n_customers"], "k": result.metrics["k"],
            "silhouette": round(result.metrics["silhouette"], 3),
            "silhouette_sample": result.metrics["silhouette_sample"],
            "ari_groups": round(_ari(cur, result.run_id, "grp"), 3),
            "ari_tiers": round(_ari(cur, result.run_id, "tier"), 3),
            "stages_s": stages,
        }
    finally:
        project.close()


def run(n: int, keep: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench_segments_") as tmp:
        path = os.path.join(tmp, "bench.shiftwise")
        made = build(path, n)
        out = subprocess.run([sys.executable, __file__, "--child", path], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        trained = json.loads(out.stdout.strip().splitlines()[-1])
        if keep:
            kept = Path(tempfile.gettempdir()) / f"bench_segments_{n}.shiftwise"
            os.replace(path, kept)
    figures = {
        # the machine may be shared: its load says how far the times are from an idle machine's
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_avg_1_5_15": [round(x, 2) for x in os.getloadavg()]},
        "customers": n, "duckdb_memory_limit": MEMORY_LIMIT, "build": made, "train": trained,
        "events_per_second": round(made["events"] / max(trained["seconds"], 1e-9)),
    }
    RESULTS.mkdir(exist_ok=True)
    name = "segments.json" if n == 1_000_000 else f"segments_{n}.json"
    (RESULTS / name).write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    return figures


def test_bench_segments_100k():
    figures = run(100_000)
    assert figures["train"]["customers"] == 100_000


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(train(args.child)))
    else:
        run(args.customers, args.keep)

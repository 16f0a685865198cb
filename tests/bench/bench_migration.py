"""Migration benchmark: a whole training run (backtest, shipped fit, scoring), peak memory and scoring time
at 10k, 100k and 1M customers.

Run on demand (not part of the test suite):

    python tests/bench/bench_migration.py 10000 100000        # each size in its own process
    python -m pytest tests/bench/bench_migration.py           # the 10k size only

Events are synthesised inside DuckDB (24 per customer: a third purchases, the rest views, over
52 weeks and 50 categories with a group structure), so making a million customers takes seconds.
A whole training run is timed (features, the rolling-origin backtest, the shipped fit), then
every customer is scored. Results go to tests/bench/results/migration.json, one entry per size.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "migration.json"
EVENTS_PER_CUSTOMER = 24


def synthesise(project, n_customers: int) -> int:
    cur = project.cursor()
    cur.execute(f"""
        INSERT INTO events (customer_id, ts, event_type, category, quantity, amount, import_id)
        SELECT 'C' || lpad(c::VARCHAR, 7, '0'),
               TIMESTAMP '2025-11-03' + to_seconds((hash(c, i) % 31363200)::BIGINT),
               CASE WHEN hash(c, i, 'e') % 3 = 0 THEN 'purchase' ELSE 'view' END,
               'cat' || lpad((((c % 6) * 7 + hash(c, i, 'k') % 12) % 50)::VARCHAR, 2, '0'),
               1.0, 5.0 + (hash(c, i, 'a') % 50)::DOUBLE, 1
        FROM range({n_customers}) t(c), range({EVENTS_PER_CUSTOMER}) u(i)""")
    return int(cur.execute("SELECT count(*) FROM events").fetchall()[0][0])


def run_size(n_customers: int) -> dict:
    from engine.models.migration.service import train_migration
    from engine.store import create_project

    with tempfile.TemporaryDirectory() as tmp:
        project = create_project(Path(tmp) / "bench.shiftwise")
        t0 = time.perf_counter()
        n_events = synthesise(project, n_customers)
        t_gen = time.perf_counter() - t0
        marks: dict[str, float] = {}
        cpu0 = time.process_time()

        def progress(done, total, message="", partial=None):
            stage = message.split(":")[0].split("(")[0].strip()
            if stage and stage not in marks:
                marks[stage] = time.perf_counter()
                # a live log, so a run stopped early still says how far it got and at what cost
                print(f"[{n_customers:,}] {marks[stage] - t0:8.1f} s wall, {time.process_time() - cpu0:8.1f} s cpu, "
                      f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB: {stage}",
                      flush=True)

        t0 = time.perf_counter()
        result = train_migration(project, progress=progress)
        total = time.perf_counter() - t0
        cpu = time.process_time() - cpu0
        m = result.metrics
        score_start = marks.get("Writing the shift scores", time.perf_counter())
        project.close()
    return {
        "customers": n_customers, "events": n_events, "synthesise_s": round(t_gen, 2),
        "train_cuts_used": m["train_cuts_used"], "pairs_written": m["pairs_written"],
        "scoring_s": round(t0 + total - score_start, 2), "candidate_pairs": m["candidate_pairs"],
        "total_s": round(total, 2), "total_cpu_s": round(cpu, 2), "stage_seconds": m["stage_seconds"],
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_count": os.cpu_count(), "shipped": m["shipped"],
        "out_of_sample_auc": {n: round(c["auc"]["mean"], 4) for n, c in m["candidates"].items()},
    }


def save(entry: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    data[str(entry["customers"])] = entry
    RESULTS.write_text(json.dumps(data, indent=2, sort_keys=True))


def test_bench_10k():
    entry = run_size(10_000)
    save(entry)
    assert entry["candidate_pairs"] > 0


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000]
    if len(sizes) > 1:  # one process per size, so each peak memory is its own
        for n in sizes:
            subprocess.run([sys.executable, __file__, str(n)], check=True)
    else:
        entry = run_size(sizes[0])
        save(entry)
        print(json.dumps(entry, indent=2))

"""Does memory DuckDB freed go back to the system? (issue #13: the process under 2 GB, every model in one process)

OMP_NUM_THREADS=1 python tests/bench/bench_allocator_release.py [--out tests/bench/results/allocator_release_s9.json]

A connection made the way the app makes them (``engine.store.connection.connect``) builds and drops two
temporary tables (30M rows, a grouped count of distinct values); the process's resident memory is read
after the work, after the drop, and then every second for 15 s. Then the same with the background
threads of DuckDB's allocator off (its default): the freed memory stays with the process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rss_mb() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def one(background: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    from engine.store.connection import connect

    with tempfile.TemporaryDirectory() as tmp:
        con = connect(Path(tmp) / "x.duckdb")
        con.execute(f"SET allocator_background_threads = {str(background).lower()}")
        con.execute("SET threads = 1")
        out = {"allocator_background_threads": background, "rss_start_mb": _rss_mb()}
        con.execute("CREATE TEMP TABLE t AS SELECT i, i % 1000 AS g, random() AS v FROM range(30000000) r(i)")
        con.execute("CREATE TEMP TABLE a AS SELECT g, i % 7 AS h, sum(v), count(DISTINCT i) FROM t GROUP BY ALL")
        out["rss_after_work_mb"] = _rss_mb()
        con.execute("DROP TABLE t")
        con.execute("DROP TABLE a")
        out["duckdb_counted_after_drop_mb"] = con.execute(
            "SELECT sum(memory_usage_bytes) // 1048576 FROM duckdb_memory()").fetchall()[0][0]
        trail = []
        for _ in range(15):
            trail.append(_rss_mb())
            time.sleep(1)
        out["rss_each_second_after_drop_mb"] = trail
        con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--one", choices=["on", "off"], default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:        # each setting in a fresh process: the allocator is per process
        print(json.dumps(one(args.one == "on")))
        return
    figures = {"load": round(os.getloadavg()[0], 1), "runs": []}
    for setting in ("on", "off"):
        done = subprocess.run([sys.executable, __file__, "--one", setting], capture_output=True, text=True, check=True)
        figures["runs"].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(json.dumps(figures, indent=1))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()

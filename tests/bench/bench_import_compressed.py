"""A compressed export (.csv.gz) imported directly, against a bare DuckDB ``read_csv`` of the same file.

    python tests/bench/bench_import_compressed.py [FILE] [--repeat 2] [--out import_compressed.json]

FILE defaults to the dev data (/work/shared/data/grocery_dev.csv.gz). Each run is its own
process, alternating, so both see the same machine load:

* bare_count: ``SELECT count(*) FROM read_csv(file, all_varchar)`` (DuckDB unpacks the gzip itself);
* bare_table: ``CREATE TABLE t AS SELECT * FROM read_csv(file)`` into a fresh DuckDB file;
* import: ``python main.py import`` into a fresh project (unpack, the line-end/encoding/long-line
  check, recognition, parsing, rejects, events, attributes, one transaction).

Writes wall seconds and peak memory to tests/bench/results/.
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
DEFAULT = Path("/work/shared/data/grocery_dev.csv.gz")

BARE_COUNT = "import duckdb, sys; duckdb.sql(f\"SELECT count(*) FROM read_csv('{sys.argv[1]}', all_varchar=true)\").fetchall()"
BARE_TABLE = ("import duckdb, sys; c = duckdb.connect(sys.argv[2]); c.execute('SET enable_progress_bar = false'); "
              "c.execute(f\"CREATE TABLE t AS SELECT * FROM read_csv('{sys.argv[1]}')\")")


def _timed(cmd: list[str]) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    return {"wall_s": round(wall, 2), "max_rss_mb": round(int(proc.stderr.strip().splitlines()[-1]) / 1024, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", default="import_compressed.json")
    args = ap.parse_args()
    runs = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append({
                "bare_count": _timed([sys.executable, "-c", BARE_COUNT, args.file]),
                "bare_table": _timed([sys.executable, "-c", BARE_TABLE, args.file, f"{tmp}/bare.duckdb"]),
                "import": _timed([sys.executable, "main.py", "import", f"{tmp}/p.shiftwise", args.file, "--json"]),
                "load_avg": os.getloadavg()[0],
            })
    out = ROOT / "tests" / "bench" / "results" / args.out
    out.write_text(json.dumps({"file": args.file, "cores": os.cpu_count(), "runs": runs}, indent=2))
    print(json.dumps(runs, indent=2))


if __name__ == "__main__":
    main()

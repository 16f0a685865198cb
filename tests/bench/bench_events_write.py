"""What writing an import's ``events`` into a project file costs, by the compression methods DuckDB may use.

    python tests/bench/bench_events_write.py PROJECT [--reps 2] [--disable none dict_fsst fsst ...] [--out F.json]

Copies PROJECT's events into memory once, then, alternated, writes them into a new file (one transaction and a
checkpoint, as an import commits) with ``disabled_compression_methods`` set to each choice: CPU and wall of the
write, the file's size and the compression the string columns got. Session 42: the write costs the same
whatever the compression (the import's write is not the compression's analysis).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

RESULTS = Path(__file__).resolve().parent / "results" / "events_write.json"


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--disable", nargs="+", default=["none", "dict_fsst", "dict_fsst,fsst", "fsst"])
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count() or 1}")
    con.execute("SET preserve_insertion_order = false")
    con.execute("ATTACH ? AS p (READ_ONLY)", [args.project])
    con.execute("CREATE TABLE ev AS SELECT * FROM p.events")
    con.execute("DETACH p")
    rows = con.execute("SELECT count(*) FROM ev").fetchall()[0][0]
    runs = []
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-write-") as tmp:
        for rep in range(args.reps):
            for choice in args.disable:
                target = Path(tmp) / f"w{rep}_{len(runs)}.duckdb"
                con.execute(f"ATTACH '{target}' AS w")
                con.execute("SET disabled_compression_methods = ?", ["" if choice == "none" else choice])
                cpu, wall = _cpu(), time.perf_counter()
                con.execute("BEGIN")
                con.execute("CREATE TABLE w.e AS SELECT * FROM ev")
                con.execute("COMMIT")
                con.execute("CHECKPOINT w")
                cpu, wall = _cpu() - cpu, time.perf_counter() - wall
                kinds = con.execute("SELECT column_name, compression, count(*) FROM pragma_storage_info('w.e') "
                                    "WHERE segment_type = 'VARCHAR' GROUP BY ALL ORDER BY 1, 3 DESC").fetchall()
                con.execute("DETACH w")
                runs.append({"rep": rep, "disabled": choice, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2),
                             "file_mb": round(target.stat().st_size / 2**20, 1),
                             "string_compression": [list(k) for k in kinds]})
                print({k: v for k, v in runs[-1].items() if k != "string_compression"}, flush=True)
    args.out.write_text(json.dumps({"project": args.project, "rows": rows, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

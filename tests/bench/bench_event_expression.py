"""The events pass's event-type expression, before and after canonical names were taken as written.

    OMP_NUM_THREADS=1 PYTHONPATH=$PWD python tests/bench/bench_event_expression.py FILE [--reps 3] [--out F.json]

Reads the file's ``event_type`` column as text into memory once (DuckDB, every core), then times
``sum(hash(expr))`` over it with the mapping's expression as the import builds it now
(:func:`engine.ingest.expressions.event_expr`) and as it was built before session 17 (every value
lowered and trimmed, then looked up in the whole table), alternated. Both must give the same sum.
CPU seconds of the process per statement, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from engine.ingest.expressions import _case, event_expr  # noqa: E402
from engine.ingest.mapping import COMMON_EVENT_VALUES, EVENT_TYPES, Mapping  # noqa: E402
from engine.ingest.parsing import lit, q  # noqa: E402
from engine.store.connection import max_threads  # noqa: E402


def before(mapping: Mapping) -> str:
    """The expression as session 16 built it."""
    raw = f"lower(trim({q('event_type')}))"
    values = {e: e for e in EVENT_TYPES} | COMMON_EVENT_VALUES | {
        k: v for k, v in mapping.event_type_values.items() if k != "*"}
    unknown = lit(mapping.event_type_values["*"]) if "*" in mapping.event_type_values else "NULL"
    return f"CASE WHEN nullif({raw}, '') IS NULL THEN {lit(mapping.default_event_type)} ELSE " \
           f"{_case(raw, values, unknown)} END"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute(f"SET threads = {max_threads()}")
    con.execute("CREATE TABLE t AS SELECT event_type FROM read_csv(?, all_varchar = true)", [args.file])
    mapping = Mapping(columns={"event_type": "event_type"})
    exprs = {"before": before(mapping), "now": event_expr(mapping)[0]}
    runs = []
    for rep in range(args.reps):
        for name, expr in exprs.items():
            cpu, wall = time.process_time(), time.perf_counter()
            total = con.execute(f"SELECT sum(hash({expr})) FROM t").fetchall()[0][0]
            runs.append({"rep": rep, "expression": name, "cpu_s": round(time.process_time() - cpu, 3),
                         "wall_s": round(time.perf_counter() - wall, 3), "sum": str(total),
                         "load": round(os.getloadavg()[0], 2)})
            print(runs[-1], flush=True)
    same = len({r["sum"] for r in runs}) == 1
    print("same result:", same)
    if args.out:
        args.out.write_text(json.dumps({"file": args.file, "rows": con.execute("SELECT count(*) FROM t").fetchall()[0][0],
                                        "same_result": same, "runs": runs}, indent=2))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

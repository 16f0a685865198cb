"""What the transfer writer's ``ORDER BY i, j`` costs: its INSERT of a part's kept pairs (the reasons composed once
per category, purchases and lift as shown, joined back to the rows) with and without the sort, on a synthetic part
of 50,000 customers x 30 categories (~10^6 rows, as at wide 10^7), into an in-memory table.

    python tests/bench/bench_transfer_write_order.py [--reps 3] [--out F.json]

The statement is engine/models/transfer/service.py's ``write_sql``; the rows go in in the arrays' order only with
the sort (a join keeps no order). A lead, not a change: writes tests/bench/results/transfer_write_order.json (or
``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402

from engine.models.transfer.service import write_sql  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "transfer_write_order.json"
CUSTOMERS, CATEGORIES = 50_000, 30


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.execute(f"CREATE TEMP TABLE tw_part AS SELECT i AS rn, 'C' || lpad(i::VARCHAR, 7, '0') AS customer_id "
                f"FROM range({CUSTOMERS}) t(i)")
    con.execute(f"CREATE TEMP TABLE tw_keys AS SELECT 'category' AS kind, 'Category ' || j AS key, j::INTEGER AS j "
                f"FROM range({CATEGORIES}) t(j)")
    con.execute("CREATE TABLE shift_scores (run_id INTEGER, customer_id VARCHAR, category VARCHAR, score DOUBLE, "
                "rank INTEGER, reason VARCHAR, source VARCHAR)")
    rng = np.random.default_rng(0)
    b, c = np.nonzero(rng.random((CUSTOMERS, CATEGORIES)) < 0.67)
    con.register("transfer_chunk", pa.table({
        "i": pa.array(b.astype(np.int32)), "j": pa.array(c.astype(np.int32)), "score": pa.array(rng.random(len(b))),
        "rank": pa.array((c + 1).astype(np.int32)), "purchases": pa.array(rng.integers(0, 3, len(b)).astype(np.int32)),
        "lift": pa.array(rng.gamma(2.0, 1.0, len(b)))}))
    runs = []
    for rep in range(args.reps):
        for ordered in (True, False):
            wall, cpu = time.perf_counter(), time.process_time()
            con.execute(write_sql(ordered), [0, 1])
            runs.append({"rep": rep, "ordered": ordered, "rows": int(len(b)),
                         "wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(time.process_time() - cpu, 3)})
            con.execute("DELETE FROM shift_scores")
            print(runs[-1])
    out = {"command": "python tests/bench/bench_transfer_write_order.py " + " ".join(argv or sys.argv[1:]),
           "runs": runs}
    for ordered in (True, False):
        cpu = sorted(r["cpu_s"] for r in runs if r["ordered"] == ordered)
        out["median_cpu_s_ordered" if ordered else "median_cpu_s_unordered"] = cpu[len(cpu) // 2]
    args.out.write_text(json.dumps(out, indent=1))
    print("wrote", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

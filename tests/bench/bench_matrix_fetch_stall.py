"""The longest interpreter-lock hold while a worker reads a numeric result into a matrix.

    OMP_NUM_THREADS=1 python tests/bench/bench_matrix_fetch_stall.py [--rows 200000] [--cols 101] [--runs 2]

``fetchnumpy`` + ``np.column_stack`` (segments' read of a chunk of category mixes before)
against :func:`engine.store.matrix_fetch.fetch_matrix` (bounded record-batch pieces), alternated,
a 5 ms tick on the main thread measuring the stall; writes tests/bench/results/matrix_fetch_stall.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def stall(work) -> dict:
    done, out = threading.Event(), {}

    def run():
        start = time.perf_counter()
        out["shape"] = list(work().shape)
        out["wall_ms"] = round(1000 * (time.perf_counter() - start))
        done.set()

    threading.Thread(target=run).start()
    gaps, last = [], time.perf_counter()
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        gaps.append(1000 * (now - last) - 5)
        last = now
    gaps.sort()
    return {"max_stall_ms": round(gaps[-1]), "p99_ms": round(gaps[int(len(gaps) * 0.99)]), **out,
            "load": round(os.getloadavg()[0], 1)}


def main(argv: list[str] | None = None) -> int:
    import duckdb
    import numpy as np

    from engine.store.matrix_fetch import fetch_matrix

    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--cols", type=int, default=101)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "matrix_fetch_stall.json")
    args = ap.parse_args(argv)
    con = duckdb.connect()
    con.execute("CREATE TABLE f AS SELECT i AS rn, " + ", ".join(f"random() AS c{j}" for j in range(args.cols))
                + f" FROM range({args.rows}) t(i)")
    sql = "SELECT * EXCLUDE rn FROM f ORDER BY rn"

    def whole():
        data = con.cursor().execute(sql).fetchnumpy()
        return np.column_stack([np.asarray(data[c], dtype=np.float64) for c in data])

    out: dict = {"command": "OMP_NUM_THREADS=1 python tests/bench/bench_matrix_fetch_stall.py "
                            + " ".join(argv if argv is not None else sys.argv[1:]),
                 "fetchnumpy_column_stack": [], "fetch_matrix": []}
    for _ in range(args.runs):
        out["fetchnumpy_column_stack"].append(stall(whole))
        out["fetch_matrix"].append(stall(lambda: fetch_matrix(con.cursor(), sql)))
        print(out["fetchnumpy_column_stack"][-1], out["fetch_matrix"][-1], flush=True)
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    args.out.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

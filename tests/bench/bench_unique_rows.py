"""How long np.unique(axis=0) and unique_rows keep the interpreter lock (issue #13's 100 ms stall bar).

OMP_NUM_THREADS=1 python tests/bench/bench_unique_rows.py [--out tests/bench/results/unique_rows_s9.json]

A worker thread finds the distinct rows of a matrix shaped like the migration's neighbour search at
wide 10^7 (800k customers x 30 categories, half of them repeats); the main thread sleeps 2 ms at a
time and records its longest wait: the time the worker held the lock, plus the machine's noise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from engine.features.unique_rows import unique_rows  # noqa: E402


def longest_wait_ms(fn) -> tuple[float, float]:
    done = threading.Event()
    took = [0.0]

    def run():
        t = time.perf_counter()
        fn()
        took[0] = time.perf_counter() - t
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    last, worst = time.perf_counter(), 0.0
    while not done.is_set():
        time.sleep(0.002)
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    worker.join()
    return round(1000 * worst, 1), round(took[0], 2)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=800_000)
    ap.add_argument("--cols", type=int, default=30)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    A = (rng.integers(0, 3, size=(args.rows, args.cols)) * rng.random(args.cols)).astype(np.float32)
    A[: args.rows // 2] = A[args.rows // 2:]
    figures = {"rows": args.rows, "cols": args.cols, "load": round(os.getloadavg()[0], 1)}
    for name, fn in (("np_unique_axis0", lambda: np.unique(A, axis=0, return_inverse=True)),
                     ("unique_rows", lambda: unique_rows(A))):
        wait, wall = longest_wait_ms(fn)
        figures[name] = {"longest_main_thread_wait_ms": wait, "wall_s": wall}
    print(json.dumps(figures, indent=1))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()

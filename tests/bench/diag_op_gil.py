"""Does a numpy step hold the interpreter lock, or only take CPU? (issue #13, GUI stalls)

    OMP_NUM_THREADS=1 python tests/bench/diag_op_gil.py [--out FILE.json]

``diag_gil_holders`` names the worker's stack when the GUI thread was late, and the worker's
CPU in that window; on a loaded machine a step that releases the lock can still be named
(the GUI thread was waiting for a core, not for the lock). Here the process is pinned to one
core: a thread ticking every millisecond then runs as soon as the OS lets it unless the step
holds the lock, so its longest gap is about the step's time for a holder and a few ms for a
step that releases the lock. The steps are those of ``ChunkStats`` (the LSTM's prefix sums, at
``batches.STATS_CELLS`` cells), with ``np.unique`` over Python strings as a known holder.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _gaps(fn, reps: int) -> dict:
    done, gaps = threading.Event(), []

    def tick():
        t = time.perf_counter()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - t)
            t = now

    th = threading.Thread(target=tick)
    th.start()
    time.sleep(0.02)
    cpu = time.thread_time()
    for _ in range(reps):
        fn()
    cpu = (time.thread_time() - cpu) / reps
    done.set()
    th.join()
    gaps.sort()
    return {"step_cpu_ms": round(1000 * cpu, 1), "max_gap_ms": round(1000 * gaps[-1], 1),
            "p90_gap_ms": round(1000 * gaps[int(0.9 * len(gaps))], 1)}


def main(argv: list[str] | None = None) -> int:
    from engine.features.sequences import ChunkStats, _next_index
    from engine.models.migration.batches import STATS_CELLS

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path)
    ap.add_argument("--reps", type=int, default=10)
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    k, weeks = 50, 110
    b = STATS_CELLS // (weeks * (k + 1))
    rng = np.random.default_rng(0)
    cube = (rng.random((b, weeks, k + 1, 3)) < 0.05).astype(np.float32)
    buys = np.ascontiguousarray(cube[..., 0])
    dw = np.ones((1, weeks, 1), np.float32)
    strings = np.array([str(i % 5000) for i in range(300_000)], dtype=object)
    steps = {
        "cumsum float32 over weeks": lambda: np.cumsum(buys, axis=1, dtype=np.float32),
        "decayed cumsum (sequences.py c_dviews)": lambda: np.cumsum(buys[..., :k] * dw, axis=1),
        "_next_index": lambda: _next_index(buys[..., :k] > 0),
        "whole ChunkStats": lambda: ChunkStats(cube, k),
        "CONTROL np.unique over Python strings": lambda: np.unique(strings),
    }
    out = {"command": "OMP_NUM_THREADS=1 python tests/bench/diag_op_gil.py " + " ".join(argv or sys.argv[1:]),
           "cube": [b, weeks, k + 1, 3], "load": round(os.getloadavg()[0], 1)}
    out.update({name: _gaps(fn, args.reps) for name, fn in steps.items()})
    text = json.dumps(out, indent=1)
    if args.out:
        args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The longest interpreter-lock hold while the model libraries load in the background (issue #13).

    OMP_NUM_THREADS=1 python tests/bench/bench_warm_up_stalls.py [--runs 2] [--out FILE.json]

Each run is a fresh process (a library loads once per process): its main thread ticks every
5 ms while a worker thread either imports ``HEAVY_MODULES`` one by one (``plain_imports``: the
warm-up before the change) or runs :func:`engine.models.warmup.warm_up` (native libraries
preloaded with the lock released, collector paused, then frozen). The largest gap between
ticks less the interval is the worst stall; the longest collector pause is read from
``gc.callbacks``. Modes alternate, so the load of the shared machine falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICK_S = 0.005

CHILD = r"""
import gc, json, os, sys, threading, time
sys.path.insert(0, os.environ["BENCH_ROOT"])
mode = sys.argv[1]
pauses = {"n": 0, "max_ms": 0.0, "t": 0.0}
def on_gc(phase, info):
    if phase == "start":
        pauses["t"] = time.perf_counter()
    else:
        pauses["n"] += 1
        pauses["max_ms"] = max(pauses["max_ms"], 1000 * (time.perf_counter() - pauses["t"]))
gc.callbacks.append(on_gc)
done = threading.Event()
def work():
    from importlib import import_module
    from engine.models.warmup import HEAVY_MODULES, warm_up
    if mode == "plain_imports":
        for name in HEAVY_MODULES:
            import_module(name)
    else:
        warm_up()
    done.set()
cpu, wall = time.process_time(), time.perf_counter()
threading.Thread(target=work).start()
gaps, last = [], time.perf_counter()
while not done.is_set():
    time.sleep(%(tick)r)
    now = time.perf_counter()
    gaps.append(1000 * (now - last - %(tick)r))
    last = now
gaps.sort()
print(json.dumps({"max_stall_ms": round(gaps[-1]), "p99_gap_ms": round(gaps[int(len(gaps) * 0.99)] + 1000 * %(tick)r),
                  "longest_gc_pause_ms": round(pauses["max_ms"]), "gc_runs": pauses["n"],
                  "wall_s": round(time.perf_counter() - wall, 1), "process_cpu_s": round(time.process_time() - cpu, 1),
                  "load": round(os.getloadavg()[0], 1)}))
""" % {"tick": TICK_S}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "bench" / "results" / "warm_up_stalls.json")
    args = ap.parse_args(argv)
    out: dict = {"command": "OMP_NUM_THREADS=1 python tests/bench/bench_warm_up_stalls.py " + " ".join(argv or sys.argv[1:]),
                 "plain_imports": [], "warm_up": []}
    env = {**os.environ, "BENCH_ROOT": str(ROOT)}
    for _ in range(args.runs):
        for mode in ("plain_imports", "warm_up"):
            run = subprocess.run([sys.executable, "-c", CHILD, mode], capture_output=True, text=True, env=env, check=True)
            out[mode].append(json.loads(run.stdout.strip().splitlines()[-1]))
            print(mode, out[mode][-1], flush=True)
    out["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    args.out.write_text(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

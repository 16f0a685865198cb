"""What holds the interpreter lock while a worker imports a file and trains segments (issue #13).

    OMP_NUM_THREADS=1 python tests/bench/diag_gil_holders.py EVENTS.csv PROJECT --out FILE.json [--no-warm]

The main thread ticks every 5 ms (a stand-in for the GUI's event loop); at a tick more than
40 ms late it has just taken the lock back, and the worker's stack then says where the worker
was: the call that held the lock (or, under load, where it was when the OS let the main
thread run: stalls under load are upper bounds). Stalls are grouped by that stack (the
longest and how many); the collector's longest pause is read from ``gc.callbacks``. The
model libraries are warmed up first (``--no-warm``: not), as the app does at start-up.
PROJECT is created (and overwritten).
"""

from __future__ import annotations

import argparse
import collections
import gc
import json
import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
LATE_MS = 40


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("project")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--no-warm", action="store_true")
    args = ap.parse_args(argv)
    if not args.no_warm:
        from engine.models.warmup import warm_up
        warm_up()
    from engine.ingest import import_file
    from engine.models import registry
    from engine.store import create_project

    for p in (Path(args.project), Path(args.project + ".wal")):
        p.unlink(missing_ok=True)
    project = create_project(args.project)
    done, stage, worker = threading.Event(), ["import"], []
    pauses = collections.defaultdict(float)

    def on_gc(phase, info):
        if phase == "start":
            pauses["at"] = time.perf_counter()
        else:
            pauses[stage[0]] = max(pauses[stage[0]], 1000 * (time.perf_counter() - pauses["at"]))

    def work():
        worker.append(threading.get_ident())
        try:
            import_file(project, args.events)
            stage[0] = "segments"
            registry.spec("segments").train_fn()(project)
        finally:
            done.set()

    gc.callbacks.append(on_gc)
    threading.Thread(target=work).start()
    gaps = collections.defaultdict(list)
    where: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    last = time.perf_counter()
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        gap = (now - last) * 1000 - 5
        last = now
        gaps[stage[0]].append(gap)
        frame = sys._current_frames().get(worker[0]) if gap > LATE_MS and worker else None
        if frame is not None:
            stack = traceback.extract_stack(frame)[-3:]
            key = stage[0] + ": " + " < ".join(f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in reversed(stack))
            where[key][0] = max(where[key][0], round(gap))
            where[key][1] += 1
    out: dict = {"command": "OMP_NUM_THREADS=1 python tests/bench/diag_gil_holders.py " + " ".join(argv or sys.argv[1:]),
                 "code": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True).stdout.strip()}
    for name, values in gaps.items():
        values.sort()
        out[name] = {"max_stall_ms": round(values[-1]), "p99_ms": round(values[int(len(values) * 0.99)]),
                     "ticks": len(values), "longest_gc_pause_ms": round(pauses[name])}
    out[f"stalls_over_{LATE_MS}ms_by_worker_stack"] = {
        k: {"max_ms": v[0], "n": v[1]} for k, v in sorted(where.items(), key=lambda kv: -kv[1][0])}
    out["load"] = round(os.getloadavg()[0], 1)
    project.close()
    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What holds the interpreter lock while a worker imports a file and trains models (issue #13).

    OMP_NUM_THREADS=1 python tests/bench/diag_gil_holders.py EVENTS.csv PROJECT --out FILE.json \
        [--models segments,customers,...] [--no-warm | --warm-up-stage] [--skip-import]

The main thread ticks every 5 ms (a stand-in for the GUI's event loop); at a tick more than
40 ms late it has just taken the lock back, and the worker's stack then says where the worker
was: the call that held the lock (or, under load, where it was when the OS let the main
thread run: stalls under load are upper bounds). Stalls are grouped by that stack (the
longest and how many); the collector's longest pause is read from ``gc.callbacks``. The
model libraries are warmed up first (``--no-warm``: not), as the app does at start-up;
``--warm-up-stage`` runs the warm-up on the worker as a measured stage of its own, then stops.

Beside each stall, the worker's own CPU time during it (its thread clock): what the worker
computed while the main thread waited, whatever the machine's load (a stall of 190 ms in
which the worker ran 40 ms is 40 ms of lock and 150 ms of the shared machine).
``--models`` trains those models after the import (default: segments); ``--skip-import``
trains on PROJECT as it is (not recreated).
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
    ap.add_argument("--warm-up-stage", action="store_true")
    ap.add_argument("--models", default="segments")
    ap.add_argument("--skip-import", action="store_true")
    args = ap.parse_args(argv)
    if not (args.no_warm or args.warm_up_stage):
        from engine.models.warmup import warm_up
        warm_up()
    from engine.ingest import import_file
    from engine.models import registry
    from engine.store import create_project

    if args.skip_import or args.warm_up_stage:
        from engine.store import open_project
        project = None if args.warm_up_stage else open_project(args.project)
    else:
        for p in (Path(args.project), Path(args.project + ".wal")):
            p.unlink(missing_ok=True)
        project = create_project(args.project)
    first = "warm_up" if args.warm_up_stage else "segments" if args.skip_import else "import"
    done, stage, worker, clock = threading.Event(), [first], [], []
    pauses = collections.defaultdict(float)

    def on_gc(phase, info):
        if phase == "start":
            pauses["at"] = time.perf_counter()
        else:
            pauses[stage[0]] = max(pauses[stage[0]], 1000 * (time.perf_counter() - pauses["at"]))

    def work():
        worker.append(threading.get_ident())
        clock.append(time.pthread_getcpuclockid(threading.get_ident()))
        try:
            if args.warm_up_stage:
                from engine.models.warmup import warm_up
                warm_up()
                return
            if not args.skip_import:
                import_file(project, args.events)
            for name in args.models.split(","):
                stage[0] = name
                registry.spec(name).train_fn()(project)
        finally:
            done.set()

    gc.callbacks.append(on_gc)
    threading.Thread(target=work).start()
    gaps = collections.defaultdict(list)
    where: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    last, last_cpu = time.perf_counter(), 0.0
    while not done.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        try:
            cpu = time.clock_gettime(clock[0]) if clock else 0.0
        except OSError:   # the worker has just ended
            cpu = last_cpu
        gap = (now - last) * 1000 - 5
        worker_ms = (cpu - last_cpu) * 1000 if last_cpu else 0.0
        last, last_cpu = now, cpu
        gaps[stage[0]].append(gap)
        frame = sys._current_frames().get(worker[0]) if gap > LATE_MS and worker else None
        if frame is not None:
            key = stage[0] + ": " + _where(frame)
            where[key][0] = max(where[key][0], round(gap))
            where[key][1] += 1
            where[key][2] = max(where[key][2], round(worker_ms))
    out: dict = {"command": "OMP_NUM_THREADS=1 python tests/bench/diag_gil_holders.py " + " ".join(argv or sys.argv[1:]),
                 "code": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                        capture_output=True, text=True).stdout.strip()}
    for name, values in gaps.items():
        values.sort()
        out[name] = {"max_stall_ms": round(values[-1]), "p99_ms": round(values[int(len(values) * 0.99)]),
                     "ticks": len(values), "longest_gc_pause_ms": round(pauses[name])}
    out[f"stalls_over_{LATE_MS}ms_by_worker_stack"] = {
        k: {"max_ms": v[0], "n": v[1], "max_worker_cpu_ms_in_stall": v[2]}
        for k, v in sorted(where.items(), key=lambda kv: -kv[1][0])}
    out["load"] = round(os.getloadavg()[0], 1)
    if project is not None:
        project.close()
    args.out.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


def _where(frame) -> str:
    """The worker's last three frames of its own code; inside an import, the module being loaded
    (the import system's frames say nothing else)."""
    stack = traceback.extract_stack(frame)
    own = [f for f in stack if not f.filename.startswith("<frozen")][-3:]
    text = " < ".join(f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in reversed(own))
    f, loading = frame, None
    while f is not None and loading is None:
        if f.f_code.co_name in ("_load_unlocked", "module_from_spec", "_find_and_load") and f.f_code.co_filename.startswith("<frozen"):
            spec = f.f_locals.get("spec")
            loading = getattr(spec, "name", None) or f.f_locals.get("name")
        f = f.f_back
    return f"loading {loading}: {text}" if loading else text


if __name__ == "__main__":
    sys.exit(main())

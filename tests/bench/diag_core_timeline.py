"""Where a training run leaves a core idle: the process's CPU use every half second beside its progress messages.

    python tests/bench/diag_core_timeline.py PROJECT --out F.json [--models decay,migration] [--code DIR] [--label L]

Trains ``--models`` (default: every model, as ``main.py train``) in this process on a copy of PROJECT, with
``OMP_NUM_THREADS=1`` as the command line's steps run in the benchmarks; ``--code DIR`` imports the engine from
another checkout (a before/after under the same load). Each progress message starts a phase; the JSON holds every
sample (seconds since the start, cores used since the last sample) and every phase, and the phases are printed
grouped by their message (the categories' "Fitting ..." and "half-life ..." messages as one), longest first: a
phase at about 1.0 core on a 2-core machine is one where only one thread works.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

#: Seconds between two samples of the process's CPU time.
SAMPLE_S = 0.5


def phases(events: list[list], samples: list[list]) -> list[dict]:
    """Each progress message's span: its start, wall seconds, CPU seconds and mean cores."""
    end = samples[-1][0] if samples else 0.0
    out = []
    for i, (t, _pct, message) in enumerate(events):
        stop = events[i + 1][0] if i + 1 < len(events) else end
        cpu = sum(c * SAMPLE_S for s, c in samples if t < s <= stop)
        out.append({"start_s": t, "wall_s": round(stop - t, 2), "cpu_s": round(cpu, 2), "message": message})
    return out


def grouped(spans: list[dict]) -> list[tuple[str, float, float]]:
    """The phases summed by message, the model's name and counts left out, longest first."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for p in spans:
        text = p["message"].split(": ", 1)[-1]
        key = "fitting categories" if ("Fitting" in text or "half-life" in text) else text[:60]
        sums[key][0] += p["wall_s"]
        sums[key][1] += p["cpu_s"]
    return sorted(((k, w, c) for k, (w, c) in sums.items()), key=lambda x: -x[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--models", default=None, help="comma-separated (default: every model)")
    ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--label", default="")
    args = ap.parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = "1"
    sys.path.insert(0, str(args.code.resolve()))
    from engine.models.train_all import train_all
    from engine.store import open_project

    samples: list[list] = []
    events: list[list] = []
    start = time.perf_counter()
    stop = threading.Event()

    def sample() -> None:
        last_w, last_c = time.perf_counter(), time.process_time()
        while not stop.wait(SAMPLE_S):
            w, c = time.perf_counter(), time.process_time()
            samples.append([round(w - start, 2), round((c - last_c) / (w - last_w), 3)])
            last_w, last_c = w, c

    def progress(done, total, message="", partial=None) -> None:
        text = str(message)
        if not events or events[-1][2] != text:
            events.append([round(time.perf_counter() - start, 2), round(100 * done / max(total, 1), 1), text])

    with tempfile.TemporaryDirectory(dir=args.project.parent) as folder:
        work = Path(folder) / args.project.name
        shutil.copyfile(args.project, work)
        sampler = threading.Thread(target=sample, daemon=True)
        cpu0 = time.process_time()
        sampler.start()
        project = open_project(work)
        try:
            train_all(project, models=args.models.split(",") if args.models else None, progress=progress)
        finally:
            project.close()
            stop.set()
            sampler.join()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    spans = phases(events, samples)
    result = {"label": args.label, "code": str(args.code), "project": str(args.project), "models": args.models,
              "command": " ".join([Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])]),
              "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
              "grouped": [{"phase": k, "wall_s": round(w, 2), "cpu_s": round(c, 2)} for k, w, c in grouped(spans)],
              "phases": spans, "samples": samples}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(f"{args.label or args.project.name}: {wall:.1f} s wall, {cpu:.1f} CPU s")
    for k, w, c in grouped(spans)[:12]:
        print(f"  {w:7.1f} s {c:7.1f} CPU s  {c / w if w else 0:4.2f} cores  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Where a decay training run spends its time: wall, CPU and peak memory per step, on an imported project.

    OMP_NUM_THREADS=1 python tests/bench/bench_decay_steps.py PROJECT [PROJECT ...] [--label before]
        [--out FILE.json]

Each project (e.g. the ``long`` and ``wide`` 10^6-event shops that ``bench_scale.py --keep DIR``
leaves behind) is trained with ``train_decay`` in this process; the run's progress messages mark the
steps (the Hawkes fits, the lapse features, the candidates' fit, their scoring, the final scoring
and writing). Each step's wall and CPU seconds are summed over the run's cuts. Peak RSS is the
process's (one project per process: run them one by one for a clean peak). Load average before and
after. Results go to ``tests/bench/results/decay_steps.json`` (or ``--out``) under ``--label`` and the
project's name. DuckDB runs on every core, as the window and the command line do (session 56; before it the
window kept a core back and ``--headless`` gave this one every core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "decay_steps.json"

#: Progress message prefixes -> step (the first that matches; anything else is "other").
STEPS = (("Fitting ", "hawkes fit + posteriors"), ("Lapse features", "lapse features (SQL)"),
         ("Training the lapse", "candidates fit"), ("Scoring the lapse", "candidates scoring"),
         ("Calibrating", "calibration"), ("Scoring interest", "scores + write"))


def _step(message: str) -> str | None:
    for prefix, name in STEPS:
        if message.startswith(prefix):
            return name
    return None


def run(project_path: str) -> dict:
    from engine.models.decay.service import train_decay
    from engine.store import open_project

    spent: dict[str, list[float]] = {}
    state = {"step": "open + occasions (SQL)", "wall": time.perf_counter(), "cpu": time.process_time()}

    def progress(done, total, message="", partial=None):
        message = str(message or "")
        step = _step(message)
        if step is None and message and ":" in message and "half-life" in message:
            step = "hawkes fit + posteriors"
        if step is None or step == state["step"]:
            return
        now, cpu = time.perf_counter(), time.process_time()
        acc = spent.setdefault(state["step"], [0.0, 0.0])
        acc[0] += now - state["wall"]
        acc[1] += cpu - state["cpu"]
        state.update(step=step, wall=now, cpu=cpu)

    load = os.getloadavg()
    t0, c0 = time.perf_counter(), time.process_time()
    with open_project(project_path) as project:
        n_events = project.query("SELECT count(*) FROM events")[0][0]
        result = train_decay(project, progress=progress)
    acc = spent.setdefault(state["step"], [0.0, 0.0])
    acc[0] += time.perf_counter() - state["wall"]
    acc[1] += time.process_time() - state["cpu"]
    return {"project": project_path, "events": int(n_events), "wall_s": round(time.perf_counter() - t0, 1),
            "cpu_s": round(time.process_time() - c0, 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "load_before": [round(x, 1) for x in load], "load_after": [round(x, 1) for x in os.getloadavg()],
            "steps": {k: {"wall_s": round(v[0], 1), "cpu_s": round(v[1], 1)} for k, v in spent.items()},
            "winner": result.metrics.get("shipped_lapse_score"), "n_pairs": result.metrics.get("n_pairs"),
            "lapse_auc": {k[len("lapse_auc_"):]: round(v, 4) for k, v in result.metrics.items()
                          if k.startswith("lapse_auc_")}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("projects", nargs="+")
    ap.add_argument("--label", default="latest")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    for path in args.projects:
        out = run(path)
        results.setdefault(args.label, {})[Path(path).parent.name + "/" + Path(path).name] = out
        print(json.dumps(out, indent=1), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

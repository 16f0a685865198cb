"""Customers, segments and transfer before/after, back to back, each trained from the command line.

OMP_NUM_THREADS=1 nice -n 5 python tests/bench/bench_widesteps.py --before /path/to/old/checkout --after . \\
    --project wide6=/tmp/wide6.shiftwise --keep /tmp/steps [--models customers,segments,transfer] \\
    [--out tests/bench/results/widesteps_s11.json]

The project is copied once per checkout (the original is never written); then, model by model,
``main.py train COPY --models NAME`` runs under ``/usr/bin/time`` with the before checkout and at
once with the after one, so each pair shares the machine's load: CPU seconds (user + system), wall,
peak resident memory and the load average before and after each run. The two copies are kept in
``--keep`` (BEFORE.shiftwise, AFTER.shiftwise); tests/bench/diag_same_outputs.py (exact) and
tests/bench/diag_close_steps.py (floats to 1e-12) compare them and are stored with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))

from tests.bench.diag_close_steps import compare as compare_close  # noqa: E402
from tests.bench.diag_same_outputs import compare  # noqa: E402
from tests.bench.labelled_results import save_labelled  # noqa: E402

RESULTS = HERE.parent / "results" / "widesteps_s11.json"


def train(root: Path, project: Path, model: str, work: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1", "QT_QPA_PLATFORM": "offscreen"}
    timing = work / "time.txt"
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-o", str(timing), "-f", "%U %S %M", sys.executable,
                           str(root / "main.py"), "train", str(project), "--models", model],
                          cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{root}: train {model} failed: {proc.stderr.strip().splitlines()[-3:]}")
    user, system, peak_kb = timing.read_text().split()[-3:]
    return {"cpu_s": round(float(user) + float(system), 2), "wall_s": round(wall, 2),
            "peak_rss_mb": round(int(peak_kb) / 1024), "load_before": round(load, 2),
            "load_after": round(os.getloadavg()[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--project", required=True, help="NAME=PATH of the project to copy")
    parser.add_argument("--models", default="customers,segments,transfer")
    parser.add_argument("--keep", type=Path, required=True, help="folder for the two trained copies")
    parser.add_argument("--skip-exact", action="store_true", help="only the float-tolerant comparison (10^7)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    name, path = args.project.split("=", 1)
    roots = {"before": args.before.resolve(), "after": args.after.resolve()}
    rev = {k: subprocess.run(["git", "-C", str(p), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True).stdout.strip() or "(not a checkout)" for k, p in roots.items()}
    args.keep.mkdir(parents=True, exist_ok=True)
    copies = {k: args.keep / f"{k.upper()}.shiftwise" for k in roots}
    for copy in copies.values():
        shutil.copyfile(path, copy)
    report = {"command": " ".join(sys.argv), "machine": platform.node(), "cpus": os.cpu_count(),
              "commits": rev, "roots": {k: str(v) for k, v in roots.items()},
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "steps": {}}
    for model in args.models.split(","):
        report["steps"][model] = {k: train(roots[k], copies[k], model, args.keep) for k in roots}
        print(model, json.dumps(report["steps"][model]), flush=True)
    # two runs of one code differ in the 15th digit of DuckDB's parallel sums: the floats to 1e-12;
    # the events are only read by these steps (at 10^7 comparing them took minutes)
    report["close_outputs"] = compare_close(str(copies["before"]), str(copies["after"]), 1e-12, ("events",))
    if not args.skip_exact:
        report["same_outputs"] = compare(str(copies["before"]), str(copies["after"]))
        report["all_same"] = all(v["same"] for v in report["same_outputs"].values())
    report["all_close"] = all(v["close"] for v in report["close_outputs"].values())
    print("all outputs the same:", report.get("all_same"), "equal to 1e-12:", report["all_close"], flush=True)
    save_labelled(args.out, name, report)


if __name__ == "__main__":
    main()

"""Transfer before/after in one session: two checkouts train transfer on copies of the same projects.

OMP_NUM_THREADS=1 nice python tests/bench/bench_transfer_fast.py --before /work/main --after . \\
    --projects demo=/tmp/demo.shiftwise dev=/tmp/dev.shiftwise wide_1e6=/tmp/wide.shiftwise \\
    [--out tests/bench/results/transfer_fast.json]

Each project is copied (the original is never written) and ``main.py train COPY --models transfer``
runs under ``/usr/bin/time`` with each checkout first on PYTHONPATH: CPU seconds (user + system),
wall, peak memory, the rows the run wrote to shift_scores, the project file's growth and the run's
own quality figures (holdout AUC of the neighbours and of popularity), with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results" / "transfer_fast.json"
QUALITY = ("auc", "auc_popularity", "holdout_customers", "reference_customers", "cold_customers",
           "candidate_pairs", "pairs_written")


def _run_metrics(project: Path) -> dict:
    con = duckdb.connect(str(project), read_only=True)
    try:
        run_id, metrics = con.execute("SELECT run_id, metrics_json FROM model_runs WHERE kind = 'transfer' "
                                      "AND status = 'done' ORDER BY run_id DESC LIMIT 1").fetchall()[0]
        rows = con.execute("SELECT count(*) FROM shift_scores WHERE run_id = ?", [run_id]).fetchall()[0][0]
    finally:
        con.close()
    m = json.loads(metrics)
    return {"rows_written": int(rows), **{k: m.get(k) for k in QUALITY}}


def measure(root: Path, project: Path, work: Path) -> dict:
    copy = work / project.name
    shutil.copyfile(project, copy)
    size_before = copy.stat().st_size
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1", "QT_QPA_PLATFORM": "offscreen"}
    timing = work / "time.txt"
    load = os.getloadavg()[0]
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-o", str(timing), "-f", "%U %S %M", sys.executable,
                           str(root / "main.py"), "train", str(copy), "--models", "transfer"],
                          cwd=root, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{root}: train failed: {proc.stderr.strip().splitlines()[-1:]}")
    user, system, peak_kb = timing.read_text().split()[-3:]
    out = {"cpu_s": round(float(user) + float(system), 2), "wall_s": round(wall, 2),
           "peak_rss_mb": round(int(peak_kb) / 1024), "project_growth_mb": round((copy.stat().st_size - size_before) / 2**20, 1),
           "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2), **_run_metrics(copy)}
    copy.unlink()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--projects", nargs="+", required=True, help="NAME=PATH of projects to copy")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    rev = {k: subprocess.run(["git", "-C", str(p), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
           for k, p in (("before", args.before), ("after", args.after))}
    report = {"command": " ".join(sys.argv), "machine": platform.node(), "cpus": os.cpu_count(),
              "commits": rev, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "projects": {}}
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        for item in args.projects:
            name, path = item.split("=", 1)
            entry = {}
            for label, root in (("before", args.before), ("after", args.after)):
                entry[label] = measure(root.resolve(), Path(path), Path(tmp))
                print(name, label, json.dumps(entry[label]), flush=True)
            report["projects"][name] = entry
            args.out.write_text(json.dumps(report, indent=1) + "\n")   # after each: a long run keeps what it measured


if __name__ == "__main__":
    main()

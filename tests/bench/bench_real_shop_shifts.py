"""Shift scores on the real grocery dev file, the issue's protocol, at the 2017-07-31 and 2017-07-03 cuts.

    python tests/bench/bench_real_shop_shifts.py [PROJECT] [--seeds 1,2,3]

PROJECT is a project with the dev file imported (default: /tmp/mig/dev.shiftwise, made from
/work/shared/data/grocery_dev.csv.gz when missing). One rolling-origin backtest per seed, anchored at
2017-08-28: its evaluation cuts are 2017-07-31 and 2017-07-03 (4-week labels), each candidate fitted
only on earlier cuts. Metrics follow the issue: the 100 largest categories (units before the cut),
customers who ordered in the 8 weeks before it, AUC pooled over candidate pairs, L = 8, H = 4.
Writes tests/bench/results/real_shop_shifts.json: every candidate at both cuts, mean and sd over
seeds, and the wall and CPU time of each run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "tests" / "bench" / "results" / "real_shop_shifts.json"
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
ANCHOR = datetime(2017, 8, 28)


def open_dev(path: Path):
    from engine.ingest import import_file
    from engine.store import create_project, open_project

    if path.exists():
        return open_project(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    csv = path.with_suffix(".csv")
    with gzip.open(DEV, "rb") as src, open(csv, "wb") as dst:
        shutil.copyfileobj(src, dst)
    project = create_project(path)
    import_file(project, csv)
    return project


def protocol_metrics(res) -> dict[str, dict[str, float]]:
    from engine.evaluation.metrics import auc
    from engine.models.migration.ladder import metrics_of

    top = res.largest
    d = res.data
    never = d.x[:, 1] > 0.5       # never_bought
    out = {}
    for name, score in res.scores.items():
        m = metrics_of(d, score, top)
        sel = never & np.isin(d.cat, top)
        out[name] = {"P@5": m["precision@5"], "NDCG@10": m["ndcg@10"], "AUC": m["auc"],
                     "AUC_never_bought": auc(np.asarray(score)[sel], d.y[sel]),
                     "pairs": m["pairs"]}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", nargs="?", default="/tmp/mig/dev.shiftwise")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--params", default="{}", help="JSON of migration parameters")
    args = ap.parse_args()
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import run_ladder

    project = open_dev(Path(args.project))
    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        p = MigrationParams.from_dict({**json.loads(args.params), "seed": seed, "eval_cuts": 2})
        wall, cpu = time.perf_counter(), time.process_time()
        state = run_ladder(project, ANCHOR, p, keep_scores=True)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        cuts = {c: protocol_metrics(r) for c, r in zip(state["cuts"], state["results"])}
        runs.append({"seed": seed, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "cuts": cuts,
                     "shipped": state["winner"], "stage_seconds": state["seconds"]})
        print(f"seed {seed}: {wall:.0f} s wall, {cpu:.0f} s CPU, ships {state['winner']}", flush=True)
        report(runs, args)


def report(runs: list[dict], args) -> None:
    """The table over the seeds run so far (written after every seed: a stopped run keeps its figures)."""
    table: dict = {}
    for cut in runs[0]["cuts"]:
        for name in runs[0]["cuts"][cut]:
            for metric in ("P@5", "NDCG@10", "AUC", "AUC_never_bought"):
                vals = [r["cuts"][cut][name][metric] for r in runs]
                table.setdefault(cut, {}).setdefault(name, {})[metric] = {
                    "mean": float(np.mean(vals)), "sd": float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0}
    print(f"\n{'cut':10s} {'score':12s} {'P@5':>14s} {'NDCG@10':>14s} {'AUC':>14s} {'AUC never':>14s}")
    for cut, names in table.items():
        for name, m in sorted(names.items(), key=lambda kv: kv[1]["AUC"]["mean"]):
            print(f"{cut:10s} {name:12s} " + " ".join(
                f"{m[k]['mean']:.3f} ±{m[k]['sd']:.3f}".rjust(14) for k in ("P@5", "NDCG@10", "AUC", "AUC_never_bought")))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()},
                                   "protocol": "100 largest categories, customers ordering in the 8 weeks before "
                                               "the cut, AUC pooled over candidate pairs, L=8, H=4",
                                   "params": json.loads(args.params), "table": table, "runs": runs},
                                  indent=2, default=str))
    print(f"\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()

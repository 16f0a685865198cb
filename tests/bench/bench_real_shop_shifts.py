"""Shift scores on the real grocery dev file, the issue's protocol, at the 2017-07-31 and 2017-07-03 cuts,
with the cost of the migration training (and, with ``--lapse``, the lapse table at 2017-06-05 and 2017-07-03).

    OMP_NUM_THREADS=1 python tests/bench/bench_real_shop_shifts.py [PROJECT] [--seeds 1,2,3] [--lapse]

PROJECT is a project with the dev file imported (default: a fresh one in a temp folder, imported from
/work/shared/data/grocery_dev.csv.gz and timed: "import included"). One rolling-origin backtest per
seed, anchored at 2017-08-28: its evaluation cuts are 2017-07-31 and 2017-07-03 (4-week labels), each
candidate fitted only on earlier cuts and both stackers (blend, boosted) one horizon further back. Metrics follow
the issue: the 100 largest categories (units before the cut), customers who ordered in the 8 weeks
before it, AUC pooled over candidate pairs, L = 8, H = 4.

Writes tests/bench/results/real_shop_shifts.json: every candidate at both cuts with its mean, sd and
per-seed values, the wall and CPU seconds of every step (CPU is what to compare on a shared machine;
``uptime`` is written next to each wall figure).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "tests" / "bench" / "results" / "real_shop_shifts.json"
DEV = Path("/work/shared/data/grocery_dev.csv.gz")
ANCHOR = datetime(2017, 8, 28)
METRICS = ("P@5", "NDCG@10", "AUC", "AUC_never_bought")


def load() -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def cpu() -> float:
    """CPU seconds of this process and its threads (DuckDB, OpenMP and torch included)."""
    return time.process_time()


def open_dev(path: Path | None, timings: dict):
    from engine.ingest import import_file
    from engine.store import create_project, open_project

    if path is not None and path.exists():
        return open_project(path)
    path = path or Path(tempfile.mkdtemp(prefix="shifts_bench_")) / "dev.shiftwise"
    path.parent.mkdir(parents=True, exist_ok=True)
    wall, c = time.perf_counter(), cpu()
    project = create_project(path)
    import_file(project, DEV)
    timings["import"] = {"wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(cpu() - c, 1),
                         "uptime": load()}
    print(f"import: {timings['import']}", flush=True)
    return project


def protocol_metrics(res) -> dict[str, dict[str, float]]:
    from engine.evaluation.metrics import auc
    from engine.models.migration.ladder import metrics_of

    top = res.largest
    d = res.data
    never = d.never
    out = {}
    for name, score in res.scores.items():
        m = metrics_of(d, score, top)
        sel = never & np.isin(d.cat, top)
        out[name] = {"P@5": m["precision@5"], "NDCG@10": m["ndcg@10"], "AUC": m["auc"],
                     "AUC_never_bought": auc(np.asarray(score)[sel], d.y[sel]), "pairs": m["pairs"]}
    return out


def lapse_table(project, timings: dict) -> dict:
    """The decay run's lapse candidates at its two cuts (8-week labels), as bench_decay_lapse.py has them."""
    from engine.jobs import ensure
    from engine.models.decay.lapse import drop
    from engine.models.decay.params import DecayParams
    from engine.models.decay.scoring import drop_temp
    from engine.models.decay.service import backtest_candidates

    params = DecayParams.from_dict({"horizon_weeks": 8})
    progress, cancel = ensure(None, None)
    wall, c = time.perf_counter(), cpu()
    with project.interruptible(cancel) as cur:
        try:
            out, _ = backtest_candidates(cur, ANCHOR, params, progress, cancel)
        finally:
            drop_temp(cur)
            drop(cur)
    timings["lapse_backtest"] = {"wall_s": round(time.perf_counter() - wall, 1), "cpu_s": round(cpu() - c, 1),
                                 "uptime": load()}
    v = out["lapse_verdict"]
    return {"cuts": v["cuts"], "winner": v["winner"],
            "auc": {n: {**dict(zip(v["cuts"], v["per_cut"][n])), "mean": v["means"][n], "sd": v["sds"][n]}
                    for n in v["per_cut"]}}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", nargs="?", default=None, help="an imported dev project (default: import afresh)")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--params", default="{}", help="JSON of migration parameters")
    ap.add_argument("--lapse", action="store_true", help="also the lapse backtest (about 2-3 CPU minutes)")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--merge", nargs="+", default=None,
                    help="JSON files of runs made in parallel (one seed each): write their combined table")
    args = ap.parse_args()
    if args.merge:
        parts = [json.loads(Path(f).read_text()) for f in args.merge]
        runs = [r for part in parts for r in part["runs"]]
        timings = {k: v for part in parts for k, v in part["timings"].items()}
        lapse = next((part["lapse"] for part in parts if part.get("lapse")), None)
        report(sorted(runs, key=lambda r: r["seed"]), timings, lapse, args)
        return
    from threadpoolctl import threadpool_limits

    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import run_ladder

    timings: dict = {}
    project = open_dev(Path(args.project) if args.project else None, timings)
    runs = []
    lapse = None
    for seed in [int(s) for s in args.seeds.split(",") if s.strip()]:
        p = MigrationParams.from_dict({"threads": 1, **json.loads(args.params), "seed": seed, "eval_cuts": 2})
        wall, c = time.perf_counter(), cpu()
        with threadpool_limits(p.n_threads()):
            state = run_ladder(project, ANCHOR, p, keep_scores=True)
        wall, c = time.perf_counter() - wall, cpu() - c
        cuts = {cut: protocol_metrics(r) for cut, r in zip(state["cuts"], state["results"])}
        runs.append({"seed": seed, "wall_s": round(wall, 1), "cpu_s": round(c, 1), "uptime": load(), "cuts": cuts,
                     "shipped": state["winner"],
                     "stage_seconds": {k: round(v, 1) for k, v in state["seconds"].items()},
                     "stage_cpu_seconds": {k: round(v, 1) for k, v in state["cpu_seconds"].items()},
                     "lstm_epochs": [f.lstm.epochs for f in state["ladder"]._fits.values() if f.lstm is not None],
                     "gbm_iterations": [int(f.gbm.model_.n_iter_) for f in state["ladder"]._fits.values()]})
        print(f"seed {seed}: {wall:.0f} s wall, {c:.0f} s CPU ({load()}), ships {state['winner']}", flush=True)
        report(runs, timings, lapse, args)
    if args.lapse:
        lapse = lapse_table(project, timings)
        report(runs, timings, lapse, args)


def report(runs: list[dict], timings: dict, lapse: dict | None, args) -> None:
    """The table over the seeds run so far (written after every seed: a stopped run keeps its figures)."""
    table: dict = {}
    for cut in runs[0]["cuts"] if runs else ():
        for name in runs[0]["cuts"][cut]:
            for metric in METRICS:
                vals = [r["cuts"][cut][name][metric] for r in runs]
                table.setdefault(cut, {}).setdefault(name, {})[metric] = {
                    "mean": float(np.mean(vals)), "sd": float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0,
                    "seeds": [round(float(v), 4) for v in vals]}
    print(f"\n| cut | score | P@5 | NDCG@10 | AUC | AUC never-bought |\n|---|---|---|---|---|---|")
    for cut, names in table.items():
        for name, m in sorted(names.items(), key=lambda kv: kv[1]["AUC"]["mean"]):
            print(f"| {cut} | {name} | " + " | ".join(f"{m[k]['mean']:.3f} ± {m[k]['sd']:.3f}" for k in METRICS) + " |")
    cpus = [r["cpu_s"] for r in runs]
    if cpus:
        print(f"\nmigration backtest per seed: CPU {', '.join(f'{c:.0f}' for c in cpus)} s; "
              f"wall {', '.join(str(r['wall_s']) for r in runs)} s")
    if lapse:
        for n, r in sorted(lapse["auc"].items(), key=lambda kv: -kv[1]["mean"]):
            print(f"lapse {n:24s} " + " ".join(f"{r[c]:.4f}" for c in lapse["cuts"]) + f"  {r['mean']:.4f} ± {r['sd']:.4f}")
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg(),
                    "omp_num_threads": os.environ.get("OMP_NUM_THREADS")},
        "command": "OMP_NUM_THREADS=1 python tests/bench/bench_real_shop_shifts.py " + " ".join(sys.argv[1:]),
        "protocol": "100 largest categories, customers ordering in the 8 weeks before the cut, AUC pooled over "
                    "candidate pairs, L=8, H=4; learned candidates fitted on earlier cuts only",
        "params": json.loads(args.params), "table": table, "timings": timings,
        "migration_cpu_s": {"mean": float(np.mean(cpus)) if cpus else None, "per_seed": cpus},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "lapse": lapse, "runs": runs}, indent=2, default=str))
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()

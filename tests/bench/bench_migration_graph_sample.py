"""Graph scores (Markov transitions, category shift rates, kNN, co-purchase) from sampled earlier cuts against
the full count, on a copy of a project (issue #13: at a million customers the earlier cuts keep a hashed
sample of customers, so the transition and shift-rate counts are made over that sample).

    OMP_NUM_THREADS=1 python tests/bench/bench_migration_graph_sample.py PROJECT --keep 0 2500000 1000000 250000 \
        --out tests/bench/results/migration_graph_sample.json

``--keep 0`` is the full count (every customer of every cut). For each sample size: the scored cut's (0) and
the latest labelled cut's (H) graph features against the full count's (correlation, largest and mean absolute
difference), the labelled cut's AUC of each rule of thumb, and the CPU seconds of the pairs and graph stages.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

SCORES = ("markov", "k_shift_rate", "k_last_rate", "knn", "knn_ever", "copurchase")


def build(project, keep: int | None, p) -> dict:
    from engine.evaluation.metrics import auc
    from engine.features.shift_graph import build_graph_scores
    from engine.features.shift_pairs import build_pairs, build_weekly
    from engine.jobs import CancelToken
    from engine.models.base import resolve_as_of
    from engine.models.migration.service import _grid

    anchor = resolve_as_of(project, None)
    grid = _grid(project, anchor, p)
    H = p.horizon_weeks
    out: dict = {"keep_pairs": keep}
    with project.interruptible(CancelToken()) as cur:
        c = time.process_time()
        build_weekly(cur, anchor, p.history_weeks)
        build_pairs(cur, grid, lookback=p.lookback, horizon=H, min_buyers=p.min_buyers,
                    history_weeks=p.history_weeks, keep_pairs=keep)
        out["pairs_cpu_s"] = round(time.process_time() - c, 1)
        out["pairs_per_cut"] = {str(s): n for s, n in cur.execute(
            "SELECT s, count(*) FROM sp_pairs GROUP BY s ORDER BY s").fetchall()}
        k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
        c = time.process_time()
        build_graph_scores(cur, grid, k, horizon=H, neighbours=p.knn_neighbours, max_reference=p.knn_reference)
        out["graph_cpu_s"] = round(time.process_time() - c, 1)
        for s in (0, H):
            d = cur.execute(f"SELECT g.cid, g.cat, p.label, {', '.join('g.' + n for n in SCORES)} FROM sp_graph g "
                            "JOIN sp_pairs p USING (s, cid, cat) WHERE g.s = ? ORDER BY g.cid, g.cat", [s]).fetchnumpy()
            out[s] = {n: np.asarray(v) for n, v in d.items()}
        lab = out[H]
        y = np.asarray(np.ma.filled(lab["label"], False), bool)
        out["auc_at_H"] = {n: round(float(auc(np.asarray(lab[n], np.float64), y)), 4) for n in SCORES}
    return out


def compare(full: dict, part: dict, s: int) -> dict:
    a, b = full[s], part[s]
    # the scored cut is whole in both; an earlier cut's sample is a subset of its customers
    key_a = a["cid"].astype(np.int64) * 10_000 + a["cat"]
    key_b = b["cid"].astype(np.int64) * 10_000 + b["cat"]
    common, ia, ib = np.intersect1d(key_a, key_b, return_indices=True)
    res = {"pairs": int(len(common))}
    for n in SCORES:
        x, z = np.asarray(a[n], np.float64)[ia], np.asarray(b[n], np.float64)[ib]
        diff = np.abs(x - z)
        res[n] = {"corr": round(float(np.corrcoef(x, z)[0, 1]), 5) if x.std() > 0 and z.std() > 0 else None,
                  "max_abs_diff": round(float(diff.max()), 5) if len(diff) else None,
                  "mean_abs_diff": round(float(diff.mean()), 6) if len(diff) else None,
                  "mean_full": round(float(x.mean()), 6)}
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("--keep", type=int, nargs="+", default=[0, 2_500_000, 1_000_000, 250_000],
                    help="earlier cuts' pairs kept (0: every customer)")
    ap.add_argument("--params", default="{}", help="JSON of migration parameters")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    from engine.models.migration.params import MigrationParams
    from engine.store import open_project

    p = MigrationParams.from_dict(json.loads(args.params))
    runs = []
    with tempfile.TemporaryDirectory(prefix="graph_sample_") as tmp:
        copy = Path(tmp) / Path(args.project).name
        shutil.copyfile(args.project, copy)
        project = open_project(copy)
        try:
            for keep in args.keep:
                runs.append(build(project, keep or None, p))
                print(keep, runs[-1]["pairs_cpu_s"], runs[-1]["graph_cpu_s"], runs[-1]["auc_at_H"], flush=True)
        finally:
            project.close()
    full = runs[0]
    H = p.horizon_weeks
    record = {
        "command": "OMP_NUM_THREADS=%s python tests/bench/bench_migration_graph_sample.py %s" % (
            os.environ.get("OMP_NUM_THREADS", ""), " ".join(sys.argv[1:] if argv is None else argv)),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": [round(x, 2) for x in os.getloadavg()],
        "runs": [{"keep_pairs": r["keep_pairs"], "pairs_cpu_s": r["pairs_cpu_s"], "graph_cpu_s": r["graph_cpu_s"],
                  "pairs_per_cut": r["pairs_per_cut"], "auc_at_H": r["auc_at_H"],
                  "vs_full_at_0": compare(full, r, 0), "vs_full_at_H": compare(full, r, H)} for r in runs],
    }
    out = Path(args.out)
    data = json.loads(out.read_text()) if out.exists() else {}
    data[Path(args.project).stem] = record
    out.write_text(json.dumps(data, indent=1) + "\n")
    print(json.dumps([{k: r[k] for k in ("keep_pairs", "pairs_cpu_s", "graph_cpu_s", "auc_at_H")} for r in record["runs"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

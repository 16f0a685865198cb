"""Segments on a real shop, against issue #11's aim: 5–12 clusters, each at least 3% of customers,
distinct names, stable across seeds (adjusted Rand >= 0.8), tiers ordered by spend.

    python tests/bench/bench_real_shop_segments.py [--project P] [--csv F] [--seeds 0 1 2]

Default: the dev file imported once into /tmp/cust/dev.shiftwise (imported from --csv if missing).
Each seed trains on its own copy of the project (so no run inherits another's cluster ids), and the
customers' clusters of every pair of seeds are compared with scikit-learn's adjusted Rand index.
Writes tests/bench/results/real_shop_segments.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).parent / "results"
TIER_ORDER = ("heavy", "medium", "light")


def _one_seed(source: Path, seed: int) -> dict:
    from engine.models.segments.service import train_segments
    from engine.store import open_project

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "bench.shiftwise"
        shutil.copy(source, work)
        project = open_project(work)
        try:
            cpu, wall = sum(os.times()[:2]), time.perf_counter()
            result = train_segments(project, params={"seed": seed})
            cpu, wall = sum(os.times()[:2]) - cpu, time.perf_counter() - wall
            rows = project.query("SELECT customer_id, cluster FROM segment_assignments WHERE run_id = ? "
                                 "ORDER BY customer_id", [result.run_id])
            names = [r[0] for r in project.query("SELECT label FROM segment_clusters WHERE run_id = ? "
                                                 "ORDER BY cluster", [result.run_id])]
        finally:
            project.close()
    m = result.metrics
    shares = m.get("cluster_shares", {})
    spend = m.get("tier_mean_spend", {})
    ordered = [spend[t] for t in TIER_ORDER if t in spend]
    return {
        "seed": seed, "k": m.get("k"), "k_rule": m.get("k_rule"), "silhouette": m.get("silhouette"),
        "stability": m.get("stability"), "n_customers": m.get("n_customers"),
        "min_cluster_share": round(min(shares.values()), 4) if shares else None,
        "cluster_shares": {k: round(v, 4) for k, v in shares.items()},
        "names": names, "names_distinct": len(set(names)) == len(names),
        "tier_mean_spend": spend,
        "tiers_ordered_by_spend": all(a > b for a, b in zip(ordered, ordered[1:])),
        "cpu_s": round(cpu, 1), "wall_s": round(wall, 1),
        "_clusters": rows,
    }


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default="/tmp/cust/dev.shiftwise")
    ap.add_argument("--csv", default="/work/shared/data/grocery_dev.csv.gz")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--out", default=str(RESULTS / "real_shop_segments.json"))
    args = ap.parse_args(argv)

    from sklearn.metrics import adjusted_rand_score

    from engine.ingest import import_file
    from engine.store import create_project

    source = Path(args.project)
    if not source.exists():
        source.parent.mkdir(parents=True, exist_ok=True)
        project = create_project(source)
        import_file(project, args.csv)
        project.close()
    runs = [_one_seed(source, s) for s in args.seeds]
    clusters = {r["seed"]: dict(r.pop("_clusters")) for r in runs}
    ari = {}
    for a, b in itertools.combinations(args.seeds, 2):
        ids = sorted(set(clusters[a]) & set(clusters[b]))
        ari[f"{a}-{b}"] = round(float(adjusted_rand_score([clusters[a][i] for i in ids],
                                                          [clusters[b][i] for i in ids])), 4)
    out = {
        "command": "python tests/bench/bench_real_shop_segments.py " + " ".join(argv or sys.argv[1:]),
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                 text=True).stdout.strip(),
        "data": str(args.csv), "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "aim": "5-12 clusters, each >= 3% of customers, distinct names, ARI >= 0.8 across seeds, "
               "tiers ordered by spend",
        "runs": runs, "adjusted_rand_between_seeds": ari,
        "load_after": os.getloadavg()[0],
    }
    Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out.items() if k != "runs"}, indent=1, ensure_ascii=False))
    for r in runs:
        print(r["seed"], r["k"], r["min_cluster_share"], r["names_distinct"], r["tiers_ordered_by_spend"], r["names"])
    return out


if __name__ == "__main__":
    main()

"""What the customers model's training rows cap (``max_train_rows``) costs and gives on a big shop.

    python tests/bench/bench_customer_train_rows.py PROJECT [PROJECT ...] --rows 100000 50000 --out F.json

Trains the customers model on a copy of each project once per cap (alternated, in this process, with
``OMP_NUM_THREADS=1``) and records the wall and CPU time and, at each evaluation cut, every candidate's buy-again
AUC and log-loss, the winner and the learned model's training rows. The cap binds only where the earlier cuts hold
more rows than it (a shop of more than ~25k customers): on the dev file and the demo shop it changes nothing.
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

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run(project: Path, rows: int) -> dict:
    from engine.models.customers.service import train_customers
    from engine.store import open_project

    with tempfile.TemporaryDirectory(dir=project.parent) as folder:
        work = Path(folder) / project.name
        shutil.copyfile(project, work)
        with open_project(work) as p:
            wall, cpu = time.perf_counter(), time.process_time()
            result = train_customers(p, params={"max_train_rows": rows})
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    m = result.metrics
    return {"project": str(project), "max_train_rows": rows, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "winner": m["winner"], "learned_train_rows": m["learned_train_rows"],
            "cuts": [{"cut": c["cut"], "customers": c["customers"], "train_rows": c["train_rows"],
                      **{f"{name}_{k}": round(v[k], 5) for name, v in c["metrics"].items() for k in ("auc", "log_loss")
                         if v.get(k) is not None}} for c in m["cuts"]],
            "mean_auc": {n: v.get("auc") for n, v in m["mean_metrics"].items()}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("projects", nargs="+", type=Path)
    ap.add_argument("--rows", type=int, nargs="+", default=[100_000, 50_000])
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = "1"
    runs = []
    for project in args.projects:
        for _ in range(args.reps):
            for rows in args.rows:
                runs.append(run(project, rows))
                r = runs[-1]
                print(f"{project.name} rows {rows}: {r['wall_s']} s, {r['cpu_s']} CPU s, winner {r['winner']}, "
                      f"mean AUC {json.dumps(r['mean_auc'])}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"command": " ".join(sys.argv), "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

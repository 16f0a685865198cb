"""Transfer judged on the customers it is for: those who were cold-start at a past cut, by what they bought next.

    OMP_NUM_THREADS=1 python tests/bench/bench_transfer_cold_cuts.py PROJECT [PROJECT ...] [--cuts 3]
        [--root CHECKOUT] [--label L] [--out F.json]

    OMP_NUM_THREADS=1 python tests/bench/bench_transfer_cold_cuts.py --demo [--out F.json]

At each cut (the end of the data less 1, 2, 3 … horizons) the model is fitted as train_transfer fits it as of
that cut (the established customers then, its default parameters); the customers who were cold-start then
(fewer than ``min_purchases`` purchases) are described as they were and scored, and their purchases in the
horizon after the cut (categories they had not bought) are the labels: the nearest neighbours' AUC against
category popularity's (the model's prior), on exactly the pairs the run writes scores for: the test the run's
own verdict makes (engine/models/transfer/service.py, on a sample of each cut's new customers), here at more
cuts, on every new customer, and with another checkout's code beside it (``--root``).

``--demo`` builds two demo shops (3,000 customers, seed 7; 20,000, seed 3) first. ``--root`` runs another
checkout's code (a before/after under one load). Appends to tests/bench/results/transfer_cold_cuts.json
or ``--out``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]
RESULTS = HERE.parent / "results" / "transfer_cold_cuts.json"

CHILD = """
import json, sys
from contextlib import ExitStack
from datetime import timedelta
import numpy as np
from engine.evaluation.metrics import auc
from engine.jobs import CancelToken
from engine.models.base import resolve_as_of
from engine.models.transfer import features as F
from engine.models.transfer.model import NeighbourTransfer
from engine.models.transfer.params import TransferParams
from engine.models.transfer.run_tables import run_tables
from engine.store import open_project

p, cuts = TransferParams(), int(sys.argv[2])
horizon = 7 * p.horizon_weeks
out = []
project = open_project(sys.argv[1])
stack = ExitStack()
try:
    end = resolve_as_of(project, None)
    tables = stack.enter_context(run_tables(project))
    for back in range(1, cuts + 1):
        cut = end - timedelta(days=horizon * back)
        vocab = F.vocabulary(project, cut, p.max_categories, tables)
        ref = F.established(project, vocab, cut, early_days=p.early_days, horizon_weeks=p.horizon_weeks,
                            min_purchases=p.min_purchases, limit=p.max_reference, tables=tables,
                            cancel=CancelToken())
        row = {"cut": f"{cut:%Y-%m-%d}", "reference": int(len(ref.customer_ids))}
        if len(ref.customer_ids) >= 20 and len(vocab.categories) >= 2:
            model = NeighbourTransfer(p.n_neighbors, p.prior_weight).fit(ref.X, ref.labels)
            cur = project.cursor()
            try:
                n = F.open_cold_start(cur, cut, min_purchases=p.min_purchases, tables=tables)
                labels = f'''
                    SELECT tw.rn, e.category AS key, 1.0 AS value FROM events e JOIN tw_part tw USING (customer_id)
                    WHERE e.event_type = 'purchase' AND e.ts >= tw.stop AND e.ts < tw.stop + INTERVAL {horizon} DAY
                      AND e.category IS NOT NULL GROUP BY ALL'''
                cold = F.describe_part(cur, vocab, 0, n, labels)
            finally:
                F.close_window(cur)
            probs = model.predict_proba(cold.X)
            cand = ~cold.seen
            y = cold.labels[cand] > 0
            row.update({"cold": int(n), "cold_buyers": int((cold.labels.sum(axis=1) > 0).sum()),
                        "auc_neighbours": round(float(auc(probs[cand], y)), 4),
                        "auc_popularity": round(float(auc(np.broadcast_to(model.prior_, probs.shape)[cand], y)), 4)})
        out.append(row)
finally:
    stack.close()
    project.close()
print(json.dumps(out))
"""


def measure(project: Path, cuts: int, root: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(project), str(cuts)], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def demo_projects(folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from engine.demo import generate_demo_shop
    from engine.ingest import import_file
    from engine.store import create_project

    out = []
    for name, seed, n in (("demo_3000_s7", 7, 3000), ("demo_20000_s3", 3, 20000)):
        shop = generate_demo_shop(folder / name, seed=seed, n_customers=n)
        path = folder / f"{name}.shiftwise"
        with create_project(path) as project:
            import_file(project, shop.events_csv)
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("projects", nargs="*", type=Path)
    ap.add_argument("--demo", action="store_true", help="build two demo shops and measure them too")
    ap.add_argument("--cuts", type=int, default=3)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code is measured")
    ap.add_argument("--label", default="")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-cold-") as tmp:
        projects = [*args.projects, *(demo_projects(Path(tmp)) if args.demo else [])]
        results = json.loads(args.out.read_text()) if args.out.exists() else []
        for project in projects:
            rows = measure(project, args.cuts, args.root.resolve())
            for row in rows:
                print(f"{project.name} {args.label} {row}", flush=True)
            results.append({"project": project.name, "label": args.label, "root": str(args.root), "cuts": rows})
        args.out.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Customer-level predictions on a real shop, out of sample: buy-again AUC, Spearman of expected
vs actual spend, and the error of the total spend, for every candidate.

    python tests/bench/bench_real_shop_customers.py [--project P] [--csv F] [--as-of 2017-07-03] [--horizon 8]

Default: the dev file imported once into /tmp/cust/dev.shiftwise (imported from --csv if missing).
The run uses only orders before the as-of date to fit (its own rolling-origin backtest chooses
the shipped model); the H weeks after it are the truth. "BG/NBD" spends the customer's past
mean per order; "BG/NBD + Gamma-Gamma" the Gamma-Gamma posterior mean.
Writes tests/bench/results/real_shop_customers.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).parent / "results"
NAMES = {"bgnbd_plain": "BG/NBD", "bgnbd": "BG/NBD + Gamma-Gamma", "recency": "recency rule",
         "frequency": "frequency rule", "learned": "gradient boosting (learned)"}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default="/tmp/cust/dev.shiftwise")
    ap.add_argument("--csv", default="/work/shared/data/grocery_dev.csv.gz")
    ap.add_argument("--as-of", default="2017-07-03")
    ap.add_argument("--horizon", type=int, default=8)
    args = ap.parse_args(argv)

    from engine.ingest import import_file
    from engine.models.customers.service import backtest_customers
    from engine.store import create_project, open_project

    source = Path(args.project)
    if not source.exists():
        project = create_project(source)
        import_file(project, args.csv)
        project.close()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "bench.shiftwise"
        shutil.copy(source, work)
        project = open_project(work)
        try:
            started = time.perf_counter()
            result = backtest_customers(project, as_of=args.as_of, params={"horizon_weeks": args.horizon})
            seconds = time.perf_counter() - started
        finally:
            project.close()
    m = result.metrics
    out = {
        "data": str(args.csv), "as_of": args.as_of, "horizon_weeks": args.horizon,
        "customers": m["n_customers"], "seconds": round(seconds, 1),
        "shipped": NAMES.get(m["winner"], m["winner"]), "verdict": m["verdict_text"],
        "rolling_backtest_means": {NAMES.get(k, k): v for k, v in m["mean_metrics"].items()},
        "after_as_of": {NAMES.get(k, k): v for k, v in m["future"].items()},
        "baseline_params": m["baseline_params"],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "real_shop_customers.json").write_text(json.dumps(out, indent=2, sort_keys=True))
    for name, v in out["after_as_of"].items():
        print(f"{name:28s} AUC {v['auc']:.3f}  spend Spearman {v['spearman_spend']:.3f}  "
              f"total spend error {v['total_spend_error']:+.1%}  total orders error {v['total_orders_error']:+.1%}")
    print(out["verdict"])
    return out


if __name__ == "__main__":
    main()

"""Are the customers model's buy-again probabilities honest on the weeks after a cut, as shipped and without their
calibration layer?

    PYTHONPATH=$PWD python tests/bench/bench_customer_calibration.py [--data grocery_dev.csv.gz] [--first 2017-04-03]
        [--weeks 4] [--out F.json]

The file is imported into a scratch project. At every weekly cut from ``--first`` whose H weeks after it the file
holds, BG/NBD (the model the grocery dev file ships) is fitted on the history before the cut and gives each customer
the probability of an order in the H weeks after; the Platt layer is fitted as the app fits it, H weeks earlier (at a
cut whose outcomes are known by this one: :mod:`engine.models.customers.service`), and applied. Out of sample at each
cut: the log-loss and Brier score over every customer, all expected buyers against the actual, and the list a
"likely to lapse" campaign takes (repeat buyers under 50%, each with its own probabilities:
:mod:`engine.campaigns.targets`): its expected buyers against the actual. Writes
tests/bench/results/customer_calibration.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, log_loss

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.campaigns.targets import LAPSING_BELOW  # noqa: E402
from engine.evaluation.platt import EPS, fitted_layer  # noqa: E402
from engine.ingest import import_file  # noqa: E402
from engine.models.customers import summaries  # noqa: E402
from engine.models.customers.candidates import fit_baseline  # noqa: E402
from engine.store import create_project  # noqa: E402

DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "customer_calibration.json"


def at_cut(cur, cut: datetime, weeks: int) -> dict[str, np.ndarray]:
    """BG/NBD's probability of an order in the ``weeks`` after ``cut`` for every customer who ordered before it,
    the outcome, and their orders before it."""
    d = summaries.features(cur, [cut], weeks)
    p = fit_baseline(d).bgnbd.p_any(weeks, d["x"], d["tx"], d["T"])
    return {"p": np.clip(p, EPS, 1 - EPS), "y": (d["y_orders"] > 0).astype(float), "orders": d["orders"]}


def judged(p: np.ndarray, a: dict[str, np.ndarray]) -> dict:
    lapse = (a["orders"] >= 2) & (p < LAPSING_BELOW)
    return {"log_loss": round(float(log_loss(a["y"], p, labels=[0, 1])), 4),
            "brier": round(float(brier_score_loss(a["y"], p)), 4),
            "expected_buyers": round(float(p.sum()), 1), "buyers": int(a["y"].sum()),
            "lapse_list": int(lapse.sum()), "lapse_expected": round(float(p[lapse].sum()), 1),
            "lapse_bought": int(a["y"][lapse].sum()),
            "lapse_actual_over_expected": round(float(a["y"][lapse].sum() / max(p[lapse].sum(), 1e-9)), 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--first", default="2017-04-03", help="the first cut whose layer is fitted (YYYY-MM-DD)")
    ap.add_argument("--weeks", type=int, default=4, help="H: an order in the H weeks after a cut")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    H = timedelta(weeks=args.weeks)
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-cal-") as tmp:
        project = create_project(Path(tmp) / "p.shiftwise")
        import_file(project, args.data)
        cur = project.cursor()
        end = cur.execute("SELECT max(ts) FROM events").fetchall()[0][0]
        summaries.build_orders(cur, end + timedelta(days=1))
        first = datetime.fromisoformat(args.first)
        cuts = [first + k * timedelta(weeks=1) for k in range(200) if first + k * timedelta(weeks=1) + H
                <= end + timedelta(days=1)]
        scored = {c: at_cut(cur, c, args.weeks) for c in cuts}
        rows = []
        for cut in cuts:
            if cut - H not in scored:
                continue
            fit, test = scored[cut - H], scored[cut]
            layer = fitted_layer(fit["p"], fit["y"])
            rows.append({"cut": f"{cut:%Y-%m-%d}", "layer_fitted_at": f"{cut - H:%Y-%m-%d}",
                         "customers": int(test["p"].size), "a_b": [round(v, 3) for v in layer.coef_],
                         "raw": judged(test["p"], test), "shipped": judged(layer.transform(test["p"]), test)})
            print(json.dumps(rows[-1]), flush=True)
        project.close()
    summary = {
        "cuts": len(rows),
        "log_loss_lower_shipped": sum(r["shipped"]["log_loss"] < r["raw"]["log_loss"] for r in rows),
        "brier_lower_shipped": sum(r["shipped"]["brier"] < r["raw"]["brier"] for r in rows),
        **{f"lapse_actual_over_expected_{k}": {
            "median": statistics.median(r[k]["lapse_actual_over_expected"] for r in rows),
            "min": min(r[k]["lapse_actual_over_expected"] for r in rows),
            "max": max(r[k]["lapse_actual_over_expected"] for r in rows)} for k in ("raw", "shipped")},
    }
    print(json.dumps(summary, indent=1))
    args.out.write_text(json.dumps({"command": "python tests/bench/bench_customer_calibration.py "
                                    + " ".join(argv if argv is not None else sys.argv[1:]),
                                    "data": str(args.data), "weeks": args.weeks, "summary": summary, "cuts": rows},
                                   indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

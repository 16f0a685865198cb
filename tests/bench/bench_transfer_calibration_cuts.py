"""The transfer model's pairs, expected against what happened in the four weeks after each of six dates, with its Platt
layer fitted on its two past cuts' pairs together (the app's) or on the latest cut's alone (tried in session 51 against
the later dates' over-prediction: results/transfer_cold_drift_s49.json).

    python tests/bench/bench_transfer_calibration_cuts.py [--data grocery_dev.csv.gz] [--variant pooled|latest]
        [--out F.json]

The dev file is imported once; the transfer model is trained as of each date on a copy (it reads nothing after its
date, and no migration run is there to blend with), and its written pairs' scores are summed against the pairs whose
customer bought the category in the 28 days after the date. Writes tests/bench/results/transfer_calibration_cuts.json
(or ``--out``): per date the pairs, their expected and happened counts, their ratio and the layer's cuts.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEV = Path("/work/shared/data/grocery_dev.csv.gz")
RESULTS = Path(__file__).resolve().parent / "results" / "transfer_calibration_cuts.json"
DATES = ("2017-05-22", "2017-06-05", "2017-06-19", "2017-07-03", "2017-07-17", "2017-07-31")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEV)
    ap.add_argument("--variant", choices=("pooled", "latest"), default="pooled")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    import engine.models.transfer.service as transfer
    from engine.ingest import import_file
    from engine.store import create_project
    from engine.store.project import Project

    if args.variant == "latest":
        pooled = transfer._calibration
        transfer._calibration = lambda pairs, cuts: pooled(pairs[:1], cuts[:1]) if pairs else (None, None)
    out = {"command": " ".join(["python tests/bench/bench_transfer_calibration_cuts.py",
                                *(sys.argv[1:] if argv is None else argv)]),
           "variant": args.variant, "dates": {}}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "dev.shiftwise"
        project = create_project(base)
        import_file(project, args.data)
        project.close()
        for date in DATES:
            copy = Path(tmp) / f"{date}.shiftwise"
            shutil.copyfile(base, copy)
            project = Project(copy)
            run = transfer.train_transfer(project, as_of=date)
            pairs, expected, happened = project.query(f"""
                WITH s AS (SELECT * FROM shift_scores WHERE run_id = {int(run.run_id)}),
                     f AS (SELECT DISTINCT customer_id, category FROM events
                           WHERE event_type = 'purchase' AND quantity > 0
                           AND ts >= CAST(? AS TIMESTAMP) AND ts < CAST(? AS TIMESTAMP) + INTERVAL 28 DAY)
                SELECT count(*), sum(s.score), count(f.customer_id) FROM s LEFT JOIN f USING (customer_id, category)""",
                                                      [date, date])[0]
            project.close()
            calibration = run.metrics.get("calibration") or {}
            out["dates"][date] = {"pairs": int(pairs), "expected": round(float(expected), 1), "happened": int(happened),
                                  "ratio": round(float(expected) / max(int(happened), 1), 3),
                                  "calibrated_on": calibration.get("cuts")}
            print(date, out["dates"][date], flush=True)
    logs = [abs(math.log(d["ratio"])) for d in out["dates"].values() if d["ratio"] > 0]
    out["mean_abs_log_ratio"] = round(sum(logs) / len(logs), 3) if logs else None
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print("mean |ln(expected / happened)|", out["mean_abs_log_ratio"], "wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

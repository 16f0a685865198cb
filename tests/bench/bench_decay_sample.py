"""Does the bounded Hawkes fit sample (``max_sequences`` buyers per category) change the half-lives?

Fits the decay model on the dev shop as of 2017-07-03 (8-week horizon) twice, with the default
sample and with every buyer, and compares the half-lives of the categories the sample touches.

    python tests/bench/bench_decay_sample.py [--project /tmp/lapse/dev.shiftwise]

Writes tests/bench/results/decay_sample.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = Path(__file__).resolve().parent / "results" / "decay_sample.json"
CUT = datetime(2017, 7, 3)


def main(argv: list[str] | None = None) -> int:
    from engine.jobs import ensure
    from engine.models.decay.fit import fit_categories
    from engine.models.decay.params import DecayParams
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default="/tmp/lapse/dev.shiftwise")
    args = ap.parse_args(argv)
    progress, cancel = ensure(None, None)
    fits, cpu = {}, {}
    with open_project(args.project) as project, project.interruptible(cancel) as cur:
        for label, n in (("sample", DecayParams.max_sequences), ("all", 10**9)):
            t0 = time.process_time()
            fit = fit_categories(cur, CUT, DecayParams(horizon_weeks=8, max_sequences=n), progress, cancel,
                                 interval=False)
            cpu[label] = round(time.process_time() - t0, 1)
            fits[label] = {c.category: (c.half_life_days, c.n_customers) for c in fit.categories}
    sampled = [c for c, (_, n) in fits["all"].items() if n > DecayParams.max_sequences]
    rel = np.array([abs(fits["sample"][c][0] - fits["all"][c][0]) / fits["all"][c][0] for c in sampled])
    result = {"cut": f"{CUT:%Y-%m-%d}", "max_sequences": DecayParams.max_sequences,
              "n_categories": len(fits["all"]), "n_sampled_categories": len(sampled),
              "median_rel_diff": round(float(np.median(rel)), 4), "p90_rel_diff": round(float(np.percentile(rel, 90)), 4),
              "median_half_life_sample": round(float(np.median([fits["sample"][c][0] for c in sampled])), 2),
              "median_half_life_all": round(float(np.median([fits["all"][c][0] for c in sampled])), 2),
              "cpu_s": cpu}
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

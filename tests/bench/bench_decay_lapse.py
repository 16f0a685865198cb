"""The lapse table on the real dev shop: every candidate at two cuts (2017-06-05 and 2017-07-03,
8-week labels), each fitted only on data before its cut, with the mean, the spread and the verdict.

    python tests/bench/bench_decay_lapse.py [--project /tmp/lapse/dev.shiftwise] [--csv grocery_dev.csv.gz]
        [--params '{"lapse_trees": 200}'] [--out results/name.json]

The project is imported from the CSV if it does not exist. Writes tests/bench/results/decay_lapse.json
with the default options; other parameters or another project get their own file
(decay_lapse_<options>.json, see :func:`results_path`) unless --out names one.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS = RESULTS_DIR / "decay_lapse.json"
DEFAULT_PROJECT = "/tmp/lapse/dev.shiftwise"
AS_OF = datetime(2017, 8, 28)     # the evaluation cuts are 8 and 12 weeks before it: 07-03 and 06-05


def results_path(args: argparse.Namespace) -> Path:
    """Where this run's figures go: --out, else a name spelling the options that differ from the defaults,
    so a run with other parameters or on another project does not overwrite the reference figures."""
    if args.out:
        return Path(args.out)
    parts = [f"{k}_{v}" for k, v in sorted(json.loads(args.params).items())]
    if args.project != DEFAULT_PROJECT:
        parts.insert(0, Path(args.project).stem)
    if not parts:
        return RESULTS
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", "_".join(str(p) for p in parts)).strip("-")
    return RESULTS_DIR / f"decay_lapse_{slug}.json"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", default=DEFAULT_PROJECT)
    ap.add_argument("--csv", default="/work/shared/data/grocery_dev.csv.gz")
    ap.add_argument("--params", default="{}", help="JSON decay parameters (horizon_weeks is 8)")
    ap.add_argument("--out", default=None, help="the JSON file to write (default: named by the options)")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from engine.jobs import ensure
    from engine.models.decay.candidates import LABELS
    from engine.models.decay.lapse import drop
    from engine.models.decay.params import DecayParams
    from engine.models.decay.scoring import drop_temp
    from engine.models.decay.service import backtest_candidates
    from engine.store import open_project

    args = parse_args(argv)
    out_path = results_path(args)
    if not Path(args.project).exists():
        from cli.app import main as cli
        if cli(["import", args.project, args.csv]) != 0:
            return 1
    params = DecayParams.from_dict({"horizon_weeks": 8, **json.loads(args.params)})
    progress, cancel = ensure(None, None)
    t0 = time.perf_counter()
    with open_project(args.project) as project, project.interruptible(cancel) as cur:
        try:
            out, _ = backtest_candidates(cur, AS_OF, params, progress, cancel)
        finally:
            drop_temp(cur)
            drop(cur)
    wall = time.perf_counter() - t0
    v = out["lapse_verdict"]
    rows = {n: {"label": LABELS[n], **{c: round(x, 4) for c, x in zip(v["cuts"], v["per_cut"][n])},
                "mean": round(v["means"][n], 4), "sd": round(v["sds"][n], 4)} for n in v["per_cut"]}
    result = {"as_of": f"{AS_OF:%Y-%m-%d}", "params": params.to_dict(), "cuts": v["cuts"], "auc": rows,
              "winner": v["winner"], "verdict": out["verdict"], "wall_s": round(wall, 1),
              "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'candidate':34s} " + " ".join(f"{c:>10s}" for c in v["cuts"]) + "       mean     sd")
    for n, r in sorted(rows.items(), key=lambda kv: -kv[1]["mean"]):
        print(f"{r['label']:34s} " + " ".join(f"{r[c]:10.4f}" for c in v["cuts"]) + f"   {r['mean']:.4f} {r['sd']:.4f}")
    print(out["verdict"])
    print(f"wall {wall:.0f} s -> {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

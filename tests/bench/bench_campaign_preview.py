"""The Campaigns page's preview statement (the list materialised, engine.campaigns.preview) on a trained project:
the builder's default settings for the category with the most expected shifters, wall and CPU per run.

    python tests/bench/bench_campaign_preview.py PROJECT [--reps 3] [--baseline DIR] [--out F.json]

``--baseline DIR`` (another checkout, e.g. ``git worktree add DIR <commit>``) times its statement too, alternated
with this checkout's, each run in a process of its own reading the same project.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results" / "campaign_preview.json"

ONE_RUN = """
import json, resource, sys, time
from engine.campaigns.service import preview_sql
from engine.campaigns.sources import categories, model_sources
from engine.campaigns.spec import CampaignSpec
from engine.store.project import open_project

def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

project = open_project(sys.argv[1])
sources = model_sources(project)
top = categories(project, sources)[0][0]
spec = CampaignSpec(category=top, suppress_recent_days=56, suppress_refund_only=True, suppress_active=True,
                    control_fraction=0.1, seed=1)
sql, params = preview_sql(project, spec, sources)
cur = project.cursor()
cur.execute("ATTACH ':memory:' AS bench")
c, w = cpu(), time.perf_counter()
cur.execute(f"CREATE TABLE bench.preview AS {sql}", params)
print(json.dumps({"category": top, "wall_s": round(time.perf_counter() - w, 3), "cpu_s": round(cpu() - c, 3),
                  "rows": cur.execute("SELECT count(*) FROM bench.preview").fetchall()[0][0]}))
"""


def one(root: Path, project: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", ONE_RUN, project], env=env, cwd=root, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--baseline", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    sides = {"this": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for rep in range(args.reps):
        for name in (list(sides) if rep % 2 == 0 else list(sides)[::-1]):
            runs[name].append(one(sides[name], args.project))
            print(rep, name, runs[name][-1], flush=True)
    medians = {name: {k: statistics.median(r[k] for r in rs) for k in ("wall_s", "cpu_s")} for name, rs in runs.items()}
    args.out.write_text(json.dumps({"project": args.project, "sides": {k: str(v) for k, v in sides.items()},
                                    "medians": medians, "runs": runs}, indent=2))
    print(medians)
    return 0


if __name__ == "__main__":
    sys.exit(main())

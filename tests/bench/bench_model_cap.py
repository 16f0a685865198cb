"""One model's training under a DuckDB memory cap and thread count, in place on a project file: whether it
finishes, its CPU seconds and its peak resident memory per progress step (issue #13: a user may set the
cap down to 256 MB in Settings; the window gives DuckDB less than the command line).

    OMP_NUM_THREADS=1 python tests/bench/bench_model_cap.py COPY.shiftwise decay 512MB --threads 1

The project is trained in place (train a copy: a run is added to it). The steps' peaks come from
:class:`tests.bench.bench_memory_steps.StepMeter` (the kernel's high-water mark, reset per step). One
JSON line goes to stdout; with ``--out`` it is merged into that file under ``--label``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("model")
    ap.add_argument("cap", help="DuckDB's memory limit (e.g. 512MB), or 'default'")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--label", default=None)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)

    from engine.models import registry
    from engine.store import open_project
    from engine.store.connection import DuckDBLimits, set_limits
    from tests.bench.bench_memory_steps import StepMeter

    set_limits(DuckDBLimits(memory_limit=None if args.cap == "default" else args.cap, threads=args.threads))
    out: dict = {"command": "OMP_NUM_THREADS=%s python tests/bench/bench_model_cap.py %s" % (
                     os.environ.get("OMP_NUM_THREADS", ""), " ".join(sys.argv[1:] if argv is None else argv)),
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                 "load_before": [round(x, 2) for x in os.getloadavg()]}
    wall0, cpu0 = time.perf_counter(), sum(os.times()[:2])
    meter = StepMeter()
    with open_project(args.project) as project:
        out["duckdb_memory_limit"] = project.scalar("SELECT current_setting('memory_limit')")
        try:
            result = registry.lazy(args.model)(project, progress=meter)
            out.update(ok=True, winner=result.metrics.get("winner"))
        except Exception as exc:   # the figure to report is where and how it failed
            frames = traceback.extract_tb(exc.__traceback__)
            out.update(ok=False, error=str(exc).splitlines()[0] if str(exc) else repr(exc),
                       where=[f"{f.name}:{f.lineno}" for f in frames[-4:]])
        meter.close_step()
    out.update(cpu_s=round(sum(os.times()[:2]) - cpu0, 1), wall_s=round(time.perf_counter() - wall0, 1),
               peak_rss_mb=max([s["peak_rss_mb"] for s in meter.steps] or [0]),
               load_after=[round(x, 2) for x in os.getloadavg()],
               top_steps=[(s["step"], s["peak_rss_mb"], s["cpu_s"])
                          for s in sorted(meter.steps, key=lambda s: -s["peak_rss_mb"])[:3]])
    print(json.dumps(out))
    if args.out:
        path = Path(args.out)
        data = json.loads(path.read_text()) if path.exists() else {}
        data[args.label or f"{args.model}_{args.cap}_{args.threads}t"] = out
        path.write_text(json.dumps(data, indent=1) + "\n")
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

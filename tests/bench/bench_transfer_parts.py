"""Transfer's description of the cold-start customers, part by part, on a kept project (no kNN).

OMP_NUM_THREADS=1 python tests/bench/bench_transfer_parts.py PROJECT [--root CHECKOUT] [--label L]

Opens the cold-start window as train_transfer does and describes every part of
``CHUNK_CUSTOMERS`` customers; reports CPU seconds, wall and peak memory of that
alone. ``--root`` runs another checkout's code (a before/after in one session); the
figures are appended to tests/bench/results/transfer_parts.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results" / "transfer_parts.json"

CHILD = """
import json, resource, sys, time
from engine.models.base import resolve_as_of
from engine.models.transfer.features import close_window, describe_part, open_cold_start, vocabulary
from engine.models.transfer.params import TransferParams
from engine.models.transfer.run_tables import run_tables
from engine.models.transfer.service import CHUNK_CUSTOMERS
from engine.store import open_project

p = TransferParams()
project = open_project(sys.argv[1])
try:
    as_of = resolve_as_of(project, None)
    cur = project.cursor()
    cpu, wall = time.process_time(), time.perf_counter()
    with run_tables(project) as tables:
        vocab = vocabulary(project, as_of, p.max_categories, tables)
        total = open_cold_start(cur, as_of, min_purchases=p.min_purchases, tables=tables)
    opened = time.process_time() - cpu
    rows = 0
    for lo in range(0, total, CHUNK_CUSTOMERS):
        rows += len(describe_part(cur, vocab, lo, lo + CHUNK_CUSTOMERS).customer_ids)
    close_window(cur)
    print(json.dumps({"cold_customers": total, "described": rows, "parts": -(-total // CHUNK_CUSTOMERS),
                      "open_cpu_s": round(opened, 1), "cpu_s": round(time.process_time() - cpu, 1),
                      "wall_s": round(time.perf_counter() - wall, 1),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
finally:
    project.close()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--root", type=Path, default=HERE.parents[2])
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, "-c", CHILD, str(args.project)], cwd=args.root, check=True,
                         capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(args.root), "OMP_NUM_THREADS": "1"})
    figures = {"label": args.label, "root": str(args.root), "project": str(args.project),
               **json.loads(out.stdout.strip().splitlines()[-1]),
               "load_before": round(load, 1), "load_after": round(os.getloadavg()[0], 1),
               "command": "OMP_NUM_THREADS=1 python tests/bench/bench_transfer_parts.py "
                          + " ".join(argv if argv is not None else sys.argv[1:])}
    runs = json.loads(RESULTS.read_text())["runs"] if RESULTS.exists() else []
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"machine": {"cpus": os.cpu_count()}, "runs": runs + [figures]}, indent=2))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The Decay page's headline counts at scale: counted on each load (before session 37, on the window's thread)
against kept in the run's metrics (counted once as training saves the scores).

    PYTHONPATH=$PWD python tests/bench/bench_decay_summary.py [--pairs 8000000] [--reps 5] [--out F.json]

Builds a project with ``--pairs`` planted decay scores (8 a customer, 30 categories, 70% bought), then times,
alternated: session 36's summary query, :func:`engine.models.decay.queries.at_risk_counts` (what training now
runs once) and :func:`engine.models.decay.queries.summary` on a run that kept the counts. Writes
tests/bench/results/decay_summary.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.models.decay import queries  # noqa: E402
from engine.store import create_project  # noqa: E402
from engine.store.runs import RunInfo  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "decay_summary.json"
AS_OF = datetime(2024, 6, 1)
#: Session 36's count, run by the page on each load.
BEFORE = """SELECT count(*), count(*) FILTER (WHERE lapse_probability >= 0.5 AND decay_point >= ?),
                   count(DISTINCT customer_id) FILTER (WHERE lapse_probability >= 0.5 AND decay_point >= ?)
            FROM decay_scores WHERE run_id = ?"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=8_000_000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    reps = []
    with tempfile.TemporaryDirectory(prefix="shiftwise-bench-summary-") as tmp:
        project = create_project(Path(tmp) / "p.shiftwise")
        try:
            project.con.execute("""
                INSERT INTO decay_scores (run_id, customer_id, category, interest, half_life_days,
                                          lapse_probability, decay_point, n_purchases)
                SELECT 1, 'C' || lpad((i // 8)::VARCHAR, 7, '0'), 'cat' || (hash(i) % 30)::VARCHAR, random() * 3,
                       30, random(), TIMESTAMP '2024-06-01' + to_days((random() * 60 - 30)::INT),
                       CASE WHEN random() < 0.7 THEN 3 ELSE 0 END
                FROM range(?) r(i)""", [args.pairs])
            project.con.execute("CHECKPOINT")
            for _ in range(args.reps):
                t = time.perf_counter()
                project.query(BEFORE, [AS_OF, AS_OF, 1])
                before = time.perf_counter() - t
                t = time.perf_counter()
                counts = queries.at_risk_counts(project.cursor(), 1, AS_OF)
                counted = time.perf_counter() - t
                run = RunInfo(1, "decay", "done", AS_OF, {}, {"n_pairs": args.pairs, **counts}, None, AS_OF, AS_OF,
                              1.0)
                t = time.perf_counter()
                queries.summary(project, run)
                kept = time.perf_counter() - t
                reps.append({"page_load_before_s": round(before, 4), "counted_at_training_s": round(counted, 4),
                             "page_load_now_s": round(kept, 6)})
                print(reps[-1], flush=True)
        finally:
            project.close()
    args.out.write_text(json.dumps({"pairs": args.pairs, "reps": reps}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

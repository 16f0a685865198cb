"""CPU seconds of the migration's pair tables alone (``build_weekly`` + ``build_pairs``), per SQL statement,
with a content hash and an order hash of ``sp_pairs`` and ``sp_hist`` (to compare two versions' tables).

OMP_NUM_THREADS=1 python tests/bench/bench_migration_pairs_stage.py PROJECT --label wide6_after \
    --out tests/bench/results/migration_time_s8.json [--threads 2]

Run two versions back to back (the machine is shared: the load average goes with the figures). The
project is copied to a temporary directory first: the original is never written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.labelled_results import save_labelled  # noqa: E402


class _Timed:
    """A cursor that records each statement's CPU seconds (every thread of the process)."""

    def __init__(self, cur) -> None:
        self.cur, self.steps = cur, []

    def execute(self, q, *a):
        c = time.process_time()
        r = self.cur.execute(q, *a)
        self.steps.append((" ".join(q.split()[:6])[:80], round(time.process_time() - c, 2)))
        return r

    def __getattr__(self, name):
        return getattr(self.cur, name)


def main() -> None:
    from engine.features.shift_pairs import build_pairs, build_weekly
    from engine.store.scratch import scratch_tables
    from engine.jobs import CancelToken
    from engine.models.base import resolve_as_of
    from engine.models.migration.cut_reads import pairs_read
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _grid
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--label", required=True)
    ap.add_argument("--threads", type=int, default=None,
                    help="DuckDB threads (default: the project's, all cores but one; the command line uses all)")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "migration_time_s8.json"))
    a = ap.parse_args()
    if a.threads:
        from engine.store.connection import DuckDBLimits, current_limits, set_limits
        set_limits(DuckDBLimits(memory_limit=current_limits().memory_limit, threads=a.threads))
    tmp = tempfile.mkdtemp(prefix="pairs_stage_")
    try:
        copy = os.path.join(tmp, "p.shiftwise")
        shutil.copyfile(a.project, copy)
        pr = open_project(copy)
        p = MigrationParams.from_dict(None)
        anchor = resolve_as_of(pr, None)
        grid = _grid(pr, anchor, p)
        load = os.getloadavg()[0]
        with pr.interruptible(CancelToken()) as cur, scratch_tables(cur):
            timed = _Timed(cur)
            c0, t0 = time.process_time(), time.perf_counter()
            build_weekly(timed, anchor, p.history_weeks)
            build_pairs(timed, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                        history_weeks=p.history_weeks, keep_pairs=pairs_read(p))
            out = {"cpu_s": round(time.process_time() - c0, 2), "wall_s": round(time.perf_counter() - t0, 2),
                   "threads": cur.execute("SELECT current_setting('threads')").fetchall()[0][0],
                   "memory_limit": cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0],
                   "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2),
                   "root": str(ROOT), "project": a.project, "grid": grid}
            merged: dict[str, float] = {}
            for q, s in timed.steps:
                merged[q] = round(merged.get(q, 0.0) + s, 2)
            out["statements_cpu_s"] = {q: s for q, s in merged.items() if s >= 0.2}
            for t in ("sp_pairs", "sp_hist"):
                cols = ", ".join(r[0] for r in cur.execute(f"DESCRIBE {t}").fetchall())
                n, h = cur.execute(f"SELECT count(*), sum(hash(({cols})))::VARCHAR FROM {t}").fetchall()[0]
                # each row's key hashed with its place (rowid: the stored order), summed: a list of 40M keys
                # ran out of a 976 MB cap at wide 10^7
                order = cur.execute(f"SELECT sum(hash((rowid, s, cid, cat)))::VARCHAR FROM {t}").fetchall()[0][0]
                out[t] = {"rows": n, "content_hash": h, "order_hash": order}
        pr.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(out, indent=1))
    save_labelled(a.out, a.label, out)


if __name__ == "__main__":
    main()

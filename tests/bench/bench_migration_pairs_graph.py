"""CPU seconds of the migration's pair tables (``build_weekly`` + ``build_pairs``, per SQL statement) and of its
graph stage (``build_graph_scores``), with content and order hashes of ``sp_hist``, ``sp_pairs`` and
``sp_graph`` and a hash of the transition lifts: two versions' tables compare by their hashes.

    OMP_NUM_THREADS=1 nice -n 5 python tests/bench/bench_migration_pairs_graph.py PROJECT --label long6_after \
        --out tests/bench/results/migration_pairs_s10.json [--profile DIR]

The code is this file's checkout (run it from another worktree for the other version). ``--profile DIR``
writes DuckDB's JSON profile of every pair statement of at least a second of CPU to ``DIR``. Run two versions
back to back: the machine is shared (the load average goes with the figures). The project is copied to a
temporary directory first: the original is never written.
"""

from __future__ import annotations

import argparse
import hashlib
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
    """A cursor that records each statement's CPU seconds (every thread of the process) and, with a profile
    directory, keeps DuckDB's profile of the heavy ones."""

    def __init__(self, cur, profile_dir: str | None) -> None:
        self.cur, self.steps, self.profile_dir = cur, [], profile_dir
        if profile_dir:
            os.makedirs(profile_dir, exist_ok=True)
            self._last = os.path.join(profile_dir, "last.json")
            cur.execute("PRAGMA enable_profiling='json'")
            cur.execute(f"PRAGMA profiling_output='{self._last}'")

    def execute(self, q, *a):
        c = time.process_time()
        r = self.cur.execute(q, *a)
        dt = time.process_time() - c
        name = " ".join(q.split()[:6])[:80]
        self.steps.append((name, round(dt, 3)))
        if self.profile_dir and dt >= 1.0 and os.path.exists(self._last):
            shutil.copyfile(self._last, os.path.join(self.profile_dir, f"{len(self.steps):03d}_{dt:.1f}s.json"))
        return r

    def __getattr__(self, name):
        return getattr(self.cur, name)


def _table_hashes(cur, t: str) -> dict:
    cols = ", ".join(r[0] for r in cur.execute(f"DESCRIBE {t}").fetchall())
    n, h = cur.execute(f"SELECT count(*), sum(hash(({cols})))::VARCHAR FROM {t}").fetchall()[0]
    # the stored order: each row's key with its place (a list of every key ran out of memory at long 10^7)
    order = cur.execute(f"SELECT sum(hash(rowid, s, cid, cat))::VARCHAR FROM {t}").fetchall()[0][0]
    return {"rows": n, "content_hash": h, "order_hash": order}


def main() -> None:
    from engine.features.shift_graph import build_graph_scores
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
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "migration_pairs_s10.json"))
    ap.add_argument("--profile", default=None, help="a directory for DuckDB's profiles of the heavy statements")
    ap.add_argument("--no-graph", action="store_true")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pairs_graph_")
    try:
        copy = os.path.join(tmp, "p.shiftwise")
        shutil.copyfile(a.project, copy)
        pr = open_project(copy)
        p = MigrationParams.from_dict(None)
        anchor = resolve_as_of(pr, None)
        grid = _grid(pr, anchor, p)
        load = os.getloadavg()
        with pr.interruptible(CancelToken()) as cur, scratch_tables(cur):
            timed = _Timed(cur, a.profile)
            c0, t0 = time.process_time(), time.perf_counter()
            build_weekly(timed, anchor, p.history_weeks)
            build_pairs(timed, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                        history_weeks=p.history_weeks, keep_pairs=pairs_read(p))
            if a.profile:
                cur.execute("PRAGMA disable_profiling")
            out = {"pairs_cpu_s": round(time.process_time() - c0, 2),
                   "pairs_wall_s": round(time.perf_counter() - t0, 2), "load_before": [round(x, 2) for x in load], "root": str(ROOT), "project": a.project, "grid": grid}
            merged: dict[str, float] = {}
            for q, s in timed.steps:
                merged[q] = round(merged.get(q, 0.0) + s, 2)
            out["statements_cpu_s"] = dict(sorted(((q, s) for q, s in merged.items() if s >= 0.1),
                                                  key=lambda kv: -kv[1]))
            print(json.dumps(out["statements_cpu_s"], indent=1), "pairs cpu", out["pairs_cpu_s"], flush=True)
            if not a.no_graph:
                k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
                timed.steps = []
                c0, t0 = time.process_time(), time.perf_counter()
                # the same wrapper: the scratch database (and its search path) belongs to the cursor object
                lifts = build_graph_scores(timed, grid, k, horizon=p.horizon_weeks, neighbours=p.knn_neighbours,
                                           max_reference=p.knn_reference)
                out["graph_cpu_s"] = round(time.process_time() - c0, 2)
                out["graph_wall_s"] = round(time.perf_counter() - t0, 2)
                out["graph_sql_cpu_s"] = round(sum(s for _, s in timed.steps), 2)
                out["lifts_sha1"] = hashlib.sha1(b"".join(
                    str(s).encode() + lifts[s].tobytes() for s in sorted(lifts))).hexdigest()[:16]
            out["load_after"] = [round(x, 2) for x in os.getloadavg()]
            for t in ("sp_hist", "sp_pairs") + (() if a.no_graph else ("sp_graph",)):
                out[t] = _table_hashes(cur, t)
        pr.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(out, indent=1))
    save_labelled(a.out, a.label, out)


if __name__ == "__main__":
    main()

"""What-if forms of migration's per-cut history statement (``sp_hist`` in :func:`engine.features.shift_pairs.build_pairs`),
each run over every cut of a project's grid, with its CPU seconds and a content hash of its rows (the same rows or not).

    OMP_NUM_THREADS=1 python tests/bench/diag_hist_variants.py PROJECT --label wide7 \
        [--out tests/bench/results/hist_variants_s24.json] [--reps 2]

The forms: the app's (``orig``); without its ORDER BY (``no_order``: the stored order is what the readers' range scans
lean on); CASE expressions instead of FILTER clauses (``case``); the two group keys packed in one BIGINT (``key``).
The project is copied first; DuckDB runs on two threads, as in the app from the command line. A diagnosis tool:
nothing in the app calls it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.labelled_results import save_labelled  # noqa: E402


def forms(L: int, W: int) -> dict[str, str]:
    orig = (
        "SELECT c.s, w.cid, w.cat, "
        "  min(w.wk) FILTER (WHERE w.orders > 0) - c.s AS recency, "
        "  max(w.wk) FILTER (WHERE w.orders > 0) - min(w.wk) FILTER (WHERE w.orders > 0) AS span, "
        "  count(*) FILTER (WHERE w.orders > 0) AS weeks_all, "
        "  count(*) FILTER (WHERE w.orders > 0 AND w.wk < c.s + 26) AS weeks_26, "
        "  count(*) FILTER (WHERE w.orders > 0 AND w.wk >= c.s + 8 AND w.wk < c.s + 16) AS weeks_8_16, "
        f"  count(*) FILTER (WHERE w.orders > 0 AND w.wk < c.s + {L}) AS weeks_recent, "
        "  sum(w.orders) AS baskets, sum(w.units) AS units, "
        f"  coalesce(sum(w.units) FILTER (WHERE w.orders > 0 AND w.wk < c.s + {L}), 0) AS units_recent, "
        "  sum(w.views) FILTER (WHERE w.wk < c.s + 1) AS views_1w, "
        "  sum(w.views) FILTER (WHERE w.wk < c.s + 3) AS views_3w, sum(w.views) AS views_all "
        f"FROM (SELECT s FROM sp_cuts WHERE s = ?) c JOIN sp_w w ON w.wk >= c.s AND w.wk < c.s + {W} "
        "GROUP BY c.s, w.cid, w.cat ORDER BY w.cid, w.cat")
    case = (
        "SELECT c.s, w.cid, w.cat, "
        "  min(CASE WHEN w.orders > 0 THEN w.wk END) - c.s AS recency, "
        "  max(CASE WHEN w.orders > 0 THEN w.wk END) - min(CASE WHEN w.orders > 0 THEN w.wk END) AS span, "
        "  count(CASE WHEN w.orders > 0 THEN 1 END) AS weeks_all, "
        "  count(CASE WHEN w.orders > 0 AND w.wk < c.s + 26 THEN 1 END) AS weeks_26, "
        "  count(CASE WHEN w.orders > 0 AND w.wk >= c.s + 8 AND w.wk < c.s + 16 THEN 1 END) AS weeks_8_16, "
        f"  count(CASE WHEN w.orders > 0 AND w.wk < c.s + {L} THEN 1 END) AS weeks_recent, "
        "  sum(w.orders) AS baskets, sum(w.units) AS units, "
        f"  coalesce(sum(CASE WHEN w.orders > 0 AND w.wk < c.s + {L} THEN w.units END), 0) AS units_recent, "
        "  sum(CASE WHEN w.wk < c.s + 1 THEN w.views END) AS views_1w, "
        "  sum(CASE WHEN w.wk < c.s + 3 THEN w.views END) AS views_3w, sum(w.views) AS views_all "
        f"FROM (SELECT s FROM sp_cuts WHERE s = ?) c JOIN sp_w w ON w.wk >= c.s AND w.wk < c.s + {W} "
        "GROUP BY c.s, w.cid, w.cat ORDER BY w.cid, w.cat")
    key = orig.replace(
        "SELECT c.s, w.cid, w.cat, ", "SELECT c.s, (key >> 16)::INTEGER AS cid, (key & 65535)::INTEGER AS cat, ").replace(
        "JOIN sp_w w ON", "JOIN (SELECT *, (cid::BIGINT << 16) | cat AS key FROM sp_w) w ON").replace(
        "GROUP BY c.s, w.cid, w.cat ORDER BY w.cid, w.cat", "GROUP BY c.s, key ORDER BY key")
    return {"orig": orig, "no_order": orig.replace(" ORDER BY w.cid, w.cat", ""), "case": case, "key": key}


def main() -> None:
    from engine.features.shift_pairs import build_weekly
    from engine.store.scratch import scratch, scratch_tables
    from engine.jobs import CancelToken
    from engine.models.base import resolve_as_of
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _grid
    from engine.store import open_project
    from engine.store.connection import DuckDBLimits, current_limits, set_limits

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--label", required=True)
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "hist_variants_s24.json"))
    a = ap.parse_args()
    set_limits(DuckDBLimits(memory_limit=current_limits().memory_limit, threads=2))
    tmp = tempfile.mkdtemp(prefix="hist_variants_")
    out: dict = {"project": a.project, "load_before": round(os.getloadavg()[0], 2), "runs": []}
    try:
        copy = os.path.join(tmp, "p.shiftwise")
        shutil.copyfile(a.project, copy)
        pr = open_project(copy)
        p = MigrationParams.from_dict(None)
        anchor = resolve_as_of(pr, None)
        grid = sorted(set(_grid(pr, anchor, p)))
        with pr.interruptible(CancelToken()) as cur, scratch_tables(cur):
            build_weekly(cur, anchor, p.history_weeks)
            db = scratch(cur)
            cur.execute("CREATE OR REPLACE TEMP TABLE sp_cuts AS SELECT unnest(?::INTEGER[]) AS s", [grid])
            out["sp_w_rows"] = cur.execute("SELECT count(*) FROM sp_w").fetchall()[0][0]
            out["cuts"] = grid
            for rep in range(a.reps):
                for name, sql in forms(p.lookback, p.history_weeks).items():
                    c0, t0 = time.process_time(), time.perf_counter()
                    for i, c in enumerate(grid):
                        head = f"CREATE OR REPLACE TABLE {db}.h_{name} AS " if i == 0 else f"INSERT INTO {db}.h_{name} "
                        cur.execute(head + sql, [c])
                    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
                    cols = ", ".join(r[0] for r in cur.execute(f"DESCRIBE {db}.h_{name}").fetchall())
                    n, h = cur.execute(f"SELECT count(*), sum(hash(({cols})))::VARCHAR FROM {db}.h_{name}").fetchall()[0]
                    row = {"rep": rep, "form": name, "cpu_s": round(cpu, 2), "wall_s": round(wall, 2), "rows": n,
                           "content_hash": h}
                    print(row, flush=True)
                    out["runs"].append(row)
        pr.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    out["load_after"] = round(os.getloadavg()[0], 2)
    save_labelled(a.out, a.label, out)


if __name__ == "__main__":
    main()

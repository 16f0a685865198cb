"""What each statement of the migration's pair tables holds: CPU seconds, DuckDB's peak buffer memory and
spill (its JSON profile's ``system`` figures), and every join's input rows (probe side first, then the side
DuckDB builds its hash table on), with hashes of ``sp_pairs`` and ``sp_hist`` at the end.

    OMP_NUM_THREADS=1 python tests/bench/diag_pairs_statements.py PROJECT [MEMORY_LIMIT]

The code is this file's checkout; the project is copied to a temporary directory first.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from engine.features.shift_pairs import build_pairs, build_weekly  # noqa: E402
from engine.jobs import CancelToken  # noqa: E402
from engine.models.base import resolve_as_of  # noqa: E402
from engine.models.migration.cut_reads import pairs_read  # noqa: E402
from engine.models.migration.params import MigrationParams  # noqa: E402
from engine.models.migration.service import _grid  # noqa: E402
from engine.store import open_project  # noqa: E402
from engine.store.scratch import scratch_tables  # noqa: E402


def joins(node, out):
    if node.get("type") in ("HASH_JOIN", "NESTED_LOOP_JOIN", "PIECEWISE_MERGE_JOIN", "IE_JOIN", "BLOCKWISE_NL_JOIN"):
        ch = node.get("children", [])
        out.append((node["type"], node["extra_info"].get("Join Type"), str(node["extra_info"].get("Conditions"))[:70],
                    [c.get("intermediate_rows") for c in ch], node.get("intermediate_rows")))
    for c in node.get("children", []):
        joins(c, out)


class Timed:
    """A cursor that keeps each statement's CPU seconds and profile."""

    def __init__(self, cur, prof):
        self.cur, self.prof, self.rows = cur, prof, []

    def execute(self, q, *a):
        c = time.process_time()
        r = self.cur.execute(q, *a)
        dt = time.process_time() - c
        name = " ".join(q.split()[:6])[:70]
        try:
            d = json.loads(Path(self.prof).read_text())
            if d.get("query", {}).get("sql", "").strip() == q.strip():
                js = []
                for op in d.get("operator", []):
                    joins(op, js)
                self.rows.append((name, round(dt, 2), round(d["system"]["peak_buffer_memory"] / 2**20),
                                  round(d["system"]["peak_temp_dir_size"] / 2**20), js))
        except (OSError, ValueError, KeyError):
            pass
        return r

    def __getattr__(self, n):
        return getattr(self.cur, n)


def main() -> None:
    project = sys.argv[1]
    limit = sys.argv[2] if len(sys.argv) > 2 else None
    tmp = tempfile.mkdtemp(prefix="diag_pairs_")
    prof = os.path.join(tmp, "profile.json")
    try:
        copy = os.path.join(tmp, "p.shiftwise")
        shutil.copyfile(project, copy)
        pr = open_project(copy, memory_limit=limit) if limit else open_project(copy)
        p = MigrationParams.from_dict(None)
        anchor = resolve_as_of(pr, None)
        grid = _grid(pr, anchor, p)
        with pr.interruptible(CancelToken()) as cur, scratch_tables(cur):
            cur.execute("PRAGMA enable_profiling='json'")
            cur.execute(f"PRAGMA profiling_output='{prof}'")
            print("limit", cur.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchall())
            t = Timed(cur, prof)
            c0 = time.process_time()
            build_weekly(t, anchor, p.history_weeks)
            build_pairs(t, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                        history_weeks=p.history_weeks, keep_pairs=pairs_read(p))
            total = time.process_time() - c0
            cur.execute("PRAGMA disable_profiling")
            for r in t.rows:
                if r[1] >= 0.1 or r[2] >= 50:
                    print(f"{r[1]:6.2f}s peak {r[2]:5d} MiB spill {r[3]:4d} MiB  {r[0]}")
                    for j in r[4]:
                        print("        ", j)
            print("total cpu", round(total, 2), "grid", grid)
            for tb in ("sp_pairs", "sp_hist"):
                cols = ", ".join(x[0] for x in cur.execute(f"DESCRIBE {tb}").fetchall())
                n, h = cur.execute(f"SELECT count(*), sum(hash(({cols})))::VARCHAR FROM {tb}").fetchall()[0]
                o = cur.execute(f"SELECT hash(list((s, cid, cat)))::VARCHAR FROM {tb}").fetchall()[0][0]
                print(tb, n, h, o)
        pr.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

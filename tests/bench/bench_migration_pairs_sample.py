"""Pairs SQL alone (build_weekly + build_pairs) on a project (use a copy), full vs sampled earlier cuts: CPU s, wall, rows, peak RSS.

OMP_NUM_THREADS=1 python tests/bench/bench_migration_pairs_sample.py PROJECT_COPY sampled|full OUT.json
"""
import json, os, resource, sys, time
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.base import resolve_as_of
from engine.models.migration.cut_reads import pairs_read
from engine.models.migration.params import MigrationParams
from engine.models.migration.service import _grid
from engine.store.project import open_project
path, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
pr = open_project(path)
p = MigrationParams.from_dict(None)
anchor = resolve_as_of(pr, None)
grid = _grid(pr, anchor, p)
keep = pairs_read(p) if mode == "sampled" else None
t, c = time.perf_counter(), time.process_time()
with pr.interruptible(CancelToken()) as cur:
    build_weekly(cur, anchor, p.history_weeks)
    build_pairs(cur, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                history_weeks=p.history_weeks, keep_pairs=keep)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    per_cut = dict(cur.execute("SELECT s, count(*) FROM sp_pairs GROUP BY s ORDER BY s").fetchall())
res = {"mode": mode, "keep_pairs": keep, "wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
       "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, "rows": sum(per_cut.values()),
       "rows_per_cut": {str(k): v for k, v in per_cut.items()}, "load": os.getloadavg()}
json.dump(res, open(out, "w"), indent=1); print(res)

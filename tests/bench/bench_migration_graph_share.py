"""Migration's graph stage on a copy of a project, with DuckDB's limit lowered to a share of the cap before it (as
before the fits) or not (share 1): the stage's RSS peak (sampled every 0.05 s), its wall time and a hash of
``sp_graph`` (the same at any share). Prints one line; session 47's figures are in
results/migration_graph_share_s47.json.

    python tests/bench/bench_migration_graph_share.py PROJECT SHARE
"""
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from engine.store.project import open_project  # noqa: E402
from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.base import resolve_as_of
from engine.models.migration.service import _grid
from engine.models.migration.params import MigrationParams
from engine.store.memory_share import memory_stages
from engine.store.scratch import settle

share = float(sys.argv[2])
tmp = Path(tempfile.mkdtemp()); pp = tmp / "p.shiftwise"; shutil.copy(sys.argv[1], pp)
project = open_project(pp)
p = MigrationParams.from_dict({})
anchor = resolve_as_of(project, None)
grid = _grid(project, anchor, p)
peak = [0]; stop = threading.Event()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 // 2**20
def sample():
    while not stop.wait(0.05):
        peak[0] = max(peak[0], rss())
with project.interruptible(CancelToken()) as cur, memory_stages(cur, project.memory_limit) as memory:
    build_weekly(cur, anchor, p.history_weeks)
    build_pairs(cur, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                history_weeks=p.history_weeks)
    k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
    before = rss()
    if share < 1:
        settle(cur)
        got = memory.limit_to(share)
        print("limit", got)
    t = threading.Thread(target=sample, daemon=True); t.start()
    t0 = time.perf_counter()
    build_graph_scores(cur, grid, k, horizon=p.horizon_weeks, neighbours=p.knn_neighbours, max_reference=p.knn_reference)
    wall = time.perf_counter() - t0
    stop.set(); t.join()
    n = cur.execute("SELECT count(*), sum(hash(s, cid, cat, markov, knn, knn_ever, copurchase)) FROM sp_graph").fetchall()[0]
    print(f"share {share} k {k} rss before {before} peak {peak[0]} wall {wall:.1f} rows {n[0]} hash {n[1]}")
project.close(); shutil.rmtree(tmp)

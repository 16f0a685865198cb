"""CPU seconds of the migration's pair tables and of every read of them, apart: the pairs (``build_weekly`` +
``build_pairs``, per statement), the graph scores, and the ladder's three kinds of read (training cuts thinned and
bounded, backtest cuts a chunk at a time, every pair of cut 0 a chunk at a time as the writing stage reads them),
each with a hash of what the readers got (customer and category ids, labels, weights and every feature as float32)
to compare two versions' reads bit for bit.

    OMP_NUM_THREADS=1 python tests/bench/bench_migration_pair_reads.py PROJECT --label wide6_after \
        --out tests/bench/results/migration_pair_reads_s13.json

The code is this file's checkout (copy the file into another checkout to time that one). The project is copied to
a temporary directory first: the original is never written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

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


def _digest(h, d) -> int:
    for a in (d.cid, d.cat, d.x, d.y, d.w):
        if a is not None:
            h.update(np.ascontiguousarray(a).tobytes())
    return len(d.cid)


def main() -> None:
    from engine.store.scratch import scratch_tables
    from engine.jobs import CancelToken
    from engine.models.base import resolve_as_of
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _grid
    from engine.store import open_project

    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pair_reads_")
    try:
        copy = os.path.join(tmp, "p.shiftwise")
        shutil.copyfile(a.project, copy)
        pr = open_project(copy)
        p = MigrationParams.from_dict(None)
        anchor = resolve_as_of(pr, None)
        grid = _grid(pr, anchor, p)
        out: dict = {"root": str(ROOT), "project": a.project, "grid": grid, "load_before": os.getloadavg()[0]}
        with pr.interruptible(CancelToken()) as raw:
            # one cursor object throughout: the scratch database is found by the cursor's id
            cur = timed = _Timed(raw)
            with scratch_tables(cur):
                _measure(cur, timed, out, p, anchor, grid)
        out["load_after"] = os.getloadavg()[0]
        pr.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(out)
    save_labelled(a.out, a.label, out)


def _measure(cur, timed, out: dict, p, anchor, grid: list[int]) -> None:
    from engine.features.shift_graph import build_graph_scores
    from engine.features.shift_pairs import build_pairs, build_weekly
    from engine.models.migration.cut_reads import customer_bound, load_cut, pairs_read
    from engine.models.migration.ladder import Ladder, origin_needs, training_cuts
    H = p.horizon_weeks
    c0 = time.process_time()
    build_weekly(timed, anchor, p.history_weeks)
    build_pairs(timed, grid, lookback=p.lookback, horizon=H, min_buyers=p.min_buyers,
                history_weeks=p.history_weeks, keep_pairs=pairs_read(p))
    out["pairs_cpu_s"] = round(time.process_time() - c0, 2)
    merged: dict[str, float] = {}
    for q, s in timed.steps:
        merged[q] = round(merged.get(q, 0.0) + s, 2)
    out["pairs_statements_cpu_s"] = {q: s for q, s in merged.items() if s >= 0.2}
    k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
    c0 = time.process_time()
    build_graph_scores(cur, grid, k, horizon=H, neighbours=p.knn_neighbours, max_reference=p.knn_reference)
    out["graph_cpu_s"] = round(time.process_time() - c0, 2)
    ladder = Ladder(cur, p)
    origins = [H * i for i in range(1, p.eval_cuts + 1) if H * i in grid and training_cuts(grid, H * i, p)]
    needs = list(dict.fromkeys(n for e in origins for n in origin_needs(grid, e, p)))
    train = sorted({c for cuts, _ in needs for c in cuts} | set(training_cuts(grid, 0, p)))
    scored = sorted({s for _, s in needs})
    reads = {}
    # the training cuts' thinned reads (each cut read once: the ladder keeps them)
    h, n, c0 = hashlib.sha1(), 0, time.process_time()
    for s in train:
        hi = customer_bound(cur, s, p.max_train_pairs, neg_rate=p.negative_rate, seed=p.seed)
        n += _digest(h, load_cut(cur, s, neg_rate=p.negative_rate, seed=p.seed, hi=hi))
    reads["train"] = {"cuts": train, "pairs": n, "cpu_s": round(time.process_time() - c0, 2),
                      "sha1": h.hexdigest()}
    # the backtest's scored cuts, a chunk of customers at a time up to max_eval_pairs (each read once)
    h, n, c0 = hashlib.sha1(), 0, time.process_time()
    for s in scored:
        bound = customer_bound(cur, s, p.max_eval_pairs)
        for lo, hi in ladder.chunks(s, bound):
            n += _digest(h, load_cut(cur, s, lo=lo, hi=hi))
    reads["scored"] = {"cuts": scored, "pairs": n, "cpu_s": round(time.process_time() - c0, 2),
                       "sha1": h.hexdigest()}
    # every pair of cut 0, as the writing stage streams them
    h, n, c0 = hashlib.sha1(), 0, time.process_time()
    for d in ladder.stream(0):
        n += _digest(h, d)
    reads["stream0"] = {"pairs": n, "cpu_s": round(time.process_time() - c0, 2), "sha1": h.hexdigest()}
    out["reads"] = reads
    out["reads_cpu_s"] = round(sum(r["cpu_s"] for r in reads.values()), 2)
    out["pairs_and_reads_cpu_s"] = round(out["pairs_cpu_s"] + out["reads_cpu_s"], 2)
    out["sp_pairs_rows"] = int(cur.execute("SELECT count(*) FROM sp_pairs").fetchall()[0][0])



if __name__ == "__main__":
    main()

"""Migration's pairs stage statement by statement: wall and CPU seconds of each kind of statement of
``build_weekly`` and ``build_pairs`` on a project, with every core as the command line has them, and the rows each cut
keeps (``sp_hist``, ``sp_pairs``, the sample's bounds).

    python tests/bench/bench_migration_pair_statements.py PROJECT [--code DIR] [--graph] [--out F.json]

The project is only read (the pair tables are in a scratch database). ``--code DIR`` times another checkout's
engine (a worktree with a variant of ``engine/features/shift_pairs.py``); ``--graph`` times the graph stage after it
and sums its scores per cut (what a variant of the pairs may change). Writes tests/bench/results/
migration_pair_statements.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "migration_pair_statements.json"


class _Timed:
    """A cursor whose every statement's wall and CPU seconds are kept, by the statement's first words."""

    def __init__(self, cur) -> None:
        self.cur, self.times = cur, {}

    def __getattr__(self, name):
        return getattr(self.cur, name)

    def execute(self, sql, *args):
        wall, cpu = time.perf_counter(), time.process_time()
        result = self.cur.execute(sql, *args)
        key = " ".join(sql.split())[:70]
        kept = self.times.setdefault(key, [0.0, 0.0, 0])
        kept[0] += time.perf_counter() - wall
        kept[1] += time.process_time() - cpu
        kept[2] += 1
        return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[2])
    ap.add_argument("--graph", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.code))

    from engine.features.shift_pairs import build_pairs, build_weekly
    from engine.store.scratch import scratch_tables
    from engine.jobs import CancelToken
    from engine.models.base import resolve_as_of
    from engine.models.migration.cut_reads import pairs_read
    from engine.models.migration.ladder import scored_cuts, training_cuts
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _grid
    from engine.store.memory_share import memory_stages
    from engine.store.project import Project

    out: dict = {"command": " ".join(["python tests/bench/bench_migration_pair_statements.py",
                                      *(sys.argv[1:] if argv is None else argv)])}
    project = Project(args.project)
    p = MigrationParams()
    as_of = resolve_as_of(project, None)
    grid = _grid(project, as_of, p)
    with project.interruptible(CancelToken()) as cur, memory_stages(cur, project.memory_limit), \
            scratch_tables(_Timed(cur)) as timed:   # the scratch database is the wrapper's (keyed by the object)
        wall, cpu = time.perf_counter(), time.process_time()
        build_weekly(timed, as_of, p.history_weeks)
        # the cuts no backtest scores built thinned, as a run builds them
        H = p.horizon_weeks
        origins = [H * i for i in range(1, p.eval_cuts + 1) if H * i in grid and training_cuts(grid, H * i, p)]
        build_pairs(timed, grid, lookback=p.lookback, horizon=p.horizon_weeks, min_buyers=p.min_buyers,
                    history_weeks=p.history_weeks, keep_pairs=pairs_read(p), keep_customers=p.knn_reference,
                    thin=set(grid) - scored_cuts(grid, origins, p), neg_rate=p.negative_rate, seed=p.seed,
                    whole_pairs=p.max_eval_pairs)
        out["pairs_stage"] = {"wall_s": round(time.perf_counter() - wall, 2),
                              "cpu_s": round(time.process_time() - cpu, 2)}
        out["statements"] = [{"statement": k, "wall_s": round(w, 2), "cpu_s": round(c, 2), "times": n}
                             for k, (w, c, n) in sorted(timed.times.items(), key=lambda kv: -kv[1][0])]
        out["grid"] = grid
        out["hist_rows"] = dict(cur.execute("SELECT s, count(*) FROM sp_hist GROUP BY s ORDER BY s").fetchall())
        out["pairs_rows"] = dict(cur.execute("SELECT s, count(*) FROM sp_pairs GROUP BY s ORDER BY s").fetchall())
        out["sample_bounds"] = dict(cur.execute("SELECT s, bound FROM sp_keep ORDER BY s").fetchall())
        if args.graph:
            from engine.features.shift_graph import build_graph_scores

            k = int(cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0])
            wall, cpu = time.perf_counter(), time.process_time()
            build_graph_scores(timed, grid, k, horizon=p.horizon_weeks, neighbours=p.knn_neighbours,
                               max_reference=p.knn_reference)
            out["graph_stage"] = {"wall_s": round(time.perf_counter() - wall, 2),
                                  "cpu_s": round(time.process_time() - cpu, 2)}
            out["graph_sums"] = [list(r) for r in cur.execute(
                "SELECT s, count(*), sum(markov), sum(knn), sum(copurchase), sum(k_shift_rate) FROM sp_graph "
                "GROUP BY s ORDER BY s").fetchall()]
    project.close()
    args.out.write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
    print(json.dumps({k: out[k] for k in ("pairs_stage", "graph_stage") if k in out}), "wrote", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a smaller ``max_eval_pairs`` does to the backtest, each effect on its own: one backtest at the
default sample (on a copy of the project), then for each smaller size

* the boosted stacker refitted on the stacking cut's customers below that size's bound (what a run at that
  size fits on, the same hashed sample of customers) and judged on the default's whole evaluation sample
  (its fit's quality alone, evaluation noise held fixed);
* every candidate judged on the evaluation cut's customers below that size's bound (the evaluation
  sample's noise alone: the candidates' scores are the default run's).

The noise yardstick: the evaluation cut's customers split in five hashed groups (disjoint), each candidate's
AUC / NDCG@10 on each; the spread of five fifths, divided by sqrt(5), is that of the whole sample.

    OMP_NUM_THREADS=1 python tests/bench/diag_eval_sample.py PROJECT --sizes 500000 300000 --out FILE
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500_000, 300_000])
    ap.add_argument("--seeds", type=int, nargs="*", default=[8, 9],
                    help="other seeds of the stacker's fit (its hashed thinning of negatives): the fit's own noise")
    ap.add_argument("--label", default=None)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    from engine.jobs import ensure
    from engine.models.base import resolve_as_of
    from engine.models.migration.cut_reads import customer_bound
    from engine.models.migration.ladder import fit_boosted, training_cuts
    from engine.models.migration.pair_metrics import metrics_of
    from engine.models.migration.params import MigrationParams
    from threadpoolctl import threadpool_limits

    from engine.store.scratch import scratch_tables
    from engine.models.migration.service import _backtest
    from engine.store import open_project
    from engine.store.memory_share import memory_stages

    p = MigrationParams.from_dict({})
    H = p.horizon_weeks
    clock = time.process_time()
    out: dict = {"command": " ".join(sys.argv), "project": str(args.project),
                 "default_max_eval_pairs": p.max_eval_pairs, "origins": {}}
    with tempfile.TemporaryDirectory(prefix="evalsample-") as tmp:
        copy = Path(tmp) / args.project.name
        shutil.copyfile(args.project, copy)
        project = open_project(copy)
        anchor = resolve_as_of(project, None)
        progress, cancel = ensure(None, None)
        # as train_migration runs it (the pair tables live as long as this block)
        with (project.interruptible(cancel) as cur, threadpool_limits(p.n_threads()),
              memory_stages(cur, project.memory_limit) as memory, scratch_tables(cur)):
            state = _backtest(cur, project, anchor, p, progress, cancel, memory=memory)
            out["backtest_cpu_s"] = round(time.process_time() - clock, 1)
            out["shipped"] = state["winner"]
            ladder, grid = state["ladder"], state["grid"]
            for res in state["results"]:
                e = res.cut
                stack_at = min(c for c in grid if c >= e + H)
                base = ladder.fit(training_cuts(grid, stack_at, p))
                own = ladder.fit(training_cuts(grid, e, p))
                S, T, test = ladder.scored(base, stack_at), ladder.scored(base, e), ladder.scored(own, e)
                assert np.array_equal(T.cid, test.cid) and np.array_equal(T.cat, test.cat)   # the same pairs, in order
                row: dict = {"stack_cut": stack_at, "eval_pairs": int(len(T.cid)), "stack_pairs": int(len(S.cid)),
                             "eval_positives": int(T.y.sum()), "stack_positives": int(S.y.sum())}
                full = fit_boosted(S, p)
                scores = dict(test.scores)
                scores["stacker"] = full.decision(T.scores, T.cid, T.never)
                row["full"] = {n: _m(metrics_of(test, v)) for n, v in scores.items()}
                # the stacker fitted with other seeds (every other step the same), judged on the same sample
                row["full_stacker_seeds"] = {str(k): _m(metrics_of(test, fit_boosted(S, replace(p, seed=k)).decision(
                    T.scores, T.cid, T.never))) for k in args.seeds}
                # five disjoint hashed fifths of the evaluation sample's customers
                fifth = (test.cid.astype(np.int64) * 2654435761 % 2**32) % 5
                row["fifths"] = {n: [_m(metrics_of(_sub(test, fifth == i), v[fifth == i])) for i in range(5)]
                                 for n, v in scores.items()}
                row["sizes"] = {}
                for n_pairs in args.sizes:
                    sb, eb = customer_bound(cur, stack_at, n_pairs), customer_bound(cur, e, n_pairs)
                    ks = S.cid < sb if sb is not None else np.ones(len(S.cid), bool)
                    ke = T.cid < eb if eb is not None else np.ones(len(T.cid), bool)
                    small = fit_boosted(_sub(S, ks), p)
                    fit_only = small.decision(T.scores, T.cid, T.never)
                    sub_eval = _sub(test, ke)
                    row["sizes"][str(n_pairs)] = {
                        "stack_pairs": int(ks.sum()), "eval_pairs": int(ke.sum()),
                        "eval_positives": int(sub_eval.y.sum()),
                        # the smaller stacker judged on the default's whole evaluation sample
                        "stacker_fit_small_eval_full": _m(metrics_of(test, fit_only)),
                        "stacker_fit_small_eval_full_seeds": {str(k): _m(metrics_of(test, fit_boosted(
                            _sub(S, ks), replace(p, seed=k)).decision(T.scores, T.cid, T.never))) for k in args.seeds},
                        # every candidate (the default's scores, its stacker too) on the smaller evaluation sample
                        "eval_small": {n: _m(metrics_of(sub_eval, v[ke])) for n, v in scores.items()},
                        # what a run at that size reports for the stacker (both effects)
                        "stacker_both_small": _m(metrics_of(sub_eval, fit_only[ke])),
                    }
                out["origins"][str(e)] = row
                print(e, json.dumps({k: v for k, v in row.items() if k != "fifths"})[:3000], flush=True)
        project.close()
    out["cpu_s"] = round(time.process_time() - clock, 1)
    results = json.loads(args.out.read_text()) if args.out.exists() else {}
    results[args.label or args.project.stem] = out
    args.out.write_text(json.dumps(results, indent=1))



def _sub(d, keep: np.ndarray):
    from engine.models.migration.ladder import ScoredCut
    return ScoredCut(d.s, d.cid[keep], d.cat[keep], d.y[keep], d.never[keep], {n: v[keep] for n, v in d.scores.items()})


def _m(m: dict) -> dict:
    return {"auc": round(float(m["auc"]), 5), "ndcg@10": round(float(m["ndcg@10"]), 5)}


if __name__ == "__main__":
    main()

"""Stacker variants on the real dev file, out of sample: one rolling-origin backtest (seed given), then every
variant of the blend fitted on the stacking cut (labels ending by the evaluation cut) and judged at the
evaluation cut by the issue's protocol (100 largest categories). Base models are the backtest's own.

    OMP_NUM_THREADS=1 python tests/bench/diag_stacker_variants.py PROJECT [--seed 1] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_real_shop_shifts import ANCHOR  # noqa: E402

EXTRA = ("recency", "weeks_all", "never_bought", "c_breadth", "c_active_weeks", "k_penetration", "k_shift_rate",
         "views_3w", "share_active")


def within_customer_pct(cid: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Each pair's score as a percentile among its customer's candidates (1 = the customer's best)."""
    order = np.lexsort((v, cid))
    c = cid[order]
    start = np.r_[0, np.flatnonzero(np.diff(c)) + 1]
    size = np.diff(np.r_[start, len(c)])
    pos = np.arange(len(c)) - np.repeat(start, size)
    out = np.empty(len(v))
    out[order] = (pos + 1) / np.repeat(size, size)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(ROOT / "tests" / "bench" / "results" / "stacker_variants.json"))
    args = ap.parse_args()
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    from engine.evaluation.metrics import auc
    from engine.jobs import ensure
    from engine.models.baselines.pair_models import PAIR_FEATURES
    from engine.models.migration.cut_reads import load_cut
    from engine.models.migration.ladder import metrics_of, stack_columns, training_cuts
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _backtest
    from engine.store import open_project

    p = MigrationParams.from_dict({"threads": 1, "seed": args.seed, "eval_cuts": 2})
    project = open_project(Path(args.project))
    progress, cancel = ensure(None, None)
    clock = time.process_time()
    table: dict = {}
    with project.interruptible(cancel) as cur, threadpool_limits(1):
        state = _backtest(cur, project, ANCHOR, p, progress, cancel)
        ladder, grid, H = state["ladder"], state["grid"], p.horizon_weeks
        print(f"backtest: {time.process_time() - clock:.0f} s CPU", flush=True)
        for e, cut in zip([H, 2 * H], state["cuts"]):
            stack_at = min(c for c in grid if c >= e + H)
            base = ladder.fit(training_cuts(grid, stack_at, p))
            own = ladder.fit(training_cuts(grid, e, p))
            S, T = ladder.scored(base, stack_at), ladder.scored(base, e)
            xs, xt = load_cut(cur, stack_at), load_cut(cur, e)
            assert np.array_equal(xs.cid, S.cid) and np.array_equal(xt.cid, T.cid)
            top = np.array([r[0] for r in cur.execute(
                "SELECT cat FROM sp_cat_units WHERE s = ? ORDER BY units DESC, cat LIMIT 100",
                [e]).fetchall()], np.int64)
            ix = [PAIR_FEATURES.index(n) for n in EXTRA]

            def cols(d, x, variant):
                base_cols = stack_columns(d.scores)
                if variant == "plain":
                    return base_cols
                nev = x.x[:, PAIR_FEATURES.index("never_bought")][:, None]
                if variant == "never_interactions":
                    return np.column_stack([base_cols, nev, base_cols * nev])
                pct = np.column_stack([within_customer_pct(d.cid, d.scores[n].astype(np.float64))
                                       for n in ("gbm", "logistic", "own_history", "lstm")])
                if variant == "customer_pct":
                    return np.column_stack([base_cols, pct])
                if variant == "customer_pct_never":
                    return np.column_stack([base_cols, pct, nev, base_cols * nev])
                if variant in ("gbm_stacker", "gbm_stacker_features"):
                    out = np.column_stack([base_cols, pct, nev])
                    if variant == "gbm_stacker_features":
                        out = np.column_stack([out, x.x[:, ix]])
                    return out
                raise ValueError(variant)

            results = {}
            test_own = ladder.scored(own, e)
            for name in ("gbm", "logistic", "lstm", "own_history"):
                results[name] = test_own.scores[name].astype(np.float64)
            for variant in ("plain", "never_interactions", "customer_pct", "customer_pct_never",
                            "gbm_stacker", "gbm_stacker_features"):
                a, b = cols(S, xs, variant), cols(T, xt, variant)
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", message=".*converge.*")
                    if variant.startswith("gbm_stacker"):
                        m = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_leaf_nodes=15,
                                                           min_samples_leaf=500, random_state=args.seed).fit(a, S.y)
                        results["blend_" + variant] = m.decision_function(b)
                    else:
                        from sklearn.pipeline import make_pipeline
                        from sklearn.preprocessing import StandardScaler
                        m = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(a, S.y)
                        results["blend_" + variant] = m.decision_function(b)
            # rank average of the three learned scores (no fit at all)
            results["rank_mean_gbm_logistic_lstm"] = sum(_global_rank(test_own.scores[n])
                                                        for n in ("gbm", "logistic", "lstm"))
            never = T.never & np.isin(T.cat, top)
            rows = {}
            for name, score in results.items():
                m = metrics_of(T, score, top)
                rows[name] = {"P@5": m["precision@5"], "NDCG@10": m["ndcg@10"], "AUC": m["auc"],
                              "AUC_never_bought": auc(np.asarray(score)[never], T.y[never])}
                print(f"{cut} {name:32s} " + " ".join(f"{k} {v:.4f}" for k, v in rows[name].items()), flush=True)
            table[cut] = rows
    Path(args.out).write_text(json.dumps({"seed": args.seed, "cpu_s": round(time.process_time() - clock, 1),
                                          "command": " ".join(sys.argv), "table": table}, indent=2))


def _global_rank(v: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata
    return rankdata(np.asarray(v, np.float64)) / len(v)


if __name__ == "__main__":
    main()

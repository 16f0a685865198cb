"""Ranking variants of the boosted stacker (and of its base GBM) on the real dev file, out of sample.

    # one backtest per seed (~110 CPU s): its scored cuts, pair features and training cuts, pickled
    OMP_NUM_THREADS=1 python tests/bench/diag_shift_ranking.py build PROJECT --seed 1 --cache /tmp/rank/s1.pkl
    # variants on those caches (no DuckDB): each fitted on the stacking cut, judged at the evaluation cut
    OMP_NUM_THREADS=1 python tests/bench/diag_shift_ranking.py run --cache /tmp/rank/s1.pkl ... --variants a,b

Both evaluation cuts of bench_real_shop_shifts.py (2017-07-31, 2017-07-03), the issue's protocol (100 largest
categories, customers ordering in the 8 weeks before the cut). Every stacker is fitted on the cut whose labels
end by the evaluation cut with the base models fitted one horizon further back, as the ladder does; a GBM
variant is refitted on the same thinned training cuts as the ladder's GBM.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))


def build(args) -> None:
    from threadpoolctl import threadpool_limits

    from bench_real_shop_shifts import ANCHOR
    from engine.jobs import ensure
    from engine.models.migration.cut_reads import load_cut
    from engine.models.migration.ladder import training_cuts
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _backtest
    from engine.store import open_project

    p = MigrationParams.from_dict({"threads": 1, **json.loads(args.params), "seed": args.seed, "eval_cuts": 2})
    project = open_project(Path(args.project))
    progress, cancel = ensure(None, None)
    clock = time.process_time()
    out: dict = {"seed": args.seed, "params": p.to_dict(), "origins": [], "train": {}}
    with project.interruptible(cancel) as cur, threadpool_limits(1):
        state = _backtest(cur, project, ANCHOR, p, progress, cancel)
        out["backtest_cpu_s"] = round(time.process_time() - clock, 1)
        ladder, grid, H = state["ladder"], state["grid"], p.horizon_weeks
        for e, cut in zip([H, 2 * H], state["cuts"]):
            stack_at = min(c for c in grid if c >= e + H)
            base = ladder.fit(training_cuts(grid, stack_at, p))
            own = ladder.fit(training_cuts(grid, e, p))
            S, T, O = ladder.scored(base, stack_at), ladder.scored(base, e), ladder.scored(own, e)
            xs, xt = load_cut(cur, stack_at), load_cut(cur, e)
            assert np.array_equal(xs.cid, S.cid) and np.array_equal(xt.cid, T.cid) and np.array_equal(xt.cid, O.cid)
            top = np.array([r[0] for r in cur.execute(
                "SELECT cat FROM sp_cat_units WHERE s = ? ORDER BY units DESC, cat LIMIT 100",
                [e]).fetchall()], np.int64)
            for s in set(base.cuts) | set(own.cuts):
                if s not in out["train"]:
                    d = ladder.train_cut(s)
                    out["train"][s] = (d.x, d.y, d.w)
            out["origins"].append({"cut": cut, "e": e, "stack_at": stack_at, "base_cuts": base.cuts,
                                   "own_cuts": own.cuts, "S": S, "T": T, "O_scores": O.scores,
                                   "xs": xs.x, "xt": xt.x, "top": top})
    Path(args.cache).parent.mkdir(parents=True, exist_ok=True)
    with open(args.cache, "wb") as f:
        pickle.dump(out, f, protocol=5)
    print(f"seed {args.seed}: backtest {out['backtest_cpu_s']} CPU s, cached to {args.cache}", flush=True)


# -- variants ---------------------------------------------------------------------------------
def customer_stats(cid: np.ndarray, v: np.ndarray) -> dict[str, np.ndarray]:
    """Per pair: percentile among its customer's candidates, rank from the top (1 = best), gap to the best,
    the customer's candidate count."""
    v = np.asarray(v, np.float64)
    order = np.lexsort((v, cid))
    c = cid[order]
    start = np.r_[0, np.flatnonzero(np.diff(c)) + 1]
    size = np.diff(np.r_[start, len(c)])
    n = np.repeat(size, size)
    pos = np.arange(len(c)) - np.repeat(start, size)
    best = np.repeat(v[order][start + size - 1], size)
    out = {k: np.empty(len(v)) for k in ("pct", "top", "gap", "n")}
    out["pct"][order] = (pos + 1) / n
    out["top"][order] = n - pos
    out["gap"][order] = v[order] - best
    out["n"][order] = n
    return out


def columns(S, x, variant: set[str]) -> np.ndarray:
    from engine.models.baselines.pair_models import PAIR_FEATURES
    from engine.models.migration.stacker import stacker_columns

    cols = [stacker_columns(S.scores, S.cid, S.never)]
    cid = S.cid.astype(np.int64)
    extra = []
    if "top" in variant or "gap" in variant or "ncand" in variant:
        for i, n in enumerate(("gbm", "logistic", "lstm")):
            st = customer_stats(cid, S.scores[n])
            if "top" in variant:
                extra.append(st["top"])
            if "gap" in variant:
                extra.append(st["gap"])
            if "ncand" in variant and i == 0:
                extra.append(st["n"])
    if "knnrank" in variant:
        extra.append(customer_stats(cid, S.scores["knn"])["pct"])
    if "cat" in variant:
        for f in ("k_shift_rate", "k_penetration"):
            extra.append(x[:, PAIR_FEATURES.index(f)])
    if "catrank" in variant:
        extra.append(customer_stats(cid, x[:, PAIR_FEATURES.index("k_shift_rate")])["pct"])
    if "mean" in variant:
        # the customer's mean GBM probability: how likely this customer shifts at all
        g = 1 / (1 + np.exp(-np.asarray(S.scores["gbm"], np.float64)))
        u, inv = np.unique(cid, return_inverse=True)
        extra.append(np.log((np.bincount(inv, g) / np.bincount(inv))[inv]))
    if extra:
        cols.append(np.column_stack(extra))
    return np.column_stack(cols)


def fit_predict(S, xs, T, xt, p: dict, variant: set[str], seed: int) -> np.ndarray:
    if "decomp" in variant:
        # the customer's expected shifts from the pooled stacker, spread by the ranking model's shares
        pooled = fit_predict(S, xs, T, xt, {}, variant - {"decomp", "custw", "poscust"} - set(p.get("rankonly", "").split("/")), seed)
        rank = fit_predict(S, xs, T, xt, p, variant - {"decomp"}, seed)
        cid = T.cid.astype(np.int64)
        u, inv = np.unique(cid, return_inverse=True)
        expected = np.bincount(inv, 1 / (1 + np.exp(-pooled)))
        z = rank - np.maximum.reduceat(rank[np.argsort(inv, kind="stable")], np.r_[0, np.flatnonzero(np.diff(np.sort(inv))) + 1])[inv]
        share = np.exp(z) / np.bincount(inv, np.exp(z))[inv]
        return np.log(expected[inv] * share + 1e-12)
    from sklearn.ensemble import HistGradientBoostingClassifier

    from engine.models.migration.bins import fit_edges, to_bins
    from engine.models.migration.stacker import kept_negatives

    rate = float(p.get("neg", 0.25))
    leaves = int(p.get("leaves", 15))
    a, y = columns(S, xs, variant), np.asarray(S.y, bool)
    keep = y | kept_negatives(S.cid, S.cat, rate, seed) if rate < 1 else np.ones(len(y), bool)
    w = np.where(y, 1.0, 1.0 / rate)
    if "custw" in variant or "poscust" in variant:
        cid = S.cid.astype(np.int64)
        u, inv = np.unique(cid, return_inverse=True)
        npairs = np.bincount(inv)
        npos = np.bincount(inv, y.astype(float))
        if "custw" in variant:        # every customer the same total weight
            cw = (len(y) / len(u)) / npairs
            w = w * cw[inv]
        if "poscust" in variant:      # customers with no shift at all count less
            w = w * np.where(npos[inv] > 0, 1.0, float(p.get("nopos", 0.3)))
    a, y, w = a[keep], y[keep], w[keep]
    edges = fit_edges(a, w)
    m = HistGradientBoostingClassifier(max_iter=int(p.get("it", 75)), learning_rate=float(p.get("lr", 0.1)),
                                       max_leaf_nodes=leaves, min_samples_leaf=max(20, int(500 * rate)),
                                       l2_regularization=float(p.get("l2", 0.0)),
                                       early_stopping=False, random_state=seed)
    m.fit(to_bins(a, edges), y, sample_weight=w)
    return m.decision_function(to_bins(columns(T, xt, variant), edges))


def table_row(T, score, top) -> dict:
    from engine.evaluation.metrics import auc
    from engine.models.migration.ladder import metrics_of

    m = metrics_of(T, score, top)
    never = T.never & np.isin(T.cat, top)
    return {"P@5": m["precision@5"], "NDCG@10": m["ndcg@10"], "AUC": m["auc"],
            "AUC_never_bought": auc(np.asarray(score)[never], T.y[never])}


def gbm_variant(cache: dict, spec: dict, seed: int) -> dict[tuple, object]:
    """A GBM per distinct set of training cuts, refitted on the cached thinned cuts."""
    from engine.models.baselines.pair_models import PairGBM

    fits = {}
    for o in cache["origins"]:
        for cuts in (o["base_cuts"], o["own_cuts"]):
            key = tuple(cuts)
            if key in fits:
                continue
            x = np.concatenate([cache["train"][s][0] for s in cuts])
            y = np.concatenate([cache["train"][s][1] for s in cuts])
            w = np.concatenate([cache["train"][s][2] for s in cuts])
            fits[key] = PairGBM(max_iter=int(spec.get("it", 80)), learning_rate=float(spec.get("lr", 0.15)),
                                max_leaf_nodes=int(spec.get("leaves", 31)),
                                min_samples_leaf=int(spec.get("min_leaf", 200)), l2=float(spec.get("l2", 1.0)),
                                seed=seed).fit(x, y, w)
    return fits


def run(args) -> None:
    import copy

    variants = [v for v in args.variants.split(";") if v]
    rows: dict = {}
    clock = time.process_time()
    for path in args.cache:
        with open(path, "rb") as f:
            cache = pickle.load(f)
        seed = cache["seed"]
        gbms = {}
        for v in variants:
            # a variant: "name|flag+flag|k=v,k=v|gbm:k=v,k=v" (flags: stacker features/weights; gbm: base refit)
            name, flags, kv, *g = (v.split("|") + ["", "", ""])[:4]
            flags = set(f for f in flags.split("+") if f)
            p = dict(t.split("=") for t in kv.split(",") if t)
            gspec = dict(t.split("=") for t in g[0].removeprefix("gbm:").split(",") if t) if g and g[0] else None
            c0 = time.process_time()
            if gspec is not None:
                key = json.dumps(gspec, sort_keys=True)
                if key not in gbms:
                    gbms[key] = gbm_variant(cache, gspec, seed)
                fits = gbms[key]
            for o in cache["origins"]:
                S, T = o["S"], o["T"]
                own = o["O_scores"]
                if gspec is not None:
                    S, T = copy.copy(S), copy.copy(T)
                    S.scores, T.scores = dict(S.scores), dict(T.scores)
                    S.scores["gbm"] = fits[tuple(o["base_cuts"])].decision(o["xs"]).astype(np.float32)
                    T.scores["gbm"] = fits[tuple(o["base_cuts"])].decision(o["xt"]).astype(np.float32)
                    own = dict(own)
                    own["gbm"] = fits[tuple(o["own_cuts"])].decision(o["xt"])
                    rows.setdefault(o["cut"], {}).setdefault(f"gbm[{name}]", {})[seed] = table_row(T, own["gbm"], o["top"])
                if flags.isdisjoint({"none"}):
                    sc = fit_predict(S, o["xs"], T, o["xt"], p, flags, seed)
                    rows.setdefault(o["cut"], {}).setdefault(name, {})[seed] = table_row(T, sc, o["top"])
                if args.bases:
                    for b in ("gbm", "logistic", "lstm"):
                        rows.setdefault(o["cut"], {}).setdefault(b, {})[seed] = table_row(T, own[b], o["top"])
            print(f"seed {seed} {name}: {time.process_time() - c0:.1f} CPU s " + "  ".join(
                f"{cut} NDCG {rows[cut][name][seed]['NDCG@10']:.4f} AUC {rows[cut][name][seed]['AUC']:.4f}"
                for cut in rows if name in rows[cut] and seed in rows[cut][name]), flush=True)
    summary: dict = {}
    print("\n| cut | variant | NDCG@10 | AUC | P@5 | seeds NDCG |")
    for cut, names in rows.items():
        for name, per in names.items():
            s = {k: (float(np.mean([r[k] for r in per.values()])),
                     float(np.std([r[k] for r in per.values()], ddof=1)) if len(per) > 1 else 0.0)
                 for k in ("NDCG@10", "AUC", "P@5", "AUC_never_bought")}
            summary.setdefault(cut, {})[name] = {**{k: {"mean": m, "sd": sd} for k, (m, sd) in s.items()},
                                                 "per_seed": per}
            print(f"| {cut} | {name} | {s['NDCG@10'][0]:.4f} ± {s['NDCG@10'][1]:.4f} | {s['AUC'][0]:.4f} ± "
                  f"{s['AUC'][1]:.4f} | {s['P@5'][0]:.4f} | " + " ".join(f"{r['NDCG@10']:.4f}" for r in per.values()) + " |")
    if args.out:
        Path(args.out).write_text(json.dumps({"command": " ".join(sys.argv), "variants": variants,
                                              "cpu_s": round(time.process_time() - clock, 1), "table": summary},
                                             indent=2, default=str))


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="mode", required=True)
    b = sub.add_parser("build")
    b.add_argument("project")
    b.add_argument("--seed", type=int, default=1)
    b.add_argument("--params", default="{}")
    b.add_argument("--cache", required=True)
    r = sub.add_parser("run")
    r.add_argument("--cache", nargs="+", required=True)
    r.add_argument("--variants", required=True, help="';'-separated name|flags|stacker k=v|gbm:k=v")
    r.add_argument("--bases", action="store_true")
    r.add_argument("--out")
    args = ap.parse_args()
    build(args) if args.mode == "build" else run(args)


if __name__ == "__main__":
    main()

"""The tree walk of a fitted booster's margins on its bin codes, three ways, on boosters of the app's own shapes:
scikit-learn's binned walk, the leaf-mask walk in numpy blocks (the walk before session 23, kept here to compare),
and the compiled leaf-mask walk (engine/models/leaf_masks.py). CPU seconds per million rows, best of ``--repeat``,
one thread; every walk's margins must equal scikit-learn's to the bit.

    OMP_NUM_THREADS=1 python tests/bench/bench_tree_walk.py --rows 2000000 --out tests/bench/results/tree_walk_s23.json
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

from engine.models.leaf_masks import LeafMasks

#: (name, booster, its parameters, features): the migration pair GBM, the boosted stacker, the customers' boosters,
#: decay's lapse boosters
SHAPES = [
    ("migration pair GBM", HistGradientBoostingClassifier, dict(max_iter=80, learning_rate=0.15, max_leaf_nodes=31,
                                                                min_samples_leaf=200), 27),
    ("migration boosted stacker", HistGradientBoostingClassifier, dict(max_iter=75, learning_rate=0.1,
                                                                       max_leaf_nodes=15), 10),
    ("customers Poisson booster", HistGradientBoostingRegressor, dict(loss="poisson", max_iter=150,
                                                                      learning_rate=0.05, min_samples_leaf=40), 22),
    ("decay lapse booster", HistGradientBoostingClassifier, dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=15,
                                                                 min_samples_leaf=50), 16),
]


def numpy_blocks(masks: LeafMasks, codes: np.ndarray, block: int = 2048) -> np.ndarray:
    """The walk as it was in numpy (session 19's engine/models/leaf_masks.py), on the same tables."""
    trees = masks.tables.shape[2]
    offsets = np.arange(trees) * masks.width
    out = np.empty(len(codes))
    mask = np.empty((block, trees), masks.dtype)
    got = np.empty((block, trees), masks.dtype)
    sums = np.empty((block, trees + 1))
    for a in range(0, len(codes), block):
        c = codes[a:a + block]
        m, g, s = mask[:len(c)], got[:len(c)], sums[:len(c)]
        m.fill(np.iinfo(masks.dtype).max)
        for f, table in zip(masks.features, masks.tables):
            np.take(table, c[:, f], axis=0, out=g)
            m &= g
        np.negative(m, out=g)
        m &= g
        m -= 1
        leaf = np.bitwise_count(m).astype(np.intp) + offsets
        s[:, 0] = masks.baseline
        np.take(masks.values, leaf, out=s[:, 1:])
        out[a:a + len(c)] = np.add.accumulate(s, axis=1)[:, -1]
    return out


def sklearn_binned(model, codes: np.ndarray) -> np.ndarray:
    raw = np.zeros((len(codes), 1)) + model._baseline_prediction
    model._predict_iterations(codes, model._predictors, raw, True, 1)
    return raw[:, 0]


def best(fn, repeat: int) -> tuple[float, np.ndarray]:
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default="tree_walk.json")
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    results = {"command": f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')} python tests/bench/bench_tree_walk.py "
                          f"--rows {args.rows} --repeat {args.repeat} --out {args.out}",
               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": os.getloadavg()[0],
               "unit": "CPU s per million rows, best of repeat", "shapes": {}}
    for name, kind, params, f in SHAPES:
        x = rng.lognormal(size=(100_000, f)) * rng.integers(0, 3, (100_000, f))
        y = np.nan_to_num(x[:, 0]) + x[:, 1] * x[:, 2] + rng.normal(size=100_000)
        target = rng.poisson(np.exp(np.clip(y / 4, -3, 3))) if kind is HistGradientBoostingRegressor else y > 1.5
        model = kind(early_stopping=False, random_state=0, **params).fit(x, target)
        new = rng.lognormal(size=(args.rows, f)) * rng.integers(0, 3, (args.rows, f))
        new[rng.random(new.shape) < 0.01] = np.nan
        codes = np.ascontiguousarray(model._bin_mapper.transform(new))
        masks = LeafMasks(model)
        masks.raw(codes[:10])                                         # compiled before it is timed
        per_m = args.rows / 1e6
        sk, want = best(lambda: sklearn_binned(model, codes), args.repeat)
        npb, a = best(lambda: numpy_blocks(masks, codes), args.repeat)
        jit, b = best(lambda: masks.raw(codes), args.repeat)
        row = {"trees": int(masks.tables.shape[2]), "leaves_at_most": masks.width, "features_split_on": len(masks.features),
               "sklearn_binned": round(sk / per_m, 3), "numpy_leaf_masks": round(npb / per_m, 3),
               "compiled_leaf_masks": round(jit / per_m, 3),
               "same_as_sklearn": bool(np.array_equal(a, want) and np.array_equal(b, want))}
        results["shapes"][name] = row
        print(name, row, flush=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print("wrote", args.out)


if __name__ == "__main__":
    main()

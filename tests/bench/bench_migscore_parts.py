"""Session 19 (migscore): the scoring steps changed (tree walks by leaf masks included), old way against new, on one chunk's worth of synthetic
arrays (200,000 pairs, 27 features; a sequence chunk of customers x 56 weeks x categories): CPU seconds of each
(best of ``--repeat``, one thread) and whether the outputs are the same to the last bit.

    OMP_NUM_THREADS=1 python tests/bench/bench_migscore_parts.py [--repeat 5] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from engine.models.baselines.pair_models import _LOG, _linear_view, column_major
from engine.models.leaf_masks import LeafMasks
from engine.models.migration.bins import bin_codes, fit_edges
from engine.models.migration.week_sums import WeekSums, weeks_read
from engine.features.sequences import SequenceSpec


def _best(job, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        out = job()
        best = min(best, time.process_time() - t0)
    return round(best, 4), out


def _old_linear_view(x: np.ndarray) -> np.ndarray:
    z = x.astype(np.float64, copy=True)
    for j in _LOG:
        z[:, j] = np.log1p(np.maximum(z[:, j], 0))
    return z


def _old_bin_codes(x, edges, luts, missing):
    out = np.empty(x.shape, np.uint8, order="F")
    for j, (e, lut) in enumerate(zip(edges, luts)):
        col = x[:, j]
        out[:, j] = lut[np.searchsorted(e, col, side="left")]
        out[np.isnan(col), j] = missing
    return out


def _walk(model, codes):
    model._in_fit = True
    try:
        return model.decision_function(codes)
    finally:
        del model._in_fit


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(0)
    n, f = 200_000, 27
    x = (rng.exponential(size=(n, f)) * (rng.random((n, f)) < 0.4)).astype(np.float32)
    out: dict = {"pairs": n, "features": f, "load_before": [round(v, 2) for v in os.getloadavg()]}
    with threadpool_limits(1):
        old, a = _best(lambda: _old_linear_view(x), args.repeat)
        new, b = _best(lambda: _linear_view(x), args.repeat)
        out["logistic_view"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        old, a = _best(lambda: np.asfortranarray(x, dtype=np.float64), args.repeat)
        new, b = _best(lambda: column_major(x), args.repeat)
        out["gbm_float64_column_major"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        # the pair GBM's shape (80 trees of 31 leaves) walked on column-major codes and on row-major ones
        y = (x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(size=n) > 1.5)
        gbm = HistGradientBoostingClassifier(max_iter=80, learning_rate=0.15, max_leaf_nodes=31, min_samples_leaf=200,
                                             early_stopping=False, random_state=0).fit(x[:50_000], y[:50_000])
        codes_f = gbm._bin_mapper.transform(np.asfortranarray(x, dtype=np.float64))
        old, a = _best(lambda: _walk(gbm, codes_f), args.repeat)
        new, b = _best(lambda: _walk(gbm, np.ascontiguousarray(codes_f)), args.repeat)
        out["gbm_tree_walk_incl_row_major_copy"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        masks = LeafMasks(gbm)
        new, b = _best(lambda: masks.raw(codes_f), args.repeat)
        out["gbm_tree_walk_leaf_masks"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        # the stacker's shape: 75 trees of 15 leaves on 10 columns
        z = rng.normal(size=(n, 10))
        z[:, 9] = rng.random(n) < 0.5
        zy = z[:, 0] + z[:, 1] * z[:, 2] + rng.normal(size=n) > 1.0
        stk = HistGradientBoostingClassifier(max_iter=75, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=125,
                                             early_stopping=False, random_state=0).fit(z[:50_000], zy[:50_000])
        zc = np.ascontiguousarray(stk._bin_mapper.transform(np.asfortranarray(z)))
        old, a = _best(lambda: _walk(stk, zc), args.repeat)
        smasks = LeafMasks(stk)
        new, b = _best(lambda: smasks.raw(zc), args.repeat)
        out["stacker_tree_walk_leaf_masks"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        # the stacker's ten columns binned from the stacked matrix (strided) or from the columns themselves
        cols = [rng.normal(size=n) for _ in range(10)]
        stacked = np.column_stack(cols)
        edges = fit_edges(stacked[:50_000], None)
        luts = [np.arange(len(e) + 1, dtype=np.uint8) for e in edges]
        old, a = _best(lambda: _old_bin_codes(np.column_stack(cols), edges, luts, 255), args.repeat)
        new, b = _best(lambda: bin_codes(cols, edges, luts, 255), args.repeat)
        out["stacker_bin_codes_incl_stack"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
        # WeekSums of one scoring cut: a sequence chunk (800 customers, 60 categories, 56 weeks read)
        m, k, w = 800, 60, 56
        cube = np.zeros((m, w, k + 1, 3), np.float32)
        hit = rng.random((m, w, k + 1)) < 0.01
        cube[..., 0][hit] = rng.integers(1, 4, hit.sum())
        cube[..., 2][hit] = rng.random(hit.sum()) * 50
        views = rng.random((m, w, k + 1)) < 0.03
        cube[..., 1][views] = rng.integers(1, 4, views.sum())
        spec = SequenceSpec(top_k=1000, seq_weeks=16, history_weeks=52, horizon=4, lookback=8, max_shift=20)
        weeks = weeks_read([0], spec, w)
        new, _ = _best(lambda: WeekSums(cube, k, weeks), args.repeat)
        out["week_sums_new_s"] = new
        buys, vw = cube[..., 0], cube[..., 1]
        old, a = _best(lambda: (buys.sum(axis=2) + vw.sum(axis=2)) > 0, args.repeat)
        new, b = _best(lambda: (buys + vw).sum(axis=2) > 0, args.repeat)
        out["week_sums_active_weeks"] = {"old_s": old, "new_s": new, "same": bool(np.array_equal(a, b))}
    out["load_after"] = [round(v, 2) for v in os.getloadavg()]
    text = json.dumps(out, indent=1)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

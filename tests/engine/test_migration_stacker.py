"""The boosted stacker candidate on a small real slice: fitted on a cut whose labels end by the cut it is
judged at (never on the judged pairs), per-customer ranks exact whatever the customer chunk, and a
shipped stacker scoring every candidate pair the same in any chunk."""

from __future__ import annotations


import numpy as np
import pytest

from engine.models.migration import ladder as ladder_mod
from engine.models.migration.service import backtest_migration, train_migration
from engine.evaluation.metrics import auc
from engine.models.migration.stacker import BoostedStacker, customer_percentiles, kept_negatives
from engine.models.migration.weights import load_model
from tests.conftest import open_copy
from tests.engine.test_migration import REAL


@pytest.fixture(scope="module")
def real_slice(tmp_path_factory, grocery_slice_file):
    """100 customers of the real grocery file, a copy of the session's import for this module."""
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("stacker_slice"))
    yield project
    project.close()


def test_customer_percentiles_rank_within_each_customer_only():
    cid = np.array([5, 2, 5, 2, 2, 5, 9])
    v = np.array([0.1, 3.0, 0.7, 1.0, 1.0, 0.4, -2.0])
    pct = customer_percentiles(cid, v)
    # customer 5: 0.1 < 0.4 < 0.7; customer 2: a tie keeps input order; customer 9 alone is its own best
    np.testing.assert_allclose(pct, [1 / 3, 1.0, 1.0, 1 / 3, 2 / 3, 2 / 3, 1.0])
    # a customer's ranks do not depend on which other customers share the chunk
    alone = customer_percentiles(cid[cid == 5], v[cid == 5])
    np.testing.assert_allclose(alone, pct[cid == 5])


def test_the_kept_negatives_are_a_hashed_share_of_pairs_whatever_their_order():
    rng = np.random.default_rng(0)
    cid, cat = rng.integers(0, 5000, 200_000), rng.integers(0, 300, 200_000)
    keep = kept_negatives(cid, cat, 0.25, seed=3)
    assert abs(keep.mean() - 0.25) < 0.01
    order = rng.permutation(len(cid))
    assert (kept_negatives(cid[order], cat[order], 0.25, seed=3) == keep[order]).all()
    assert (kept_negatives(cid, cat, 0.25, seed=4) != keep).mean() > 0.2     # another seed, another share
    assert kept_negatives(cid, cat, 1.0, seed=3).all()


def test_a_stacker_fitted_on_thinned_negatives_ranks_a_planted_signal_as_the_full_fit_does():
    """Planted truth: the shift probability rises with one base score. Fitted on every shifter and a quarter
    of the others (weighted back up), the stacker ranks held-out pairs as well as on every pair, and its
    probabilities stay calibrated (the weights put the base rate back)."""
    rng = np.random.default_rng(1)

    def cut(n_customers: int):
        cid = np.repeat(np.arange(n_customers), 40)
        cat = np.tile(np.arange(40), n_customers)
        signal = rng.normal(size=len(cid))
        y = rng.random(len(cid)) < 1 / (1 + np.exp(-(2.0 * signal - 4.5)))
        scores = {"gbm": signal + rng.normal(0, 0.5, len(cid)), "logistic": signal + rng.normal(0, 1.0, len(cid)),
                  "own_history": rng.poisson(1.0, len(cid)).astype(float)}
        return scores, cid, cat, (cat % 3 == 0), y

    fit_on, test = cut(3000), cut(3000)
    full = BoostedStacker(0, iterations=60, learning_rate=0.1).fit(
        fit_on[0], fit_on[1], fit_on[3], fit_on[4], cat=fit_on[2])
    thin = BoostedStacker(0, iterations=60, learning_rate=0.1, negative_rate=0.25).fit(
        fit_on[0], fit_on[1], fit_on[3], fit_on[4], cat=fit_on[2])
    scores, cid, _, never, y = test
    a_full, a_thin = (auc(m.proba(scores, cid, never), y) for m in (full, thin))
    assert a_full > 0.8 and abs(a_full - a_thin) < 0.01
    assert abs(thin.proba(scores, cid, never).mean() - y.mean()) < 0.2 * y.mean()


def test_the_stacker_is_never_judged_on_the_pairs_it_was_fitted_on(real_slice, monkeypatch):
    """At every evaluation cut e the boosted stacker is fitted on another cut, whose label weeks end by e,
    over base models fitted on cuts whose labels end by that stacking cut."""
    H = REAL.get("horizon_weeks", 4)
    judged: list[int] = []
    boosted: list[tuple[int, list[int]]] = []     # (stacking cut, base cuts) of every stacker fitted
    fitted_on: list[tuple[int, int]] = []          # (cut, pairs) each stacker learned from
    real_origin, real_boosted, real_fit = ladder_mod.evaluate_origin, ladder_mod.Ladder.boosted, ladder_mod.fit_boosted

    def spy_boosted(self, base, s):
        boosted.append((s, list(base.cuts)))
        return real_boosted(self, base, s)

    def spy_fit(d, p, cancel=None):
        fitted_on.append((d.s, len(d.y)))
        return real_fit(d, p, cancel)

    def spy_origin(ladder, grid, e, p, **kw):
        judged.append(e)
        start = len(boosted)
        out = real_origin(ladder, grid, e, p, **kw)
        assert len(boosted) == start + 1
        s, base_cuts = boosted[-1]
        assert s != e and s >= e + H, (e, s)                 # labels of the stacking cut end by e
        assert min(base_cuts) >= s + H, (s, base_cuts)       # its base models never saw the stacking labels
        # the judged pairs are the evaluation cut's, every candidate scored on the same rows
        assert len(out.scores["stacker"]) == len(out.data.cid) and len(out.data.cid) > 1000
        return out

    monkeypatch.setattr(ladder_mod.Ladder, "boosted", spy_boosted)
    monkeypatch.setattr(ladder_mod, "fit_boosted", spy_fit)
    import engine.models.migration.service as service
    monkeypatch.setattr(service, "evaluate_origin",
                        lambda *a, **kw: spy_origin(*a, **{**kw, "keep_scores": True}))
    result = backtest_migration(real_slice, params=REAL)
    assert judged == [H, 2 * H]
    # one fit per origin (the calibration check reuses it), each on the cut one horizon before the judged one
    assert [s for s, _ in fitted_on] == [e + H for e in judged] and all(n > 1000 for _, n in fitted_on)
    m = result.metrics["candidates"]["stacker"]
    assert 0.6 < m["auc"]["mean"] <= 1.0 and 0.0 < m["ndcg@10"]["mean"] <= 1.0


def test_a_shipped_stacker_scores_the_same_in_any_chunk(real_slice, monkeypatch):
    """When the stacker wins, every candidate pair gets its probability a chunk of whole customers at a time:
    chunks of a few customers give the scores one chunk of everyone gives."""
    import engine.models.migration.service as service

    real = service._backtest

    def stacker_wins(*args, **kw):
        state = real(*args, **kw)
        state["winner"] = "stacker"
        return state

    monkeypatch.setattr(service, "_backtest", stacker_wins)
    runs = [train_migration(real_slice, params={**REAL, "score_chunk_pairs": n}) for n in (150, 10**9)]
    rows = [real_slice.query("SELECT customer_id, category, score, rank FROM shift_scores WHERE run_id = ? "
                             "ORDER BY customer_id, category", [r.run_id]) for r in runs]
    assert len(rows[0]) == len(rows[1]) == runs[1].metrics["pairs_written"] > 1000
    assert [r[:2] + r[3:] for r in rows[0]] == [r[:2] + r[3:] for r in rows[1]]
    a, b = (np.array([r[2] for r in rs]) for rs in rows)
    np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-9)
    assert ((a >= 0) & (a <= 1)).all() and a.std() > 0
    _, meta = load_model(real_slice, runs[1].run_id)
    assert meta["shipped"] == "stacker" and "lstm_customer_rank" in meta["stacker"]["columns"]
    assert min(meta["base_cuts"]) >= meta["stack_cut"] + REAL.get("horizon_weeks", 4)


def test_the_stacker_predicts_on_its_bin_codes_what_it_predicts_on_the_bin_numbers():
    from engine.models.migration.bins import to_bins
    from engine.models.migration.stacker import stacker_columns

    rng = np.random.default_rng(8)
    n = 60_000

    def scores(n: int) -> tuple[dict, np.ndarray, np.ndarray]:
        s = {"gbm": rng.normal(size=n), "logistic": rng.normal(size=n), "knn": rng.exponential(size=n),
             "own_history": rng.integers(0, 30, n).astype(np.float64), "lstm": rng.normal(size=n)}
        s["lstm"][rng.random(n) < 0.02] = np.nan           # missing values take their own branch
        return s, np.sort(rng.integers(0, n // 40, n)), rng.random(n) < 0.5

    fit_scores, cid, never = scores(n)
    y = rng.random(n) < 1 / (1 + np.exp(-(fit_scores["gbm"] - 2.5)))
    stacker = BoostedStacker(3, iterations=40, negative_rate=0.3).fit(fit_scores, cid, never, y,
                                                                     rng.integers(0, 50, n))
    new, cid2, never2 = scores(n // 2)
    new["gbm"][:100] = 50.0                                # beyond every bin seen in the fit
    values = to_bins(stacker_columns(new, cid2, never2), stacker.edges)
    np.testing.assert_array_equal(stacker.decision(new, cid2, never2), stacker.model.decision_function(values))
    np.testing.assert_array_equal(stacker.proba(new, cid2, never2), stacker.model.predict_proba(values)[:, 1])
    # the calibration check maps the backtest's margins to probabilities: the same numbers as proba()
    np.testing.assert_array_equal(stacker.proba_of(stacker.decision(new, cid2, never2)),
                                  stacker.proba(new, cid2, never2))
    assert not hasattr(stacker.model, "_in_fit")           # scikit-learn's switch is off again


def test_bin_codes_of_the_columns_are_those_of_the_matrix():
    # the stacker bins its columns as computed (a list), the codes row-major: the codes of the stacked matrix
    from engine.models.migration.bins import bin_codes, fit_edges

    rng = np.random.default_rng(12)
    x = np.column_stack([rng.normal(size=5000), rng.integers(0, 4, 5000).astype(np.float64),
                         rng.exponential(size=5000)])
    x[rng.random(x.shape) < 0.03] = np.nan
    edges = fit_edges(x[:3000], None)
    luts = [np.arange(len(e) + 1, dtype=np.uint8)[::-1].copy() for e in edges]     # any code map
    want = np.empty(x.shape, np.uint8)
    for j, (e, lut) in enumerate(zip(edges, luts)):
        want[:, j] = np.where(np.isnan(x[:, j]), 255, lut[np.searchsorted(e, x[:, j], side="left")])
    for got in (bin_codes(x, edges, luts, 255), bin_codes([x[:, j].copy() for j in range(3)], edges, luts, 255)):
        assert got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)

"""The baselines on the demo shop and on planted rules: each learns what it should."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.evaluation.metrics import auc
from engine.features.sequences import FEATURE_NAMES, SequenceSource, SequenceSpec
from engine.models.baselines import LogisticBaseline
from engine.models.migration.batches import ChunkReader


@pytest.fixture
def fitted(demo_project):
    """The logistic fit that warm-starts the LSTM, on four training cuts of the demo shop."""
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 256)
    logistic = LogisticBaseline(random_state=0)
    for lo, hi in reader.ranges():
        logistic.partial_fit(reader.samples(lo, hi, [8, 10, 12, 14]))
    logistic.finish()
    return reader, logistic


def test_logistic_learns_that_browsing_precedes_buying(fitted):
    _, logistic = fitted
    coef = logistic.coef_
    # the recent-view windows overlap (1, 2, 4 weeks): their joint effect is what must be positive
    recent = [coef[FEATURE_NAMES.index(n)] for n in ("log_views_1w", "log_views_2w", "log_views_4w")]
    print("\nrecent-view coefficients (1w, 2w, 4w):", np.round(recent, 3))
    assert sum(recent) > 0 and coef[FEATURE_NAMES.index("log_views_1w")] > 0


def test_logistic_ranks_better_than_chance_on_later_weeks(fitted):
    reader, logistic = fitted
    s = reader.samples(*reader.ranges()[0], [4])
    assert auc(logistic.score(s)[s.cand], s.label[s.cand]) > 0.5


# -- the pair ladder's neighbours and co-purchase scores ---------------------------------------
def test_knn_scores_what_similar_customers_bought_lately():
    from engine.features.shift_graph import _knn

    # two taste groups over 4 categories; group A lately buys category 2, group B category 3
    a = np.array([[3, 2, 0, 0]] * 20, np.float32)
    b = np.array([[0, 0, 2, 3]] * 20, np.float32)
    A = np.log1p(np.concatenate([a, b]))
    R = np.zeros_like(A)
    R[:10, 2] = 1          # half of group A bought category 2 lately
    R[20:30, 3] = 1
    ids = np.arange(40)
    score, ever = _knn(A, R, ids, neighbours=10, max_reference=40)
    assert ever[:20, 1].min() > 0.99 and ever[:20, 3].max() == 0
    assert score[10:20, 2].mean() > 0.3 and score[10:20, 3].max() == 0
    assert score[30:40, 3].mean() > 0.3 and score[30:40, 2].max() == 0


def _knn_one_by_one(A, ids, Xr, Rr, Er, ref_ids, neighbours):
    """The neighbour search row by row, as written before blocks and shared histories (the reference)."""
    X = A / np.maximum(np.linalg.norm(A, axis=1, keepdims=True), 1e-9)
    out, ever = np.zeros_like(A), np.zeros_like(A)
    for i in range(len(A)):
        sim = Xr @ X[i]
        sim[ref_ids == ids[i]] = -1.0
        top = np.argsort(-sim, kind="stable")[:neighbours]
        w = np.maximum(sim[top], 0.0)
        out[i] = w @ Rr[top] / max(w.sum(), 1e-9)
        ever[i] = w @ Er[top].astype(np.float32) / max(w.sum(), 1e-9)
    return out, ever


def test_knn_blocks_are_bounded_and_shared_histories_are_searched_once():
    """The neighbour search runs a block of rows at a time sized from a byte budget (issue #13: 2,048 rows
    against 5,000 reference customers held ~250 MB), and customers outside the reference sample with the
    same history are searched once: every block gives each customer's own one-by-one scores."""
    from engine.features.shift_graph import KNN_BLOCK_BYTES, _knn_rows, knn_block_rows

    rows = knn_block_rows(5000, 30, 30)
    assert 16 <= rows < 2048 and rows * (12 * 5000 + 8 * 30 * 30 + 16 * 30) <= KNN_BLOCK_BYTES
    assert knn_block_rows(5000, 30, 30, budget=1) == 16            # never fewer rows than that
    rng = np.random.default_rng(3)
    # continuous histories: no two reference customers tie, so "the" 10 nearest are one set
    A = (np.log1p(rng.gamma(0.5, 2.0, (300, 12))) * (rng.random((300, 12)) < 0.85)).astype(np.float32)
    A[200:260] = A[100:160]                    # shared histories, inside and outside the reference sample
    A[260:] = A[270]
    R = (rng.random((300, 12)) < 0.2).astype(np.float32)
    ids = np.arange(300) * 3
    ref = np.arange(120)
    Xr = A[ref] / np.maximum(np.linalg.norm(A[ref], axis=1, keepdims=True), 1e-9)
    want = _knn_one_by_one(A, ids, Xr, R[ref], A[ref] > 0, ids[ref], 10)
    for block in (7, 64, 300, None):
        got = _knn_rows(A, ids, Xr, R[ref], A[ref] > 0, ids[ref], 10, block=block)
        for a, b in zip(want, got):
            np.testing.assert_allclose(b, a, atol=1e-5)
    assert want[0].max() > 0 and want[1].max() > 0
    np.testing.assert_array_equal(got[0][260:], np.broadcast_to(got[0][270], (40, 12)))


def _searched_on(monkeypatch) -> list[str]:
    """The names of the threads the neighbour search's pool ran its halves on (filled as they run)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from engine.features import shift_graph

    names: list[str] = []

    class Spied(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            def noted(*a, **k):
                names.append(threading.current_thread().name)
                return fn(*a, **k)
            return super().submit(noted, *args, **kwargs)

    monkeypatch.setattr(shift_graph, "ThreadPoolExecutor", Spied)
    return names


def _histories(seed: int, n: int, n_ref: int) -> tuple[np.ndarray, np.ndarray, tuple]:
    """``n`` customers' histories of 12 categories, ids 0, 2, 4...; and ``_knn_rows``' arguments after the rows and ids
    for the first ``n_ref`` as the reference sample (10 neighbours)."""
    rng = np.random.default_rng(seed)
    A = (np.log1p(rng.gamma(0.5, 2.0, (n, 12))) * (rng.random((n, 12)) < 0.7)).astype(np.float32)
    R = (rng.random((n, 12)) < 0.2).astype(np.float32)
    ids = np.arange(n) * 2
    ref = np.arange(n_ref)
    Xr = A[ref] / np.maximum(np.linalg.norm(A[ref], axis=1, keepdims=True), 1e-9)
    return A, ids, (Xr, R[ref], A[ref] > 0, ids[ref], 10)


def test_knn_search_split_over_two_threads_gives_the_one_threads_scores_to_the_bit(monkeypatch):
    """The later half of the search's blocks runs on a thread of its own: the same blocks, the same numbers."""
    from engine.features.shift_graph import _knn_rows

    searched_on = _searched_on(monkeypatch)
    A, ids, args = _histories(4, 400, 150)
    one = _knn_rows(A, ids, *args, block=9, threads=1)
    assert not searched_on
    two = _knn_rows(A, ids, *args, block=9, threads=2)
    assert searched_on and all(n.startswith("knn-search") for n in searched_on)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
    assert one[0].max() > 0


def test_a_search_of_one_block_is_split_in_two_equal_halves_whatever_the_threads(monkeypatch):
    """A search that fits in one block (most at wide 10^7: a few hundred distinct histories) ran on one thread; it
    is cut into an even number of equal blocks, the same on one thread or two, so the numbers are the same."""
    from engine.features.shift_graph import SPLIT_ROWS, _knn_rows, search_step

    assert search_step(2 * SPLIT_ROWS - 1, 10_000) == 2 * SPLIT_ROWS - 1       # too few rows: one block
    assert search_step(900, 10_000) == 450 and search_step(901, 10_000) == 451
    assert search_step(3000, 1000) == 750 and search_step(10, 3) == 3          # 3 blocks -> 4; few rows kept as asked
    ran = _searched_on(monkeypatch)
    A, ids, args = _histories(5, 700, 100)
    one = _knn_rows(A, ids, *args, threads=1)
    assert not ran
    two = _knn_rows(A, ids, *args, threads=2)
    assert ran and all(n.startswith("knn-search") for n in ran)
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a, b)
    want = _knn_one_by_one(A, ids, *args)
    for a, b in zip(want, two):
        np.testing.assert_allclose(b, a, atol=1e-5)


def _sparse_histories(seed: int, n: int, n_ref: int) -> tuple[np.ndarray, np.ndarray, tuple]:
    """``n`` customers' histories of 8 categories, few bought once or twice (many equal histories and many tied
    similarities), ids 0, 2, 4...; and ``_knn_rows``' arguments after the rows and ids for the first ``n_ref`` as the
    reference sample."""
    rng = np.random.default_rng(seed)
    A = (np.log1p(rng.integers(1, 3, (n, 8))) * (rng.random((n, 8)) < 0.25)).astype(np.float32)
    R = (rng.random((n, 8)) < 0.2).astype(np.float32)
    ids = np.arange(n) * 2
    ref = np.arange(n_ref)
    Xr = A[ref] / np.maximum(np.linalg.norm(A[ref], axis=1, keepdims=True), 1e-9)
    return A, ids, (Xr, R[ref], A[ref] > 0, ids[ref], 10)


def test_knn_memo_searches_each_history_once_per_cut_with_the_same_scores():
    """A cut's chunks share one memo: a history searched in an earlier chunk is not searched again, and every
    chunk's scores are those searched without the memo, to the last bit (ties among reference customers
    included: sparse 0/1-like histories, as at wide 10^7, tie everywhere)."""
    from engine.features import shift_graph
    from engine.features.shift_graph import SearchMemo, _knn_rows

    A, ids, args = _sparse_histories(5, 900, 150)
    searched = []
    real = shift_graph._knn_search

    def counting(rows, *a, **k):
        searched.append(len(rows))
        return real(rows, *a, **k)

    memo = SearchMemo()
    shift_graph._knn_search = counting
    try:
        for lo in range(0, 900, 300):                      # three chunks of one cut
            want = _knn_rows(A[lo:lo + 300], ids[lo:lo + 300], *args)
            n_plain = len(searched)
            got = _knn_rows(A[lo:lo + 300], ids[lo:lo + 300], *args, memo=memo)
            for a, b in zip(want, got):
                np.testing.assert_array_equal(b, a)
            if lo:
                # the later chunks search only histories no earlier chunk had (none are reference customers)
                assert sum(searched[n_plain:]) < searched[n_plain - 1]
    finally:
        shift_graph._knn_search = real
    assert len(memo.index) == len({r.tobytes() for r in A[150:]})


def test_a_full_knn_memo_searches_the_histories_it_cannot_hold_and_gives_the_same_scores():
    """The memo holds at most its bytes of scores (a shop of many customers and thousands of categories would keep
    gigabytes): past that, a history is searched each time it comes, with the same scores."""
    from engine.features.shift_graph import SearchMemo, _knn_rows

    A, ids, args = _sparse_histories(7, 600, 100)
    row_bytes = 2 * 8 * 4                                 # a history's scores and ever-scores, float32
    memo = SearchMemo(max_bytes=25 * row_bytes)
    for _ in range(2):                                    # the same chunks again: remembered or searched, the same
        for lo in range(0, 600, 200):
            want = _knn_rows(A[lo:lo + 200], ids[lo:lo + 200], *args)
            got = _knn_rows(A[lo:lo + 200], ids[lo:lo + 200], *args, memo=memo)
            for a, b in zip(want, got):
                np.testing.assert_array_equal(b, a)
    assert len(memo.index) == len(memo.out) == len(memo.ever) == 25
    assert len({r.tobytes() for r in A[100:]}) > 25


def test_copurchase_lifts_categories_bought_together():
    from engine.features.shift_graph import _copurchase

    B = np.zeros((100, 3), bool)
    B[:50, 0] = B[:50, 1] = True     # 0 and 1 go together
    B[50:, 2] = True
    B[0, 1] = False                  # one customer of category 0 has not bought 1 yet
    score = _copurchase(B)
    assert score[0, 1] > 0 > score[0, 2]


def test_gbm_and_logistic_learn_a_planted_rule():
    from engine.models.baselines.pair_models import PAIR_FEATURES, PairGBM, PairLogistic

    rng = np.random.default_rng(0)
    x = rng.random((5000, len(PAIR_FEATURES))).astype(np.float32)
    y = rng.random(5000) < np.where(x[:, PAIR_FEATURES.index("knn")] > 0.7, 0.6, 0.05)
    for model in (PairGBM(max_iter=30, seed=0), PairLogistic(seed=0)):
        assert auc(model.fit(x, y).decision(x), y) > 0.75


def test_logistic_margins_are_the_pipelines_to_the_last_bit():
    # decision() runs the pipeline's steps itself (no copies): the margins must not move by a rounding
    from engine.models.baselines.pair_models import _LOG, PAIR_FEATURES, PairLogistic

    rng = np.random.default_rng(4)
    x = (rng.lognormal(size=(20000, len(PAIR_FEATURES))) * rng.integers(0, 3, (20000, len(PAIR_FEATURES)))
         - 0.5).astype(np.float32)             # heavy-tailed counts with zeros and a few negatives
    y = rng.random(len(x)) < 0.1
    model = PairLogistic(seed=0).fit(x, y)
    z = x.astype(np.float64)
    z[:, _LOG] = np.log1p(np.maximum(z[:, _LOG], 0))
    np.testing.assert_array_equal(model.decision(x), model.model_.decision_function(z))


def test_the_logistic_fit_step_by_step_is_the_pipelines_fit_to_the_last_bit():
    # fit() runs the pipeline's steps itself (cancel checkpoints between blocks of rows): the same scaler, the same
    # coefficients as the pipeline's own fit of the same rows, weighted, over several blocks and a partial one
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from engine.models.baselines.pair_models import _BLOCK_ROWS, PAIR_FEATURES, PairLogistic, _linear_view

    rng = np.random.default_rng(5)
    n = 3 * _BLOCK_ROWS + 1234
    x = (rng.lognormal(size=(n, len(PAIR_FEATURES))) * rng.integers(0, 3, (n, len(PAIR_FEATURES)))
         - 0.5).astype(np.float32)
    y = rng.random(n) < 1 / (1 + np.exp(-(np.log1p(np.abs(x[:, 0])) - 0.5 * np.log1p(np.abs(x[:, 3])))))
    w = rng.uniform(0.5, 3.0, n)
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(C=0.5, max_iter=300, random_state=3))
    pipeline.fit(_linear_view(x), y, logisticregression__sample_weight=w)
    ours = PairLogistic(C=0.5, seed=3).fit(x, y, w).model_
    for a, b in ((ours[0].mean_, pipeline[0].mean_), (ours[0].scale_, pipeline[0].scale_),
                 (ours[-1].coef_, pipeline[-1].coef_), (ours[-1].intercept_, pipeline[-1].intercept_)):
        np.testing.assert_array_equal(a, b)
    assert ours[-1].n_iter_[0] == pipeline[-1].n_iter_[0]


def test_gbm_margins_on_bin_codes_are_those_of_the_values_to_the_last_bit():
    # decision() walks the trees on the booster's uint8 bin codes: the same margins as its own float64 path
    from engine.models.baselines.pair_models import PAIR_FEATURES, PairGBM

    rng = np.random.default_rng(9)
    n, f = 30_000, len(PAIR_FEATURES)
    x = (rng.lognormal(size=(n, f)) * rng.integers(0, 3, (n, f))).astype(np.float32)   # counts with many ties
    x[:, 1] = rng.integers(0, 2, n)                       # a flag: one split between its two values
    x[rng.random((n, f)) < 0.01] = np.nan                 # missing values take their own branch
    y = rng.random(n) < 1 / (1 + np.exp(-(np.nan_to_num(x[:, 0]) - 2 + x[:, 1])))
    model = PairGBM(max_iter=25, min_samples_leaf=50, seed=0).fit(x, y)
    new = (rng.lognormal(size=(n // 2, f)) * 1.5).astype(np.float32)
    new[:50] = 1e6                                        # beyond every bin seen in the fit
    new[50:100] = -1.0                                    # below them
    new[rng.random(new.shape) < 0.02] = np.nan
    # and a booster that saw no missing value in its fit (missing ones then follow its bigger child)
    clean = PairGBM(max_iter=25, min_samples_leaf=50, seed=0).fit(np.nan_to_num(x), y)
    for m in (model, clean):
        for z in (x, new):
            np.testing.assert_array_equal(m.decision(z), m.model_.decision_function(z.astype(np.float64)))
        assert not hasattr(m.model_, "_in_fit")           # scikit-learn's switch is off again


def test_column_major_is_asfortranarray_block_by_block():
    # PairGBM.decision converts the features a block of rows at a time: the same float64 values, column-major
    from engine.models.baselines.pair_models import _BLOCK_ROWS, column_major

    rng = np.random.default_rng(11)
    for n in (0, 5, _BLOCK_ROWS, 2 * _BLOCK_ROWS + 17):
        x = rng.lognormal(size=(n, 27)).astype(np.float32)
        x[rng.random(x.shape) < 0.05] = np.nan
        for v in (x, x.astype(np.float64)):
            got = column_major(v)
            assert got.flags.f_contiguous and got.dtype == np.float64
            np.testing.assert_array_equal(got, np.asfortranarray(v, dtype=np.float64))

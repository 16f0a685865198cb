"""The baselines on the demo shop: each learns what it should from the planted groups."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.evaluation.metrics import auc
from engine.features.sequences import FEATURE_NAMES
from engine.models.baselines import make_baselines
from engine.models.migration.batches import ChunkReader
from engine.models.migration.params import MigrationParams
from engine.features.sequences import SequenceSource


@pytest.fixture
def fitted(demo_project):
    p = MigrationParams(train_cuts=4)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), p.spec())
    reader = ChunkReader(source, 1024, 256)
    baselines = make_baselines(0)
    for lo, hi in reader.ranges():
        s = reader.samples(lo, hi, p.train_shifts())
        for b in baselines.values():
            b.partial_fit(s)
    for b in baselines.values():
        b.finish()
    return source, reader, baselines, p


def test_markov_finds_moves_within_the_planted_groups(fitted, demo_truth):
    source, _, baselines, _ = fitted
    idx = {c: i for i, c in enumerate(source.categories)}
    lift = baselines["markov"].lift_
    within, across = [], []
    for group, cats in demo_truth.group_categories.items():
        home = [idx[c] for c in cats if c in idx]
        others = [i for i in range(source.k) if i not in home]
        for s in home:
            within += [lift[s, t] for t in home if t != s]
            across += [lift[s, t] for t in others]
    print(f"\nmean transition lift within groups {np.mean(within):.2f}, across {np.mean(across):.2f}")
    assert np.mean(within) > 2 * np.mean(across)


def test_logistic_learns_that_browsing_precedes_buying(fitted):
    _, _, baselines, _ = fitted
    coef = baselines["logistic"].coef_
    # the recent-view windows overlap (1, 2, 4 weeks): their joint effect is what must be positive
    recent = [coef[FEATURE_NAMES.index(n)] for n in ("log_views_1w", "log_views_2w", "log_views_4w")]
    print("\nrecent-view coefficients (1w, 2w, 4w):", np.round(recent, 3))
    assert sum(recent) > 0 and coef[FEATURE_NAMES.index("log_views_1w")] > 0


def test_every_baseline_ranks_better_than_chance_on_later_weeks(fitted):
    _, reader, baselines, p = fitted
    s = reader.samples(*reader.ranges()[0], [p.val_shift()])
    for name, b in baselines.items():
        value = auc(b.score(s)[s.cand], s.label[s.cand])
        assert value > 0.5, name


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

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

"""The rule that picks the number of interest clusters, on generated mixes with a k = 2 silhouette trap,
the strict parameters, and tiers for a shop whose events carry no category."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from engine.models.segments.clusters import InterestClusters
from engine.models.segments.params import SegmentParams
from engine.models.segments.service import export_sql, train_segments
from engine.store import create_project
from engine.store.errors import ProjectError


def _trap(seed: int = 0, per_group: int = 150, tiny: int = 9) -> tuple[np.ndarray, np.ndarray]:
    """Shares over 13 named categories (+ "other"): two worlds that never share a category (the
    silhouette's favourite, k = 2), each of three groups that lean on their own two categories but
    buy the whole world's; plus a tiny group (1%) of a 13th category alone."""
    rng = np.random.default_rng(seed)
    rows, truth = [], []
    for world in range(2):
        for sub in range(3):
            base = np.zeros(14)
            base[6 * world:6 * world + 6] = 1.0
            base[6 * world + 2 * sub:6 * world + 2 * sub + 2] = 3.0
            rows.append(rng.dirichlet(base[base > 0] * 4, size=per_group))
            truth += [3 * world + sub] * per_group
    mixes = np.zeros((len(truth) + tiny, 14))
    at = 0
    for g, block in enumerate(rows):
        world, sub = divmod(g, 3)
        mixes[at:at + len(block), 6 * world:6 * world + 6] = block
        at += len(block)
    mixes[at:, 12] = 1.0
    return mixes, np.array(truth + [6] * tiny)


#: A narrower search than the defaults (k from 5 to 12, 10 restarts) keeps the tests quick.
FAST = {"k_max": 8, "n_init": 4}


def test_the_silhouette_peaks_at_two_and_the_rule_still_finds_the_six_groups():
    X, truth = _trap(tiny=0)
    free = InterestClusters(k_min=2, k_max=7, min_cluster_share=0.0, min_stability=-1.0, n_init=4).fit(X)
    by_k = {c.k: c.silhouette for c in free.candidates_}
    assert max(by_k, key=by_k.get) == 2, by_k            # the trap: two worlds separate best

    model = InterestClusters(**FAST).fit(X)               # the floor: k from 5
    assert model.k_ == 6, model.rule_
    assert "fewest clusters" in str(model.rule_) and "3%" in str(model.rule_)
    labels = model.predict(X)
    assert adjusted_rand_score(truth, labels) > 0.9
    assert all(c.usable == (c.min_share >= 0.03 and c.stability >= 0.8) for c in model.candidates_)
    assert (np.bincount(labels) / len(labels)).min() >= 0.03


def test_a_tiny_outlying_group_makes_no_k_usable_and_the_fallback_says_so():
    X, truth = _trap(tiny=9)                              # 1% who buy only a 13th category
    model = InterestClusters(**FAST).fit(X)
    assert not any(c.usable for c in model.candidates_)   # every k isolates the 1%
    assert "no k kept every cluster ≥ 3%" in str(model.rule_) and "fewest clusters" in str(model.rule_)
    assert model.k_ in (6, 7) and model.stability_ >= 0.8
    labels = model.predict(X)
    assert adjusted_rand_score(truth[truth < 6], labels[truth < 6]) > 0.8


def test_the_choice_is_stable_across_seeds():
    X, _truth = _trap(seed=1, tiny=0)
    runs = [InterestClusters(seed=s, **FAST).fit(X) for s in range(3)]
    assert {m.k_ for m in runs} == {6}
    labels = [m.predict(X) for m in runs]
    assert min(adjusted_rand_score(labels[0], other) for other in labels[1:]) > 0.95


def test_params_are_strict_with_the_shared_names():
    assert SegmentParams.from_dict({"seed": 3, "k_min": 6}).seed == 3
    with pytest.raises(ProjectError, match="Unknown segments parameter random_state"):
        SegmentParams.from_dict({"random_state": 3})
    with pytest.raises(ProjectError, match="k_min"):
        SegmentParams.from_dict({"k_min": 1})
    with pytest.raises(ProjectError, match="whole number"):
        SegmentParams.from_dict({"movement_weeks": "a quarter"})
    with pytest.raises(ProjectError, match="tier"):
        SegmentParams.from_dict({"tier_shares": [0.5, 0.5, 0.5]})
    p = SegmentParams.from_dict({"tier_shares": [0.6, 0.3, 0.1]})
    assert p.tier_shares == (0.6, 0.3, 0.1) and p.to_dict()["tier_shares"] == [0.6, 0.3, 0.1]


def test_a_ledger_without_categories_gets_tiers_and_no_clusters(tmp_path):
    """Customer, date, amount: tiers by engagement, clusters skipped with a reason, cluster NULL."""
    start = datetime(2026, 1, 5)
    rng = np.random.default_rng(0)
    rows = []
    for c in range(60):
        for i in range(1 + c % 7):
            ts = start + timedelta(days=int(rng.integers(0, 150)))
            rows.append((f"{c:05d}", ts, "purchase", f"o{c}-{i}", None, float(10 + c)))
    project = create_project(tmp_path / "ledger.shiftwise")
    try:
        project.cursor().executemany(
            "INSERT INTO events (customer_id, ts, event_type, order_id, category, amount, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)", rows)
        result = train_segments(project)
        m = result.metrics
        assert m["k"] == 0 and "no category" in m["clusters_skipped"].lower() or "category" in m["clusters_skipped"]
        assert sum(m["tiers"].values()) == 60 and m["n_customers"] == 60
        assert m["tier_mean_spend"]["heavy"] > m["tier_mean_spend"]["medium"] > m["tier_mean_spend"]["light"]
        assert "not clustered" in str(result.message)
        sql, params = export_sql(project)
        exported = project.query(sql, params)
        assert len(exported) == 60 and exported[0][0] == "00000"
        assert all(cluster is None and cluster_id is None for _c, _t, cluster, cluster_id in exported)
        assert project.scalar("SELECT count(*) FROM segment_clusters WHERE run_id = ?", [result.run_id]) == 0
    finally:
        project.close()


def test_candidates_fitted_side_by_side_are_the_ones_fitted_in_turn():
    """The command line fits candidate k on several threads: every candidate's figures, the choice
    and the centres are those of one thread, and the candidates still come in the order of k."""
    mixes, _truth = _trap(seed=4)
    seen: list[int] = []
    one = InterestClusters(k_min=2, k_max=7, n_init=3, silhouette_sample=400).fit(mixes)
    many = InterestClusters(k_min=2, k_max=7, n_init=3, silhouette_sample=400, threads=3).fit(
        mixes, on_k=lambda c: seen.append(c.k))
    assert many.candidates_ == one.candidates_ and seen == list(range(2, 8))
    assert many.k_ == one.k_ and np.array_equal(many.cluster_centers_, one.cluster_centers_)
    assert np.array_equal(many.predict(mixes), one.predict(mixes))


@pytest.mark.parametrize("working_memory", [None, 1])
def test_silhouette_from_the_shared_distances_is_scikit_learns_to_the_bit(working_memory):
    """Every candidate k scores its silhouette from one distance matrix of the sample: the figure is
    ``silhouette_score`` on the rows themselves, exactly, in one piece or in several (1 MB pieces)."""
    import sklearn
    from sklearn.metrics import silhouette_score

    from engine.models.segments.clusters import _sample_distances

    rng = np.random.default_rng(4)
    X = rng.normal(size=(700, 8))
    with sklearn.config_context(working_memory=working_memory):
        distances = _sample_distances(X)
        for k in (2, 5, 9):
            labels = rng.integers(0, k, len(X))
            assert silhouette_score(distances, labels, metric="precomputed") == silhouette_score(X, labels)


def test_candidates_on_two_threads_share_one_distance_matrix_and_score_as_on_one(monkeypatch):
    """The first candidate to need the silhouette's distances makes them, once, while the other
    thread runs on: the candidates and their figures are the one-thread run's."""
    from engine.models.segments import clusters

    rng = np.random.default_rng(6)
    centres = rng.dirichlet(np.ones(6) * 0.3, 5)
    shares = np.vstack([rng.dirichlet(c * 40 + 0.05, 120) for c in centres])
    shares = np.column_stack([shares, rng.random(len(shares)) * 0.1])
    made = []
    real = clusters._sample_distances

    def counted(X):
        made.append(len(X))
        return real(X)
    kw = dict(k_min=2, k_max=6, components=4, silhouette_sample=300, n_init=3, seed=1)
    one = InterestClusters(**kw, threads=1).fit(shares)
    monkeypatch.setattr(clusters, "_sample_distances", counted)
    two = InterestClusters(**kw, threads=2).fit(shares)
    assert made == [300]
    assert [c.to_dict() for c in two.candidates_] == [c.to_dict() for c in one.candidates_]
    assert two.k_ == one.k_ and np.array_equal(two.cluster_centers_, one.cluster_centers_)

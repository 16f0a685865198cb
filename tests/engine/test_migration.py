"""The migration model on the demo shop: the planted movers are found, runs are reproducible,
a cancel leaves the previous run intact, weights round-trip, the backtest reports the baselines."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import shutil

import numpy as np
import pytest
import torch

from engine.evaluation.metrics import auc
from engine.jobs import CancelToken, JobCancelled
from engine.models.migration.service import backtest_migration, export_sql, train_migration
from engine.models.migration.weights import load_model
from engine.store import open_project
from engine.store.runs import get_run, latest_run

#: Small and quick: the tests check behaviour, the benchmark checks speed.
SMALL = {"epochs": 2, "hidden": 16, "head": 16, "train_cuts": 4, "patience": 1, "threads": 1,
         "chunk_customers": 1024}


def move_as_of(truth) -> datetime:
    start = date.fromisoformat(truth.start)
    return datetime.combine(start + timedelta(days=7 * truth.move_week), datetime.min.time())


@pytest.fixture(scope="module")
def trained(tmp_path_factory, demo_project_file, demo_truth_module):
    """One training shared by the tests of this module (they add runs; none deletes one)."""
    path = tmp_path_factory.mktemp("migration") / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    project = open_project(path)
    result = train_migration(project, as_of=move_as_of(demo_truth_module), params=SMALL)
    yield project, result
    project.close()


@pytest.fixture(scope="module")
def demo_truth_module(demo_shop):
    return demo_shop.truth


def _scores(project, run_id, category=None):
    where, params = ("AND category = ?", [category]) if category else ("", [])
    return project.query(f"SELECT customer_id, category, score, rank, reason FROM shift_scores "
                         f"WHERE run_id = ? {where} ORDER BY customer_id, category", [run_id] + params)


def test_planted_movers_rank_high_for_the_target(trained, demo_truth):
    project, result = trained
    rows = _scores(project, result.run_id, demo_truth.move_target)
    score = np.array([r[2] for r in rows])
    mover = np.array([r[0] in demo_truth.movers for r in rows])
    # movers whose browsing of the target began before the as-of date: what any model can see
    as_of = move_as_of(demo_truth)
    viewed = {r[0] for r in project.query(
        "SELECT DISTINCT customer_id FROM events WHERE category = ? AND event_type = 'view' "
        "AND ts >= ? - INTERVAL 21 DAY AND ts < ?", [demo_truth.move_target, as_of, as_of])}
    visible = np.array([r[0] in viewed for r in rows]) & mover
    auc_all = auc(score, mover)
    auc_visible = auc(score[visible | ~mover], visible[visible | ~mover])
    print(f"\nmovers AUC for {demo_truth.move_target}: all movers {auc_all:.3f} ({mover.sum()}), "
          f"movers already browsing {auc_visible:.3f} ({visible.sum()})")
    assert mover.sum() > 100 and visible.sum() > 30
    assert auc_visible > 0.95
    assert auc_all > 0.55  # movers switching 2–3 weeks later have no signal yet: see the report


def test_every_candidate_pair_is_scored_ranked_and_explained(trained):
    project, result = trained
    n, bad_rank, empty_reason = project.query(
        "SELECT count(*), count(*) FILTER (WHERE rank < 1), count(*) FILTER (WHERE reason IS NULL OR reason = '') "
        "FROM shift_scores WHERE run_id = ?", [result.run_id])[0]
    assert n == result.metrics["candidate_pairs"] > 0 and bad_rank == 0 and empty_reason == 0
    # ranks are 1..n per customer, in score order
    gaps = project.query(
        "SELECT count(*) FROM (SELECT customer_id, max(rank) AS m, count(*) AS c, "
        "  bool_and(ok) AS ok FROM (SELECT customer_id, rank, "
        "  score >= coalesce(lead(score) OVER (PARTITION BY customer_id ORDER BY rank), 0) AS ok "
        "  FROM shift_scores WHERE run_id = ?) GROUP BY customer_id) WHERE m <> c OR NOT ok", [result.run_id])
    assert gaps[0][0] == 0
    metrics = result.metrics
    assert set(metrics["baselines"]) == {"popularity", "own_history", "markov", "logistic"}
    assert "beat" in metrics["verdict"] and metrics["model"]["auc"] > 0.5
    history = project.query("SELECT epoch, train_loss FROM training_history WHERE run_id = ? ORDER BY epoch",
                            [result.run_id])
    assert [h[0] for h in history] == list(range(1, metrics["epochs"] + 1))


def test_same_seed_same_scores(trained, demo_truth):
    project, first = trained
    second = train_migration(project, as_of=move_as_of(demo_truth), params=SMALL)
    a, b = _scores(project, first.run_id), _scores(project, second.run_id)
    assert len(a) == len(b) and a == b


def test_cancel_mid_epoch_keeps_the_previous_run(trained, demo_truth):
    project, _ = trained
    previous = latest_run(project, "migration")
    before = _scores(project, previous.run_id)
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if message.startswith("Epoch 1"):
            token.cancel()

    with pytest.raises(JobCancelled):
        train_migration(project, as_of=move_as_of(demo_truth), params=SMALL, progress=progress, cancel=token)
    cancelled = max(r[0] for r in project.query("SELECT run_id FROM model_runs"))
    assert get_run(project, cancelled).status == "cancelled"
    assert project.query("SELECT count(*) FROM shift_scores WHERE run_id = ?", [cancelled])[0][0] == 0
    assert latest_run(project, "migration").run_id == previous.run_id
    assert _scores(project, previous.run_id) == before


def test_weights_round_trip_through_safetensors(trained):
    project, result = trained
    net, meta = load_model(project, result.run_id)
    assert project.scalar("SELECT format FROM model_blobs WHERE run_id = ? AND name = 'migration_net'",
                          [result.run_id]) == "safetensors"
    k, f = len(meta["categories"]), len(meta["features"])
    seq, feats = torch.rand(5, SMALL.get("seq_weeks", 16), 2 * (k + 1)), torch.rand(5, k, f)
    again, _ = load_model(project, result.run_id)
    with torch.no_grad():
        assert torch.equal(net(seq, feats), again(seq, feats))
    assert all(torch.equal(v, again.state_dict()[name]) for name, v in net.state_dict().items())


def test_backtest_reports_model_and_every_baseline(demo_project):
    result = backtest_migration(demo_project, params=SMALL)
    m = result.metrics
    print("\nbacktest:", {name: round(r["auc"], 3) for name, r in m["baselines"].items()},
          "model", round(m["model"]["auc"], 3), m["verdict"])
    assert result.kind == "migration_backtest"
    for name in ("model", "popularity", "own_history", "markov", "logistic"):
        for metric in ("auc", "precision@5", "recall@10", "ndcg@10"):
            assert 0.0 <= m[f"{name}_{metric}"] <= 1.0
    assert m["evaluated_on"] == "backtest" and m["verdict"]
    # calibration, measured on the backtest weeks: "expected shifters" (sum of scores) per category is close to
    # what happened. Uncalibrated, Maternity (whose shift rate fell during the year) was 3–4× too high.
    cal = m["calibration"]
    print("calibration before:", cal["before"]["worst"][:3], "after:", cal["after"]["worst"][:3],
          "Brier", round(cal["before"]["brier"], 5), "->", round(cal["after"]["brier"], 5))
    per = cal["per_category"]["Maternity"]
    assert per["expected_before"] > 2.5 * per["actual"]
    assert per["expected_after"] < 2.0 * per["actual"]
    assert 0.8 < cal["after"]["ratio"] < 1.2 and cal["after"]["brier"] < cal["before"]["brier"]
    # a backtest does not replace the scores campaigns use
    assert latest_run(demo_project, "migration") is None
    with pytest.raises(Exception, match="No migration run"):
        export_sql(demo_project)


def test_blend_coefficients_are_stored_as_plain_numbers(trained):
    project, result = trained
    _, meta = load_model(project, result.run_id)
    blend = meta["calibration"]
    assert blend["columns"] == ["lstm_logit", "own_history_log", "logistic_logit", "log_base_rate"]
    assert len(blend["coef"]) == 4 and all(isinstance(c, float) for c in blend["coef"] + [blend["intercept"]])
    print("\nblend coefficients:", dict(zip(blend["columns"], np.round(blend["coef"], 3))), round(blend["intercept"], 3))
    assert blend["coef"][0] > 0   # the network's logit carries weight in the blend


def test_stacker_recovers_a_planted_blend():
    from engine.evaluation.calibration import StackedCalibrator

    rng = np.random.default_rng(0)
    n, k = 200_000, 5
    x = rng.normal(size=(n, 3))
    x[:, 1] = 0.9 * x[:, 0] + 0.45 * x[:, 1]      # collinear columns, as the network and the baselines are
    cats = rng.integers(0, k, n)
    y = rng.random(n) < 1 / (1 + np.exp(-(1.5 * x[:, 0] + 0.5 * x[:, 1] - 0.0 * x[:, 2] - 5.0)))
    stacker = StackedCalibrator().fit(x, y, cats, k)
    print("\nplanted [1.5, 0.5, 0.0] -5.0, recovered", np.round(stacker.coef_, 3), round(stacker.intercept_, 3))
    assert np.allclose(stacker.coef_, [1.5, 0.5, 0.0], atol=0.15) and abs(stacker.intercept_ + 5.0) < 0.15
    prob = stacker.transform(x[:, None, :])[:, 0]
    assert abs(prob.sum() / y.sum() - 1) < 0.02
    again = StackedCalibrator.from_dict(stacker.to_dict())
    assert np.array_equal(again.transform(x[:5, None, :]), stacker.transform(x[:5, None, :]))

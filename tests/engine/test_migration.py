"""The migration model on the demo shop (planted movers are found, runs are reproducible, a cancel
leaves the previous run intact) and on a small real slice (every category scored, the verdict out of sample)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from engine.evaluation.metrics import auc
from engine.jobs import CancelToken, JobCancelled
from engine.models.migration import ladder as ladder_mod
from engine.models.migration.service import backtest_migration, export_sql, train_migration
from engine.store import open_project
from engine.store.runs import get_run, latest_run, load_blob
from tests.conftest import open_copy

#: Small and quick: the tests check behaviour, the benchmark checks speed and quality.
SMALL = {"gbm_iterations": 40, "train_cuts": 3, "eval_cuts": 2, "keep_top": 1000, "knn_reference": 2000,
         "epochs": 2, "time_budget_s": 3600.0}   # the budget is wall-clock: tests must not depend on it
CANDIDATES = {"popularity", "own_history", "markov", "knn", "logistic", "gbm", "lstm", "blend", "stacker"}


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


@pytest.fixture(scope="module")
def real_slice(tmp_path_factory, grocery_slice_file):
    """100 customers of the real grocery file, a copy of the session's import for this module."""
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("real_slice"))
    yield project
    project.close()


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
    # The shipped score is the per-shop backtest's winner (the blend here). It ranks the movers with
    # no browsing signal below chance: their history (Maternity, never Baby food) says the opposite of
    # the plant. The sequence model is what learns the planted move: see the next test.
    print(f"shipped ({result.metrics['shipped']}) all-movers AUC {auc_all:.3f}")


def test_the_lstm_candidate_learns_the_planted_move(tmp_path, demo_project_file, demo_truth_module):
    """At the move date, fitted only on cuts whose labels end by it, the LSTM ranks all planted movers
    (most of whom show no browsing yet) above chance in the target category."""
    from engine.jobs import ensure
    from engine.models.migration.params import MigrationParams
    from engine.models.migration.service import _backtest

    truth = demo_truth_module
    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    project = open_project(path)
    p = MigrationParams.from_dict({**SMALL, "eval_cuts": 1})
    progress, cancel = ensure(None, None)
    try:
        # the evaluation cut H weeks before the anchor is the move date
        anchor = move_as_of(truth) + timedelta(weeks=p.horizon_weeks)
        with project.interruptible(cancel) as cur:
            state = _backtest(cur, project, anchor, p, progress, cancel, keep_scores=True)
            origin = state["results"][0]
            target = cur.execute("SELECT cat FROM sp_cat WHERE category = ?", [truth.move_target]).fetchall()[0][0]
            names = dict(cur.execute("SELECT cid, customer_id FROM sp_cust").fetchall())
    finally:
        project.close()
    assert origin.cut == p.horizon_weeks
    sel = origin.data.cat == target
    mover = np.array([names[c] in set(truth.movers) for c in origin.data.cid[sel]])
    lstm_auc = auc(origin.scores["lstm"][sel], mover)
    print(f"\nLSTM candidate, all movers AUC {lstm_auc:.3f} ({mover.sum()} movers)")
    assert mover.sum() > 100 and lstm_auc > 0.55


def test_every_candidate_pair_is_scored_ranked_and_explained(trained):
    project, result = trained
    n, bad_rank, empty_reason = project.query(
        "SELECT count(*), count(*) FILTER (WHERE rank < 1), count(*) FILTER (WHERE reason IS NULL OR reason = '') "
        "FROM shift_scores WHERE run_id = ?", [result.run_id])[0]
    m = result.metrics
    assert n == m["pairs_written"] == m["candidate_pairs"] > 0 and bad_rank == 0 and empty_reason == 0
    # ranks are 1..n per customer, in score order
    gaps = project.query(
        "SELECT count(*) FROM (SELECT customer_id, max(rank) AS m, count(*) AS c, "
        "  bool_and(ok) AS ok FROM (SELECT customer_id, rank, "
        "  score >= coalesce(lead(score) OVER (PARTITION BY customer_id ORDER BY rank), 0) AS ok "
        "  FROM shift_scores WHERE run_id = ?) GROUP BY customer_id) WHERE m <> c OR NOT ok", [result.run_id])
    assert gaps[0][0] == 0
    assert set(m["candidates"]) == CANDIDATES
    assert m["shipped"] in CANDIDATES and "Shipped score" in m["verdict"] and m["why"]
    for c in m["candidates"].values():
        assert len(c["auc"]["per_cut"]) == len(m["cuts"]) == 2 and c["auc"]["sd"] >= 0
    meta = json.loads(load_blob(project, result.run_id, "migration_meta"))
    assert meta["shipped"] == m["shipped"]


def test_the_per_category_figures_are_kept_with_the_run(trained):
    from engine.models.scores import CATEGORY_TOTALS, category_totals, count_category_totals

    project, result = trained
    kept = result.metrics[CATEGORY_TOTALS]
    # counted as the run finished: what counting now gives (DuckDB's parallel sums may differ in the last bits)
    again = count_category_totals(project.cursor(), result.run_id, kept["transfer_run"])
    assert [r[:2] + r[3:4] for r in kept["rows"]] == [r[:2] + r[3:4] for r in again["rows"]]
    assert [r[2] for r in kept["rows"]] == pytest.approx([r[2] for r in again["rows"]], rel=1e-9)
    assert len(kept["rows"]) == result.metrics["categories_scored"]
    # the pages read them from the run
    assert category_totals(project, result.run_id, kept["transfer_run"]) == [tuple(r) for r in kept["rows"]]
    # and the chart's moves
    from engine.models.migration import results
    moves = result.metrics[results.FLOWS]
    assert 0 < len(moves) <= results.FLOWS_SHOWN
    again = results.count_flows(project.cursor(), result.run_id)
    assert [m[:2] + m[3:] for m in moves] == [m[:2] + m[3:] for m in again]
    assert [m[2] for m in moves] == pytest.approx([m[2] for m in again], rel=1e-9)
    assert results.flows(project, get_run(project, result.run_id)) == [tuple(m) for m in moves]


def test_the_table_is_bounded_to_each_customers_top_candidates(trained, demo_truth):
    project, _ = trained
    result = train_migration(project, as_of=move_as_of(demo_truth), params={**SMALL, "keep_top": 3,
                                                                                 "score_floor": 0.5})
    most, below = project.query(
        "SELECT max(rank), count(*) FILTER (WHERE rank > 3 AND score < 0.5) FROM shift_scores WHERE run_id = ?",
        [result.run_id])[0]
    assert below == 0 and result.metrics["pairs_written"] < result.metrics["candidate_pairs"]
    assert most >= 3


def test_same_seed_same_scores(trained, demo_truth):
    project, first = trained
    second = train_migration(project, as_of=move_as_of(demo_truth), params=SMALL)
    a, b = _scores(project, first.run_id), _scores(project, second.run_id)
    assert len(a) == len(b) and a == b


def test_cancel_mid_backtest_keeps_the_previous_run(trained, demo_truth):
    project, _ = trained
    previous = latest_run(project, "migration")
    before = _scores(project, previous.run_id)
    token = CancelToken()

    def progress(done, total, message="", partial=None):
        if str(message).startswith("Backtest at cut"):
            token.cancel()

    with pytest.raises(JobCancelled):
        train_migration(project, as_of=move_as_of(demo_truth), params=SMALL, progress=progress, cancel=token)
    cancelled = max(r[0] for r in project.query("SELECT run_id FROM model_runs"))
    assert get_run(project, cancelled).status == "cancelled"
    assert project.query("SELECT count(*) FROM shift_scores WHERE run_id = ?", [cancelled])[0][0] == 0
    assert latest_run(project, "migration").run_id == previous.run_id
    assert _scores(project, previous.run_id) == before


def test_params_use_the_shared_names_and_are_stored_as_used(trained):
    project, result = trained
    run = get_run(project, result.run_id)
    assert run.params["horizon_weeks"] == 4 and run.params["seed"] == 7
    assert run.params["train_cuts"] == SMALL["train_cuts"]      # never rewritten after the run stored it
    with pytest.raises(Exception, match="horizon"):
        train_migration(project, params={"horizon": 4})


def test_backtest_reports_every_candidate(demo_project):
    result = backtest_migration(demo_project, params=SMALL)
    m = result.metrics
    print("\nbacktest:", {n: round(c["auc"]["mean"], 3) for n, c in m["candidates"].items()}, m["verdict"])
    assert result.kind == "migration_backtest"
    for name in CANDIDATES:
        for metric in ("auc", "precision@5", "recall@10", "ndcg@10"):
            assert 0.0 <= m[f"{name}_{metric}"] <= 1.0
    assert m["evaluated_on"] == "backtest" and m["verdict"]
    # a backtest does not replace the scores campaigns use
    assert latest_run(demo_project, "migration") is None
    with pytest.raises(Exception, match="No migration run"):
        export_sql(demo_project)


# -- a small real slice ----------------------------------------------------------------------
REAL = {**SMALL, "min_buyers": 5}


@pytest.fixture(scope="module")
def real_run(real_slice):
    return train_migration(real_slice, params=REAL)


def test_every_category_with_enough_buyers_has_scores(real_slice, real_run):
    result = real_run
    as_of = get_run(real_slice, result.run_id).as_of
    # categories bought by >= min_buyers customers in the history, among the customers eligible at the as-of date
    expected = {r[0] for r in real_slice.query(
        "SELECT category FROM events WHERE event_type = 'purchase' AND quantity > 0 AND category IS NOT NULL "
        "AND ts < ? "
        "AND ts >= ? - INTERVAL 364 DAY GROUP BY category HAVING count(DISTINCT customer_id) >= 5",
        [as_of, as_of])}
    scored = {r[0] for r in real_slice.query("SELECT DISTINCT category FROM shift_scores WHERE run_id = ?",
                                             [result.run_id])}
    # a category everyone eligible bought lately has no candidate pair: those are the only ones missing
    missing = expected - scored
    for category in missing:
        left = real_slice.scalar(
            "SELECT count(*) FROM (SELECT DISTINCT customer_id FROM events WHERE event_type = 'purchase' "
            "AND ts < ? AND ts >= ? - INTERVAL 56 DAY) e WHERE customer_id NOT IN (SELECT customer_id FROM events "
            "WHERE category = ? AND event_type = 'purchase' AND ts < ? AND ts >= ? - INTERVAL 56 DAY)",
            [as_of, as_of, category, as_of, as_of])
        assert left == 0, category
    assert len(expected) > 100 and len(scored) >= len(expected) - len(missing)
    assert result.metrics["categories_scored"] == len(scored) > 50


def test_scores_do_not_depend_on_the_customer_chunk(real_slice, real_run):
    """Pairs are read, scored (GBM, logistic, LSTM, blend) and written a chunk of customers at a time:
    chunks of a few customers give the same backtest and the same shift scores as one chunk of all."""
    small = train_migration(real_slice, params={**REAL, "score_chunk_pairs": 150})
    one = train_migration(real_slice, params={**REAL, "score_chunk_pairs": 10**9})
    chunks = real_run.metrics["candidate_pairs"] // 150
    assert chunks > 20 and one.metrics["candidate_pairs"] == small.metrics["candidate_pairs"] > 1000
    for name, c in one.metrics["candidates"].items():
        for metric in ("auc", "ndcg@10"):
            assert small.metrics["candidates"][name][metric]["per_cut"] == pytest.approx(
                c[metric]["per_cut"], abs=1e-6), (name, metric)
    a, b = _scores(real_slice, small.run_id), _scores(real_slice, one.run_id)
    assert len(a) == len(b) == one.metrics["pairs_written"]
    assert [r[:2] + r[3:] for r in a] == [r[:2] + r[3:] for r in b]
    np.testing.assert_allclose([r[2] for r in a], [r[2] for r in b], rtol=1e-5, atol=1e-7)


def test_the_verdict_is_out_of_sample(real_slice, monkeypatch):
    """Every fit (learners and the blend's stacker) sees only cuts whose label weeks end by the
    evaluation cut it is judged at; the stacker is fitted on a different cut than it is judged on."""
    H = REAL.get("horizon_weeks", 4)
    fitted: list[list[int]] = []
    stacked: list[int] = []
    judged: list[int] = []
    real_fit, real_stacker = ladder_mod.Ladder.fit, ladder_mod.fit_stacker

    def spy_fit(self, cuts):
        fitted.append(list(cuts))
        return real_fit(self, cuts)

    def spy_stacker(scores, y, seed, cancel=None):
        stacked.append(len(y))
        return real_stacker(scores, y, seed, cancel)

    def spy_origin(ladder, grid, e, p, **kw):
        judged.append(e)
        start = len(fitted)
        out = real_origin(ladder, grid, e, p, **kw)
        # every fit made for this origin ends (cut - H weeks back) by e, and the stacker's cut is before e
        assert all(min(c) >= e + H for c in fitted[start:]), (e, fitted[start:])
        stack_cut = min(c for c in grid if c >= e + H)
        assert stack_cut > e and all(min(c) >= stack_cut + H for c in fitted[start + 1:])
        return out

    real_origin = ladder_mod.evaluate_origin
    monkeypatch.setattr(ladder_mod.Ladder, "fit", spy_fit)
    monkeypatch.setattr(ladder_mod, "fit_stacker", spy_stacker)
    import engine.models.migration.service as service
    monkeypatch.setattr(service, "evaluate_origin", spy_origin)
    result = backtest_migration(real_slice, params=REAL)
    assert judged == [H, 2 * H] and len(stacked) == 2
    assert result.metrics["candidates"]["blend"]["auc"]["mean"] > 0.6


def test_a_shipped_lstm_keeps_its_weights_as_safetensors(trained, demo_truth, monkeypatch):
    """When the LSTM wins a shop's backtest, its scores are the network's and its weights load back."""
    import engine.models.migration.service as service
    from engine.models.migration.weights import load_model

    project, _ = trained
    real = service._backtest

    def lstm_wins(*args, **kw):
        state = real(*args, **kw)
        state["winner"] = "lstm"
        return state

    monkeypatch.setattr(service, "_backtest", lstm_wins)
    result = train_migration(project, as_of=move_as_of(demo_truth), params=SMALL)
    net, meta = load_model(project, result.run_id)
    assert meta["shipped"] == "lstm" and meta["lstm"]["epochs"] == SMALL["epochs"]
    assert len(meta["categories"]) == net.out.out_features >= result.metrics["categories_scored"]
    assert result.metrics["lstm_fallback_pairs"] == 0


def test_graph_scores_do_not_depend_on_the_customer_chunk(real_slice):
    """The Markov, kNN and co-purchase scores are built a chunk of customers at a time (memory stays
    bounded at a million customers): a chunk of 7 customers gives the same scores as one chunk of all."""
    from engine.features.shift_graph import build_graph_scores
    from engine.features.shift_pairs import build_pairs, build_weekly

    as_of = datetime(2017, 8, 28)
    grid = [0, 4, 8, 12]
    with real_slice.interruptible(CancelToken()) as cur:
        build_weekly(cur, as_of, 52)
        build_pairs(cur, grid, lookback=8, horizon=4, min_buyers=5, history_weeks=52)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        out = []
        for chunk in (None, 7):
            lifts = build_graph_scores(cur, grid, k, horizon=4, max_reference=40, chunk_customers=chunk)
            out.append((lifts, cur.execute("SELECT * FROM sp_graph ORDER BY s, cid, cat").fetchnumpy()))
    (lifts_one, one), (lifts_many, many) = out
    assert len(one["cid"]) > 1000 and len(np.unique(one["cid"])) > 7 * 3
    for name in one:
        np.testing.assert_allclose(np.asarray(many[name], float), np.asarray(one[name], float), atol=1e-5)
    for s in lifts_one:
        np.testing.assert_allclose(lifts_many[s], lifts_one[s], atol=1e-6)
    assert np.asarray(one["knn"]).max() > 0 and np.asarray(one["copurchase"]).std() > 0


def test_expected_and_actual_shifters_per_category_come_from_the_latest_cut(trained):
    """The run stores, per category, the shipped score's summed probabilities at the latest backtest
    cut and the shifters seen after it; the totals match the cut's labels and read back in order."""
    from engine.models.migration import results

    project, result = trained
    check = result.metrics["category_check"]
    assert check["cut"] == result.metrics["cuts"][0] and check["candidate"] == result.metrics["shipped"]
    rows = check["categories"]
    assert rows and all(e >= 0 and a >= 0 for _, e, a in rows)
    assert sum(a for _, _, a in rows) == check["actual_total"] > 0
    assert sum(e for _, e, _ in rows) == pytest.approx(check["expected_total"], rel=1e-3)
    # honest probabilities: the total is in the neighbourhood of what happened, not off by a factor
    assert 0.5 < check["expected_total"] / check["actual_total"] < 2.0
    run = get_run(project, result.run_id)
    read = results.category_check(run, top=5)
    assert [r[0] for r in read.rows] == [r[0] for r in rows[:5]]
    assert read.cut == check["cut"] and read.horizon_weeks == 4


def test_a_shop_too_small_for_any_category_s_buyers_says_so(tmp_path):
    """Sixty customers over a year: no category reaches min_buyers buyers before a cut. Training stopped on
    "no labelled training cut" (a ValueError: Train all failed with it and trained nothing after)."""
    from engine.demo import generate_demo_shop
    from engine.ingest import import_file
    from engine.models.base import NoDataError
    from engine.store import create_project

    shop = generate_demo_shop(tmp_path / "shop", seed=3, n_customers=60)
    project = create_project(tmp_path / "small.shiftwise")
    try:
        import_file(project, shop.events_csv)
        with pytest.raises(NoDataError, match="learns from categories that 20 or more customers bought"):
            train_migration(project)
        assert latest_run(project, "migration") is None
    finally:
        project.close()


def test_a_three_month_export_is_judged_at_one_cut_without_the_stackers(grocery_slice_file, tmp_path):
    """A shop's last 12 weeks (a three-month export): an evaluation cut H weeks back and a training cut before it,
    no third cut for the stackers, so the verdict is between the learned models and the rules of thumb and says
    it had one cut. It was refused (20 weeks needed) and the shop had no migration at all; 11 weeks still are."""
    from engine.models.base import NoDataError

    project = open_copy(grocery_slice_file, tmp_path)
    try:
        end = project.scalar("SELECT max(ts) FROM events")
        # the as-of date is the day after the last event's
        start = datetime.combine(end.date(), datetime.min.time()) + timedelta(days=1) - timedelta(weeks=12)
        project.con.execute("DELETE FROM events WHERE ts < ?", [start])
        result = train_migration(project, params=REAL)
        m = result.metrics
        assert m["cuts"] == [m["cuts"][0]] and m["house"] == "gbm"
        assert not {"blend", "stacker"} & set(m["candidates"])
        assert {"popularity", "logistic", "gbm"} <= set(m["candidates"])
        assert "at 1 cut" in m["verdict"] and "nan" not in m["verdict"]
        # the one cut's sampling error of the house model's lead is weighed (tests/engine/test_verdict.py: how)
        assert m["verdict_auc"]["noise"] > 0
        assert "at the one out-of-sample cut" in m["why"] and m["pairs_written"] > 100
        assert m["shipped"] in m["candidates"]
        # the card and the chart show no spread at one cut ("±0.000" said the cuts agreed)
        from engine.models.migration.results import auc_means, model_card

        run = get_run(project, result.run_id)
        card = model_card(run)
        assert all(sd is None for row in card.spreads for sd in row.values())
        assert all(sd is None for _, sd in auc_means(run).values())
        assert "after one cut" in dict((str(k), str(v)) for k, v in card.facts)["Evaluated on"]
        project.con.execute("DELETE FROM events WHERE ts < ?", [start + timedelta(weeks=1)])
        with pytest.raises(NoDataError, match="at least 12 weeks of history"):
            train_migration(project, params=REAL)
    finally:
        project.close()


def test_a_shop_without_order_ids_counts_each_customers_day_as_an_order(grocery_slice_file, tmp_path):
    """A ledger or a point-of-sale export writes no order id (Ta Feng's grocery export, a shop's spreadsheet): every
    model counts a customer's day as an order (engine/features/orders.py), and the migration model's weekly counts
    read no order at all: it said no category had 20 buyers and trained nothing. The real slice without its order
    ids (a customer's baskets of one day as one) trains as with them."""
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    with_ids = open_copy(grocery_slice_file, tmp_path / "with")
    without = open_copy(grocery_slice_file, tmp_path / "without")
    try:
        without.con.execute("UPDATE events SET order_id = NULL")
        assert without.scalar("SELECT count(order_id) FROM events") == 0
        a, b = train_migration(with_ids, params=REAL), train_migration(without, params=REAL)
        assert b.metrics["categories_scored"] > 50
        assert b.metrics["candidate_pairs"] == a.metrics["candidate_pairs"]
        auc_a, auc_b = (r.metrics["verdict_auc"]["means"][r.metrics["shipped"]] for r in (a, b))
        assert abs(auc_a - auc_b) < 0.02, (auc_a, auc_b)
        # the Data page's orders card: the customers' days of purchase (it said 0 orders)
        from engine.read.overview import data_health
        days = without.scalar("SELECT count(DISTINCT (customer_id, CAST(ts AS DATE))) FROM events "
                              "WHERE event_type = 'purchase'")
        assert data_health(without).orders == days > 0.7 * data_health(with_ids).orders
    finally:
        with_ids.close()
        without.close()


def test_a_one_category_shop_says_it_needs_two(tmp_path):
    """A roaster's coffee alone: every buyer has bought the one category, so no customer can move into another.
    It said no category had 20 buyers (the coffee had 200)."""
    import random

    from engine.ingest import import_file
    from engine.models.base import NoDataError
    from engine.store import create_project

    rng = random.Random(2)
    lines = ["customer_id,ts,order_id,category,amount"]
    for c in range(200):
        for o in range(rng.randint(1, 12)):
            day = date(2024, 1, 1) + timedelta(days=rng.randrange(300))
            lines.append(f"C{c},{day} 10:00:00,O{c}-{o},Coffee,12")
    shop = tmp_path / "coffee.csv"
    shop.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = create_project(tmp_path / "coffee.shiftwise")
    try:
        import_file(project, shop)
        with pytest.raises(NoDataError, match="needs purchases in at least two categories"):
            train_migration(project, params=SMALL)
    finally:
        project.close()


def test_a_shop_whose_categories_are_its_products_is_told_the_limit(tmp_path):
    """A file mapped with its products as categories (the dev file's 56,199 SKUs) made the graph stage ask 23.5 GiB
    for one array, and the system killed the process (the window with it). More categories than max_categories:
    the model says so, with the limit and what to do, before it builds anything."""
    from engine.demo import generate_demo_shop
    from engine.ingest import import_file
    from engine.models.base import NoDataError
    from engine.store import create_project

    shop = generate_demo_shop(tmp_path / "shop", seed=3, n_customers=300)
    project = create_project(tmp_path / "many.shiftwise")
    try:
        import_file(project, shop.events_csv)
        categories = project.scalar("SELECT count(DISTINCT category) FROM events WHERE event_type = 'purchase'")
        with pytest.raises(NoDataError, match=rf"at most 5 categories \(max_categories: .*has {categories}\. "):
            train_migration(project, params={**SMALL, "max_categories": 5})
        assert latest_run(project, "migration") is None
    finally:
        project.close()

"""The customers model end to end: on the demo shop, on a plain customer/date/amount ledger,
the export's columns, the CLI's --horizon and the customer targets of campaigns."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta

import numpy as np
import pytest

from engine.export import write_query
from engine.messages import msg
from engine.models.customers import results
from engine.evaluation.verdict import describe, judge
from engine.models.customers.candidates import HOUSE, LABELS
from engine.models.customers.service import backtest_customers, export_sql, shipping_order, train_customers
from engine.store import create_project
from engine.store.runs import latest_run

FAST = {"eval_cuts": 2, "train_cuts": 2}
EXPORT_COLUMNS = ["customer_id", "tier", "cluster", "orders", "spend", "first_purchase", "last_purchase",
                  "p_buy_again", "expected_orders", "expected_spend", "next_order_date"]


def _ledger(path, n_customers: int = 400, seed: int = 3):
    """customer, date, amount only: zero-padded ids, half the customers stop buying halfway."""
    rng = np.random.default_rng(seed)
    start = date(2024, 1, 1)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Customer", "Date", "Amount"])
        for c in range(n_customers):
            rate = rng.gamma(2.0, 0.15)          # orders per week
            stop = 40 * 7 if c % 2 else 20 * 7   # the odd half keep buying to the end
            day = int(rng.integers(0, 60))
            while day < min(stop, 40 * 7):
                w.writerow([f"{c:05d}", (start + timedelta(days=day)).isoformat(),
                            f"{rng.gamma(4.0, 10.0):.2f}"])
                day += max(1, int(rng.exponential(7.0 / rate)))
    return path


@pytest.fixture
def ledger_project(tmp_path):
    from engine.ingest import import_file

    project = create_project(tmp_path / "ledger.shiftwise")
    import_file(project, _ledger(tmp_path / "ledger.csv"))
    yield project
    project.close()


def test_demo_shop_run_ships_the_verdicts_winner(demo_project):
    result = train_customers(demo_project, params=FAST)
    m = result.metrics
    assert m["n_customers"] == demo_project.scalar(
        "SELECT count(DISTINCT customer_id) FROM events WHERE event_type = 'purchase'")
    assert m["verdict"] is not None and m["winner"] == m["verdict"]["winner"]
    assert len(m["verdict"]["cuts"]) == 2
    # every candidate ranks buyers well above chance out of sample
    for name in ("learned", "bgnbd", "recency", "frequency"):
        assert m["mean_metrics"][name]["auc"] > 0.6, (name, m["mean_metrics"][name])
    p = np.array([r[0] for r in demo_project.query(
        "SELECT p_buy_again FROM customer_scores WHERE run_id = ?", [result.run_id])])
    assert ((p >= 0) & (p <= 1)).all() and p.std() > 0.05


def test_a_tie_ships_the_house_model_the_verdict_names():
    # the grocery dev file's cuts (session 29): gradient boosting within the spread of BG/NBD; the house model,
    # BG/NBD, ships (gradient boosting, shipped on such ties, ranked worse on the weeks after every time)
    assert HOUSE == "bgnbd"
    v = judge({"learned": [0.8552, 0.8741], "bgnbd": [0.8665, 0.8758], "frequency": [0.8372, 0.8542],
               "recency": [0.8038, 0.7929]}, house=HOUSE, metric="auc")
    assert v.outcome == "ties"
    assert shipping_order(v) == ["bgnbd", "learned", "frequency", "recency"]
    assert str(describe(v, LABELS)).endswith(f"Shipped score: {LABELS['bgnbd']}.")
    v = judge({"learned": [0.8696, 0.8525], "bgnbd": [0.8694, 0.8634], "frequency": [0.8414, 0.8431]},
              house=HOUSE, metric="auc")
    assert (v.outcome, v.winner) == ("ties", "bgnbd")
    # beaten, the house model ships only when the better ones cannot be fitted
    v = judge({"learned": [0.90, 0.91], "bgnbd": [0.86, 0.87], "recency": [0.83, 0.84]}, house=HOUSE, metric="auc")
    assert shipping_order(v) == ["learned", "bgnbd", "recency"]


def test_a_ledger_without_categories_or_items(ledger_project):
    assert ledger_project.scalar("SELECT count(*) FROM events WHERE category IS NOT NULL") == 0
    result = train_customers(ledger_project, params=FAST)
    rows = dict(ledger_project.query(
        "SELECT customer_id, p_buy_again FROM customer_scores WHERE run_id = ?", [result.run_id]))
    # ids stay as the file spells them
    assert "00001" in rows and "1" not in rows
    # who stopped buying halfway (even numbers) is far less likely to come back than who kept on
    stopped = np.mean([p for c, p in rows.items() if int(c) % 2 == 0])
    active = np.mean([p for c, p in rows.items() if int(c) % 2 == 1])
    assert active > stopped + 0.3
    assert result.metrics["mean_metrics"]["bgnbd"]["auc"] > 0.8
    # every customer at every cut: no word of a sample
    assert "check_sample" not in result.metrics
    assert results.check_sample(latest_run(ledger_project, "customers")) is None


def test_export_columns_and_backtest(ledger_project, tmp_path):
    train_customers(ledger_project, params=FAST)
    sql, params = export_sql(ledger_project)
    out = tmp_path / "customers.csv"
    write_query(ledger_project, sql, params, out, bom=True)
    with open(out, encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        first = next(reader)
    assert header == EXPORT_COLUMNS
    assert first[0] == "00000" and first[1] == "" and first[2] == ""   # no segments run: NULL tier, cluster
    bt = backtest_customers(ledger_project, params=FAST)
    assert set(bt.metrics["future"]) >= {"learned", "bgnbd", "recency", "frequency"}
    assert latest_run(ledger_project, "customers_backtest").run_id == bt.run_id


def test_cli_horizon_export_and_campaign_targets(tmp_path, demo_project_file, capsys):
    import shutil

    from cli.app import main

    path = tmp_path / "demo.shiftwise"
    shutil.copy(demo_project_file, path)
    params = json.dumps({"customers": FAST})
    assert main(["train", str(path), "--models", "customers", "--horizon", "6", "--params", params,
                 "--json"]) == 0
    run = json.loads(capsys.readouterr().out)["runs"][0]
    assert run["metrics"]["horizon_weeks"] == 6
    out = tmp_path / "c.csv"
    assert main(["export", str(path), "customers", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0].split(",") == EXPORT_COLUMNS
    capsys.readouterr()
    for target in ("lapsing", "high-value"):
        listed = tmp_path / f"{target}.csv"
        assert main(["campaign", str(path), "--target", target, "--size", "50", "--out", str(listed),
                     "--json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        assert summary["n_target"] + summary["n_control"] == 50
    assert main(["campaign", str(path), "--out", str(tmp_path / "x.csv")]) == 1
    assert "--category" in capsys.readouterr().err


def test_earlier_cuts_keep_a_bounded_sample_and_everyone_is_scored(ledger_project):
    """A shop with more customers than ``max_customers_per_cut`` backtests and trains on a hash
    sample of them (bounded memory) and still scores every customer as of the as-of date."""
    result = train_customers(ledger_project, params={**FAST, "max_customers_per_cut": 150})
    m = result.metrics
    n = ledger_project.scalar("SELECT count(DISTINCT customer_id) FROM events WHERE event_type = 'purchase'")
    assert m["n_customers"] == n == ledger_project.scalar(
        "SELECT count(*) FROM customer_scores WHERE run_id = ?", [result.run_id])
    assert all(0 < cut["customers"] < 0.6 * n for cut in m["cuts"])
    assert m["mean_metrics"]["bgnbd"]["auc"] > 0.75
    # the predicted-vs-actual check counts the last cut's sample only, and the run says so
    last = m["cuts"][-1]
    total = ledger_project.scalar("SELECT count(DISTINCT customer_id) FROM events WHERE event_type = 'purchase' "
                                  "AND ts < ?", [datetime.fromisoformat(last["cut"])])
    assert m["check_sample"] == {"cut": last["cut"], "customers": last["customers"], "of": total}
    assert last["customers"] < total
    said = results.check_sample(latest_run(ledger_project, "customers"))
    assert said == msg("customers.check.sample", date=last["cut"], n=last["customers"], total=total)
    assert f"counts {last['customers']:,} of its {total:,} customers" in str(said)


def test_scoring_in_parts_gives_the_scores_of_one_part(ledger_project, monkeypatch):
    """A shop with more customers than ``max_fit_customers`` fits on a sample and scores everyone
    in parts of SCORE_CHUNK, each written before the next: parts of 60 give one part's scores."""
    from engine.models.customers import service

    params = {**FAST, "max_customers_per_cut": 150, "max_fit_customers": 150}
    sql = ("SELECT customer_id, orders, spend, round(p_buy_again, 9), round(expected_orders, 9), "
           "round(expected_spend, 6), next_order_date, round(p_bgnbd, 9) FROM customer_scores "
           "WHERE run_id = ? ORDER BY customer_id")
    monkeypatch.setattr(service, "SCORE_CHUNK", 10**9)
    whole = train_customers(ledger_project, params=params)
    whole_bt = service.backtest_customers(ledger_project, params=params)
    monkeypatch.setattr(service, "SCORE_CHUNK", 60)
    parts = train_customers(ledger_project, params=params)
    parts_bt = service.backtest_customers(ledger_project, params=params)
    n = ledger_project.scalar("SELECT count(DISTINCT customer_id) FROM events WHERE event_type = 'purchase'")
    assert parts.metrics["n_customers"] == whole.metrics["n_customers"] == n > 5 * 60
    assert ledger_project.query(sql, [parts.run_id]) == ledger_project.query(sql, [whole.run_id])
    assert parts.metrics["baseline_params"] == whole.metrics["baseline_params"]
    for name, figures in whole_bt.metrics["future"].items():
        assert parts_bt.metrics["future"][name] == pytest.approx(figures, rel=1e-9), name


def test_parts_scored_ahead_on_a_thread_give_the_scores_scored_inline(ledger_project, monkeypatch):
    """From the command line a part's scores are worked out on a thread of their own while the next part is
    summarised and the last one written (engine.work_ahead): the same rows, in the same order, and the same
    backtest figures as scored inline."""
    import threading

    from engine.models.customers import service

    params = {**FAST, "max_customers_per_cut": 150, "max_fit_customers": 150}
    sql = "SELECT * EXCLUDE (run_id) FROM customer_scores WHERE run_id = ? ORDER BY rowid"
    monkeypatch.setattr(service, "SCORE_CHUNK", 60)
    score_all = service.score_all
    runs = {}
    for threads in (1, 2):
        where: list[str] = []

        def spied(*args, **kwargs):
            where.append(threading.current_thread().name)
            return score_all(*args, **kwargs)

        monkeypatch.setattr(service, "score_all", spied)
        monkeypatch.setattr(service, "prediction_threads", lambda t=threads: t)
        run = train_customers(ledger_project, params=params)
        backtest = service.backtest_customers(ledger_project, params=params)
        runs[threads] = (run, backtest, ledger_project.query(sql, [run.run_id]), list(where))
    (run1, bt1, rows1, where1), (run2, bt2, rows2, where2) = runs[1], runs[2]
    assert sum(n.startswith("customer-scores") for n in where2) >= 2 * 5      # five parts or more, twice
    assert not any(n.startswith("customer-scores") for n in where1)
    assert len(rows1) == run1.metrics["n_customers"] > 5 * 60
    assert rows2 == rows1
    assert bt2.metrics["future"] == bt1.metrics["future"]


def test_boosters_fitted_side_by_side_predict_what_one_thread_fits(monkeypatch):
    """From the command line the three boosters fit on threads of their own and rows are predicted
    in slices on threads: each on one OpenMP thread as before, so the predictions are the same to the
    last bit."""
    from engine.models.customers import learned

    rng = np.random.default_rng(2)
    X = rng.random((25_000, 6))   # predicted in two slices
    y_orders = rng.poisson(X[:, 0] * 2 + X[:, 1])
    y_spend = y_orders * (10 + 20 * X[:, 2])
    kw = {"seed": 3, "max_iter": 20}
    one = learned.LearnedCustomerModel(**kw).fit(X, y_orders, y_spend).predict(X)
    monkeypatch.setattr(learned, "prediction_threads", lambda: 2)
    side = learned.LearnedCustomerModel(**kw).fit(X, y_orders, y_spend).predict(X)
    for name in ("p_buy_again", "expected_orders", "expected_spend"):
        assert np.array_equal(getattr(side, name), getattr(one, name)), name


def test_binned_block_prediction_is_scikit_learns_predict_to_the_bit(monkeypatch):
    """The boosters predict from rows binned once a block (a tree's split is a bin's threshold): the
    numbers are each booster's own ``predict`` to the last bit, across block edges, for values off
    the training range, infinities and NaN, and with bins that differ between the boosters."""
    from engine.models.customers import learned

    rng = np.random.default_rng(5)
    X = rng.gamma(1.0, 1.0, (6_000, 5))
    X[:, 0] = np.round(X[:, 0] * 3)   # a few distinct values: splits between them
    y_orders = rng.poisson(0.5 * X[:, 0] + X[:, 1])
    y_spend = y_orders * (10 + 20 * X[:, 2])
    model = learned.LearnedCustomerModel(seed=1, max_iter=25, min_samples_leaf=20).fit(X, y_orders, y_spend)
    test = rng.gamma(1.0, 1.5, (3_001, 5))
    test[:5] = [np.inf, -np.inf, 1e300, -1.0, 0.0]
    test[7, 2] = np.nan
    test[8:20] = X[8:20]             # values on the training rows' bin edges
    monkeypatch.setattr(learned, "_BLOCK", 1_000)   # three blocks and a row

    def public(m) -> list[np.ndarray]:
        return [m.classifier_.predict_proba(test)[:, 1], np.maximum(m.orders_.predict(test), 0.0),
                np.maximum(m.spend_.predict(test), 0.0)]

    def check(m) -> None:
        got = m.predict(test)
        for name, want in zip(("p_buy_again", "expected_orders", "expected_spend"), public(m)):
            assert np.array_equal(getattr(got, name), want, equal_nan=True), name

    assert learned._same_bins((model.classifier_, model.orders_, model.spend_))
    check(model)
    # bins fitted on other rows (another table): each booster bins the rows itself
    other = learned.LearnedCustomerModel(seed=1, max_iter=25, min_samples_leaf=20).fit(X[::2], y_orders[::2],
                                                                                        y_spend[::2])
    model.spend_ = other.spend_
    assert not learned._same_bins((model.classifier_, model.orders_, model.spend_))
    check(model)


@pytest.mark.parametrize("threads", [1, 2])
def test_a_cancel_during_the_pooled_fits_starts_no_further_fit(threads):
    """A cancel while the boosters fit stops the pool at the fits under way: the first fit cancels
    as it runs (a user's click); at most the one beside it (two threads) still runs, none after."""
    import threading
    from functools import partial

    from engine.jobs import CancelToken, JobCancelled
    from engine.models.customers import candidates

    token, ran, cancelled = CancelToken(), [], threading.Event()

    def fit(i: int):
        ran.append(i)
        if i == 0:
            token.cancel()
            cancelled.set()
        else:
            # a fit beside the first is still running at the click: with no wait, it could end, and the next one
            # start, before the first fit's thread was scheduled at all (a race this test once lost)
            cancelled.wait(30)
        return i

    plans = [candidates.CutPlan(candidates.CutModels(None, None, None), [partial(fit, 3 * c + j) for j in range(3)])
             for c in range(3)]
    with pytest.raises(JobCancelled):
        candidates.fit_planned(plans, threads=threads, cancel=token)
    assert 0 in ran and set(ran) <= {0, 1}


def test_boosters_of_every_cut_fitted_at_once_are_each_cuts_own(monkeypatch):
    """The learned models of every cut fit in one pool (fit_planned, or PlannedFits as the plans are made): each
    cut's model predicts what its own fit_for_cut gives, to the bit, the baselines are asked for in the same order,
    and a cut whose customers all did the same keeps its note and no model, as before."""
    from functools import partial

    from engine.models.customers import candidates, summaries
    from engine.models.customers.bgnbd import simulate
    from engine.models.customers.learned import LearnedCustomerModel

    monkeypatch.setattr(candidates, "LearnedCustomerModel", partial(LearnedCustomerModel, max_iter=15))

    def cut_rows(cut: int, n: int, bought: bool | None = None) -> dict[str, np.ndarray]:
        rng = np.random.default_rng([cut, n])
        x, tx, T, later = simulate(0.8, 4.0, 0.6, 3.0, rng.uniform(5, 40, n), seed=cut, future=4.0)
        y = later if bought is None else np.full(n, 1.0 if bought else 0.0)
        d = {"customer_id": np.array([f"c{cut}_{i}" for i in range(n)]), "cut": np.full(n, cut),
             "x": x, "tx": tx, "T": T, "recency": T - tx, "orders": x + 1, "spend_mean": rng.gamma(2.0, 10.0, n),
             "orders_26w": x, "y_orders": y, "y_spend": y * 12.5}
        for f in summaries.FEATURES:
            d.setdefault(f, rng.random(n))
        return d

    def joined(*parts):
        return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}

    setups = [(joined(cut_rows(1, 800), cut_rows(2, 700)), cut_rows(3, 300)),
              (cut_rows(4, 500, bought=False), cut_rows(5, 200)),          # one outcome: no learned model
              (joined(cut_rows(2, 700), cut_rows(3, 600)), cut_rows(6, 300))]
    fits = {c: candidates.fit_baseline(cut_rows(c, 400), seed=0) for c in range(1, 7)}

    def run(how: str):
        asked: list[int] = []

        def baseline_at(cut):
            asked.append(int(cut))
            return fits[int(cut)]
        if how == "pooled":
            plans = [candidates.plan_for_cut(train, at, 4.0, 0, 10_000, baseline_at) for train, at in setups]
            candidates.fit_planned(plans, threads=2)
            return [p.models for p in plans], asked
        if how == "while planning":    # each cut's boosters started as its plan is made (as the service runs them)
            with candidates.PlannedFits(2) as planned:
                plans = [planned.add(candidates.plan_for_cut(train, at, 4.0, 0, 10_000, baseline_at))
                         for train, at in setups]
                planned.finish()
            return [p.models for p in plans], asked
        return [candidates.fit_for_cut(train, at, 4.0, 0, 10_000, baseline_at) for train, at in setups], asked

    one, asked_one = run("one by one")
    for how in ("pooled", "while planning"):
        _same_models(setups, one, asked_one, *run(how))


def _same_models(setups, one, asked_one, pooled, asked_pooled):
    from engine.models.customers import candidates

    assert asked_pooled == asked_one
    for (train, at), a, b in zip(setups, one, pooled):
        assert (a.learned is None) == (b.learned is None) and a.train_rows == b.train_rows
        assert [str(n) for n in a.notes] == [str(n) for n in b.notes]
        sa, sb = candidates.score_all(a, at, 4.0), candidates.score_all(b, at, 4.0)
        assert sa.keys() == sb.keys()
        for name in sa:
            for f in ("p_buy_again", "expected_orders", "expected_spend"):
                assert np.array_equal(getattr(sa[name], f), getattr(sb[name], f)), (name, f)
    assert pooled[1].learned is None and pooled[1].notes and pooled[0].learned is not None


def test_a_three_month_export_trains_the_learned_model_from_its_first_day(grocery_slice_file, tmp_path):
    """Twelve weeks of the real slice, whose first order is at 07:00: the training cut four weeks on, at
    midnight, counts from the first order's day (it was hours short of four weeks, so the learned model had no
    training cut and no out-of-sample score)."""
    from tests.conftest import open_copy

    project = open_copy(grocery_slice_file, tmp_path)
    try:
        end = project.scalar("SELECT max(ts) FROM events")
        start = datetime.combine(end.date(), datetime.min.time()) + timedelta(days=1) - timedelta(weeks=12)
        project.con.execute("DELETE FROM events WHERE ts < ?", [start])
        assert project.scalar("SELECT min(ts) FROM events").time() != datetime.min.time()
        result = train_customers(project, params=FAST)
        m = result.metrics
        assert np.isfinite(np.asarray(m["verdict"]["per_cut"]["learned"], float)).any()
        assert "nan" not in m["verdict_text"]
        # scored at one of the two cuts: its line on the page says so beside the others' means of two
        from engine.store.runs import get_run

        lines = [str(x) for x in results.verdict_lines(get_run(project, result.run_id))]
        assert m["mean_metrics"]["learned"]["cuts"] == 1 and m["mean_metrics"]["bgnbd"]["cuts"] == 2
        assert [line for line in lines if line.startswith("gradient boosting:")][0].endswith("(at 1 of the 2 cuts)")
        assert not [line for line in lines if line.startswith("BG/NBD + Gamma-Gamma:")][0].endswith("cuts)")
    finally:
        project.close()


def test_the_shipped_probabilities_are_the_winners_through_a_layer_fitted_at_the_latest_cut(ledger_project):
    """The Platt layer is fitted on the winner's probabilities at the latest evaluation cut and what happened in
    the H weeks after it; every customer's shipped probability is the winner's through it (BG/NBD's own is kept
    beside it, as it came)."""
    from engine.evaluation.platt import PlattCalibrator

    result = train_customers(ledger_project, params=FAST)
    m = result.metrics
    assert m["winner"] == "bgnbd"      # the ledger's: its own probabilities are the p_bgnbd column
    c = m["calibration"]
    assert c["cut"] == m["cuts"][-1]["cut"] and c["customers"] == m["cuts"][-1]["customers"]
    # the layer reaches the rate that bought again at its cut, which the raw probabilities missed
    assert abs(c["mean_calibrated"] - c["bought_rate"]) < 0.01 < abs(c["mean_p"] - c["bought_rate"])
    layer = PlattCalibrator()
    layer.coef_ = (c["a"], c["b"])
    shipped, raw = (np.array(v, float) for v in zip(*_scores_rows(ledger_project, result.run_id)))
    assert np.allclose(shipped, layer.transform(raw), atol=1e-9)
    assert not np.allclose(shipped, raw, atol=1e-3)
    lines = [str(x) for x in results.verdict_lines(latest_run(ledger_project, "customers"))]
    assert lines[-1].startswith(f"Probabilities calibrated at {c['cut']} (a Platt layer")


def _scores_rows(project, run_id: int) -> list[tuple[float, float]]:
    return project.query("SELECT p_buy_again, p_bgnbd FROM customer_scores WHERE run_id = ? ORDER BY customer_id",
                         [run_id])


def test_the_layer_makes_the_real_slices_probabilities_more_honest_on_the_weeks_after(grocery_slice_file, tmp_path):
    """100 real grocery customers, as of four weeks before the end: the shipped probabilities (BG/NBD through the
    layer) have a lower log-loss on the weeks after than BG/NBD's own, and rank them exactly as it does."""
    from tests.conftest import open_copy

    project = open_copy(grocery_slice_file, tmp_path)
    try:
        future = backtest_customers(project, params=FAST).metrics["future"]
    finally:
        project.close()
    assert future["shipped"]["auc"] == pytest.approx(future["bgnbd"]["auc"], abs=1e-12)
    assert future["shipped"]["log_loss"] < future["bgnbd"]["log_loss"] - 0.02


def test_a_run_without_an_evaluation_cut_ships_its_probabilities_as_they_come():
    from engine.models.customers.scores import Scores
    from engine.models.customers.service import _calibrated, _calibration

    layer, said = _calibration(None, "bgnbd", [])
    assert layer is None and said is None
    s = Scores(np.full(3, 0.3), np.ones(3), np.ones(3))
    assert _calibrated(s, None) is s
    # a planted miscalibration: 30% said, 60% bought
    rng = np.random.default_rng(0)
    p = np.clip(rng.normal(0.3, 0.05, 2000), 0.05, 0.95)
    bought = rng.random(2000) < 0.6
    layer, said = _calibration(({"bgnbd": Scores(p, p, p)}, bought), "bgnbd", [datetime(2024, 1, 1)])
    assert said["cut"] == "2024-01-01" and said["bought_rate"] == pytest.approx(bought.mean())
    assert _calibrated(Scores(p, p, p), layer).p_buy_again.mean() == pytest.approx(bought.mean(), abs=0.01)


def test_a_layer_that_barely_moves_the_probabilities_reads_without_a_minus_zero(ledger_project):
    train_customers(ledger_project, params=FAST)
    run = latest_run(ledger_project, "customers")
    run.metrics["calibration"] = {**run.metrics["calibration"], "a": -0.001, "b": 0.999}
    line = str(results.verdict_lines(run)[-1])
    assert "a = 0.00, b = 1.00" in line, line

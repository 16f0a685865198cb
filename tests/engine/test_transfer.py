"""Transfer: cold-start customers' scores come from customers like them (planted groups)."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.models.transfer.service import train_transfer
from engine.read.stored_text import stored_reason
from engine.store.errors import ProjectError
from engine.store.runs import latest_run


def _top3(project, run_id):
    rows = project.query("SELECT customer_id, category FROM shift_scores WHERE run_id = ? AND rank <= 3", [run_id])
    out: dict[str, list[str]] = {}
    for customer, category in rows:
        out.setdefault(customer, []).append(category)
    return out


def test_cold_start_customers_get_their_groups_categories(demo_project, demo_truth):
    result = train_transfer(demo_project)
    top = _top3(demo_project, result.run_id)
    cold = [c for c in demo_truth.cold_start if c in top]
    assert len(cold) >= 0.9 * len(demo_truth.cold_start)
    hit = np.mean([cat in demo_truth.group_categories[demo_truth.group[c]] for c in cold for cat in top[c]])
    # the same customers ranked by plain popularity (their bought categories excluded, as for the model)
    popular = [r[0] for r in demo_project.query(
        "SELECT category FROM events WHERE event_type = 'purchase' GROUP BY 1 ORDER BY count(*) DESC")]
    bought = {}
    for customer, category in demo_project.query(
            "SELECT DISTINCT customer_id, category FROM events WHERE event_type = 'purchase'"):
        bought.setdefault(customer, set()).add(category)
    pop_hit = np.mean([cat in demo_truth.group_categories[demo_truth.group[c]]
                       for c in cold for cat in [p for p in popular if p not in bought.get(c, set())][:3]])
    assert hit > 0.5 and hit > 1.5 * pop_hit, (hit, pop_hit)
    assert result.metrics["auc"] > result.metrics["auc_popularity"]
    # the verdict, on the customers who were new at two past cuts (what they bought next), names the neighbours
    m = result.metrics
    assert m["verdict"]["outcome"] == "beats" and m["winner"] == "neighbours" and len(m["verdict"]["cuts"]) == 2
    assert m["verdict_on"] == "new_customers" and m["cut_buyers"] >= 2 * 30
    assert "scored by nearest neighbours" in str(result.message)
    assert "on the customers who were new at 2 past cuts" in str(result.message)
    assert all(r[0].startswith(("New customer", "New visitor")) for r in demo_project.query(
        "SELECT reason FROM shift_scores WHERE run_id = ? LIMIT 50", [result.run_id]))


def test_established_customers_are_described_as_they_were_when_new(demo_project):
    """The customers the neighbours are drawn from are described as the cold-start customers they score are:
    with fewer than min_purchases orders (up to their min_purchases-th, at most their first early_days),
    each labelled by the weeks after that moment, all before the as-of date."""
    from engine.models.base import resolve_as_of
    from engine.models.transfer.features import basket, established, vocabulary
    from engine.models.transfer.params import TransferParams
    from engine.models.transfer.run_tables import run_tables

    p = TransferParams()
    as_of = resolve_as_of(demo_project, None)
    with run_tables(demo_project) as tables:
        vocab = vocabulary(demo_project, as_of, p.max_categories, tables)
        ref = established(demo_project, vocab, as_of, early_days=p.early_days, horizon_weeks=p.horizon_weeks,
                          min_purchases=p.min_purchases, limit=p.max_reference, tables=tables, cancel=CancelToken())
    assert len(ref.customer_ids) > 100
    assert ref.purchases.max() < p.min_purchases and ref.purchases.max() > 0
    # the window ends at the min_purchases-th purchase or after early_days, whichever comes first
    rows = dict(demo_project.query(f"""
        SELECT customer_id, least(min(first) + INTERVAL {p.early_days} DAY,
                                  min(first, {p.min_purchases}) FILTER (WHERE bought)[{p.min_purchases}]) - min(first)
        FROM (SELECT customer_id, {basket()}, event_type = 'purchase' AS bought, min(ts) AS first
              FROM events WHERE ts < ? GROUP BY ALL)
        GROUP BY customer_id""", [as_of]))
    spans = [rows[c] for c in ref.customer_ids]
    assert max(spans).days <= p.early_days and min(spans).days < p.early_days
    # labelled by the categories entered after that moment: never one already bought in the window
    assert (ref.labels.sum(axis=1) > 0).mean() > 0.2 and not (ref.labels.astype(bool) & ref.seen).any()


def test_a_shop_with_few_new_customers_is_judged_on_held_out_groups(demo_project):
    """The grocery dev file has 3-8 new customers buying at each past cut: no cut counts, and the verdict is on
    held-out groups of established customers (described as they were when new), as the message says."""
    result = train_transfer(demo_project, params={"cut_min_buyers": 10**6})
    m = result.metrics
    assert m["verdict_on"] == "held_out_groups" and len(m["verdict"]["cuts"]) == 3 and m["holdout_customers"] > 0
    assert "3 held-out groups of established customers" in str(result.message)
    none = train_transfer(demo_project, params={"eval_cuts": 0}).metrics
    assert none["verdict_on"] == "held_out_groups" and none["verdict"] == m["verdict"]


def test_a_cut_with_too_few_new_buyers_is_passed_over_for_an_earlier_one(demo_project):
    """The demo shop's new customers buying after its last three cuts: 138, 115 and 173. Asking for 120, the
    verdict is at the first and third cut (4 and 12 weeks before the as-of date)."""
    from engine.models.base import resolve_as_of

    as_of = resolve_as_of(demo_project, None)
    m = train_transfer(demo_project, params={"cut_min_buyers": 120}).metrics
    assert m["verdict_on"] == "new_customers" and m["cut_buyers"] == 138 + 173
    assert m["verdict"]["cuts"] == [f"{as_of - timedelta(weeks=w):%Y-%m-%d}" for w in (4, 12)]


def test_popularity_ships_where_the_neighbours_do_not_beat_it(demo_project, monkeypatch):
    """Neighbours found by descriptions that belong to other customers (shuffled: noise) lose to popularity on
    every past cut: popularity scores the cold-start customers, and their reasons say what ranked them."""
    from engine.models.transfer import features

    described = features.established

    def shuffled(*args, **kwargs):
        ref = described(*args, **kwargs)
        ref.X[:] = ref.X[np.random.default_rng(0).permutation(len(ref.X))]
        return ref

    monkeypatch.setattr("engine.models.transfer.service.established", shuffled)
    result = train_transfer(demo_project)
    m = result.metrics
    assert m["verdict"]["outcome"] == "loses" and m["winner"] == "popularity", m["verdict"]
    assert "scored by category popularity" in str(result.message)
    rows = demo_project.query("SELECT customer_id, category, score, reason FROM shift_scores WHERE run_id = ?",
                              [result.run_id])
    assert rows and all(r[3].endswith("ranked by what new customers most often go on to buy") for r in rows)
    assert all(isinstance(stored_reason(r[3]), list) for r in rows[:20])   # read back as messages, translatable
    # a visitor (no purchase yet, no own history to blend) gets each category's popularity: one score a category
    by_category: dict[str, set[float]] = {}
    for _, category, score, reason in rows:
        if reason.startswith("New visitor"):
            by_category.setdefault(category, set()).add(round(score, 9))
    assert by_category and all(len(scores) == 1 for scores in by_category.values())


def test_same_data_gives_same_scores(demo_project):
    a = train_transfer(demo_project).run_id
    b = train_transfer(demo_project).run_id
    q = "SELECT customer_id, category, score, rank FROM shift_scores WHERE run_id = ? ORDER BY 1, 2"
    assert demo_project.query(q, [a]) == demo_project.query(q, [b])


def test_the_horizon_is_in_weeks_like_every_models(demo_project):
    """horizon_weeks=4 is the 28 days transfer labelled by before the shared name; 2 weeks labels fewer."""
    four = train_transfer(demo_project, params={"horizon_weeks": 4})
    two = train_transfer(demo_project, params={"horizon_weeks": 2})
    assert latest_run(demo_project, "transfer").params["horizon_weeks"] == 2
    q = "SELECT customer_id, category, score, rank FROM shift_scores WHERE run_id = ? ORDER BY 1, 2"
    assert demo_project.query(q, [four.run_id]) == demo_project.query(q, [train_transfer(demo_project).run_id])
    assert demo_project.query(q, [two.run_id]) != demo_project.query(q, [four.run_id])
    with pytest.raises(ProjectError, match="horizon_weeks"):
        train_transfer(demo_project, params={"horizon_weeks": 0})
    with pytest.raises(ProjectError, match="horizon_days"):
        train_transfer(demo_project, params={"horizon_days": 28})


def test_own_history_weighs_more_as_purchases_grow(demo_project):
    from engine.models.transfer.features import basket

    base = train_transfer(demo_project)
    customer, category, transfer, n = demo_project.query(f"""
        SELECT s.customer_id, s.category, s.score, count(DISTINCT {basket('e')})
        FROM shift_scores s JOIN events e ON e.customer_id = s.customer_id AND e.event_type = 'purchase'
        WHERE s.run_id = ? GROUP BY ALL HAVING count(DISTINCT {basket('e')}) = 2 ORDER BY 1, 2 LIMIT 1""",
                                                     [base.run_id])[0]
    cur = demo_project.cursor()
    cur.execute("INSERT INTO model_runs (run_id, kind, status) VALUES (999, 'migration', 'done')")
    cur.execute("INSERT INTO shift_scores (run_id, customer_id, category, score, rank, source) "
                "VALUES (999, ?, ?, 0.99, 1, 'model')", [customer, category])
    blended = train_transfer(demo_project)
    score = demo_project.scalar("SELECT score FROM shift_scores WHERE run_id = ? AND customer_id = ? AND category = ?",
                                [blended.run_id, customer, category])
    w = n / (n + 3.0)
    assert score == pytest.approx(w * 0.99 + (1 - w) * transfer, rel=1e-6)


def test_a_purchase_is_an_order_not_a_line(tmp_path):
    """A basket of five lines is one purchase: its customer is still new (fewer than three), as is one who bought
    twice on a day without order ids; three orders of one line each make a customer established."""
    from engine.ingest import import_file
    from engine.models.transfer.features import close_window, open_cold_start
    from engine.models.transfer.run_tables import run_tables
    from engine.store import create_project

    lines = ["customer_id,ts,event_type,order_id,item_id,category"]
    lines += [f"basket,2026-01-05 10:00:00,purchase,O1,I{i},C{i}" for i in range(5)]
    lines += [f"thrice,2026-01-0{d} 10:00:00,purchase,T{d},I1,C1" for d in (5, 6, 7)]
    lines += ["no_ids,2026-01-05 10:00:00,purchase,,I1,C1", "no_ids,2026-01-05 18:00:00,purchase,,I2,C2",
              "no_ids,2026-01-06 09:00:00,purchase,,I3,C3", "viewer,2026-01-05 10:00:00,view,,I1,C1"]
    (tmp_path / "shop.csv").write_text("\n".join(lines) + "\n")
    with create_project(tmp_path / "p.shiftwise") as project:
        import_file(project, tmp_path / "shop.csv")
        cur = project.cursor()
        with run_tables(project) as tables:
            n = open_cold_start(cur, datetime(2026, 2, 1), min_purchases=3, tables=tables)
        cold = dict(cur.execute("SELECT customer_id, orders FROM tw LEFT JOIN tw_orders USING (rn)").fetchall())
        close_window(cur)
    assert n == 3 and cold == {"basket": 1, "no_ids": 2, "viewer": None}


def test_cancel_leaves_no_half_run(demo_project):
    done = train_transfer(demo_project)
    token = CancelToken()

    def progress(d, t, m="", p=None):
        if d >= 45:
            token.cancel()

    with pytest.raises(JobCancelled):
        train_transfer(demo_project, progress=progress, cancel=token)
    assert latest_run(demo_project, "transfer").run_id == done.run_id
    assert demo_project.scalar("SELECT count(*) FROM shift_scores WHERE run_id > ?", [done.run_id]) == 0


def test_shifts_export_takes_cold_start_customers_from_transfer(demo_project, tmp_path):
    """The shifts export is what campaigns use: migration scores, with the transfer run's rows
    for the customers it scored (same as-of date)."""
    import datetime as dt

    from engine.models.migration.service import export_sql

    as_of = dt.datetime(2026, 11, 1)
    cur = demo_project.cursor()
    cur.execute("INSERT INTO model_runs (run_id, kind, status, as_of) VALUES (900, 'migration', 'done', ?)", [as_of])
    cur.execute("INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source) VALUES "
                "(900, 'C000001', 'Tea', 0.2, 1, 'model', 'model'), (900, 'ZZ-NEW', 'Tea', 0.01, 1, 'thin', 'model')")
    transfer = train_transfer(demo_project, as_of=as_of)
    cold = {r[0] for r in demo_project.query("SELECT DISTINCT customer_id FROM shift_scores WHERE run_id = ?",
                                              [transfer.run_id])}
    sql, params = export_sql(demo_project)
    rows = demo_project.query(sql, params)
    sources = {(r[0], r[5]) for r in rows}
    assert ("C000001", "model") in sources or "C000001" in cold
    assert ("ZZ-NEW", "model") in sources  # not a customer transfer knows: the model's row stays
    assert all(src == "transfer" for customer, src in sources if customer in cold)
    # the pair's per-category figures, kept with the transfer run: what counting them now gives
    from engine.models.scores import CATEGORY_TOTALS, category_totals, count_category_totals
    kept = transfer.metrics[CATEGORY_TOTALS]
    assert (kept["migration_run"], kept["transfer_run"]) == (900, transfer.run_id)
    again = count_category_totals(cur, 900, transfer.run_id)["rows"]
    assert [r[:2] + r[3:4] for r in kept["rows"]] == [r[:2] + r[3:4] for r in again]
    assert [r[4] for r in kept["rows"]] == pytest.approx([r[4] for r in again], rel=1e-9)
    assert category_totals(demo_project, 900, transfer.run_id) == [tuple(r) for r in kept["rows"]]
    # a pair neither run kept (a migration run made since): counted when read
    cur.execute("INSERT INTO model_runs (run_id, kind, status, as_of) VALUES (901, 'migration', 'done', ?)", [as_of])
    counted = category_totals(demo_project, 901, transfer.run_id)
    again = count_category_totals(cur, 901, transfer.run_id)["rows"]
    assert [(r[0], r[1], r[3]) for r in counted] == [(r[0], r[1], r[3]) for r in again]
    assert [r[2] for r in counted] == pytest.approx([r[2] for r in again], rel=1e-9)


def test_scoring_in_parts_writes_what_scoring_at_once_does(demo_project, monkeypatch):
    """Cold-start customers go in parts (bounded memory): parts of 7 customers, each blended with
    its own migration scores, give the rows one part holding everyone gives."""
    from engine.models.transfer import service
    from engine.store.runs import model_run

    # a migration run whose scores the blend reads, for some cold-start customers
    with model_run(demo_project, "migration", as_of=None, params={}) as run:
        demo_project.con.execute("""
            INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source)
            SELECT ?, customer_id, category, 0.9, 1, 'planted', 'model'
            FROM (SELECT DISTINCT customer_id, category FROM events WHERE category IS NOT NULL)
            WHERE hash(customer_id || category) % 5 = 0""", [run.run_id])
    sql = ("SELECT customer_id, category, round(score, 6), rank, reason FROM shift_scores "
           "WHERE run_id = ? ORDER BY customer_id, category")
    whole = train_transfer(demo_project)
    monkeypatch.setattr(service, "CHUNK_CUSTOMERS", 7)
    parts = train_transfer(demo_project)
    assert whole.metrics["blended_with_run"] == run.run_id
    assert parts.metrics["cold_customers"] == whole.metrics["cold_customers"] > 7 * 3
    assert parts.metrics["pairs_written"] == whole.metrics["pairs_written"]
    assert demo_project.query(sql, [parts.run_id]) == demo_project.query(sql, [whole.run_id])



def test_parts_checkpointed_as_they_are_written_keep_their_rows(demo_project, monkeypatch):
    """A checkpoint after every part (engine.store.checkpoints) writes the rows one run without them does; a run
    cancelled after some checkpoints leaves none."""
    from engine.models.transfer import service
    from engine.store import checkpoints as checkpoints_mod

    sql = "SELECT * EXCLUDE (run_id) FROM shift_scores WHERE run_id = ? ORDER BY ALL"
    plain = train_transfer(demo_project)
    taken: list = []

    class Counted(service.AppendCheckpoints):
        def checkpoint(self):
            before, pending = self.taken, self.pending
            super().checkpoint()
            if pending:
                taken.append(self.taken - before)

    monkeypatch.setattr(checkpoints_mod, "CHECKPOINT_ROWS", 1)
    monkeypatch.setattr(service, "AppendCheckpoints", Counted)
    monkeypatch.setattr(service, "CHUNK_CUSTOMERS", 7)
    parts = train_transfer(demo_project)
    assert sum(taken) > 3 and all(taken)            # every part's checkpoint was taken, none refused
    assert parts.metrics["pairs_written"] == plain.metrics["pairs_written"]
    assert demo_project.query(sql, [parts.run_id]) == demo_project.query(sql, [plain.run_id])

    taken.clear()
    token = CancelToken()

    def progress(d, t, m="", p=None):
        if len(taken) >= 2:
            token.cancel()

    with pytest.raises(JobCancelled):
        train_transfer(demo_project, progress=progress, cancel=token)
    assert sum(taken) >= 2
    assert latest_run(demo_project, "transfer").run_id == parts.run_id
    assert demo_project.scalar("SELECT count(*) FROM shift_scores WHERE run_id > ?", [parts.run_id]) == 0

def test_neighbours_are_scikit_learns_cosine_neighbours():
    """The float32 product + partial sort over distinct rows scores what scikit-learn's brute-force
    cosine neighbours give (no two references equal here, so no ties to share)."""
    from sklearn.neighbors import NearestNeighbors

    from engine.models.transfer.model import NeighbourTransfer

    rng = np.random.default_rng(4)
    ref = ((rng.random((3000, 60)) < 0.1) * rng.random((3000, 60))).astype(np.float32)
    ref[:, 58:] = rng.random((3000, 2)) + 0.1   # rows with one value are equal after scaling: no ties
    ref[:5] = 0.0   # references with an empty description are never close to anyone
    Y = (rng.random((3000, 8)) < 0.2).astype(np.float32)
    queries = ((rng.random((700, 60)) < 0.1) * rng.random((700, 60))).astype(np.float32)
    queries[:, 1] += 0.01   # no empty query (the prior)
    model = NeighbourTransfer(n_neighbors=25, prior_weight=5.0).fit(ref, Y)
    assert len(model.reference_) == 2996   # the five empty ones are one row
    _, theirs = NearestNeighbors(n_neighbors=25, metric="cosine", algorithm="brute").fit(ref).kneighbors(queries)
    expected = (Y[theirs].sum(axis=1) + 5.0 * Y.mean(axis=0)) / (25 + 5.0)
    np.testing.assert_allclose(model.predict_proba(queries), expected, rtol=0, atol=1e-5)


def test_equal_references_share_the_neighbourhood_evenly():
    """Two customers with one description are one reference row weighing two, with their mean labels:
    a reference set of pairs with 2k neighbours scores what the single rows with their mean labels
    and k neighbours score; a row cut by the k-th neighbour counts in part, whichever copy a sort
    would have put first."""
    from engine.models.transfer.model import NeighbourTransfer

    rng = np.random.default_rng(6)
    ref = ((rng.random((500, 30)) < 0.2) * rng.random((500, 30))).astype(np.float32)
    ref[:, 28:] = rng.random((500, 2)) + 0.1   # every row distinct after scaling
    y1, y2 = ((rng.random((500, 5)) < 0.3).astype(np.float32) for _ in range(2))
    queries = ((rng.random((200, 30)) < 0.2) * rng.random((200, 30)) + 0.01).astype(np.float32)
    pairs = NeighbourTransfer(n_neighbors=20, prior_weight=0.0).fit(np.vstack([ref, ref]), np.vstack([y1, y2]))
    single = NeighbourTransfer(n_neighbors=10, prior_weight=0.0).fit(ref, (y1 + y2) / 2)
    assert len(pairs.reference_) == 500 and set(pairs.weight_) == {2.0}
    np.testing.assert_allclose(pairs.predict_proba(queries), single.predict_proba(queries), rtol=0, atol=1e-5)

    # the nearest customer, then two equal ones of which the second neighbour is half of each
    cut = NeighbourTransfer(n_neighbors=2, prior_weight=0.0).fit(
        np.array([[1, 0], [1, 1], [1, 1]], dtype=np.float32), np.array([[1], [1], [0]], dtype=np.float32))
    assert cut.predict_proba(np.array([[1, 0.1]], dtype=np.float32))[0, 0] == pytest.approx(0.75)


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [3, 0, 5, 1, 4, 2]])
def test_rows_as_close_as_the_last_neighbour_share_it_evenly(order):
    """Distinct descriptions exactly as similar as the k-th neighbour share the customers still needed,
    whichever of them a top-k returns and however the references are ordered: the nearest row counts
    whole, then five rows tied at the edge give two customers among them (2/5 each)."""
    from engine.models.transfer.model import NeighbourTransfer

    ref = np.zeros((6, 6), dtype=np.float32)
    ref[:, 0] = 1.0
    for i in range(1, 6):
        ref[i, i] = 1.0      # five rows, each 1/sqrt(2) from the query
    Y = np.array([[1], [1], [1], [0], [0], [0]], dtype=np.float32)
    model = NeighbourTransfer(n_neighbors=3, prior_weight=0.0).fit(ref[order], Y[order])
    query = np.array([[1, 0, 0, 0, 0, 0]], dtype=np.float32)
    # one whole customer (label 1) + 2/5 of the tied rows' labels (two of five are 1): (1 + 0.8) / 3
    assert model.predict_proba(query)[0, 0] == pytest.approx((1 + 2 * 2 / 5) / 3)
    taken = model.neighbour_weights(query)
    assert taken.sum() == pytest.approx(3.0) and taken.nnz == 6


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_edges_found_in_the_top_k_take_what_the_whole_block_gives(seed):
    """Entries at least the edge, looked for among the top-k where no row outside can tie it, are the
    ones a scan of the whole block finds, in its order, to the bit: binary descriptions tie often
    (many rows here need the whole scan), empty rows tie everywhere, and k above the
    number of reference rows takes them all."""
    import torch

    from engine.models.transfer.model import NeighbourTransfer, _at_least

    rng = np.random.default_rng(seed)
    ref = (rng.random((400, 12)) < 0.3).astype(np.float32)
    ref[rng.random(400) < 0.5] *= rng.integers(1, 4, size=(1, 12)).astype(np.float32)
    queries = (rng.random((300, 12)) < 0.3).astype(np.float32)
    queries[:7] = 0.0
    for k in (1, 10, 50, 1000):
        model = NeighbourTransfer(n_neighbors=k, prior_weight=0.0).fit(ref, np.ones((400, 1), np.float32))
        sim = (queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), 1e-30)) @ model.reference_.T
        top, at = (t.numpy() for t in torch.topk(torch.from_numpy(sim), min(model.k_, sim.shape[1]), dim=1))
        reach = np.cumsum(model.weight_[at], axis=1)
        edge = np.take_along_axis(top, np.argmax(reach >= model.k_, axis=1)[:, None], axis=1)
        rows, cols, near = _at_least(sim, top, at, edge)
        whole_rows, whole_cols = np.nonzero(sim >= edge)
        np.testing.assert_array_equal(rows, whole_rows)
        np.testing.assert_array_equal(cols, whole_cols)
        np.testing.assert_array_equal(near, sim[whole_rows, whole_cols])
        if k in (10, 50):   # both ways are taken (k = 1 and k over every row always scan the whole row)
            assert 0 < (top[:, -1] >= edge[:, 0]).mean() < 1


def test_parts_read_the_windows_counts_not_the_events(demo_project):
    """The events are counted once per window (open_window); a part reads its range of those counts.
    Scanning the events once a part would make the cold-start step quadratic in customers."""
    from engine.models.base import resolve_as_of
    from engine.models.transfer.features import close_window, describe_part, open_cold_start, vocabulary
    from engine.models.transfer.run_tables import run_tables

    as_of = resolve_as_of(demo_project, None)
    cur = demo_project.cursor()
    with run_tables(demo_project) as tables:
        vocab = vocabulary(demo_project, as_of, 30, tables)
        n = open_cold_start(cur, as_of, min_purchases=3, tables=tables)
    whole = describe_part(cur, vocab, 0, n)
    cur.execute("ALTER TABLE events RENAME TO events_hidden")
    try:
        parts = [describe_part(cur, vocab, lo, lo + 7) for lo in range(0, n, 7)]
    finally:
        cur.execute("ALTER TABLE events_hidden RENAME TO events")
        close_window(cur)
    assert n > 7 * 3 and sum(len(p.customer_ids) for p in parts) == n
    np.testing.assert_array_equal(np.concatenate([p.customer_ids for p in parts]), whole.customer_ids)
    np.testing.assert_array_equal(np.vstack([p.X for p in parts]), whole.X)
    np.testing.assert_array_equal(np.vstack([p.seen for p in parts]), whole.seen)
    np.testing.assert_array_equal(np.concatenate([p.purchases for p in parts]), whole.purchases)
    assert whole.X.any() and whole.seen.any()


def test_equal_descriptions_are_searched_once_with_the_same_result(monkeypatch):
    """predict_proba searches each distinct row once (short histories repeat) and gives every row
    what searching them all gives."""
    from engine.models.transfer.model import NeighbourTransfer

    rng = np.random.default_rng(5)
    ref = ((rng.random((2000, 40)) < 0.15) * rng.random((2000, 40))).astype(np.float32)
    model = NeighbourTransfer(n_neighbors=20).fit(ref, (rng.random((2000, 6)) < 0.3).astype(np.float32))
    distinct = ((rng.random((90, 40)) < 0.15) * rng.random((90, 40))).astype(np.float32)
    distinct[0] = 0.0   # an empty description: the prior
    queries = distinct[rng.integers(0, 90, 600)]
    every = model._predict_rows(queries)
    searched: list[int] = []
    original = NeighbourTransfer._predict_rows
    monkeypatch.setattr(NeighbourTransfer, "_predict_rows",
                        lambda self, X, cancel=None, threads=1: searched.append(len(X)) or original(self, X, cancel))
    once = model.predict_proba(queries)
    assert searched == [len(np.unique(queries, axis=0))] and searched[0] <= 90
    np.testing.assert_allclose(once, every, rtol=0, atol=1e-6)
    empty = queries.sum(axis=1) == 0
    assert empty.any() and np.array_equal(once[empty], np.broadcast_to(model.prior_, once[empty].shape))
    assert model.predict_proba(queries[:1]).shape == (1, 6) and model.predict_proba(queries[:0]).shape == (0, 6)


def test_each_customer_keeps_the_top_candidates_and_those_over_the_floor(demo_project):
    """Like migration's: the rows kept are those of a run keeping everything ranked within
    ``keep_top`` or scored at least ``score_floor``, with the same ranks and scores."""
    sql = ("SELECT customer_id, category, round(score, 6), rank, reason FROM shift_scores "
           "WHERE run_id = ? {} ORDER BY customer_id, category")
    every = train_transfer(demo_project, params={"keep_top": 1000, "score_floor": 2.0})
    floor = float(demo_project.query("SELECT quantile_disc(score, 0.9) FROM shift_scores WHERE run_id = ?",
                                      [every.run_id])[0][0])
    kept = train_transfer(demo_project, params={"keep_top": 3, "score_floor": floor})
    expected = demo_project.query(sql.format("AND (rank <= 3 OR score >= ?)"), [every.run_id, floor])
    assert demo_project.query(sql.format(""), [kept.run_id]) == expected
    deep = demo_project.query("SELECT count(*) FROM shift_scores WHERE run_id = ? AND rank > 3", [kept.run_id])
    assert 0 < deep[0][0] and len(expected) < every.metrics["pairs_written"]
    assert every.metrics["pairs_written"] == every.metrics["candidate_pairs"] == kept.metrics["candidate_pairs"]
    assert kept.metrics["pairs_written"] == len(expected)
    with pytest.raises(ProjectError):
        train_transfer(demo_project, params={"keep_top": 0})


def test_blocks_searched_on_threads_give_the_same_probabilities():
    """Several blocks at once (the command line's cores) give every row what one at a time does."""
    from engine.models.transfer import model as transfer_model
    from engine.models.transfer.model import NeighbourTransfer

    rng = np.random.default_rng(3)
    X = (rng.random((900, 30)) < 0.2) * rng.random((900, 30))
    Y = (rng.random((900, 8)) < 0.3).astype(np.float32)
    queries = ((rng.random((1_000, 30)) < 0.2) * rng.random((1_000, 30))).astype(np.float32)
    model = NeighbourTransfer(n_neighbors=20).fit(X, Y)
    assert len(np.unique(queries, axis=0)) > 3 * transfer_model._BATCH   # several blocks
    once = model.predict_proba(queries)
    assert np.array_equal(model.predict_proba(queries, threads=2), once)
    assert np.array_equal(model.predict_proba(queries, threads=4), once)


def test_attribute_keys_that_read_alike_fill_one_column(demo_project):
    """An attribute and value whose text spells another pair's ("a=b" + "c" and "a" + "b=c") fill
    the first pair's column once, as matching the text did: never two columns, never twice."""
    from engine.models.transfer.features import Vocabulary, _key_table

    cur = demo_project.cursor()
    _key_table(cur, Vocabulary(["x", "y"], [("a=b", "c"), ("a", "b=c"), ("d", "e")]))
    rows = cur.execute("SELECT kind, key, j FROM tw_keys ORDER BY kind, j").fetchall()
    assert rows == [("attribute", "a=b=c", 0), ("attribute", "d=e", 2), ("category", "x", 0), ("category", "y", 1)]


def test_distinct_rows_come_as_numpys_unique_gives_them():
    """The rows' own dedup returns np.unique's first indexes and inverse over the rows' bytes (so the
    searches go in the same blocks): -0.0 and 0.0 apart, NaN rows, widths not a multiple of 8 bytes."""
    from engine.models.transfer.model import _unique_rows

    rng = np.random.default_rng(4)
    for n, d in ((2_000, 3), (2_000, 5), (500, 1), (3_000, 30)):
        X = (rng.integers(0, 3, (n, d)) * rng.choice([-1.0, 1.0, 0.5], (n, d))).astype(np.float32)
        X[X == 0] = rng.choice([0.0, -0.0], int((X == 0).sum()))
        X[::97] = np.nan
        _, first, inverse = np.unique(X.view(np.dtype((np.void, 4 * d))).ravel(), return_index=True,
                                      return_inverse=True)
        mine_first, mine_inverse = _unique_rows(X)
        assert np.array_equal(mine_first, first) and np.array_equal(mine_inverse, inverse.ravel())
    assert [len(a) for a in _unique_rows(np.zeros((0, 4), np.float32))] == [0, 0]


def test_a_customer_in_two_exports_gets_each_attribute_once_with_the_latest_value(demo_project):
    """customer_attributes keeps a row per import: a customer in a second export (same region, or a new one)
    is described by each attribute's latest value, one-hot, never a column summed to 2 nor two regions."""
    from engine.features.current_attributes import ATTRIBUTE_ROWS, ROLES, seen_column
    from engine.models.base import resolve_as_of
    from engine.models.transfer.features import close_window, describe_part, open_cold_start, vocabulary
    from engine.models.transfer.run_tables import run_tables

    cur = demo_project.cursor()
    as_of = resolve_as_of(demo_project, None)

    def described():
        with run_tables(demo_project) as tables:
            vocab = vocabulary(demo_project, as_of, 30, tables)
            n = open_cold_start(cur, as_of, min_purchases=3, tables=tables)
        try:
            part = describe_part(cur, vocab, 0, n)
        finally:
            close_window(cur)
        return vocab, dict(zip(part.customer_ids, part.X[:, :len(vocab.attributes)]))

    vocab, before = described()
    moved, stayed = sorted(before)[:2]
    old = dict(cur.execute(f"SELECT attribute, value FROM {ATTRIBUTE_ROWS} WHERE customer_id = ?",
                           [moved]).fetchall())
    new_region = next(v for a, v in vocab.attributes if a == "region" and v != old["region"])
    # a later export: every customer's attributes again, one customer with a new region
    later = ", ".join(f"{'CASE WHEN customer_id = ? THEN ? ELSE region END' if r == 'region' else r}, "
                      f"{seen_column(r)} + INTERVAL 1 DAY" for r in ROLES)
    cur.execute(f"INSERT INTO customer_attributes SELECT customer_id, import_id + 1, {later} FROM customer_attributes",
                [moved, new_region])
    vocab_after, after = described()
    assert vocab_after == vocab
    column = {f"{a}={v}": j for j, (a, v) in enumerate(vocab.attributes)}
    np.testing.assert_array_equal(after[stayed], before[stayed])
    assert set(np.unique(np.vstack(list(after.values())))) <= {0.0, 1.0}
    assert after[moved][column[f"region={new_region}"]] == 1
    assert after[moved][column[f"region={old['region']}"]] == 0


def _written_vs_bought(project, run_id: int, as_of: datetime, weeks: int) -> tuple[float, int]:
    """The run's pairs' scores summed, and how many of the pairs' customers bought the category in the weeks after."""
    return project.query(
        "SELECT sum(s.score), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM events e WHERE e.customer_id = s.customer_id "
        "AND e.category = s.category AND e.event_type = 'purchase' AND e.ts > ? AND e.ts <= ?)) "
        "FROM shift_scores s WHERE s.run_id = ?", [as_of, as_of + timedelta(weeks=weeks), run_id])[0]


def test_the_shipped_probabilities_are_calibrated_on_the_customers_new_at_the_past_cuts(demo_project, monkeypatch):
    """The neighbours are established customers, who kept buying; a new customer often does not. A layer fitted on
    the customers new at the verdict's past cuts brings the demo shop's new customers' expected entries (as of four
    weeks before the end) nearer to what they bought in those weeks than the neighbours' rates as they come."""
    from engine.models.base import resolve_as_of
    from engine.models.transfer import service

    as_of = resolve_as_of(demo_project, None) - timedelta(weeks=4)
    m = train_transfer(demo_project, as_of=as_of).metrics
    c = m["calibration"]
    assert c["cuts"] == m["verdict"]["cuts"] and c["pairs"] > 1000
    assert c["mean_calibrated"] == pytest.approx(c["rate"], abs=0.005) and c["mean_p"] > 1.5 * c["rate"]
    assert "Calibrated on the customers who were new at" in m["calibration_text"]
    expected, bought = _written_vs_bought(demo_project, latest_run(demo_project, "transfer").run_id, as_of, 4)
    monkeypatch.setattr(service, "_calibration", lambda pairs, cuts: (None, None))
    raw = train_transfer(demo_project, as_of=as_of)
    assert "calibration" not in raw.metrics
    raw_expected, raw_bought = _written_vs_bought(demo_project, raw.run_id, as_of, 4)
    assert abs(np.log(bought / expected)) < abs(np.log(raw_bought / raw_expected)) / 2, (
        expected, bought, raw_expected, raw_bought)


def test_a_verdict_on_held_out_established_customers_calibrates_nothing():
    from engine.models.transfer.service import _calibration

    assert _calibration(None, []) == (None, None)
    rng = np.random.default_rng(0)
    # a fifth of what is said happens: 20% said, 4% happen
    pairs = [(p, rng.random(5000) < p / 5) for p in (rng.uniform(0.1, 0.3, 5000) for _ in range(2))]
    layer, said = _calibration(pairs, ["2024-01-01", "2023-12-04"])
    assert said["pairs"] == 10_000 and said["rate"] == pytest.approx(np.mean([y for _, y in pairs]))
    assert layer.transform(np.concatenate([p for p, _ in pairs])).mean() == pytest.approx(said["rate"], abs=0.002)


def test_parts_are_scored_at_a_share_of_the_cap_with_the_rows_a_whole_cap_gives(demo_project, monkeypatch):
    """DuckDB keeps the written parts' pages in its pool up to its cap, beside the scoring's arrays (issue #13: the
    process under 2 GB): the parts run at SCORING_MEMORY_SHARE of the project's cap, which comes back after the
    run, however it ends; the rows are those the whole cap gives."""
    from engine.models.transfer import service
    from engine.store.connection import memory_bytes

    sql = "SELECT * EXCLUDE (run_id) FROM shift_scores WHERE run_id = ? ORDER BY ALL"
    cap = demo_project.scalar("SELECT current_setting('memory_limit')")
    seen: list[str] = []
    real = service.describe_part

    def spy(cur, *args, **kwargs):
        seen.append(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return real(cur, *args, **kwargs)

    monkeypatch.setattr(service, "describe_part", spy)
    monkeypatch.setattr(service, "CHUNK_CUSTOMERS", 7)
    shared = train_transfer(demo_project)
    assert len(seen) > 3 and set(seen) == {seen[0]}
    assert memory_bytes(seen[0]) == pytest.approx(memory_bytes(cap) * service.SCORING_MEMORY_SHARE, rel=0.01)
    assert demo_project.scalar("SELECT current_setting('memory_limit')") == cap

    monkeypatch.setattr(service, "SCORING_MEMORY_SHARE", 1.0)
    whole = train_transfer(demo_project)
    assert demo_project.query(sql, [shared.run_id]) == demo_project.query(sql, [whole.run_id])

    monkeypatch.setattr(service, "SCORING_MEMORY_SHARE", 0.6)
    token = CancelToken()
    seen.clear()

    def progress(d, t, m="", p=None):
        if len(seen) >= 2:
            token.cancel()

    with pytest.raises(JobCancelled):
        train_transfer(demo_project, progress=progress, cancel=token)
    assert demo_project.scalar("SELECT current_setting('memory_limit')") == cap

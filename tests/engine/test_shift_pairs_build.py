"""The candidate pairs table against what its rules say, on the real slice: built a cut at a time from
per-customer and per-category tables, it must still hold exactly the pairs of the rules, their history,
their label, and the order its range readers rely on."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.features.orders import order_key
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]
L, H, W, MIN_BUYERS = 8, 4, 52, 5


@pytest.fixture(scope="module")
def built(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("pairs_build"))
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, W)
        build_pairs(cur, GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W)
        yield cur
    project.close()


def test_pairs_are_stored_latest_cut_first_then_by_customer_and_category(built):
    # no ORDER BY: the stored order, which the readers' customer-range filters prune row groups by
    rows = built.execute("SELECT s, cid, cat FROM sp_pairs").fetchall()
    assert len(rows) > 1000
    assert rows == sorted(rows, key=lambda r: (-r[0], r[1], r[2]))


def test_the_pairs_are_the_eligible_customers_by_eligible_categories_less_recent_buys(built):
    # the rules of the module docstring, written out once more from the weekly table's source rows
    expected = built.execute(
        "WITH cuts AS (SELECT unnest(?::INTEGER[]) AS s), "
        "buys AS (SELECT c.cid, k.cat, floor(epoch(?::TIMESTAMP - e.ts) / 604800)::INTEGER AS wk FROM events e "
        "  JOIN sp_cust c USING (customer_id) JOIN sp_cat k USING (category) "
        "  WHERE e.ts < ? AND e.event_type = 'purchase' AND e.quantity > 0 AND e.order_id IS NOT NULL), "
        "elig AS (SELECT DISTINCT s, cid FROM cuts JOIN buys ON wk >= s AND wk < s + ?), "
        "ecat AS (SELECT s, cat FROM cuts JOIN buys ON wk >= s AND wk < s + ? GROUP BY s, cat "
        "  HAVING count(DISTINCT cid) >= ?), "
        "recent AS (SELECT DISTINCT s, cid, cat FROM cuts JOIN buys ON wk >= s AND wk < s + ?), "
        "after AS (SELECT DISTINCT s, cid, cat FROM cuts JOIN buys ON wk < s AND wk >= s - ?) "
        "SELECT e.s, e.cid, k.cat, CASE WHEN e.s >= ? THEN a.cid IS NOT NULL END "
        "FROM elig e JOIN ecat k USING (s) LEFT JOIN after a ON a.s = e.s AND a.cid = e.cid AND a.cat = k.cat "
        "WHERE NOT EXISTS (SELECT 1 FROM recent r WHERE r.s = e.s AND r.cid = e.cid AND r.cat = k.cat) "
        "ORDER BY 1, 2, 3",
        [GRID, AS_OF, AS_OF, L, W, MIN_BUYERS, L, H, H]).fetchall()
    got = built.execute("SELECT s, cid, cat, label FROM sp_pairs ORDER BY 1, 2, 3").fetchall()
    assert got == expected
    assert any(r[3] for r in got) and any(r[3] is None for r in got)


def test_each_pair_carries_its_own_history_and_its_customers_and_categorys_features(built):
    # the customer's and the category's features are stored once per cut (one row each), and every pair has its
    # customer's row and its category's: the readers' inner joins lose no pair
    for table, key in (("sp_pair_cust", "cid"), ("sp_pair_cat", "cat")):
        n, distinct = built.execute(f"SELECT count(*), count(DISTINCT (s, {key})) FROM {table}").fetchall()[0]
        assert n == distinct > 0
    n_pairs = built.execute("SELECT count(*) FROM sp_pairs").fetchall()[0][0]
    assert built.execute("SELECT count(*) FROM sp_pairs p JOIN sp_pair_cust c USING (s, cid) "
                         "JOIN sp_pair_cat k USING (s, cat)").fetchall()[0][0] == n_pairs > 1000
    d = built.execute(
        "SELECT p.*, c.* EXCLUDE (s, cid), k.* EXCLUDE (s, cat), h.weeks_all AS h_weeks_all, "
        "  h.baskets AS h_baskets, h.views_all AS h_views_all "
        "FROM sp_pairs p JOIN sp_pair_cust c USING (s, cid) JOIN sp_pair_cat k USING (s, cat) "
        "LEFT JOIN sp_hist h USING (s, cid, cat)").fetchnumpy()
    have = ~np.ma.getmaskarray(np.ma.asarray(d["h_weeks_all"]))
    assert have.any() and (~have).any()
    assert np.array_equal(d["weeks_all"][have], np.ma.asarray(d["h_weeks_all"])[have].astype(np.float32))
    assert np.array_equal(d["baskets"][have], np.ma.asarray(d["h_baskets"])[have].astype(np.float32))
    assert (d["weeks_all"][~have] == 0).all() and (d["recency"][~have] == W).all()
    assert (d["never_bought"] == (d["weeks_all"] == 0)).all()
    assert np.allclose(d["share_active"], d["weeks_all"] / d["c_active_weeks"])
    # a few of the customer's features written out again from the events: its active weeks, baskets and tenure in
    # the history weeks before the cut (and after the history's start)
    want = built.execute(
        "WITH cw AS (SELECT c.cid, floor(epoch(?::TIMESTAMP - e.ts) / 604800)::INTEGER AS wk, "
        "  count(DISTINCT e.order_id) AS orders FROM events e JOIN sp_cust c USING (customer_id) "
        "  WHERE e.ts < ? AND e.event_type = 'purchase' AND e.quantity > 0 GROUP BY ALL) "
        "SELECT p.s, p.cid, count(*)::FLOAT, sum(w.orders)::FLOAT, (max(w.wk) - p.s)::FLOAT FROM sp_pair_cust p "
        "JOIN cw w ON w.cid = p.cid AND w.wk >= p.s AND w.wk < p.s + ? AND w.wk < ? GROUP BY p.s, p.cid ORDER BY 1, 2",
        [AS_OF, AS_OF, W, W]).fetchall()
    got = built.execute("SELECT s, cid, c_active_weeks, c_baskets, c_tenure FROM sp_pair_cust ORDER BY 1, 2").fetchall()
    assert got == want


def test_customer_and_category_features_are_stored_by_cut_then_id(built):
    # no ORDER BY: the stored order, which the readers' customer-range filters prune row groups by
    for table, key in (("sp_pair_cust", "cid"), ("sp_pair_cat", "cat")):
        rows = built.execute(f"SELECT s, {key} FROM {table}").fetchall()
        assert rows == sorted(rows)


def test_pairs_built_a_few_customers_at_a_time_are_the_same_table_in_the_same_order(built, tmp_path,
                                                                                    grocery_slice_file, monkeypatch):
    # the statement size bounds memory, never the result: ranges of a few customers give the same rows, stored
    # in the same order, as one range per cut
    import engine.features.shift_pairs as sp

    ranges = []
    real = sp._customer_ranges
    monkeypatch.setattr(sp, "PAIRS_PER_STATEMENT", 500)
    monkeypatch.setattr(sp, "_customer_ranges", lambda cur, s: ranges.append(real(cur, s)) or ranges[-1])
    project = open_copy(grocery_slice_file, tmp_path)
    try:
        with project.interruptible(CancelToken()) as cur:
            build_weekly(cur, AS_OF, W)
            build_pairs(cur, GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W)
            small = cur.execute("SELECT * FROM sp_pairs").fetchall()
    finally:
        project.close()
    assert all(len(r) > 1 for r in ranges) and len(ranges) == len(GRID)
    assert small == built.execute("SELECT * FROM sp_pairs").fetchall()


def test_weekly_orders_are_distinct_order_ids_of_positive_purchases(tmp_path, grocery_slice_file):
    # sp_w counts an order once per customer, category and week (its lines grouped first); a purchase line
    # without an order id is in its day's order, as every model counts orders (engine/features/orders.py);
    # refunds and views are in no order
    project = open_copy(grocery_slice_file, tmp_path)
    try:
        with project.interruptible(CancelToken()) as cur:
            cur.execute(
                "INSERT INTO events (customer_id, ts, event_type, order_id, category, quantity, amount, import_id) "
                "VALUES ('zz', '2017-08-20 10:00', 'purchase', NULL, 'X', 1.5, 2, 1), "
                "('zz', '2017-08-20 11:00', 'purchase', 'o1', 'X', 2, 1, 1), "
                "('zz', '2017-08-21 09:00', 'purchase', 'o1', 'X', 0.25, 1, 1), "
                "('zz', '2017-08-21 09:00', 'purchase', 'o2', 'X', 1, 1, 1), "
                "('zz', '2017-08-21 09:00', 'view', NULL, 'X', 1, NULL, 1), "
                "('zz', '2017-08-21 09:00', 'purchase', 'o3', 'X', -1, 1, 1)")
            build_weekly(cur, AS_OF, W)
            got = cur.execute("SELECT c.customer_id, k.category, w.wk, w.orders, w.units, w.views FROM sp_w w "
                              "JOIN sp_cust c USING (cid) JOIN sp_cat k USING (cat) ORDER BY ALL").fetchall()
            # the rule written as one aggregation with count(DISTINCT)
            want = cur.execute(
                "SELECT customer_id, category, floor(epoch(?::TIMESTAMP - ts) / 604800)::INTEGER AS wk, "
                f"  count(DISTINCT {order_key()}) FILTER (WHERE event_type = 'purchase' AND quantity > 0), "
                "  coalesce(sum(quantity) FILTER (WHERE event_type = 'purchase' AND quantity > 0), 0)::DOUBLE, "
                "  count(*) FILTER (WHERE event_type IN ('view', 'cart', 'favourite'))::DOUBLE "
                "FROM events WHERE ts < ? AND ts >= ?::TIMESTAMP - to_days(?) AND category IS NOT NULL "
                "GROUP BY ALL ORDER BY ALL", [AS_OF, AS_OF, AS_OF, 7 * W]).fetchall()
    finally:
        project.close()
    assert len(got) > 1000 and got == want
    # week 0: orders o1 and o2 and a view; week 1: o1's other line and a line without an order (its day's)
    assert [r[2:] for r in got if r[0] == "zz"] == [(0, 2, 1.25, 1.0), (1, 2, 3.5, 0.0)]

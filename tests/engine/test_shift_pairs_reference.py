"""The candidate pairs (built a range of customers at a time, stored latest cut first) against one straightforward
statement per cut: every eligible customer x eligible category LEFT-joined to the history, coalesced, less the recent
buys, labelled from the purchases after the cut. Same rows, values, types and stored order, on the real slice with
planted customers: one with a history row of views only (no purchase week: NULL recency and span), one who bought
the planted categories lately (no pair), one whose only old purchase is in a category too few bought.
(Session 21 tried a UNION ALL/ANTI JOIN form of the pairs' statement against this reference: identical tables, no
CPU gain at 2 threads; tests/bench/results/migpairs_s21.json.)"""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.store.scratch import scratch_tables
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12]
L, H, W, MIN_BUYERS = 8, 4, 52, 5

#: (customer, ts, event type, order, category, quantity, amount)
PLANTED = [
    # views only in a category the customer never bought, and a purchase elsewhere (eligible at cuts 0 and 4)
    ("pv", "2017-08-20 10:00", "view", None, "PLANT_V", 1, None),
    ("pv", "2017-08-21 10:00", "purchase", "pv1", "PLANT_B", 2, 3.5),
    ("pv", "2017-08-01 10:00", "purchase", "pv2", "PLANT_B", 1, 1.25),
    # bought both planted categories lately: none of them is a pair of its (its other categories are)
    ("pr", "2017-08-22 09:00", "purchase", "pr1", "PLANT_B", 1, 2.0),
    ("pr", "2017-08-22 09:00", "purchase", "pr1", "PLANT_V", 0.5, 2.0),
    ("pr", "2017-05-02 09:00", "view", None, "PLANT_V", 1, None),
    # an old purchase in a category few bought (never eligible), and one lately elsewhere
    ("po", "2017-02-01 12:00", "purchase", "po1", "PLANT_RARE", 1, 9.0),
    ("po", "2017-08-10 12:00", "purchase", "po2", "PLANT_B", 3, 4.0),
]


def _reference(cur, s: int) -> list[tuple]:
    # one grid per cut, joined to the history (LEFT), labels from the purchases after the cut
    return cur.execute(
        "WITH e AS (SELECT s, cid, active_weeks FROM sp_pair_cust WHERE s = $1), "
        "k AS (SELECT cat FROM sp_pair_cat WHERE s = $1), "
        "h AS (SELECT * FROM sp_hist WHERE s = $1), "
        "a AS (SELECT DISTINCT c.cid, k.cat FROM events x JOIN sp_cust c USING (customer_id) "
        "  JOIN sp_cat k USING (category) WHERE x.event_type = 'purchase' AND x.quantity > 0 "
        "  AND x.order_id IS NOT NULL "
        "  AND floor(epoch($2::TIMESTAMP - x.ts) / 604800)::INTEGER < $1 "
        "  AND floor(epoch($2::TIMESTAMP - x.ts) / 604800)::INTEGER >= $1 - $3 AND x.ts < $2) "
        "SELECT e.s, e.cid, k.cat, CASE WHEN e.s >= $3 THEN a.cid IS NOT NULL END AS label, "
        "  coalesce(h.recency, $4)::FLOAT AS recency, (coalesce(h.weeks_all, 0) = 0)::FLOAT AS never_bought, "
        "  coalesce(h.weeks_all, 0)::FLOAT AS weeks_all, coalesce(h.weeks_26, 0)::FLOAT AS weeks_26, "
        "  coalesce(h.weeks_8_16, 0)::FLOAT AS weeks_8_16, coalesce(h.baskets, 0)::FLOAT AS baskets, "
        "  coalesce(h.span, 0)::FLOAT AS span, (coalesce(h.weeks_all, 0) / e.active_weeks)::FLOAT AS share_active, "
        "  coalesce(h.units, 0)::FLOAT AS units, coalesce(h.views_1w, 0)::FLOAT AS views_1w, "
        "  coalesce(h.views_3w, 0)::FLOAT AS views_3w, coalesce(h.views_all, 0)::FLOAT AS views_all "
        "FROM e CROSS JOIN k LEFT JOIN h ON h.cid = e.cid AND h.cat = k.cat "
        "LEFT JOIN a ON a.cid = e.cid AND a.cat = k.cat "
        "WHERE coalesce(h.weeks_recent, 0) = 0 ORDER BY e.cid, k.cat", [s, AS_OF, H, W]).fetchall()


@pytest.fixture(scope="module")
def built(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("pairs_reference"))
    with project.interruptible(CancelToken()) as cur, scratch_tables(cur):
        cur.executemany(
            "INSERT INTO events (customer_id, ts, event_type, order_id, category, quantity, amount, import_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 1)", PLANTED)
        # the planted categories need MIN_BUYERS buyers to be eligible: a few of the slice's customers buy them early
        cur.execute(
            "INSERT INTO events (customer_id, ts, event_type, order_id, category, quantity, amount, import_id) "
            "SELECT customer_id, TIMESTAMP '2017-06-05 08:00', 'purchase', 'plant_' || customer_id, c.category, 1, "
            "  1.0, 1 FROM (SELECT DISTINCT customer_id FROM events WHERE customer_id NOT IN ('pv', 'pr', 'po') "
            "  ORDER BY customer_id LIMIT 8) CROSS JOIN (VALUES ('PLANT_B'), ('PLANT_V')) c(category)")
        build_weekly(cur, AS_OF, W)
        build_pairs(cur, GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W)
        yield cur
    project.close()


def test_pairs_are_those_of_the_grid_joined_to_the_history(built):
    want = [row for s in sorted(GRID, reverse=True) for row in _reference(built, s)]
    # no ORDER BY: the stored order too (latest cut first, then customer and category)
    got = built.execute("SELECT * FROM sp_pairs").fetchall()
    assert len(got) > 1000 and got == want
    types = built.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'sp_pairs' "
                          "ORDER BY column_index").fetchall()
    assert types[3] == ("label", "BOOLEAN") and {t for _, t in types[4:]} == {"FLOAT"}


def test_the_planted_cases_are_in_it(built):
    def pairs(customer: str) -> dict[tuple[int, str], tuple]:
        rows = built.execute(
            "SELECT p.s, k.category, p.recency, p.span, p.never_bought, p.views_all, p.weeks_all FROM sp_pairs p "
            "JOIN sp_cust c USING (cid) JOIN sp_cat k USING (cat) WHERE c.customer_id = ?", [customer]).fetchall()
        return {(r[0], r[1]): r[2:] for r in rows}

    # views only: a history row without a purchase week is a pair like one with no row, but with its views
    assert pairs("pv")[(0, "PLANT_V")] == (W, 0.0, 1.0, 1.0, 0.0)
    assert (0, "PLANT_B") not in pairs("pv")
    # bought lately: no pair in either planted category; its views alone in PLANT_V were before the cut's lookback
    assert not {c for _, c in pairs("pr")} & {"PLANT_B", "PLANT_V"} and pairs("pr")
    # a category too few bought is never a pair
    assert pairs("po") and not any(c == "PLANT_RARE" for _, c in pairs("po"))

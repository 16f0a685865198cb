"""The one window pass (the only interest SQL the engine holds) gives the interest and the levels before
repeat purchases of the plain definitions, written here as the two separate statements they once were
(issue #13: the decay scoring read, joined and sorted every event twice for them at 10^7 events)."""

from __future__ import annotations

import numpy as np

from engine.features.interest import interest_and_levels_sql, interest_before_purchases_sql, interest_sql, \
    weighted_events_sql
from tests.engine.test_decay_stop_levels import AS_OF, ORIGIN, T, _shop


def _reference_interest(rates: str) -> str:
    """Interest by its definition, ``sum w exp(-beta (T - t))``; parameters [T, as_of, as_of]."""
    return f"""
        SELECT ev.customer_id, ev.category, sum(ev.w * exp(-r.beta * (? - ev.t))) AS interest,
               max(ev.ts) AS last_event_ts, max(ev.ts) FILTER (WHERE ev.is_purchase) AS last_purchase_ts,
               count(*) FILTER (WHERE ev.is_purchase) AS n_purchases
        FROM ({weighted_events_sql(ORIGIN)}) ev JOIN {rates} r USING (customer_id, category)
        GROUP BY ev.customer_id, ev.category"""


def _reference_levels(rates: str) -> str:
    """Each repeat purchase's interest from the pair's earlier events; parameters [as_of, as_of]."""
    return f"""
        WITH ev AS (
            SELECT ev.*, r.beta, max(ev.t) OVER (PARTITION BY ev.customer_id, ev.category) AS t_ref
            FROM ({weighted_events_sql(ORIGIN)}) ev JOIN {rates} r USING (customer_id, category)
        ), cum AS (
            SELECT customer_id, category, t, t_ref, beta, is_purchase,
                   sum(w * exp(beta * (t - t_ref))) OVER (
                       PARTITION BY customer_id, category ORDER BY t, is_purchase
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS s
            FROM ev
        )
        SELECT customer_id, category, s * exp(least(beta * (t_ref - t), 700)) AS level
        FROM cum WHERE is_purchase AND s > 0"""


def test_one_pass_gives_the_interest_and_the_levels_of_their_definitions():
    con = _shop()
    con.execute(f"CREATE TEMP TABLE pass AS {interest_and_levels_sql(ORIGIN, 'rates')}", [AS_OF, AS_OF, T])
    order = " ORDER BY customer_id, category"
    interest = con.execute(f"SELECT * FROM ({_reference_interest('rates')}){order}", [T, AS_OF, AS_OF]).fetchall()
    one = con.execute("SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases "
                      f"FROM pass WHERE is_last{order}").fetchall()
    assert len(interest) > 100
    assert [r[:2] for r in one] == [r[:2] for r in interest]
    assert [r[3:] for r in one] == [r[3:] for r in interest]
    np.testing.assert_allclose([r[2] for r in one], [r[2] for r in interest], rtol=1e-9)
    level_order = " ORDER BY customer_id, category, level"
    levels = con.execute(f"SELECT * FROM ({_reference_levels('rates')}){level_order}", [AS_OF, AS_OF]).fetchall()
    one_levels = con.execute(f"SELECT customer_id, category, level FROM pass WHERE level IS NOT NULL{level_order}"
                             ).fetchall()
    assert len(levels) > 100
    assert [r[:2] for r in one_levels] == [r[:2] for r in levels]
    np.testing.assert_allclose([r[2] for r in one_levels], [r[2] for r in levels], rtol=1e-12)


def test_interest_and_levels_statements_are_the_pass_rows():
    con = _shop()
    con.execute(f"CREATE TEMP TABLE pass AS {interest_and_levels_sql(ORIGIN, 'rates')}", [AS_OF, AS_OF, T])
    order = " ORDER BY ALL"
    assert con.execute(f"SELECT * FROM ({interest_sql(ORIGIN, 'rates')}){order}", [AS_OF, AS_OF, T]).fetchall() == \
        con.execute("SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases "
                    f"FROM pass WHERE is_last{order}").fetchall()
    assert con.execute(f"SELECT * FROM ({interest_before_purchases_sql(ORIGIN, 'rates')}){order}",
                       [AS_OF, AS_OF, T]).fetchall() == \
        con.execute(f"SELECT customer_id, category, level FROM pass WHERE level IS NOT NULL{order}").fetchall()


def test_pass_partitioned_by_a_pair_number_gives_the_same_rows():
    con = _shop()
    con.execute(f"CREATE TEMP TABLE pass AS {interest_and_levels_sql(ORIGIN, 'rates')}", [AS_OF, AS_OF, T])
    numbered = con.execute(f"SELECT * FROM ({interest_and_levels_sql(ORIGIN, 'rates', pair_id='rowid')}) "
                           "ORDER BY customer_id, category, level NULLS LAST, is_last", [AS_OF, AS_OF, T]).fetchall()
    named = con.execute("SELECT * FROM pass ORDER BY customer_id, category, level NULLS LAST, is_last").fetchall()
    assert len(named) > 100 and len(numbered) == len(named)
    for a, b in zip(numbered, named):
        assert a[:2] == b[:2] and a[3] == b[3] and a[5:] == b[5:]
        for x, y in ((a[2], b[2]), (a[4], b[4])):
            assert (x is None and y is None) or abs(x - y) <= 1e-12 * abs(y)


def test_pass_with_occasions_matched_by_integer_keys_gives_the_same_rows():
    """A training run's occasions carry integer keys (cid, kid), and so do its rates' pairs with a purchase;
    matched by them (browsing events still by the names: a pair only browsed has no keys) the pass is the
    names' one."""
    from engine.features.interest import occasions_sql
    con = _shop()
    con.execute("CREATE TABLE cust AS SELECT customer_id, CAST(row_number() OVER (ORDER BY customer_id) AS INTEGER) "
                "AS cid FROM (SELECT DISTINCT customer_id FROM events)")
    con.execute("CREATE TABLE cat AS SELECT category, CAST(row_number() OVER (ORDER BY category) AS INTEGER) AS kid "
                "FROM (SELECT DISTINCT category FROM events)")
    con.execute(f"CREATE TABLE occ AS SELECT u.cid, k.kid, o.ts, o.t FROM ({occasions_sql(ORIGIN)}) o "
                "JOIN cust u USING (customer_id) JOIN cat k USING (category)", [AS_OF])
    # keys only for the pairs with a purchase occasion (as build_rates gives them)
    con.execute("CREATE TABLE keyed_rates AS SELECT r.*, b.cid, b.kid FROM rates r LEFT JOIN "
                "(SELECT DISTINCT u.customer_id, k.category, o.cid, o.kid FROM occ o JOIN cust u USING (cid) "
                " JOIN cat k USING (kid)) b USING (customer_id, category)")
    assert con.execute("SELECT count(*) FILTER (WHERE cid IS NULL), count(*) FILTER (WHERE cid IS NOT NULL) "
                       "FROM keyed_rates").fetchall()[0] > (0, 0)
    order = " ORDER BY customer_id, category, level NULLS LAST, is_last"
    named = con.execute(f"SELECT * FROM ({interest_and_levels_sql(ORIGIN, 'keyed_rates', pair_id='rowid')}){order}",
                        [AS_OF, AS_OF, T]).fetchall()
    by_keys = interest_and_levels_sql(ORIGIN, 'keyed_rates', pair_id='rowid',
                                      keyed_occasions="SELECT * FROM occ WHERE ts < ?")
    keyed = con.execute(f"SELECT * FROM ({by_keys}){order}", [AS_OF, AS_OF, T]).fetchall()
    assert len(named) > 100 and len(keyed) == len(named)
    for a, b in zip(keyed, named):
        assert a[:2] == b[:2] and a[3] == b[3] and a[5:] == b[5:]
        for x, y in ((a[2], b[2]), (a[4], b[4])):
            assert (x is None and y is None) or abs(x - y) <= 1e-12 * abs(y)

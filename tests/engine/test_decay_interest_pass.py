"""Interest and the levels before repeat purchases from one window pass equal the two separate queries
(issue #13: the decay scoring read, joined and sorted every event twice for them at 10^7 events)."""

from __future__ import annotations

import numpy as np

from engine.features.interest import interest_and_levels_sql, interest_before_purchases_sql, interest_sql
from tests.engine.test_decay_stop_levels import AS_OF, ORIGIN, _shop

T = (AS_OF - ORIGIN).total_seconds() / 86400.0


def test_one_pass_gives_the_interest_and_the_levels_of_the_two_queries():
    con = _shop()
    con.execute(f"CREATE TEMP TABLE pass AS {interest_and_levels_sql(ORIGIN, 'rates')}", [AS_OF, AS_OF, T])
    order = " ORDER BY customer_id, category"
    interest = con.execute(f"SELECT * FROM ({interest_sql(ORIGIN, 'rates')}){order}", [T, AS_OF, AS_OF]).fetchall()
    one = con.execute("SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases "
                      f"FROM pass WHERE is_last{order}").fetchall()
    assert len(interest) > 100
    assert [r[:2] for r in one] == [r[:2] for r in interest]
    assert [r[3:] for r in one] == [r[3:] for r in interest]
    np.testing.assert_allclose([r[2] for r in one], [r[2] for r in interest], rtol=1e-9)
    level_order = " ORDER BY customer_id, category, level"
    levels = con.execute(f"SELECT * FROM ({interest_before_purchases_sql(ORIGIN, 'rates')}){level_order}",
                         [AS_OF, AS_OF]).fetchall()
    one_levels = con.execute(f"SELECT customer_id, category, level FROM pass WHERE level IS NOT NULL{level_order}"
                             ).fetchall()
    assert len(levels) > 100
    assert [r[:2] for r in one_levels] == [r[:2] for r in levels]
    np.testing.assert_allclose([r[2] for r in one_levels], [r[2] for r in levels], rtol=1e-12)

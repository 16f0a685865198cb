"""Transfer's windows read the run's tables (each customer's first event, each order's first line, each customer's
current attributes, counted once a run): every window is the one counted from the events at its date."""

from datetime import datetime, timedelta

import pytest

from engine.features.current_attributes import CURRENT_ATTRIBUTES
from engine.models.transfer.features import basket, close_window, established, open_cold_start, vocabulary
from engine.models.transfer.run_tables import run_tables
from engine.jobs import CancelToken

#: The windows and their counts as they were counted from the events at each date (sessions 29-57).
_COLD_START_FROM_EVENTS = f"""
    SELECT customer_id, min(ts) AS start, CAST(? AS TIMESTAMP) AS stop
    FROM events WHERE ts < ? GROUP BY customer_id
    HAVING customer_id NOT IN (
        SELECT customer_id FROM (SELECT customer_id, {basket()} FROM events
                                 WHERE ts < ? AND event_type = 'purchase' GROUP BY ALL)
        GROUP BY customer_id HAVING count(*) >= ?)"""


def _established_from_events(early_days: int, min_purchases: int) -> str:
    return f"""
        SELECT f.customer_id, f.first_ts AS start,
               least(f.first_ts + INTERVAL {early_days} DAY, o.firsts[{min_purchases}]) AS stop
        FROM (SELECT customer_id, min(ts) AS first_ts FROM events WHERE ts < ? GROUP BY customer_id) f
        JOIN (SELECT customer_id, min(t, {min_purchases}) AS firsts
              FROM (SELECT customer_id, {basket()} AS b, min(ts) AS t FROM events
                    WHERE ts < ? AND event_type = 'purchase' GROUP BY ALL)
              GROUP BY customer_id HAVING count(*) >= ?) o USING (customer_id)"""


def _counts_from_events(cur) -> dict[str, set]:
    """Every count of the window ``tw`` on ``cur``, by customer id, counted from the events."""
    window = "FROM events e JOIN tw USING (customer_id) WHERE e.ts >= tw.start AND e.ts < tw.stop"
    return {
        "bought": set(cur.execute(f"SELECT customer_id, category, count(*)::DOUBLE {window} "
                                  "AND event_type = 'purchase' AND category IS NOT NULL GROUP BY ALL").fetchall()),
        "viewed": set(cur.execute(f"SELECT customer_id, category, count(*)::DOUBLE {window} "
                                  "AND event_type IN ('view', 'cart', 'favourite') AND category IS NOT NULL "
                                  "GROUP BY ALL").fetchall()),
        "orders": set(cur.execute(f"SELECT customer_id, count(DISTINCT {basket('e')}) {window} "
                                  "AND event_type = 'purchase' GROUP BY ALL").fetchall()),
        "attrs": set(cur.execute(f"SELECT customer_id, attribute || '=' || value, 1.0 FROM {CURRENT_ATTRIBUTES} "
                                 "JOIN tw USING (customer_id)").fetchall()),
    }


def _counts_of_window(cur) -> dict[str, set]:
    """The counts :func:`open_window` stored for ``tw``, by customer id."""
    by_id = "JOIN tw USING (rn)"
    return {name: set(cur.execute(f"SELECT tw.customer_id, key, value FROM {table} {by_id}").fetchall())
            for name, table in (("bought", "tw_bought"), ("viewed", "tw_viewed"), ("attrs", "tw_attrs"))} | {
        "orders": set(cur.execute(f"SELECT tw.customer_id, orders FROM tw_orders {by_id}").fetchall())}


def _window(cur) -> set:
    return set(cur.execute("SELECT customer_id, start, stop FROM tw").fetchall())


def _check_cold_start(project, cut: datetime, tables, min_purchases: int = 3) -> int:
    cur = project.cursor()
    try:
        n = open_cold_start(cur, cut, min_purchases=min_purchases, tables=tables)
        expected = set(cur.execute(_COLD_START_FROM_EVENTS, [cut, cut, cut, min_purchases]).fetchall())
        assert _window(cur) == expected
        assert _counts_of_window(cur) == _counts_from_events(cur)
    finally:
        close_window(cur)
    return n


def _edge_shop(tmp_path):
    """Orders across the cut (a line each side, an id-less day's lines each side), a first event that is a
    view, a customer whose only purchase comes after the cut, events at the cut itself, and attributes."""
    from engine.ingest import import_file
    from engine.store import create_project

    lines = ["customer_id,ts,event_type,order_id,item_id,category,region"]
    # 'straddle': order O1 has a line before the 2026-02-01 cut and one after it: one order before the cut
    lines += ["straddle,2026-01-31 23:00:00,purchase,O1,I1,C1,North", "straddle,2026-02-01 01:00:00,purchase,O1,I2,C2,",
              "straddle,2026-01-20 10:00:00,purchase,O2,I3,C3,North"]
    # 'noids': three id-less days, the last one's lines on each side of a midday cut
    lines += ["noids,2026-01-10 09:00:00,purchase,,I1,C1,South", "noids,2026-01-11 09:00:00,purchase,,I2,C2,South",
              "noids,2026-01-15 09:00:00,purchase,,I3,C3,South", "noids,2026-01-15 18:00:00,purchase,,I4,C4,South"]
    lines += ["viewer,2026-01-05 10:00:00,view,,I1,C1,East", "viewer,2026-01-06 10:00:00,purchase,V1,I2,C2,East",
              "late,2026-01-25 10:00:00,view,,I1,C3,West", "late,2026-02-03 10:00:00,purchase,L1,I2,C1,West",
              # a first event and an order's first line at the cut itself: after it
              "atcut,2026-02-01 00:00:00,view,,I1,C1,East", "atcut,2026-01-30 10:00:00,purchase,A1,I2,C2,East",
              "atcut,2026-02-01 00:00:00,purchase,A2,I3,C3,East", "newatcut,2026-02-01 00:00:00,view,,I1,C1,",
              "newatcut,2026-02-02 00:00:00,purchase,N1,I1,C1,"]
    lines += [f"steady,2026-01-0{d} 10:00:00,purchase,S{d},I{d},C{d},North" for d in range(1, 6)]
    (tmp_path / "shop.csv").write_text("\n".join(lines) + "\n")
    project = create_project(tmp_path / "edge.shiftwise")
    import_file(project, tmp_path / "shop.csv")
    return project


@pytest.mark.parametrize("cut", [datetime(2026, 1, 15, 12), datetime(2026, 2, 1), datetime(2026, 2, 10)])
def test_cold_start_windows_are_those_counted_from_the_events_at_their_date(tmp_path, cut):
    project = _edge_shop(tmp_path)
    try:
        with run_tables(project) as tables:
            assert _check_cold_start(project, cut, tables) > 0
            assert _check_cold_start(project, cut, tables, min_purchases=2) > 0
    finally:
        project.close()


def test_every_window_of_a_run_on_the_demo_shop_is_the_one_counted_from_the_events(demo_project):
    """The cold-start customers and the established ones at the as-of date and at two earlier cuts (a run's six
    windows), each from the run's tables, equal the ones counted from the events; so do the categories and
    attributes of each cut's vocabulary."""
    from engine.models.base import resolve_as_of

    as_of = resolve_as_of(demo_project, None)
    with run_tables(demo_project) as tables:
        for cut in (as_of, as_of - timedelta(weeks=4), as_of - timedelta(weeks=8)):
            assert _check_cold_start(demo_project, cut, tables) > 20
            vocab = vocabulary(demo_project, cut, 30, tables)
            assert vocab.attributes == [tuple(r) for r in demo_project.query(
                f"SELECT attribute, value FROM {CURRENT_ATTRIBUTES} GROUP BY ALL HAVING count(*) >= 10 "
                "ORDER BY count(*) DESC, attribute, value LIMIT 120")]
            ref = established(demo_project, vocab, cut, early_days=42, horizon_weeks=4, min_purchases=3,
                              limit=10**6, tables=tables, cancel=CancelToken())
            # each customer's orders in their window (their purchases when new), counted from the events
            expected = dict(demo_project.query(
                f"SELECT w.customer_id, count(DISTINCT {basket('e')}) FILTER (WHERE e.event_type = 'purchase' "
                f"AND e.ts >= w.start AND e.ts < w.stop) FROM ({_established_from_events(42, 3)}) w "
                "JOIN events e USING (customer_id) WHERE w.stop + INTERVAL 28 DAY <= ? GROUP BY ALL",
                [cut, cut, 3, cut]))
            assert len(expected) > 100
            assert dict(zip(ref.customer_ids, ref.purchases.astype(int).tolist())) == expected

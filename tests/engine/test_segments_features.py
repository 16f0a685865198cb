"""The per-customer features on a tiny hand-made shop, checked value by value."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.features.customer_features import (
    FeatureSpec, build_customer_features, category_mix_text_sql, top_categories)
from engine.store import create_project

AS_OF = datetime(2026, 3, 1)
# D's event is moved after the as-of date by the fixture, so the shop starts with C's
EVENTS = [
    # customer, ts, type, order, category, amount
    ("A", "2025-12-01 10:00", "purchase", "o1", "Tea", 10.0),
    ("A", "2026-02-20 10:00", "purchase", "o2", "Coffee", 30.0),
    ("A", "2026-02-20 10:00", "purchase", "o2", "Tea", 5.0),
    ("A", "2026-02-22 09:00", "refund", "o2", "Tea", -5.0),
    ("A", "2026-02-25 12:00", "view", None, "Coffee", None),
    ("A", "2026-02-26 12:00", "view", None, "Coffee", None),
    ("B", "2026-02-28 12:00", "view", None, "Toys", None),
    ("B", "2026-03-05 12:00", "purchase", "o3", "Toys", 99.0),    # after the as-of date: ignored
    ("C", "2025-03-10 12:00", "purchase", "o4", "Tea", 7.0),      # the shop's first event
    ("D", "2025-01-01 12:00", "purchase", "o5", "Tea", 7.0),      # after the as-of date below
]


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "tiny.shiftwise")
    p.cursor().executemany(
        "INSERT INTO events (customer_id, ts, event_type, order_id, category, amount, import_id) "
        "VALUES (?, CAST(? AS TIMESTAMP), ?, ?, ?, ?, 1)", EVENTS)
    p.cursor().execute("UPDATE events SET ts = TIMESTAMP '2026-06-01' WHERE customer_id = 'D'")
    yield p
    p.close()


def test_features_as_of_a_date(project):
    cur = project.cursor()
    cats = top_categories(cur, AS_OF, 364, 2)
    assert cats == ["Tea", "Coffee"]      # Tea has 2 customers; Coffee and Toys 1, ties broken by name
    spec = FeatureSpec(AS_OF, 364, ("Coffee", "Tea"))
    assert build_customer_features(cur, spec, "f") == 3
    rows = {r[0]: r[1:] for r in cur.execute(
        "SELECT customer_id, rn, n_purchases, n_orders, spend, n_browse, round(recency_days, 3), "
        "round(tenure_days, 3), mix_00, mix_01, mix_other FROM f").fetchall()}
    rn, n_p, n_o, spend, n_b, rec, ten, coffee, tea, other = rows["A"]
    assert (rn, n_p, n_o, spend, n_b) == (0, 3, 2, 40.0, 2)      # refund of 5 taken off 45
    assert rec == pytest.approx(2.5) and ten == pytest.approx(89.583, abs=1e-3)
    # weights: purchase 1, view 0.25 -> coffee 1 + 0.5, tea 2 (the refund weighs nothing)
    assert coffee == pytest.approx(1.5 / 3.5) and tea == pytest.approx(2 / 3.5) and other == pytest.approx(0)
    assert rows["B"][1:3] == (0, 0) and rows["B"][-1] == pytest.approx(1.0)   # only Toys: all "other"
    # the shop's data starts 355.5 days before the as-of date: a 364-day window's counts scale up
    scale = cur.execute("SELECT DISTINCT window_scale FROM f").fetchall()
    assert len(scale) == 1 and scale[0][0] == pytest.approx(364 / 355.5)


def test_a_short_window_drops_the_inactive_and_scales_counts(project):
    cur = project.cursor()
    spec = FeatureSpec(AS_OF, 30, ("Coffee", "Tea"))
    assert build_customer_features(cur, spec, "f") == 2           # C has nothing in the last 30 days
    assert cur.execute("SELECT DISTINCT window_scale FROM f").fetchall() == [(1.0,)]
    sql, params = category_mix_text_sql("f", ["Coffee", "Tea"])
    text = dict(cur.execute(f"SELECT f.customer_id, m.category_mix FROM f JOIN ({sql}) m USING (rn)",
                            params).fetchall())
    assert text["A"] == "Coffee 60% · Tea 40%"                      # 1.5 vs 1 in the window
    assert "B" not in text                                           # no top category at all


def test_a_tiny_shop_still_segments(project):
    from engine.models.segments.service import train_segments

    result = train_segments(project, as_of=AS_OF)
    assert result.metrics["n_customers"] == 3 and result.metrics["k"] in (1, 2)
    rows = project.query("SELECT customer_id, tier FROM segment_assignments WHERE run_id = ? ORDER BY 1",
                         [result.run_id])
    assert [r[0] for r in rows] == ["A", "B", "C"]
    assert project.query("SELECT label FROM segment_clusters WHERE run_id = ?", [result.run_id])


def test_the_mix_text_from_a_list_per_row_is_the_unnested_one(project):
    """Segments writes the mix text from a list per customer (engine/models/segments/mix_text.py):
    the same text as the unnested query, equal shares ordered by name, at most three, 5% or more (or, when no
    share reaches 5%, from the biggest: a customer spread thin is not blank)."""
    from engine.models.segments.mix_text import mix_text_sql

    cur = project.cursor()
    cur.execute("CREATE TEMP TABLE m AS SELECT * FROM (VALUES (0, 0.3, 0.3, 0.3, 0.1), (1, 0.05, 0.0, 0.049, 0.2),"
                " (2, 0.0, 0.0, 0.0, 0.0), (3, 0.5, 0.25, 0.125, 0.125), (4, 0.02, 0.04, 0.04, 0.0),"
                " (5, 0.01, 0.0, 0.0, 0.0)) v(rn, mix_00, mix_01, mix_02, mix_03)")
    names = ["Tea", "Coffee", "Cocoa", "Apples"]
    for table in ("m", "f"):
        if table == "f":
            build_customer_features(cur, FeatureSpec(AS_OF, 364, ("Coffee", "Tea")), "f")
            names = ["Coffee", "Tea"]
        old_sql, old_params = category_mix_text_sql(table, names)
        new_sql, new_params = mix_text_sql(table, names)
        query = "SELECT t.rn, coalesce(x.category_mix, '') FROM {t} t LEFT JOIN ({q}) x USING (rn) ORDER BY 1"
        old = cur.execute(query.format(t=table, q=old_sql), old_params).fetchall()
        assert cur.execute(query.format(t=table, q=new_sql), new_params).fetchall() == old
        assert any(text for _rn, text in old)
        if table == "m":
            assert [text for _rn, text in old] == [
                "Cocoa 30% · Coffee 30% · Tea 30%", "Apples 20% · Tea 5%", "", "Tea 50% · Coffee 25% · Apples 13%",
                "Cocoa 4% · Coffee 4%", "Tea 1%"]


@pytest.mark.parametrize("days, categories", [(364, ("Coffee", "Tea")), (30, ()), (7, ("Toys",))])
def test_engagement_features_are_the_feature_tables_columns(project, days, categories):
    """The lean table the movements tier (the period before) holds the full table's customers with
    the same values of every column the tiers read, whatever the window and categories."""
    from engine.features.customer_features import ENGAGEMENT_COLUMNS, build_engagement_features

    cur = project.cursor()
    spec = FeatureSpec(AS_OF, days, categories)
    n = build_customer_features(cur, spec, "f")
    assert build_engagement_features(cur, spec, "g") == n
    cols = ", ".join(ENGAGEMENT_COLUMNS)
    full = cur.execute(f"SELECT {cols} FROM f ORDER BY customer_id").fetchall()
    lean = cur.execute(f"SELECT {cols} FROM g ORDER BY customer_id").fetchall()
    assert lean == full and len(full) == n
    assert [d[1] for d in cur.execute("DESCRIBE g").fetchall()] == \
        [dict((r[0], r[1]) for r in cur.execute("DESCRIBE f").fetchall())[c] for c in ENGAGEMENT_COLUMNS]


@pytest.mark.parametrize("categories", [("Coffee", "Tea"), ()])
def test_features_without_order_and_day_counts_are_the_same_rows_and_columns(project, categories):
    """The segments' table leaves out the distinct order and day counts nobody there reads: every
    other column of every row is the full table's."""
    from engine.features.customer_features import ORDER_AND_DAY_COLUMNS

    cur = project.cursor()
    spec = FeatureSpec(AS_OF, 364, categories)
    n = build_customer_features(cur, spec, "f")
    assert build_customer_features(cur, spec, "g", order_and_day_counts=False) == n
    full = [r[0] for r in cur.execute("DESCRIBE f").fetchall()]
    lean = [r[0] for r in cur.execute("DESCRIBE g").fetchall()]
    assert lean == [c for c in full if c not in ORDER_AND_DAY_COLUMNS]
    cols = ", ".join(lean)
    assert cur.execute(f"SELECT {cols} FROM g ORDER BY rn").fetchall() == \
        cur.execute(f"SELECT {cols} FROM f ORDER BY rn").fetchall()

"""The Decay page's headline counts, on planted scores: who is at risk in their main category, and in any."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.models.decay import queries
from engine.store import create_project
from engine.store.runs import RunInfo

AS_OF = datetime(2024, 6, 1)
AHEAD, PASSED = datetime(2024, 7, 1), datetime(2024, 5, 1)

# (customer, category, interest, lapse probability, decay point, purchases)
SCORES = [
    # a: main category (Milk, the highest interest) likely to lapse, still interested -> at risk in both counts
    ("a", "Milk", 3.0, 0.8, AHEAD, 5), ("a", "Tea", 1.0, 0.2, AHEAD, 2),
    # b: a minor category at risk only -> in the "any" count, not the main one
    ("b", "Milk", 2.0, 0.1, AHEAD, 9), ("b", "Tea", 0.5, 0.9, AHEAD, 1),
    # c: main category likely to lapse but the decay point has passed (no longer interested) -> neither
    ("c", "Tea", 4.0, 0.9, PASSED, 3),
    # d: viewed only (no purchase, no lapse probability) -> not a customer with a purchase
    ("d", "Milk", 0.3, None, None, 0),
    # e: two categories of equal interest: the tie goes to the later name (Tea), which is at risk
    ("e", "Milk", 1.0, 0.1, AHEAD, 2), ("e", "Tea", 1.0, 0.7, AHEAD, 2),
]


def _run(metrics: dict) -> RunInfo:
    return RunInfo(7, "decay", "done", AS_OF, {}, metrics, None, AS_OF, AS_OF, 1.0)


def test_main_category_and_any_category_counts(tmp_path: Path):
    project = create_project(tmp_path / "p.shiftwise")
    try:
        project.con.executemany("""
            INSERT INTO decay_scores (run_id, customer_id, category, interest, half_life_days, lapse_probability,
                                      decay_point, n_purchases)
            VALUES (7, ?, ?, ?, 30, ?, ?, ?)""", [list(row) for row in SCORES])
        counts = queries.at_risk_counts(project.cursor(), 7, AS_OF)
        # a run from before the counts were kept: counted when read
        old = queries.summary(project, _run({"n_pairs": 8}))
        # a run that kept them: read from its metrics, not counted again
        kept = queries.summary(project, _run({"n_pairs": 80, **{k: v * 10 for k, v in counts.items()}}))
    finally:
        project.close()
    assert counts == {"at_risk_pairs": 3, "customers_with_purchase": 4, "at_risk_customers_main": 2,
                      "at_risk_customers_any": 3}
    assert old == {"n_pairs": 8, "at_risk_pairs": 3, "customers": 4, "main_at_risk_customers": 2,
                   "at_risk_customers": 3}
    assert kept == {k: v * 10 for k, v in old.items()}


def test_an_uncertain_half_life_is_never_named_fastest_or_slowest():
    def cat(name, days, lo, hi):
        return {"category": name, "half_life_days": days, "uncertain": queries.uncertain(days, lo, hi)}

    # a fit at the 1-day bound with a range up to 10^6 days, as a grocer's infant formula had
    cats = [cat("Wine", 400.0, 300.0, 500.0), cat("Formula", 1.0, 0.0, 1e6), cat("Milk", 20.0, 15.0, 30.0),
            cat("Candles", 900.0, 100.0, 5000.0)]
    assert [c["uncertain"] for c in cats] == [False, True, False, True]
    fastest, slowest = queries.fastest_and_slowest(cats)
    assert (fastest["category"], slowest["category"]) == ("Milk", "Wine")
    # every one uncertain: named among them all
    assert [c["category"] for c in queries.fastest_and_slowest(cats[1::2])] == ["Formula", "Candles"]
    # no range known: the half-life alone, certain
    assert not queries.uncertain(12.0, None, None)

"""Uplift on a planted example: later events for known targets and controls."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from engine.campaigns import CampaignSpec, measure_all, measure_uplift, save_campaign
from engine.campaigns.uplift import diff_ci, wilson
from engine.ingest import import_file
from tests.engine.test_campaigns import DATE, planted  # noqa: F401 (fixture)


def test_newcombe_interval_matches_the_published_example():
    # Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 vs 48/80, method 10
    lo, hi = diff_ci(56, 70, 48, 80)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)
    assert wilson(0, 10)[0] == 0.0 and 0 < wilson(0, 10)[1] < 0.31


def write_events(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer_id", "ts", "event_type", "category", "quantity", "amount"])
        w.writerows(rows)


def test_uplift_counts_shifts_after_the_campaign_date(planted, tmp_path):  # noqa: F811
    saved = save_campaign(planted, CampaignSpec("Tea", size=100, control_fraction=0.3, seed=9,
                                                suppress_recent_days=None, suppress_refund_only=False))
    members = planted.query("SELECT customer_id, grp FROM campaign_members WHERE campaign_id = ? ORDER BY position",
                            [saved.campaign_id])
    target = [c for c, g in members if g == "target"]
    control = [c for c, g in members if g == "control"]
    assert (len(target), len(control)) == (70, 30)
    waiting = measure_uplift(planted, saved.campaign_id)
    assert waiting.status == "waiting" and waiting.shifted_target == 0 and "import later" in str(waiting.describe())

    day = lambda n: (DATE + dt.timedelta(days=n)).isoformat(sep=" ")  # noqa: E731
    rows = []
    rows += [(c, day(3 + i % 20), "purchase", "Tea", 1, 9.5) for i, c in enumerate(target[:21])]  # 21 shift
    rows += [(c, day(10), "purchase", "Tea", 2, 9.5) for c in target[:5]]         # a second purchase: still 5 people
    rows += [(c, day(40), "purchase", "Tea", 1, 9.5) for c in target[21:30]]       # after the 4-week window
    rows += [(c, day(5), "view", "Tea", 1, "") for c in target[30:40]]            # only looked
    rows += [(c, day(5), "purchase", "Coffee", 1, 3) for c in target[40:50]]      # another category
    rows += [(c, day(6), "refund", "Tea", -1, -9.5) for c in target[50:55]]       # a refund is not a shift
    rows += [(c, day(-3), "purchase", "Tea", 1, 9.5) for c in target[55:60]]      # before the campaign
    rows += [(c, day(8 + i), "purchase", "Tea", 1, 9.5) for i, c in enumerate(control[:3])]  # 3 of 30
    rows += [("NEW1", day(50), "purchase", "Tea", 1, 9.5)]                         # data runs past the window
    write_events(tmp_path / "later.csv", rows)
    result = import_file(planted, tmp_path / "later.csv")
    assert result.rows_loaded == len(rows)

    u = measure_uplift(planted, saved.campaign_id)
    assert u.status == "complete" and u.weeks_observed == 4
    assert (u.n_target, u.n_control, u.shifted_target, u.shifted_control) == (70, 30, 21, 3)
    assert u.rate_target == pytest.approx(0.3) and u.rate_control == pytest.approx(0.1)
    assert u.uplift == pytest.approx(0.2)
    assert (u.ci_low, u.ci_high) == pytest.approx(diff_ci(21, 70, 3, 30))
    assert 0 < u.ci_low < 0.2 < u.ci_high
    assert u.extra_shifters == pytest.approx(14.0)
    # cumulative weekly rates end at the totals; shifts on days 3..22 fill weeks 1..4
    assert [w for w, *_ in u.weekly] == [1, 2, 3, 4]
    assert u.weekly[-1][1:] == pytest.approx((0.3, 0.1))
    assert all(a[1] <= b[1] for a, b in zip(u.weekly, u.weekly[1:]))
    assert "21 of 70" in str(u.describe()) and "made a difference" in str(u.describe())
    assert [m.campaign_id for m in measure_all(planted)] == [saved.campaign_id]


def test_partial_window_is_reported(planted, tmp_path):  # noqa: F811
    saved = save_campaign(planted, CampaignSpec("Tea", control_fraction=0.5, suppress_recent_days=None))
    write_events(tmp_path / "week.csv", [("C0100", (DATE + dt.timedelta(days=10)).isoformat(sep=" "),
                                          "purchase", "Tea", 1, 1)])
    import_file(planted, tmp_path / "week.csv")
    u = measure_uplift(planted, saved)
    assert u.status == "partial" and u.weeks_observed == pytest.approx(10 / 7)
    assert u.shifted_target + u.shifted_control == 1
    assert "of 4 weeks observed" in str(u.describe())


def test_a_customer_targets_campaign_counts_who_bought_not_who_shifted():
    """A list of customers likely to lapse is measured by who bought anything: its sentence says bought (it said
    "shifted", a category campaign's word, on the dev file's later weeks)."""
    from engine.campaigns.spec import CUSTOMER_TARGETS
    from engine.campaigns.uplift import Uplift

    def uplift(category):
        return Uplift(1, "c", category, dt.datetime(2017, 7, 30), 4, 4.0, 119, 13, 49, 2, 49 / 119, 2 / 13,
                      49 / 119 - 2 / 13, -0.02, 0.4, 38.1)

    lapsing = uplift(CUSTOMER_TARGETS["lapsing"])
    assert lapsing.buys_anything
    assert str(lapsing.describe()).startswith("4 weeks: 49 of 119 targets bought (41.2%) vs 2 of 13 in control")
    assert "targets shifted" in str(uplift("SOUP").describe()) and not uplift("SOUP").buys_anything

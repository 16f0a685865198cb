"""The demo generator's activity: fewer events per customer (issue #13's many customers with short
histories) with the planted truths intact, and the default shop unchanged."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from engine.demo import DemoTruth, generate_demo_shop
from engine.demo.plan import TARGET_QUIET_WEEKS
from engine.demo.shop import DEMO_START
from tests.bench.bench_scale import WIDE_EVENTS_PER_CUSTOMER, wide_activity, wide_customers

N = 3000


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory):
    files = generate_demo_shop(tmp_path_factory.mktemp("quiet"), seed=7, n_customers=N, activity=0.2)
    return files, _rows(files.events_csv)


def test_default_activity_is_the_demo_shop(tmp_path: Path) -> None:
    a = generate_demo_shop(tmp_path / "a", seed=11, n_customers=300)
    b = generate_demo_shop(tmp_path / "b", seed=11, n_customers=300, activity=1.0)
    assert a.events_csv.read_bytes() == b.events_csv.read_bytes()
    assert a.truth.activity == 1.0


def test_activity_is_deterministic_and_changes_the_rows(tmp_path: Path) -> None:
    a = generate_demo_shop(tmp_path / "a", seed=11, n_customers=300, activity=0.3)
    b = generate_demo_shop(tmp_path / "b", seed=11, n_customers=300, activity=0.3)
    c = generate_demo_shop(tmp_path / "c", seed=11, n_customers=300)
    assert a.events_csv.read_bytes() == b.events_csv.read_bytes()
    assert a.n_rows < 0.5 * c.n_rows
    assert DemoTruth.from_json(a.truth_json).activity == 0.3


@pytest.mark.parametrize("bad", [0.0, -1.0, 0.001, 11.0])
def test_activity_out_of_range_is_refused(tmp_path: Path, bad: float) -> None:
    with pytest.raises(ValueError, match="activity must be between"):
        generate_demo_shop(tmp_path, n_customers=10, activity=bad)
    assert not list(tmp_path.iterdir())


def test_quiet_shop_has_short_histories(quiet) -> None:
    files, rows = quiet
    per_customer = Counter(r["customer_id"] for r in rows)
    assert 8.0 < files.n_rows / N < 15.0
    assert len(per_customer) > 0.8 * N  # most customers have an event (a quiet light one may have none)
    assert np.median(list(per_customer.values())) <= 12


def test_quiet_shop_keeps_its_planted_truths(quiet) -> None:
    files, rows = quiet
    t = files.truth
    assert len(t.movers) > 0.04 * N and len(t.cold_start) > 0.03 * N
    start = np.datetime64(DEMO_START.isoformat(), "s")
    lo, hi = TARGET_QUIET_WEEKS
    target_buyers = set()
    spend: dict[str, float] = {}
    for r in rows:
        if r["event_type"] == "purchase":
            spend[r["customer_id"]] = spend.get(r["customer_id"], 0.0) + float(r["amount"])
            week = int((np.datetime64(r["ts"].replace(" ", "T"), "s") - start).astype(np.int64) // (7 * 86_400))
            if r["category"] == t.move_target and lo <= week <= hi:
                target_buyers.add(r["customer_id"])
    assert target_buyers and target_buyers <= set(t.movers)
    mean = {tier: np.mean([spend.get(c, 0.0) for c, x in t.tier.items() if x == tier and c not in t.cold_start])
            for tier in ("light", "medium", "heavy")}
    assert mean["light"] < mean["medium"] < mean["heavy"]


def test_every_customer_buys_only_adds_purchases_for_idle_customers(tmp_path: Path) -> None:
    n = 3000
    base = generate_demo_shop(tmp_path / "a", seed=7, n_customers=n, activity=0.1)
    full = generate_demo_shop(tmp_path / "b", seed=7, n_customers=n, activity=0.1, every_customer_buys=True)
    rows = _rows(full.events_csv)
    buyers = {r["customer_id"] for r in rows if r["event_type"] == "purchase"}
    assert len(buyers) == n  # without it about a third of them buy nothing at this activity
    assert len({r["customer_id"] for r in _rows(base.events_csv) if r["event_type"] == "purchase"}) < 0.7 * n
    assert full.truth.every_customer_buys and DemoTruth.from_json(full.truth_json).every_customer_buys
    assert "every_customer_buys" not in base.truth_json.read_text()  # the default truth file as before
    # the planted movers keep their quiet weeks: nobody else buys the target in them
    start = np.datetime64(DEMO_START.isoformat(), "s")
    lo, hi = TARGET_QUIET_WEEKS
    for r in rows:
        if r["event_type"] == "purchase" and r["category"] == full.truth.move_target:
            week = int((np.datetime64(r["ts"].replace(" ", "T"), "s") - start).astype(np.int64) // (7 * 86_400))
            assert not lo <= week <= hi or r["customer_id"] in full.truth.movers


def test_wide_shape_is_ten_events_per_customer(tmp_path: Path) -> None:
    """bench_scale's wide shape: 1M customers at 10^7 events, every one buying, activity from two probes."""
    assert wide_customers(10_000_000) == 1_000_000 and wide_customers(3) == 1
    activity = wide_activity(tmp_path)
    assert 0.05 < activity < 0.5
    n = 4000
    files = generate_demo_shop(tmp_path / "check", seed=8, n_customers=n, activity=activity, every_customer_buys=True)
    rows = _rows(files.events_csv)
    assert len({r["customer_id"] for r in rows if r["event_type"] == "purchase"}) == n
    assert abs(files.n_rows / n - WIDE_EVENTS_PER_CUSTOMER) < 1.0

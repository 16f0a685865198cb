"""The demo shop generator: formats, determinism, and that the planted truth is in the data."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from engine.demo import (
    DEMO_END,
    DEMO_START,
    MOVE_SOURCE,
    MOVE_TARGET,
    MOVE_WEEK,
    DemoShopFiles,
    DemoTruth,
    generate_demo_shop,
)

HEADER = ("customer_id,ts,event_type,order_id,item_id,item_name,category,category_path,"
          "quantity,amount,age_band,region,channel")
N = 600


@dataclass
class Shop:
    files: DemoShopFiles
    truth: DemoTruth
    rows: list[list[str]]
    cust: np.ndarray
    ts: np.ndarray  # datetime64[s]
    day: np.ndarray  # days since DEMO_START
    week: np.ndarray
    etype: np.ndarray
    order: np.ndarray
    item: np.ndarray
    category: np.ndarray
    qty: np.ndarray  # 0 where empty
    amount: np.ndarray  # nan where empty

    def purchases(self) -> np.ndarray:
        return self.etype == "purchase"


def _load(files: DemoShopFiles) -> Shop:
    with open(files.events_csv, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        assert ",".join(header) == HEADER
        rows = list(reader)
    cols = list(zip(*rows))
    ts = np.array([t.replace(" ", "T") for t in cols[1]], dtype="datetime64[s]")
    day = (ts - np.datetime64(DEMO_START.isoformat(), "s")).astype(np.int64) // 86_400
    return Shop(
        files=files, truth=files.truth, rows=rows,
        cust=np.array(cols[0]), ts=ts, day=day, week=day // 7, etype=np.array(cols[2]),
        order=np.array(cols[3]), item=np.array(cols[4]), category=np.array(cols[6]),
        qty=np.array([int(q) if q else 0 for q in cols[8]]),
        amount=np.array([float(a) if a else np.nan for a in cols[9]]),
    )


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Shop:
    files = generate_demo_shop(tmp_path_factory.mktemp("demo"), seed=7, n_customers=N)
    return _load(files)


# --- files and formats -------------------------------------------------------------------

def test_determinism(tmp_path: Path) -> None:
    a = generate_demo_shop(tmp_path / "a", seed=11, n_customers=300)
    b = generate_demo_shop(tmp_path / "b", seed=11, n_customers=300)
    c = generate_demo_shop(tmp_path / "c", seed=12, n_customers=300)
    assert a.events_csv.read_bytes() == b.events_csv.read_bytes()
    assert a.truth_json.read_bytes() == b.truth_json.read_bytes()
    assert a.events_csv.read_bytes() != c.events_csv.read_bytes()
    assert a.events_csv.name == "demo_shop_events.csv"
    assert a.truth_json.name == "demo_shop_truth.json"
    assert not list((tmp_path / "a").glob("*.part"))


def test_truth_json_round_trip(shop: Shop) -> None:
    t = DemoTruth.from_json(shop.files.truth_json)
    assert t == shop.truth
    assert t.seed == 7 and t.n_customers == N and t.period == "week"
    assert (t.start, t.end) == (DEMO_START.isoformat(), DEMO_END.isoformat())
    assert DEMO_START.weekday() == 0 and DEMO_START == date(2025, 11, 3)
    assert len(t.tier) == len(t.group) == N
    assert set(t.tier.values()) == {"light", "medium", "heavy"}
    assert 5 <= len(t.group_categories) <= 6 and set(t.group.values()) <= set(t.group_categories)
    assert len(t.category_half_life_days) >= 25 and set(t.departments) == set(t.category_half_life_days)
    hl = np.array(list(t.category_half_life_days.values()))
    assert hl.min() <= 12 and hl.max() >= 85
    assert (t.move_week, t.move_source, t.move_target) == (MOVE_WEEK, MOVE_SOURCE, MOVE_TARGET)
    # the few customers with their own half-life differ from their categories' half-lives
    assert 0 < len(t.customer_half_life_days) <= 0.1 * N
    for own in t.customer_half_life_days.values():
        assert all(v != t.category_half_life_days[c] for c, v in own.items())


def test_header_and_value_formats(shop: Shop) -> None:
    raw = shop.files.events_csv.read_text(encoding="utf-8")
    assert raw.startswith(HEADER + "\n") and raw.endswith("\n") and "\r" not in raw
    assert all(len(r) == 13 for r in shop.rows)
    assert any("," in r[5] for r in shop.rows), "some item names need quoting"
    assert re.fullmatch(r"C\d{6}", shop.rows[0][0])
    assert set(shop.etype) == {"view", "cart", "favourite", "purchase", "refund"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r[1]) for r in shop.rows[:2000])
    assert shop.day.min() >= 0 and shop.ts.max() < np.datetime64(DEMO_END.isoformat(), "s")
    truth = shop.truth
    buying = np.isin(shop.etype, ["purchase", "refund"])
    for r, is_buy in zip(shop.rows, buying):
        assert re.fullmatch(r"SKU-[A-Z]{3}-\d{3}", r[4]) and r[5]
        assert r[7] == f"{truth.departments[r[6]]} > {r[6]}"
        assert r[10] in ("18-24", "25-34", "35-44", "45-54", "55+")
        assert r[11] in ("North", "South", "East", "West", "Central")
        assert r[12] in ("web", "app", "marketplace")
        if is_buy:
            assert re.fullmatch(r"O\d{7,}", r[3])
            assert re.fullmatch(r"-?\d+", r[8]) and re.fullmatch(r"-?\d+\.\d\d", r[9])
        else:
            assert r[3] == r[8] == r[9] == ""
    p = shop.purchases()
    assert (shop.qty[p] >= 1).all() and (shop.qty[p] <= 6).all() and (shop.amount[p] > 0).all()
    assert (shop.qty[p] == 1).mean() > 0.7
    # attributes repeat on every row of a customer
    attrs = {}
    for r in shop.rows:
        assert attrs.setdefault(r[0], (r[10], r[11], r[12])) == (r[10], r[11], r[12])
    # sorted by customer then time
    key = np.lexsort((shop.ts, shop.cust))
    assert (key == np.arange(key.size)).all()
    # one order per customer and day: order ids increase through the file
    onum = np.array([int(o[1:]) for o in shop.order[p]])
    assert onum[0] == 1 and (np.diff(onum) >= 0).all() and (np.diff(onum) <= 1).all()
    # the item's price times the quantity is the amount
    unit = {}
    for i, a, q in zip(shop.item[p], shop.amount[p], shop.qty[p]):
        assert round(unit.setdefault(i, a / q) * q, 2) == a


# --- the planted truth -------------------------------------------------------------------

def test_movers_switch_in_their_week(shop: Shop) -> None:
    t = shop.truth
    assert 0.04 * N <= len(t.movers) <= 0.12 * N
    p = shop.purchases()
    lo, hi = t.move_window_weeks
    for cid, sw in t.movers.items():
        assert lo <= sw <= hi and t.group[cid] == "Young parents" and cid not in t.cold_start
        mine = shop.cust == cid
        tgt = mine & p & (shop.category == t.move_target)
        src = mine & p & (shop.category == t.move_source)
        assert tgt.any(), cid
        assert shop.week[tgt].min() == sw, cid  # first target purchase in the switch week
        first_tgt = shop.ts[tgt].min()
        assert src.any() and shop.ts[src].max() < first_tgt  # source bought before, not after
        assert tgt.sum() >= 1
        # the ramp: target views in the 3 weeks before the first target purchase
        views = mine & (shop.etype == "view") & (shop.category == t.move_target) & (shop.ts < first_tgt)
        assert views.sum() >= 2
        assert (shop.day[views] >= shop.day[tgt].min() - 22).all()


def test_only_movers_buy_the_target_in_the_quiet_weeks(shop: Shop) -> None:
    t = shop.truth
    p = shop.purchases()
    movers = np.isin(shop.cust, list(t.movers))
    tgt = p & (shop.category == t.move_target)
    assert not (tgt & ~movers & (shop.week >= 32) & (shop.week <= 44)).any()
    assert (tgt & ~movers).any(), "others buy the target at other times"
    # buying the source alone does not identify the movers
    yp = np.array([t.group[c] == "Young parents" for c in shop.cust])
    src_buyers = set(shop.cust[p & (shop.category == t.move_source) & yp & ~movers])
    assert len(src_buyers) >= 0.5 * len(t.movers)


def test_tiers_are_ordered_by_frequency_and_spend(shop: Shop) -> None:
    t = shop.truth
    p = shop.purchases()
    ids, counts = np.unique(shop.cust[p], return_counts=True)
    n_buys = dict(zip(ids, counts))
    spend: dict[str, float] = {}
    for c, a in zip(shop.cust[p], shop.amount[p]):
        spend[c] = spend.get(c, 0.0) + a
    cold = set(t.cold_start)
    med = {}
    for tier in ("light", "medium", "heavy"):
        members = [c for c, v in t.tier.items() if v == tier and c not in cold]
        med[tier] = (np.median([n_buys.get(c, 0) for c in members]),
                     np.median([spend.get(c, 0.0) for c in members]))
    assert med["heavy"][0] > med["medium"][0] > med["light"][0]
    assert med["heavy"][1] > med["medium"][1] > med["light"][1]
    share = {k: sum(v == k for v in t.tier.values()) / N for k in ("light", "medium", "heavy")}
    assert 0.4 < share["light"] < 0.62 and 0.25 < share["medium"] < 0.45 and 0.08 < share["heavy"] < 0.22


def test_refunds_reference_a_purchase(shop: Shop) -> None:
    p = shop.purchases()
    r = shop.etype == "refund"
    assert r.any()
    assert (shop.qty[r] < 0).all() and (shop.amount[r] < 0).all()
    bought = {(c, o, i): (ts, q, a) for c, o, i, ts, q, a in
              zip(shop.cust[p], shop.order[p], shop.item[p], shop.ts[p], shop.qty[p], shop.amount[p])}
    refunds = zip(shop.cust[r], shop.order[r], shop.item[r], shop.ts[r], shop.qty[r], shop.amount[r])
    for c, o, i, ts, q, a in refunds:
        b_ts, b_q, b_a = bought[(c, o, i)]
        assert q == -b_q and a == -b_a
        assert np.timedelta64(3, "D") <= ts - b_ts <= np.timedelta64(20, "D")
    assert 0.005 < r.sum() / p.sum() < 0.04


def test_cold_start_customers_arrive_late_with_few_purchases(shop: Shop) -> None:
    t = shop.truth
    assert 0.02 * N <= len(t.cold_start) <= 0.1 * N
    p = shop.purchases()
    first_cold_day = (52 - 6) * 7
    for cid in t.cold_start:
        mine = shop.cust == cid
        assert cid in t.group
        assert 1 <= (mine & p).sum() <= 2
        assert shop.day[mine].min() >= first_cold_day


def test_half_lives_are_visible_in_the_gaps(shop: Shop) -> None:
    """Consecutive purchases of one category come closer together when its half-life is short."""
    t = shop.truth
    p = shop.purchases() & ~np.isin(shop.cust, list(t.movers))
    cust, category, day = shop.cust[p], shop.category[p], shop.day[p]
    order = np.lexsort((day, category, cust))
    cust, category, day = cust[order], category[order], day[order]
    same = (cust[1:] == cust[:-1]) & (category[1:] == category[:-1])
    gap = np.diff(day)
    hl, med = [], []
    for c, h in t.category_half_life_days.items():
        g = gap[same & (category[1:] == c) & (gap > 0)]
        if g.size >= 20:
            hl.append(h)
            med.append(np.median(g))
    hl, med = np.array(hl), np.array(med)
    assert hl.size >= 20
    rank_corr = np.corrcoef(np.argsort(np.argsort(hl)), np.argsort(np.argsort(med)))[0, 1]
    assert rank_corr > 0.6, rank_corr
    assert med[hl <= 20].mean() * 2 < med[hl >= 70].mean()


# --- progress and cancel -------------------------------------------------------------------

class _Stop(Exception):
    pass


class _CancelAfterFirstBlock:
    def __init__(self) -> None:
        self.calls = 0

    def raise_if_cancelled(self) -> None:
        self.calls += 1
        if self.calls > 1:
            raise _Stop()


def test_cancel_is_checked_between_blocks(tmp_path: Path) -> None:
    cancel = _CancelAfterFirstBlock()
    reports: list[tuple[float, float]] = []
    with pytest.raises(_Stop):
        generate_demo_shop(tmp_path, n_customers=600, block_size=200, cancel=cancel,
                           progress=lambda done, total, message="": reports.append((done, total)))
    assert cancel.calls == 2
    assert reports == [(200.0, 600.0)]
    assert not list(tmp_path.iterdir()), "no partial files are left behind"


def test_progress_and_blocks(tmp_path: Path) -> None:
    reports: list[tuple[float, float, str]] = []
    files = generate_demo_shop(tmp_path, n_customers=500, block_size=200,
                               progress=lambda d, t, m="": reports.append((d, t, m)))
    assert [r[:2] for r in reports] == [(200.0, 500.0), (400.0, 500.0), (500.0, 500.0)]
    with open(files.events_csv, encoding="utf-8") as fh:
        assert sum(1 for _ in fh) == files.n_rows + 1
    ids = sorted(files.truth.tier)
    assert ids[0] == "C000001" and ids[-1] == "C000500"


def test_engine_demo_does_not_import_qt() -> None:
    code = ("import sys, engine.demo; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'superqt')]; "
            "assert not bad, bad")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)

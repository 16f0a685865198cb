"""Generate the demo shop: an events CSV with a planted, known truth.

The shop runs for 52 weeks from :data:`DEMO_START`. Each customer belongs to an
interest group (a mix of "home" categories) and a tier (light, medium, heavy).
Purchases per (customer, category) follow a self-exciting Hawkes process with an
exponential kernel whose decay is ``ln 2 / half_life`` of the category (or of the
customer, for the few customers with their own half-life). It is simulated as a
branching process, vectorised over all (customer, category) pairs of a block of
customers: immigrants (background purchases) uniform in time from a burn-in
period before the start, then generation after generation of children at
exponential offsets, until no child is left inside the span.

On top of that:

* browsing: views (and sometimes a cart or favourite) in the days before each
  purchase, in its category, plus background views in the customer's categories;
* refunds of about 2 % of purchase lines, 3–20 days later;
* the movers: about 8 % of customers (all in "Young parents") who buy the source
  category (Maternity) at an elevated rate, start viewing the target (Baby food)
  in the 1–3 weeks before their switch week (MOVE_WEEK … MOVE_WEEK + 3), stop
  buying the source and buy the target from the switch on. Nobody else buys the
  target in weeks 32–44, so target buyers in that window are movers only;
* cold-start customers (about 6 %) who appear in the last 6 weeks with 1–2
  purchases.

Customers are generated in blocks, each from its own ``default_rng([seed, block])``
and appended to the CSV, so memory stays bounded for a million customers. The
output is a pure function of ``(seed, n_customers, block_size)``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import catalog as cat
from .truth import DemoTruth

__all__ = [
    "DEMO_START",
    "DEMO_END",
    "SPAN_DAYS",
    "N_WEEKS",
    "MOVE_WEEK",
    "MOVE_SOURCE",
    "MOVE_TARGET",
    "TARGET_QUIET_WEEKS",
    "COLD_START_WEEKS",
    "BLOCK_SIZE",
    "CSV_COLUMNS",
    "EVENT_TYPES",
    "DemoShopFiles",
    "generate_demo_shop",
]

# --- the planted calendar ----------------------------------------------------------------

DEMO_START = date(2025, 11, 3)  # a Monday; week 0 starts here
DEMO_END = date(2026, 11, 1)  # exclusive (so the last day is Saturday 2026-10-31)
SPAN_DAYS = (DEMO_END - DEMO_START).days  # 363: week 51 has 6 days
N_WEEKS = 52
MOVE_WEEK = 40  # movers switch in weeks 40..43 (0-based weeks from DEMO_START)
MOVE_SOURCE = "Maternity"
MOVE_TARGET = "Baby food"
TARGET_QUIET_WEEKS = (32, 44)  # inclusive: only movers buy the target in these weeks
COLD_START_WEEKS = 6  # cold-start customers first appear in the last 6 weeks (46..51)
BURN_IN_DAYS = 120  # Hawkes immigrants start this long before DEMO_START (then discarded)

BLOCK_SIZE = 20_000
CSV_CHUNK_ROWS = 200_000  # rows turned into CSV text at a time

CSV_COLUMNS = (
    "customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category",
    "category_path", "quantity", "amount", "age_band", "region", "channel",
)
EVENT_TYPES = ("view", "cart", "favourite", "purchase", "refund")
_VIEW, _CART, _FAV, _PURCHASE, _REFUND = range(5)

# --- behaviour parameters ----------------------------------------------------------------

TIER_SHARE = (0.50, 0.35, 0.15)
TIER_RATE = (0.4, 1.0, 3.0)  # multiplies purchases and browsing
PURCHASES_PER_YEAR = 10.0  # expected purchase lines per year of a medium customer
BACKGROUND_VIEWS_PER_YEAR = 12.0  # of a medium customer, times TIER_RATE
MIX_CONCENTRATION = 20.0  # Dirichlet concentration of a customer's mix around its group's
ITEM_TILT = (-0.5, -0.15, 0.3)  # log-weight per price rank step: light cheap, heavy premium
QUANTITY_P = ((0.92, 0.06, 0.02), (0.85, 0.10, 0.05), (0.70, 0.20, 0.10))  # P(1, 2, 3) by tier
OWN_HALF_LIFE_SHARE = 0.05
OWN_HALF_LIFE_MULTIPLIERS = (0.5, 2.0)
MOVER_SHARE = 0.08  # of all customers (drawn among non-cold-start Young parents)
MOVER_GROUP = "Young parents"
COLD_START_SHARE = 0.06
REFUND_SHARE = 0.02
PRE_VIEWS_MAX = 4  # 0..4 views before each purchase, within 5 days
CART_P, FAV_P = 0.35, 0.08
# movers
MOVER_SOURCE_RATE = 1.0 / 200.0  # extra source immigrants per day in the 150 days before the switch
DECOY_SHARE = 0.5  # of the other Young parents: an elevated source spell but no switch
MOVER_TARGET_BURST = 1.5  # extra target purchases (Poisson mean) in the 4 weeks after the switch
MOVER_TARGET_RATE = 1.0 / 45.0  # target immigrants per day from 4 weeks after the switch
# hour-of-day profile of events (local shop time)
_HOUR_W = np.array([1.0, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.0, 3.2, 3.5,
                    4.5, 4.2, 3.5, 3.3, 3.4, 3.8, 4.5, 5.5, 6.0, 5.5, 4.0, 2.2])

_DAY = 86_400
_START_EPOCH = int(datetime(DEMO_START.year, DEMO_START.month, DEMO_START.day,
                            tzinfo=timezone.utc).timestamp())

ProgressFn = Callable[..., Any]


@dataclass(frozen=True)
class DemoShopFiles:
    events_csv: Path
    truth_json: Path
    truth: DemoTruth
    n_rows: int = 0  # data rows written (header excluded)


# --- static tables built once from the catalogue -------------------------------------------

class _Tables:
    def __init__(self) -> None:
        cats = cat.CATEGORIES
        self.n_cat = len(cats)
        self.half_life = np.array([c.half_life_days for c in cats])
        self.branching = np.array([c.branching for c in cats])
        self.n_items = np.array([len(c.items) for c in cats])
        self.item_offset = np.concatenate([[0], np.cumsum(self.n_items)[:-1]])
        self.price_cents = np.array([round(it.price * 100) for c in cats for it in c.items], dtype=np.int64)
        item_cat = [c for c in cats for _ in c.items]
        item_num = [i + 1 for c in cats for i in range(len(c.items))]
        self.item_id = pa.array([f"SKU-{c.code}-{n:03d}" for c, n in zip(item_cat, item_num)])
        self.item_name = pa.array([it.name for c in cats for it in c.items])
        self.item_name_csv = pa.array([_csv_field(it.name) for c in cats for it in c.items])
        self.item_category = pa.array([c.name for c in item_cat])
        self.item_path = pa.array([c.path for c in item_cat])
        self.event_type = pa.array(EVENT_TYPES)
        self.age = pa.array(cat.AGE_BANDS)
        self.region = pa.array(cat.REGIONS)
        self.channel = pa.array(cat.CHANNELS)
        self.group_mix = cat.group_mix()
        self.group_share = np.array([g.share for g in cat.GROUPS])
        self.home_mask = np.zeros((len(cat.GROUPS), self.n_cat), dtype=bool)
        for g, group in enumerate(cat.GROUPS):
            self.home_mask[g, [cat.category_index(c) for c in group.home]] = True
        self.age_cum = _cum(np.array([g.age for g in cat.GROUPS]))
        self.region_cum = _cum(np.array([g.region for g in cat.GROUPS]))
        self.channel_cum = _cum(np.array([g.channel for g in cat.GROUPS]))
        # item choice per (tier, category): weights exp(tilt * price rank), padded with zeros
        width = int(self.n_items.max())
        w = np.zeros((len(TIER_RATE), self.n_cat, width))
        rank = np.arange(width)
        for t, tilt in enumerate(ITEM_TILT):
            w[t] = np.where(rank[None, :] < self.n_items[:, None], np.exp(tilt * rank)[None, :], 0.0)
        self.item_cum = _cum(w.reshape(-1, width))
        self.quantity_cum = _cum(np.array(QUANTITY_P))
        self.hour_cum = _cum(_HOUR_W[None, :])
        self.source = cat.category_index(MOVE_SOURCE)
        self.target = cat.category_index(MOVE_TARGET)
        self.mover_group = cat.group_index(MOVER_GROUP)


def _cum(p: np.ndarray) -> np.ndarray:
    """Row-wise cumulative probabilities with the last column exactly 1."""
    c = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    c[:, -1] = 1.0
    return c


def _draw(rng: np.random.Generator, cum: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per entry of ``rows`` from the row ``rows[i]`` of ``cum``.

    Vectorised with one ``searchsorted`` on the rows laid end to end (row r spans
    (r, r + 1]), so it needs no (n, width) temporary.
    """
    rows = np.asarray(rows, dtype=np.int64)
    k, width = cum.shape
    flat = (cum + np.arange(k)[:, None]).ravel()
    x = rows + rng.random(rows.size)
    idx = np.searchsorted(flat, x, side="right") - rows * width
    return np.minimum(idx, width - 1)


_TABLES: _Tables | None = None


def _tables() -> _Tables:
    global _TABLES
    if _TABLES is None:
        _TABLES = _Tables()
    return _TABLES


# --- one block of customers --------------------------------------------------------------

@dataclass
class _Block:
    rows: tuple[np.ndarray, ...]  # (cust, sec, etype, order, item, qty, cents), sorted
    attrs: tuple[np.ndarray, ...]  # (age, region, channel) per customer of the block
    ids: list[str]
    tier: np.ndarray
    group: np.ndarray
    cold: np.ndarray
    mover: np.ndarray
    switch_week: np.ndarray
    own_mult: np.ndarray  # 0 where the customer uses the category half-lives
    n_orders: int

    @property
    def n_rows(self) -> int:
        return int(self.rows[0].size)

    def csv_chunks(self, chunk_rows: int = CSV_CHUNK_ROWS):
        """The block's rows as CSV text, a buffer per chunk of rows (bounds the memory)."""
        tb = _tables()
        for lo in range(0, self.n_rows, chunk_rows):
            part = [a[lo:lo + chunk_rows] for a in self.rows]
            yield _to_csv(tb, self.ids, *part, *self.attrs)


def _seconds_of_day(rng: np.random.Generator, n: int, tb: _Tables) -> np.ndarray:
    hour = _draw(rng, tb.hour_cum, np.zeros(n, dtype=np.int64))
    return hour * 3600 + rng.integers(0, 3600, n)


def _hawkes(rng: np.random.Generator, pair: np.ndarray, t: np.ndarray, beta: np.ndarray,
            branching: np.ndarray, t_end: float) -> tuple[np.ndarray, np.ndarray]:
    """Cluster simulation of a Hawkes process from its immigrants, one loop per generation.

    ``pair``/``t``: immigrants (pair index, time in days); ``beta``/``branching``
    per pair. Returns every event (immigrants and descendants) before ``t_end``.
    """
    pairs, times = [pair], [t]
    gen_pair, gen_t = pair, t
    while gen_pair.size:
        n_children = rng.poisson(branching[gen_pair])
        parent = np.repeat(np.arange(gen_pair.size), n_children)
        child_pair = gen_pair[parent]
        child_t = gen_t[parent] + rng.exponential(1.0, child_pair.size) / beta[child_pair]
        inside = child_t < t_end  # children of a child past the end are past it too
        gen_pair, gen_t = child_pair[inside], child_t[inside]
        pairs.append(gen_pair)
        times.append(gen_t)
    return np.concatenate(pairs), np.concatenate(times)


def _simulate_block(seed: int, block: int, first_number: int, n: int, id_width: int,
                    first_order: int) -> _Block:
    tb = _tables()
    rng = np.random.default_rng([seed, block])
    C = tb.n_cat
    T = float(SPAN_DAYS)
    t_sec_end = SPAN_DAYS * _DAY

    # --- who the customers are ---------------------------------------------------------
    group = _draw(rng, _cum(tb.group_share[None, :]), np.zeros(n, dtype=np.int64))
    tier = _draw(rng, _cum(np.array([TIER_SHARE])), np.zeros(n, dtype=np.int64))
    cold = rng.random(n) < COLD_START_SHARE
    tier[cold] = 0  # a newcomer with one or two purchases is a light customer
    age = _draw(rng, tb.age_cum, group)
    region = _draw(rng, tb.region_cum, group)
    channel = _draw(rng, tb.channel_cum, group)
    p_mover = MOVER_SHARE / (tb.group_share[tb.mover_group] * (1.0 - COLD_START_SHARE))
    mover = (group == tb.mover_group) & ~cold & (rng.random(n) < p_mover)
    switch_week = np.where(mover, MOVE_WEEK + rng.integers(0, 4, n), -1)
    switch_day = np.where(mover, switch_week * 7 + rng.integers(0, 7, n), -1)
    own = ~cold & (rng.random(n) < OWN_HALF_LIFE_SHARE)
    own_mult = np.where(own, np.asarray(OWN_HALF_LIFE_MULTIPLIERS)[rng.integers(0, 2, n)], 0.0)

    # each customer's category mix: Dirichlet around the group's mix
    w = rng.gamma(MIX_CONCENTRATION * tb.group_mix[group])
    w /= w.sum(axis=1, keepdims=True)
    rate = np.asarray(TIER_RATE)[tier]

    # --- purchases: Hawkes per (customer, category) ------------------------------------
    mu = (PURCHASES_PER_YEAR / 365.0) * rate[:, None] * w * (1.0 - tb.branching)[None, :]
    mu[cold] = 0.0
    mu[mover, tb.target] = 0.0  # movers' target purchases start at the switch (below)
    half_life = np.broadcast_to(tb.half_life, (n, C)).copy()
    own_home = own[:, None] & tb.home_mask[group]
    half_life[own_home] *= np.broadcast_to(own_mult[:, None], (n, C))[own_home]
    beta = (math.log(2.0) / half_life).ravel()
    branching = np.broadcast_to(tb.branching, (n, C)).ravel()

    counts = rng.poisson(mu.ravel() * (T + BURN_IN_DAYS))
    imm_pair = np.repeat(np.arange(n * C), counts)
    imm_t = rng.uniform(-BURN_IN_DAYS, T, imm_pair.size)

    movers = np.flatnonzero(mover)
    m_switch = switch_day[movers] + rng.random(movers.size)  # switch time, in days
    # movers: elevated source purchases in the 150 days before the switch, one of them
    # surely in the 3 months before it. Decoys (other Young parents) get the same
    # elevated spell ending at a random time, and do not switch: buying the source,
    # even a lot, does not tell a mover from a decoy; the ramp of target views does.
    decoys = np.flatnonzero((group == tb.mover_group) & ~cold & ~mover & (rng.random(n) < DECOY_SHARE))
    spell_who = np.concatenate([movers, decoys])
    spell_end = np.concatenate([m_switch, rng.uniform(200.0, T + 60.0, decoys.size)])
    k = rng.poisson(MOVER_SOURCE_RATE * 150.0, spell_who.size)
    src_t = np.concatenate([np.repeat(spell_end, k) - rng.uniform(0.0, 150.0, k.sum()),
                            spell_end - rng.uniform(14.0, 90.0, spell_who.size)])
    src_pair = np.concatenate([np.repeat(spell_who, k), spell_who]) * C + tb.source
    # movers: the first target purchase at the switch, a burst in the next 4 weeks,
    # then a steady rate (all of which then self-excite)
    k1 = rng.poisson(MOVER_TARGET_BURST, movers.size)
    rest = np.maximum(T - (m_switch + 28.0), 0.0)
    k2 = rng.poisson(MOVER_TARGET_RATE * rest)
    tgt_t = np.concatenate([m_switch,
                            np.repeat(m_switch, k1) + rng.uniform(0.0, 28.0, k1.sum()),
                            np.repeat(m_switch + 28.0, k2) + rng.random(k2.sum()) * np.repeat(rest, k2)])
    tgt_pair = np.concatenate([movers, np.repeat(movers, k1), np.repeat(movers, k2)]) * C + tb.target

    pair, t = _hawkes(rng, np.concatenate([imm_pair, src_pair, tgt_pair]),
                      np.concatenate([imm_t, src_t, tgt_t]), beta, branching, T)
    p_cust, p_cat = np.divmod(pair, C)
    keep = (t >= 0.0) & (t < T)
    # movers stop buying the source on their switch day
    keep &= ~((p_cat == tb.source) & mover[p_cust] & (t >= switch_day[p_cust]))
    # nobody but the movers buys the target in the quiet weeks
    lo, hi = TARGET_QUIET_WEEKS[0] * 7, (TARGET_QUIET_WEEKS[1] + 1) * 7
    keep &= ~((p_cat == tb.target) & ~mover[p_cust] & (t >= lo) & (t < hi))
    p_cust, p_cat, t = p_cust[keep], p_cat[keep], t[keep]

    # cold-start customers: 1-2 purchases in the last weeks, from their own mix
    cold_idx = np.flatnonzero(cold)
    cold_from = float((N_WEEKS - COLD_START_WEEKS) * 7)
    t1 = rng.uniform(cold_from + 5.0, T, cold_idx.size)  # +5: the views before it stay inside
    second = rng.random(cold_idx.size) < 0.4
    t2 = t1[second] + rng.random(second.sum()) * (T - t1[second])
    c_cust = np.concatenate([cold_idx, cold_idx[second]])
    c_cat = _draw(rng, _cum(w[c_cust]), np.arange(c_cust.size))
    p_cust = np.concatenate([p_cust, c_cust])
    p_cat = np.concatenate([p_cat, c_cat])
    t = np.concatenate([t, t1, t2])

    # --- purchases become order lines: same customer and day = one order ------------------
    day = np.floor(t).astype(np.int64)
    sec = day * _DAY + _seconds_of_day(rng, t.size, tb)
    order = np.lexsort((p_cat, sec, p_cust))
    p_cust, p_cat, sec, day = p_cust[order], p_cat[order], sec[order], day[order]
    new_order = np.ones(sec.size, dtype=bool)
    new_order[1:] = (p_cust[1:] != p_cust[:-1]) | (day[1:] != day[:-1])
    first = np.flatnonzero(new_order)
    order_local = np.cumsum(new_order) - 1
    sec = sec[first][order_local]  # one checkout time per order
    order_num = first_order + order_local
    n_orders = int(first.size)

    p_tier = tier[p_cust]
    local_item = _draw(rng, tb.item_cum, p_tier * C + p_cat)
    item = tb.item_offset[p_cat] + local_item
    qty = _draw(rng, tb.quantity_cum, p_tier) + 1
    # the same item twice in one order is one line with the quantities added
    line_key = order_local * tb.price_cents.size + item
    line_key, first_of_line, line = np.unique(line_key, return_index=True, return_inverse=True)
    qty = np.bincount(line, weights=qty).astype(np.int64)
    p_cust, p_cat, sec, item = (a[first_of_line] for a in (p_cust, p_cat, sec, item))
    order_num = order_num[first_of_line]
    cents = tb.price_cents[item] * qty

    rows: list[tuple[np.ndarray, ...]] = []  # (cust, sec, etype, order, item, qty, cents)
    none = lambda m: np.full(m, -1, dtype=np.int64)  # noqa: E731
    zero = lambda m: np.zeros(m, dtype=np.int64)  # noqa: E731
    rows.append((p_cust, sec, np.full(sec.size, _PURCHASE), order_num, item, qty, cents))

    # refunds
    r = np.flatnonzero(rng.random(sec.size) < REFUND_SHARE)
    r_sec = sec[r] + rng.integers(3 * _DAY, 20 * _DAY + 1, r.size)
    rows.append((p_cust[r], r_sec, np.full(r.size, _REFUND), order_num[r], item[r], -qty[r], -cents[r]))

    # browsing before each purchase: 0-4 views in the 5 days before, sometimes a cart/favourite
    k = rng.integers(0, PRE_VIEWS_MAX + 1, sec.size)
    par = np.repeat(np.arange(sec.size), k)
    same = rng.random(par.size) < 0.6
    other = tb.item_offset[p_cat[par]] + (rng.random(par.size) * tb.n_items[p_cat[par]]).astype(np.int64)
    v_item = np.where(same, item[par], other)
    v_sec = sec[par] - rng.integers(60, 5 * _DAY, par.size)
    rows.append((p_cust[par], v_sec, np.full(par.size, _VIEW), none(par.size), v_item,
                 zero(par.size), zero(par.size)))
    c = np.flatnonzero(rng.random(sec.size) < CART_P)
    rows.append((p_cust[c], sec[c] - rng.integers(60, 2 * 3600, c.size), np.full(c.size, _CART),
                 none(c.size), item[c], zero(c.size), zero(c.size)))
    f = np.flatnonzero(rng.random(sec.size) < FAV_P)
    rows.append((p_cust[f], sec[f] - rng.integers(3600, 5 * _DAY, f.size), np.full(f.size, _FAV),
                 none(f.size), item[f], zero(f.size), zero(f.size)))

    # background views in the customer's categories (newcomers only after they arrive)
    n_bg = rng.poisson(BACKGROUND_VIEWS_PER_YEAR / 365.0 * T * rate)
    cold_first_day = np.zeros(n, dtype=np.int64)
    cold_first_day[cold_idx] = np.floor(t1).astype(np.int64)
    n_bg[cold] = rng.poisson(1.5, cold_idx.size)
    b_cust = np.repeat(np.arange(n), n_bg)
    w_bg = w.copy()
    w_bg[mover, tb.target] = 0.0  # movers' interest in the target shows up only in the ramp
    b_cat = _draw(rng, _cum(w_bg), b_cust)
    from_day = cold_first_day[b_cust]
    b_day = from_day + (rng.random(b_cust.size) * (SPAN_DAYS - from_day)).astype(np.int64)
    b_sec = b_day * _DAY + _seconds_of_day(rng, b_cust.size, tb)
    b_sec = np.maximum(b_sec, np.where(cold[b_cust], cold_first_day[b_cust] * _DAY, 0))
    b_item = tb.item_offset[b_cat] + (rng.random(b_cust.size) * tb.n_items[b_cat]).astype(np.int64)
    keep_bg = ~(mover[b_cust] & (b_cat == tb.target))
    rows.append((b_cust[keep_bg], b_sec[keep_bg], np.full(int(keep_bg.sum()), _VIEW),
                 none(int(keep_bg.sum())), b_item[keep_bg], zero(int(keep_bg.sum())),
                 zero(int(keep_bg.sum()))))

    # movers: a ramp of target views in the 1-3 weeks before the switch day, denser near it
    ramp_days = rng.uniform(7.0, 21.0, movers.size)
    k = 2 + rng.poisson(2.5, movers.size)
    mv = np.repeat(np.arange(movers.size), k)
    before = ramp_days[mv] * (1.0 - np.sqrt(rng.random(mv.size)))  # density rises to the switch
    rv_sec = switch_day[movers][mv] * _DAY - np.maximum((before * _DAY).astype(np.int64), 60)
    rv_item = tb.item_offset[tb.target] + rng.integers(0, tb.n_items[tb.target], mv.size)
    rows.append((movers[mv], rv_sec, np.full(mv.size, _VIEW), none(mv.size), rv_item,
                 zero(mv.size), zero(mv.size)))
    fm = np.flatnonzero(rng.random(movers.size) < 0.5)
    fv_before = (rng.random(fm.size) * ramp_days[fm] * _DAY / 2).astype(np.int64) + 60
    fv_sec = switch_day[movers[fm]] * _DAY - fv_before
    fv_item = tb.item_offset[tb.target] + rng.integers(0, tb.n_items[tb.target], fm.size)
    rows.append((movers[fm], fv_sec, np.full(fm.size, _FAV), none(fm.size), fv_item,
                 zero(fm.size), zero(fm.size)))

    # --- all rows of the block, sorted by customer then time ----------------------------
    cust, ts, etype, onum, itm, q, cts = (np.concatenate([np.asarray(r[i], dtype=np.int64) for r in rows])
                                          for i in range(7))
    inside = (ts >= 0) & (ts < t_sec_end)
    cust, ts, etype, onum, itm, q, cts = (a[inside] for a in (cust, ts, etype, onum, itm, q, cts))
    order = np.lexsort((itm, etype, ts, cust))
    cust, ts, etype, onum, itm, q, cts = (a[order] for a in (cust, ts, etype, onum, itm, q, cts))

    ids = [f"C{first_number + i:0{id_width}d}" for i in range(n)]
    return _Block((cust, ts, etype, onum, itm, q, cts), (age, region, channel), ids,
                  tier, group, cold, mover, switch_week, own_mult, n_orders)


def _to_csv(tb: _Tables, ids: list[str], cust: np.ndarray, ts: np.ndarray, etype: np.ndarray,
            onum: np.ndarray, itm: np.ndarray, q: np.ndarray, cts: np.ndarray,
            age: np.ndarray, region: np.ndarray, channel: np.ndarray) -> pa.Buffer:
    """The rows as CSV text (one Arrow buffer), quoting only the fields that need it."""
    if cust.size == 0:
        return pa.py_buffer(b"")
    cust_a = pa.array(cust)
    itm_a = pa.array(itm)
    browsing = etype < _PURCHASE
    order_id = pc.binary_join_element_wise(
        "O", pc.utf8_lpad(pc.cast(pa.array(onum, mask=onum < 0), pa.string()), width=7, padding="0"), "")
    a = np.abs(cts)
    amount = pc.binary_join_element_wise(
        pc.if_else(pa.array(cts < 0), "-", ""),
        pc.cast(pa.array(a // 100, mask=browsing), pa.string()), ".",
        pc.utf8_lpad(pc.cast(pa.array(a % 100), pa.string()), width=2, padding="0"), "")
    columns = [
        pc.take(pa.array(ids), cust_a),
        pc.cast(pa.array(_START_EPOCH + ts, type=pa.timestamp("s")), pa.string()),
        pc.take(tb.event_type, pa.array(etype)),
        order_id,
        pc.take(tb.item_id, itm_a),
        pc.take(tb.item_name_csv, itm_a),
        pc.take(tb.item_category, itm_a),
        pc.take(tb.item_path, itm_a),
        pc.cast(pa.array(q, mask=browsing), pa.string()),
        amount,
        pc.take(tb.age, pa.array(age[cust])),
        pc.take(tb.region, pa.array(region[cust])),
        pc.take(tb.channel, pa.array(channel[cust])),
    ]
    lines = pc.binary_join_element_wise(*columns, ",", null_handling="replace", null_replacement="")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4)
    return lines.buffers()[2].slice(int(offsets[0]), int(offsets[-1] - offsets[0]))


def _csv_field(text: str) -> str:
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


# --- the public entry point ----------------------------------------------------------------

def generate_demo_shop(out_dir: str | Path, *, seed: int = 7, n_customers: int = 3000,
                       progress: ProgressFn | None = None, cancel: Any = None,
                       block_size: int = BLOCK_SIZE) -> DemoShopFiles:
    """Write ``demo_shop_events.csv`` and ``demo_shop_truth.json`` into ``out_dir``.

    ``progress(done, total, message)`` is called after each block of customers;
    ``cancel.raise_if_cancelled()`` before each block. On cancel (or any error)
    the partial CSV is removed and the exception propagates. The same
    ``(seed, n_customers, block_size)`` gives byte-identical files.
    """
    if n_customers < 1:
        raise ValueError("n_customers must be at least 1")
    if block_size < 1:
        raise ValueError("block_size must be at least 1")
    tb = _tables()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path = out_dir / "demo_shop_events.csv"
    truth_path = out_dir / "demo_shop_truth.json"
    part = out_dir / "demo_shop_events.csv.part"
    id_width = max(6, len(str(n_customers)))

    truth = DemoTruth(
        seed=int(seed), n_customers=int(n_customers),
        start=DEMO_START.isoformat(), end=DEMO_END.isoformat(), period="week",
        category_half_life_days={c.name: c.half_life_days for c in cat.CATEGORIES},
        group_categories={g.name: list(g.home) for g in cat.GROUPS},
        move_week=MOVE_WEEK, move_source=MOVE_SOURCE, move_target=MOVE_TARGET,
        departments={c.name: c.department for c in cat.CATEGORIES},
        category_branching_ratio={c.name: c.branching for c in cat.CATEGORIES},
        block_size=int(block_size),
    )
    n_blocks = -(-n_customers // block_size)
    n_rows = 0
    next_order = 1
    try:
        with open(part, "wb") as fh:
            fh.write((",".join(CSV_COLUMNS) + "\n").encode("utf-8"))
            for b in range(n_blocks):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                lo = b * block_size
                n = min(block_size, n_customers - lo)
                blk = _simulate_block(int(seed), b, lo + 1, n, id_width, next_order)
                next_order += blk.n_orders
                for chunk in blk.csv_chunks():
                    fh.write(memoryview(chunk))
                n_rows += blk.n_rows
                _add_truth(truth, blk, tb)
                if progress is not None:
                    progress(float(lo + n), float(n_customers),
                             f"Generated {lo + n:,} of {n_customers:,} customers")
        os.replace(part, csv_path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    truth.to_json(truth_path)
    return DemoShopFiles(csv_path, truth_path, truth, n_rows)


def _add_truth(truth: DemoTruth, blk: _Block, tb: _Tables) -> None:
    tiers = np.asarray(cat.TIERS)[blk.tier]
    groups = np.asarray([g.name for g in cat.GROUPS])[blk.group]
    truth.tier.update(zip(blk.ids, tiers.tolist()))
    truth.group.update(zip(blk.ids, groups.tolist()))
    for i in np.flatnonzero(blk.mover):
        truth.movers[blk.ids[i]] = int(blk.switch_week[i])
    truth.cold_start.extend(blk.ids[i] for i in np.flatnonzero(blk.cold))
    for i in np.flatnonzero(blk.own_mult > 0):
        home = cat.GROUPS[blk.group[i]].home
        truth.customer_half_life_days[blk.ids[i]] = {
            c: cat.CATEGORIES[cat.category_index(c)].half_life_days * float(blk.own_mult[i]) for c in home
        }

"""One block of customers simulated: groups, tiers, Hawkes purchases, browsing, refunds,
movers and cold starts, as sorted column arrays."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .plan import (
    BACKGROUND_VIEWS_PER_YEAR,
    BURN_IN_DAYS,
    CART_P,
    COLD_START_SHARE,
    COLD_START_WEEKS,
    CSV_CHUNK_ROWS,
    DECOY_SHARE,
    FAV_P,
    MIX_CONCENTRATION,
    MOVER_SHARE,
    MOVER_SOURCE_RATE,
    MOVER_TARGET_BURST,
    MOVER_TARGET_RATE,
    MOVE_WEEK,
    N_WEEKS,
    OWN_HALF_LIFE_MULTIPLIERS,
    OWN_HALF_LIFE_SHARE,
    PRE_VIEWS_MAX,
    PURCHASES_PER_YEAR,
    REFUND_SHARE,
    SPAN_DAYS,
    TARGET_QUIET_WEEKS,
    TIER_RATE,
    TIER_SHARE,
    _CART,
    _DAY,
    _FAV,
    _PURCHASE,
    _REFUND,
    _Tables,
    _VIEW,
    _cum,
    _draw,
    _tables,
)

from .csv_text import _to_csv

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


def _one_purchase_each(rng: np.random.Generator, tb: _Tables, w: np.ndarray, mover: np.ndarray,
                       p_cust: np.ndarray, p_cat: np.ndarray, t: np.ndarray,
                       T: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One purchase, at a uniform time, from its own mix, for each customer without one.

    The target category is left out of the draw (only movers buy it in the quiet weeks,
    and a customer with no purchase is never a mover: movers buy the source)."""
    idle = np.ones(w.shape[0], dtype=bool)
    idle[p_cust] = False
    idle &= ~mover
    who = np.flatnonzero(idle)
    if who.size == 0:
        return p_cust, p_cat, t
    mix = w[who].copy()
    mix[:, tb.target] = 0.0
    mix[mix.sum(axis=1) == 0.0] = 1.0  # a mix all on the target (gamma draws can underflow)
    mix[:, tb.target] = 0.0
    cats = _draw(rng, _cum(mix), np.arange(who.size))
    # +5 days: the views drawn before a purchase stay inside the span
    when = rng.uniform(5.0, T, who.size)
    return np.concatenate([p_cust, who]), np.concatenate([p_cat, cats]), np.concatenate([t, when])


def _simulate_block(seed: int, block: int, first_number: int, n: int, id_width: int,
                    first_order: int, activity: float = 1.0, every_customer_buys: bool = False) -> _Block:
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
    # activity scales purchases and background browsing alike (1.0: the demo shop's draws)
    rate = np.asarray(TIER_RATE)[tier] * activity

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

    if every_customer_buys:
        # its own stream: the block's main draws (and so every other customer) stay as they are
        p_cust, p_cat, t = _one_purchase_each(np.random.default_rng([seed, block, 1]), tb, w, mover,
                                              p_cust, p_cat, t, T)

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

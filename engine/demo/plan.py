"""What the demo shop plants: its calendar, rates and shares, and lookup tables built once
from the catalogue."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable

import numpy as np
import pyarrow as pa

from . import catalog as cat

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
# The shop's default: about 43 events per customer. Lower values make the "many customers
# with short histories" shape of issue #13 (0.2 gives about 10); the planted truths hold
# at any activity, only with fewer events per customer to find them in.
DEFAULT_ACTIVITY = 1.0
MIN_ACTIVITY, MAX_ACTIVITY = 0.01, 10.0
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

def _csv_field(text: str) -> str:
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text

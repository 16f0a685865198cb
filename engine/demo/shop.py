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
output is a pure function of ``(seed, n_customers, block_size, activity,
every_customer_buys)``; ``activity`` (1.0 by default, the shop the app opens) scales
how much each customer buys and browses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.messages import msg

from . import catalog as cat
from .truth import DemoTruth
from .plan import (
    BLOCK_SIZE,
    COLD_START_WEEKS,
    DEFAULT_ACTIVITY,
    MAX_ACTIVITY,
    MIN_ACTIVITY,
    CSV_COLUMNS,
    DEMO_END,
    DEMO_START,
    EVENT_TYPES,
    MOVE_SOURCE,
    MOVE_TARGET,
    MOVE_WEEK,
    N_WEEKS,
    ProgressFn,
    SPAN_DAYS,
    TARGET_QUIET_WEEKS,
    _Tables,
    _tables,
)

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

from .simulate import _Block, _simulate_block

@dataclass(frozen=True)
class DemoShopFiles:
    events_csv: Path
    truth_json: Path
    truth: DemoTruth
    n_rows: int = 0  # data rows written (header excluded)


def generate_demo_shop(out_dir: str | Path, *, seed: int = 7, n_customers: int = 3000,
                       progress: ProgressFn | None = None, cancel: Any = None,
                       block_size: int = BLOCK_SIZE, activity: float = DEFAULT_ACTIVITY,
                       every_customer_buys: bool = False) -> DemoShopFiles:
    """Write ``demo_shop_events.csv`` and ``demo_shop_truth.json`` into ``out_dir``.

    ``progress(done, total, message)`` is called after each block of customers;
    ``cancel.raise_if_cancelled()`` before each block. On cancel (or any error)
    the partial CSV is removed and the exception propagates. The same
    ``(seed, n_customers, block_size, activity)`` gives byte-identical files.
    ``activity`` multiplies every customer's purchase and browsing rates (about 43
    events per customer at 1.0, about 10 at 0.2: issue #13's short histories).
    At a low activity some customers draw no purchase in the year (a fifth at 0.12);
    ``every_customer_buys`` gives each of those one purchase (with its browsing), so that
    every generated customer is in the events (off by default: the shop the app opens).
    """
    if n_customers < 1:
        raise ValueError("n_customers must be at least 1")
    if block_size < 1:
        raise ValueError("block_size must be at least 1")
    if not MIN_ACTIVITY <= activity <= MAX_ACTIVITY:
        raise ValueError(f"activity must be between {MIN_ACTIVITY} and {MAX_ACTIVITY}")
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
        block_size=int(block_size), activity=float(activity),
        every_customer_buys=bool(every_customer_buys),
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
                blk = _simulate_block(int(seed), b, lo + 1, n, id_width, next_order, float(activity),
                                      bool(every_customer_buys))
                next_order += blk.n_orders
                for chunk in blk.csv_chunks():
                    fh.write(memoryview(chunk))
                n_rows += blk.n_rows
                _add_truth(truth, blk, tb)
                if progress is not None:
                    progress(float(lo + n), float(n_customers),
                             msg("progress.demo.generated", done=lo + n, n=n_customers))
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

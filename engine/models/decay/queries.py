"""What the Decay page reads from stored runs: small results, paged tables, one customer's curves."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import numpy as np

from engine.features.interest import weighted_events_sql
from engine.models.decay.kinds import BACKTEST_KIND, KIND
from engine.models.decay.params import DecayParams
from engine.read.paged_query import PagedQuery
from engine.store.project import Project
from engine.store.runs import RunInfo, latest_run

def at_risk_headers(horizon_weeks: int) -> dict[str, str]:
    """The at-risk table's column titles; the lapse risk names the run's horizon."""
    return {"customer_id": "Customer", "lapse_probability": f"Lapse risk ({horizon_weeks} wk)",
            "interest": "Interest today", "half_life_days": "Half-life (days)", "last_purchase": "Last purchase",
            "decay_point": "Decay point", "n_purchases": "Purchases"}


def horizon_weeks(run: RunInfo) -> int:
    return int(run.params.get("horizon_weeks", DecayParams.horizon_weeks))


def latest(project: Project) -> RunInfo | None:
    return latest_run(project, KIND)


def latest_backtest(project: Project) -> RunInfo | None:
    return latest_run(project, BACKTEST_KIND)


#: A half-life whose 95% range spans more than this factor is uncertain: labelled so, and never named the fastest
#: or slowest fading (a grocer's infant formula, fitted at the 1-day bound with a range up to 10^6 days, was).
UNCERTAIN_SPAN = 2.5


def uncertain(half_life: float, lo: float | None, hi: float | None) -> bool:
    """Whether a half-life's 95% range (``lo``, ``hi``; None: not known, taken as the half-life) spans more than
    a factor :data:`UNCERTAIN_SPAN`."""
    lo, hi = half_life if lo is None else lo, half_life if hi is None else hi
    return bool(hi > UNCERTAIN_SPAN * max(lo, 1e-9))


def category_half_lives(project: Project, run_id: int) -> list[dict[str, Any]]:
    """Categories with their half-life, slowest fading first."""
    rows = project.query("""
        SELECT category, half_life_days, half_life_lo, half_life_hi, n_customers, branching FROM decay_categories
        WHERE run_id = ? ORDER BY half_life_days DESC, category""", [run_id])
    return [{"category": c, "half_life_days": h, "half_life_lo": lo, "half_life_hi": hi, "n_customers": n,
             "branching": b, "uncertain": uncertain(h, lo, hi)} for c, h, lo, hi, n, b in rows]


def fastest_and_slowest(categories: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fastest and the slowest fading of :func:`category_half_lives`' categories whose half-life is not
    uncertain (of them all when every one is)."""
    certain = [c for c in categories if not c["uncertain"]] or categories
    return min(certain, key=lambda c: c["half_life_days"]), max(certain, key=lambda c: c["half_life_days"])


#: The run metrics :func:`at_risk_counts` keeps, by the names :func:`summary` gives them.
RISK_METRICS = {"at_risk_pairs": "at_risk_pairs", "customers": "customers_with_purchase",
                "main_at_risk_customers": "at_risk_customers_main", "at_risk_customers": "at_risk_customers_any"}


def at_risk_counts(cur, run_id: int, as_of: datetime) -> dict[str, int]:
    """Pairs at risk (likely to lapse, still interested), the customers with a purchase, those at risk in their
    main category (the one they care most about today: the highest interest of the categories they bought) and
    those at risk in any; as run metrics (:data:`RISK_METRICS`), counted on ``cur`` as training saves the scores.

    In a shop whose customers buy in many categories (a grocer's, ~76 each) nearly every customer is likely to
    lapse from one of them: the main category's count is the one that says who is drifting away."""
    row = cur.execute("""
        WITH bought AS (
            SELECT customer_id, category, interest, lapse_probability >= 0.5 AND decay_point >= ? AS at_risk
            FROM decay_scores WHERE run_id = ? AND n_purchases > 0),
        main AS (SELECT customer_id, arg_max(at_risk, (interest, category)) AS at_risk, bool_or(at_risk) AS any_risk
                 FROM bought GROUP BY customer_id)
        SELECT (SELECT count(*) FROM bought WHERE at_risk), count(*), count(*) FILTER (WHERE at_risk),
               count(*) FILTER (WHERE any_risk)
        FROM main""", [as_of, run_id]).fetchall()[0]
    return dict(zip(RISK_METRICS.values(), (int(v) for v in row)))


def summary(project: Project, run: RunInfo) -> dict[str, Any]:
    """The Decay page's headline numbers: pairs scored and :func:`at_risk_counts`, from the run's metrics (a
    run from before session 37 has them counted now: 0.3-0.5 s at 8M pairs)."""
    m = run.metrics
    counts = ({k: m[k] for k in RISK_METRICS.values()} if all(k in m for k in RISK_METRICS.values())
              else at_risk_counts(project.cursor(), run.run_id, run.as_of))
    n_pairs = m["n_pairs"] if "n_pairs" in m else project.scalar(
        "SELECT count(*) FROM decay_scores WHERE run_id = ?", [run.run_id])
    return {"n_pairs": int(n_pairs), **{name: int(counts[key]) for name, key in RISK_METRICS.items()}}


def at_risk_query(project: Project, run_id: int, category: str, as_of: datetime,
                  still_interested: bool = True) -> PagedQuery:
    """Buyers of a category, most likely to lapse first; optionally only those whose
    interest is still above their stop level (decay point not yet passed)."""
    where = "AND decay_point >= ?" if still_interested else ""
    params: list[Any] = [run_id, category] + ([as_of] if still_interested else [])
    sql = f"""
        SELECT customer_id, lapse_probability, interest, half_life_days, last_purchase, decay_point, n_purchases
        FROM decay_scores
        WHERE run_id = ? AND category = ? AND n_purchases > 0 {where}"""
    query = PagedQuery(project, sql, params, filter_columns=["customer_id"])
    query.set_sort("lapse_probability", descending=True)
    return query


@dataclass
class Curve:
    category: str
    half_life_days: float
    days: np.ndarray            # x: epoch seconds
    interest: np.ndarray
    purchases: np.ndarray       # epoch seconds of purchase occasions
    purchase_levels: np.ndarray  # interest right after each purchase
    stop_level: float | None
    decay_point: datetime | None
    lapse_probability: float | None
    extras: dict[str, Any] = field(default_factory=dict)


def customer_curves(project: Project, run_id: int, customer_id: str, as_of: datetime, *, focus: str | None = None,
                    max_categories: int = 6, days_ahead: int = 120, points: int = 500) -> list[Curve]:
    """Interest over time of one customer in their categories (strongest today first).

    Uses the run's stored per-customer half-lives; the curve runs from the first
    event to ``days_ahead`` after the as-of, decaying with no new events. The
    ``focus`` category comes first whatever its interest.
    """
    cats = project.query("""
        SELECT category, half_life_days, stop_level, decay_point, lapse_probability FROM decay_scores
        WHERE run_id = ? AND customer_id = ?
        ORDER BY category = ? DESC, n_purchases > 0 DESC, interest DESC LIMIT ?""",
                         [run_id, customer_id, focus or "", max_categories])
    if not cats:
        return []
    origin = datetime(2000, 1, 1)
    ev = project.cursor().execute(
        f"SELECT category, t, w, CAST(is_purchase AS INTEGER) AS is_purchase FROM ({weighted_events_sql(origin)}) "
        "WHERE customer_id = ? "
        "ORDER BY t", [as_of, as_of, customer_id]).fetchnumpy()
    cat_of, t_ev, w_ev, buy = ev["category"], np.asarray(ev["t"], float), np.asarray(ev["w"], float), \
        np.asarray(ev["is_purchase"], bool)
    t0 = float(t_ev.min()) - 7.0 if t_ev.size else 0.0
    t_end = (as_of - origin).total_seconds() / 86400.0 + days_ahead
    grid = np.linspace(t0, t_end, points)
    base = epoch(origin)
    curves = []
    for category, hl, stop, point, p in cats:
        beta = math.log(2) / hl
        m = cat_of == category
        te, we = t_ev[m], w_ev[m]
        # interest on the grid: events at or before each grid time, decayed (a small one-customer matrix)
        lag = grid[:, None] - te[None, :]
        level = np.where(lag >= 0, we[None, :] * np.exp(-beta * np.maximum(lag, 0.0)), 0.0).sum(axis=1)
        bought = te[buy[m]]
        after = np.array([(we * np.exp(-beta * (b - te)) * (te <= b)).sum() for b in bought])
        curves.append(Curve(category, float(hl), base + grid * 86400.0, level, base + bought * 86400.0, after,
                            None if stop is None else float(stop), point, None if p is None else float(p)))
    return curves


def epoch(when: datetime) -> float:
    """A naive (shop-time) timestamp as epoch seconds, read as UTC like every chart's date axis."""
    return when.replace(tzinfo=timezone.utc).timestamp()

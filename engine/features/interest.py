"""Interest features in SQL: weighted events, purchase occasions, decayed interest, stop levels.

Interest of customer u in category c at time t is ``I = sum_e w(e) exp(-beta_uc (t - t_e))``
over u's events in c before t. Weights are in purchase-equivalents:

* a purchase occasion counts 1 (one order's lines of one category are one
  decision: three shampoos in one basket are not three signs of interest);
* a cart 0.5, a favourite 0.3, a view 0.1;
* refunds are left out. A refund says that item did not suit, not that the
  interest in the category is gone, and subtracting could make interest negative.

Time is in days (double) since ``origin``, the first day of the data, so the SQL
and the NumPy fit share one clock. Every function returns SQL text with ``?``
parameters; nothing here pulls rows into Python.
"""

from __future__ import annotations

from datetime import datetime

EVENT_WEIGHTS: dict[str, float] = {"purchase": 1.0, "cart": 0.5, "favourite": 0.3, "view": 0.1}

#: A repeat purchase's interest just before it, at this quantile, is where a customer still buys.
STOP_QUANTILE = 0.10
#: Pseudo-count of repeat purchases the category's stop level weighs in a customer's.
STOP_PRIOR = 5.0


def days_sql(column: str, origin: datetime) -> str:
    """A timestamp column as days since ``origin`` (double)."""
    return f"(epoch({column} - TIMESTAMP '{origin:%Y-%m-%d %H:%M:%S}') / 86400.0)"


def occasions_sql(origin: datetime) -> str:
    """Purchase occasions before ``?`` (as-of): one row per customer, category and order.

    Columns: customer_id, category, ts, t (days since origin). Parameters: [as_of].
    """
    return f"""
        SELECT customer_id, category, min(ts) AS ts, {days_sql('min(ts)', origin)} AS t
        FROM events
        WHERE event_type = 'purchase' AND quantity > 0 AND category IS NOT NULL AND ts < ?
        GROUP BY customer_id, category, coalesce(order_id, CAST(CAST(ts AS DATE) AS VARCHAR))
    """


def weighted_events_sql(origin: datetime, occasions: str | None = None) -> str:
    """Purchase occasions (weight 1) and browsing events (their type's weight) before ``?``.

    Columns: customer_id, category, ts, t, w, is_purchase. Parameters: [as_of, as_of].
    ``occasions``: SQL of :func:`occasions_sql`'s rows with the same parameter (e.g. a training
    run's occasions grouped once), else :func:`occasions_sql` itself.
    """
    browsing = ", ".join(f"('{k}', {v})" for k, v in EVENT_WEIGHTS.items() if k != "purchase")
    return f"""
        SELECT customer_id, category, ts, t, 1.0 AS w, true AS is_purchase FROM ({occasions or occasions_sql(origin)})
        UNION ALL
        SELECT e.customer_id, e.category, e.ts, {days_sql('e.ts', origin)} AS t, wt.w, false
        FROM events e JOIN (VALUES {browsing}) AS wt(event_type, w) USING (event_type)
        WHERE e.category IS NOT NULL AND e.ts < ?
    """


def interest_sql(origin: datetime, rates_table: str, occasions: str | None = None) -> str:
    """Interest at the as-of date per pair, with its decay rate from ``rates_table``.

    ``rates_table`` has customer_id, category, beta (per day) for every pair
    scored. Columns: customer_id, category, interest, last_event_ts, last_purchase_ts,
    n_purchases. Parameters: [T, as_of, as_of] where T is the as-of in days. ``occasions``: as
    :func:`weighted_events_sql`'s.
    """
    return f"""
        SELECT ev.customer_id, ev.category,
               sum(ev.w * exp(-r.beta * (? - ev.t))) AS interest,
               max(ev.ts) AS last_event_ts,
               max(ev.ts) FILTER (WHERE ev.is_purchase) AS last_purchase_ts,
               count(*) FILTER (WHERE ev.is_purchase) AS n_purchases
        FROM ({weighted_events_sql(origin, occasions)}) ev
        JOIN {rates_table} r USING (customer_id, category)
        GROUP BY ev.customer_id, ev.category
    """


def interest_before_purchases_sql(origin: datetime, rates_table: str, occasions: str | None = None) -> str:
    """Interest just before each repeat purchase (the level at which the customer still bought).

    Computed with one window per pair: sum of w * exp(beta (t_e - t_ref)) over the
    earlier events, t_ref the pair's last event so every exponent is <= 0, then
    scaled back. Columns: customer_id, category, level. Parameters: [as_of, as_of]. ``occasions``: as
    :func:`weighted_events_sql`'s.
    """
    return f"""
        WITH ev AS (
            SELECT ev.*, r.beta, max(ev.t) OVER (PARTITION BY ev.customer_id, ev.category) AS t_ref
            FROM ({weighted_events_sql(origin, occasions)}) ev JOIN {rates_table} r USING (customer_id, category)
        ), cum AS (
            SELECT customer_id, category, t, t_ref, beta, is_purchase,
                   sum(w * exp(beta * (t - t_ref))) OVER (
                       PARTITION BY customer_id, category ORDER BY t, is_purchase
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS s
            FROM ev
        )
        SELECT customer_id, category, s * exp(least(beta * (t_ref - t), 700)) AS level
        FROM cum WHERE is_purchase AND s > 0
    """


def stop_levels_sql(origin: datetime, rates_table: str, levels_table: str | None = None) -> str:
    """Per pair: the level below which this customer (or the category's customers) stopped buying.

    Own level: the STOP_QUANTILE of the interest before their repeat purchases;
    blended in log space with the category's level by ``m / (m + STOP_PRIOR)``,
    m their number of repeat purchases. Columns: customer_id, category, stop_level.
    Parameters: [as_of, as_of]; none with ``levels_table``, a table already holding
    :func:`interest_before_purchases_sql`'s rows (DuckDB then spills them like any
    table: inlined, the levels' windows and the two reads of them ran out of a 1 GB
    cap at 10^7 events and 1.9M pairs, issue #13).
    """
    levels = f"SELECT * FROM {levels_table}" if levels_table else interest_before_purchases_sql(origin, rates_table)
    return f"""
        WITH lv AS ({levels}),
        own AS (
            SELECT customer_id, category, quantile_cont(level, {STOP_QUANTILE}) AS q, count(*) AS m
            FROM lv GROUP BY customer_id, category
        ),
        cat AS (SELECT category, quantile_cont(level, {STOP_QUANTILE}) AS q FROM lv GROUP BY category)
        SELECT r.customer_id, r.category,
               exp((coalesce(own.m, 0) * ln(coalesce(own.q, cat.q)) + {STOP_PRIOR} * ln(cat.q))
                   / (coalesce(own.m, 0) + {STOP_PRIOR})) AS stop_level
        FROM {rates_table} r
        JOIN cat USING (category)
        LEFT JOIN own USING (customer_id, category)
    """

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

from engine.features.orders import order_key

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
        GROUP BY customer_id, category, {order_key()}
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


def keyed_weighted_events_sql(origin: datetime, keyed_occasions: str, rates_table: str, pair_id: str) -> str:
    """:func:`weighted_events_sql`'s rows, each joined to its pair's row of ``rates_table``: columns ts, t,
    w, is_purchase, beta and ``pair_id``. ``keyed_occasions``: SQL of the purchase occasions before ``?``
    with integer keys (cid, kid, ts, t), which ``rates_table`` also holds for its pairs with a purchase:
    the occasions are matched to their rate by two integers, the browsing events by the names. The same
    rows as the names' join (every occasion's pair has a rate; a browsed pair is matched by its names
    whatever its keys), without naming every occasion and matching the names (issue #13).
    Parameters: [as_of, as_of]."""
    browsing = ", ".join(f"('{k}', {v})" for k, v in EVENT_WEIGHTS.items() if k != "purchase")
    return f"""
        SELECT o.ts, o.t, 1.0 AS w, true AS is_purchase, r.beta, r.{pair_id} AS {pair_id}
        FROM ({keyed_occasions}) o JOIN {rates_table} r USING (cid, kid)
        UNION ALL
        SELECT e.ts, {days_sql('e.ts', origin)} AS t, wt.w, false, r.beta, r.{pair_id} AS {pair_id}
        FROM events e JOIN (VALUES {browsing}) AS wt(event_type, w) USING (event_type)
        JOIN {rates_table} r ON r.customer_id = e.customer_id AND r.category = e.category
        WHERE e.category IS NOT NULL AND e.ts < ?
    """


def interest_and_levels_sql(origin: datetime, rates_table: str, occasions: str | None = None,
                            pair_id: str | None = None, keyed_occasions: str | None = None) -> str:
    """Interest at the as-of per pair and the interest just before each repeat purchase, from one pass
    over the weighted events: the one interest statement (:func:`interest_sql`,
    :func:`interest_before_purchases_sql` and another engine's copy, ``portable.py``, read it).

    Interest is ``sum w exp(-beta (T - t))``; a level is that sum over a pair's earlier events at a
    repeat purchase's time. Computed in one window per pair with t_ref, the pair's last event, so every
    exponent is <= 0, then scaled back. As two statements, each read every event, joined it to its
    pair's rate and sorted or grouped it by pair: at 10^7 events that was done twice over (issue #13).
    The window that gives each repeat purchase's level also gives, on a pair's last event in that
    order, the pair's whole sum. Rows:
    customer_id, category, level (a repeat purchase's, else NULL), and on the one row per pair with
    ``is_last``, interest, last_event_ts, last_purchase_ts, n_purchases as :func:`interest_sql`'s (a
    pair whose last event is a repeat purchase has both on one row). Parameters: [as_of, as_of, T]
    where T is the as-of in days. ``occasions``: as :func:`weighted_events_sql`'s. ``pair_id``: a
    column of ``rates_table`` numbering its pairs (DuckDB's ``rowid``): the windows then partition
    every event by that number and the names are joined back to the result (partitioned and sorted
    by the two names, the windows were most of the statement's cost); the same rows. ``keyed_occasions``
    (with ``pair_id``): the occasions by integer keys, see :func:`keyed_weighted_events_sql` (then
    ``occasions`` is not read).
    """
    pair = f"PARTITION BY {pair_id or 'customer_id, category'}"
    if pair_id is None:
        keys, rate_cols, named, names = "customer_id, category", "r.beta", "cum", "customer_id, category"
    else:
        keys, rate_cols = pair_id, f"r.beta, r.{pair_id} AS {pair_id}"
        named = (f"cum JOIN (SELECT {pair_id} AS pair_row, customer_id AS pair_customer, category AS pair_category "
                 f"FROM {rates_table}) n ON n.pair_row = cum.{pair_id}")
        names = "n.pair_customer AS customer_id, n.pair_category AS category"
    if keyed_occasions is not None and pair_id is not None:
        # the rate and pair number come with each event (joined in keyed_weighted_events_sql)
        source, columns = f"({keyed_weighted_events_sql(origin, keyed_occasions, rates_table, pair_id)}) ev", "ev.*"
    else:
        source = f"({weighted_events_sql(origin, occasions)}) ev JOIN {rates_table} r USING (customer_id, category)"
        columns = f"{'ev.*' if pair_id is None else 'ev.ts, ev.t, ev.w, ev.is_purchase'}, {rate_cols}"
    return f"""
        WITH ev AS (
            SELECT {columns},
                   max(ev.t) OVER ({pair}) AS t_ref, count(*) OVER ({pair}) AS n_events,
                   max(ev.ts) OVER ({pair}) AS last_event_ts,
                   max(CASE WHEN ev.is_purchase THEN ev.ts END) OVER ({pair}) AS last_purchase_ts,
                   count(CASE WHEN ev.is_purchase THEN 1 END) OVER ({pair}) AS n_purchases
            FROM {source}
        ), cum AS (
            SELECT {keys}, t, t_ref, beta, is_purchase, w, n_events, last_event_ts,
                   last_purchase_ts, n_purchases,
                   sum(w * exp(beta * (t - t_ref))) OVER (
                       {pair} ORDER BY t, is_purchase ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS s,
                   row_number() OVER ({pair} ORDER BY t, is_purchase) AS k
            FROM ev
        )
        SELECT {names},
               CASE WHEN is_purchase AND s > 0 THEN s * exp(least(beta * (t_ref - t), 700)) END AS level,
               k = n_events AS is_last,
               CASE WHEN k = n_events
                    THEN (coalesce(s, 0.0) + w * exp(beta * (t - t_ref))) * exp(-beta * (CAST(? AS DOUBLE) - t_ref))
               END AS interest,
               CASE WHEN k = n_events THEN last_event_ts END AS last_event_ts,
               CASE WHEN k = n_events THEN last_purchase_ts END AS last_purchase_ts,
               CASE WHEN k = n_events THEN n_purchases END AS n_purchases
        FROM {named} WHERE (is_purchase AND s > 0) OR k = n_events
    """


def interest_sql(origin: datetime, rates_table: str, occasions: str | None = None) -> str:
    """Interest at the as-of date per pair, with its decay rate from ``rates_table``: the pass's row per pair.

    ``rates_table`` has customer_id, category, beta (per day) for every pair scored. Columns:
    customer_id, category, interest (``sum w exp(-beta (T - t))`` over the pair's weighted events),
    last_event_ts, last_purchase_ts, n_purchases. Parameters: as :func:`interest_and_levels_sql`'s.
    """
    return (f"SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases "
            f"FROM ({interest_and_levels_sql(origin, rates_table, occasions)}) WHERE is_last")


def interest_before_purchases_sql(origin: datetime, rates_table: str, occasions: str | None = None) -> str:
    """Interest just before each repeat purchase (the level at which the customer still bought): the pass's
    level rows. Columns: customer_id, category, level. Parameters: as :func:`interest_and_levels_sql`'s
    (its T goes unused here)."""
    return (f"SELECT customer_id, category, level "
            f"FROM ({interest_and_levels_sql(origin, rates_table, occasions)}) WHERE level IS NOT NULL")


def own_stop_levels_sql(levels: str) -> str:
    """Per pair with repeat purchases: ``q``, the STOP_QUANTILE of the levels before them, and ``m``, their
    number. ``levels``: SQL of rows customer_id, category, level. Grouped by pair, its rows depend on no
    other pair's (the scoring takes them a range of pairs at a time)."""
    return (f"SELECT customer_id, category, quantile_cont(level, {STOP_QUANTILE}) AS q, count(*) AS m "
            f"FROM ({levels}) GROUP BY customer_id, category")


def category_stop_levels_sql(levels: str) -> str:
    """Per category: ``q``, the STOP_QUANTILE of its customers' levels (``levels`` as
    :func:`own_stop_levels_sql`'s)."""
    return f"SELECT category, quantile_cont(level, {STOP_QUANTILE}) AS q FROM ({levels}) GROUP BY category"


def blended_stop_levels_sql(rates_table: str, own: str, cat: str) -> str:
    """Every pair of ``rates_table`` with a category level: its own level (``own``, the rows of
    :func:`own_stop_levels_sql`) blended in log space with its category's (``cat``, of
    :func:`category_stop_levels_sql`) by ``m / (m + STOP_PRIOR)``. Columns: customer_id, category, stop_level."""
    return f"""
        SELECT r.customer_id, r.category,
               exp((coalesce(own.m, 0) * ln(coalesce(own.q, cat.q)) + {STOP_PRIOR} * ln(cat.q))
                   / (coalesce(own.m, 0) + {STOP_PRIOR})) AS stop_level
        FROM {rates_table} r
        JOIN {cat} cat USING (category)
        LEFT JOIN {own} own USING (customer_id, category)
    """


def stop_levels_sql(origin: datetime, rates_table: str, levels_table: str | None = None) -> str:
    """Per pair: the level below which this customer (or the category's customers) stopped buying.

    Own level: the STOP_QUANTILE of the interest before their repeat purchases;
    blended in log space with the category's level by ``m / (m + STOP_PRIOR)``,
    m their number of repeat purchases. Columns: customer_id, category, stop_level.
    Parameters: [as_of, as_of, T] (:func:`interest_before_purchases_sql`'s); none with ``levels_table``,
    a table already holding its rows. The decay scoring builds the three parts as tables of their own
    (:func:`own_stop_levels_sql`, :func:`category_stop_levels_sql`, :func:`blended_stop_levels_sql`):
    inlined, the levels' windows and the two reads of them ran out of a 1 GB cap at 10^7 events and
    1.9M pairs, and the quantiles' states, which DuckDB does not spill, out of 256 MB (issue #13).
    """
    levels = f"SELECT * FROM {levels_table}" if levels_table else interest_before_purchases_sql(origin, rates_table)
    return f"""
        WITH lv AS ({levels}),
        own AS ({own_stop_levels_sql("SELECT * FROM lv")}),
        cat AS ({category_stop_levels_sql("SELECT * FROM lv")})
        {blended_stop_levels_sql(rates_table, "own", "cat")}
    """

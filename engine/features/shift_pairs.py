"""Candidate (customer, category) pairs at rolling cuts, with their hand features, built in DuckDB.

Weeks count back from the as-of date: week 0 is the last week before it. A cut ``s`` weeks
back sees weeks ``>= s`` (its history) and is labelled by weeks ``[s - H, s)`` (when ``s >= H``).
At a cut, the eligible customers ordered in the ``L`` weeks before it, the eligible categories
had at least ``min_buyers`` buyers before it, and a candidate pair is an eligible customer and
an eligible category the customer did not buy in those ``L`` weeks.

Tables (in the cursor's scratch database, :func:`~engine.store.scratch.scratch_tables`; found by name through its search path):
* ``sp_cat(category, cat)`` and ``sp_cust(customer_id, cid)``: integer ids;
* ``sp_w(cid, cat, wk, orders, units, views)``: weekly activity per customer and category;
* ``sp_pairs``: one row per candidate pair and cut, with ``label`` (NULL when the weeks after the
  cut are beyond the as-of date) and the pair's own features (:data:`PAIR_COLUMNS`); at the cuts in
  ``sp_thin``, past a bound, only the pairs a thinned training read takes (:func:`thinned`);
* ``sp_pair_cust(s, cid, ...)`` and ``sp_pair_cat(s, cat, ...)``: the per-customer and per-category features
  (:data:`CUSTOMER_FEATURES`, :data:`CATEGORY_FEATURES`) of each cut's customers and categories with pairs, once
  each: a pair's :data:`SQL_FEATURES` are its row joined to its customer's and its category's on ``s``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Collection

import duckdb

from engine.features.orders import order_key
from engine.store.memory_parts import parts_needed, range_conditions
from engine.store.scratch import scratch

#: Per-pair features (columns of ``sp_pairs``).
PAIR_COLUMNS = ("recency", "never_bought", "weeks_all", "weeks_26", "weeks_8_16", "baskets", "span", "share_active",
                "units", "views_1w", "views_3w", "views_all")
#: Per-customer features (columns of ``sp_pair_cust``).
CUSTOMER_FEATURES = ("c_baskets", "c_spend", "c_trend", "c_active_weeks", "c_tenure", "c_breadth", "c_recent_cats")
#: Per-category features (columns of ``sp_pair_cat``).
CATEGORY_FEATURES = ("k_penetration", "k_trend")
#: Per-pair, per-customer and per-category features computed in SQL, in column order.
SQL_FEATURES = PAIR_COLUMNS + CUSTOMER_FEATURES + CATEGORY_FEATURES


#: Most candidate pairs one statement builds (a range of one cut's customers): its hash tables and its sort hold
#: about this many rows of ~16 columns, under 100 MB, whatever the shop's size (issue #13).
PAIRS_PER_STATEMENT = 1_000_000

#: Customers of the graph stage's kNN reference (the lowest ids who bought before a cut): an older cut's history
#: is kept for at least the lowest this many who bought before it, whatever its sample's bound
REFERENCE_CUSTOMERS = 5000

#: DuckDB memory the per-customer features' statements take per eligible customer and cut (a row of
#: ``sp_pair_cust``), about: at wide 10^7 (1.36M rows) on one thread their one pass ran out of a 256 MB cap with the
#: weekly table still in memory, and fitted once it was dropped first (~190 bytes a row of the cap). 300 leaves
#: room: two ranges there, one from 512 MB up (the command line's and the window's default caps).
CUSTOMER_BYTES_PER_ROW = 300

def build_weekly(cur: duckdb.DuckDBPyConnection, as_of: datetime, history_weeks: int) -> None:
    """Weekly activity before ``as_of`` (never after it: nothing later can leak into a feature)."""
    db = scratch(cur)
    # orders are counted as groups of an inner grouping by order, not as count(DISTINCT order): DuckDB plans
    # the latter as a second aggregation joined back on the three string-bearing keys (long 10^7: 12.9 CPU s of
    # the stage, half of it). A line without an order id is in its day's order, as in every model (orders.py).
    # Units are summed per order first: the same sums for whole quantities; fractional ones are added in
    # another order, as DuckDB's parallel aggregation does anyway.
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_raw AS "
        "SELECT customer_id, category, wk, count(*) FILTER (WHERE lines > 0) AS orders, "
        "  coalesce(sum(units), 0)::DOUBLE AS units, sum(views)::DOUBLE AS views FROM ("
        "  SELECT customer_id, category, floor(epoch(? - ts) / 604800)::INTEGER AS wk, "
        # views stay in one group of their week (no order, no day's key built for each of them)
        f"    CASE WHEN event_type = 'purchase' AND quantity > 0 THEN {order_key()} END AS okey, "
        "    count(*) FILTER (WHERE event_type = 'purchase' AND quantity > 0) AS lines, "
        "    sum(quantity) FILTER (WHERE event_type = 'purchase' AND quantity > 0) AS units, "
        "    count(*) FILTER (WHERE event_type IN ('view', 'cart', 'favourite')) AS views "
        "  FROM events WHERE ts < ? AND ts >= ? - to_days(?) AND category IS NOT NULL GROUP BY ALL"
        ") GROUP BY ALL",
        [as_of, as_of, as_of, 7 * history_weeks])
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_cat AS SELECT category, "
        "(row_number() OVER (ORDER BY n DESC, category) - 1)::INTEGER AS cat, n FROM "
        "(SELECT category, sum(units) AS n FROM sp_raw GROUP BY category)")
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_cust AS SELECT customer_id, "
        "(row_number() OVER (ORDER BY hash(customer_id), customer_id) - 1)::INTEGER AS cid "
        "FROM (SELECT DISTINCT customer_id FROM sp_raw)")
    cur.execute(
        # no spend per category: the customers' spend comes from sp_cw (an order's amount counted once)
        "CREATE OR REPLACE TEMP TABLE sp_w AS SELECT c.cid, k.cat, r.wk, r.orders, r.units, r.views "
        "FROM sp_raw r JOIN sp_cust c USING (customer_id) JOIN sp_cat k USING (category)")
    # baskets and spend per customer-week (an order spans categories: count it once)
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_cw AS SELECT c.cid, floor(epoch(? - ts) / 604800)::INTEGER AS wk, "
        f"  count(DISTINCT {order_key()}) AS orders, sum(amount)::DOUBLE AS spend "
        "FROM events e JOIN sp_cust c USING (customer_id) "
        "WHERE ts < ? AND ts >= ? - to_days(?) AND event_type = 'purchase' AND quantity > 0 GROUP BY ALL",
        [as_of, as_of, as_of, 7 * history_weeks])
    cur.execute("DROP TABLE sp_raw")


def thinned(neg_rate: float, seed: int, alias: str = "p", joined: str = "AND") -> str:
    """The condition (after ``joined``) keeping a pair of ``alias`` that shifted, and a hashed share ``neg_rate`` of
    the others (a training read's negatives, weighted back up by the reader); empty at a share of 1."""
    if neg_rate >= 1.0:
        return ""
    return (f" {joined} ({alias}.label OR hash({alias}.cid, {alias}.cat, {alias}.s, {int(seed)}) % 10000 "
            f"< {int(neg_rate * 10000)})")


def build_pairs(cur: duckdb.DuckDBPyConnection, shifts: list[int], *, lookback: int, horizon: int,
                min_buyers: int, history_weeks: int, keep_pairs: int | None = None,
                keep_customers: int = REFERENCE_CUSTOMERS, thin: Collection[int] = (), neg_rate: float = 1.0,
                seed: int = 0, whole_pairs: int | None = None) -> None:
    """``sp_pairs`` for every cut in ``shifts`` (weeks before the as-of date).

    With ``keep_pairs``, every cut but the latest keeps only its customers ``cid < sp_keep.bound``: the
    fewest lowest ids (customer ids are in hash order: a random sample, the one the fits' readers take)
    whose pairs reach ``keep_pairs``; its history (``sp_hist``) only those below ``sp_keep.history``, the bound
    or further when the lowest ``keep_customers`` who bought before the cut lie beyond it (the graph's kNN reference
    among them). Per-cut and per-category features, and the graph's co-purchase counts (``sp_bought``), still count every
    customer.

    The cuts in ``thin`` are only ever read thinned (training cuts no backtest scores): they keep only the pairs
    :func:`thinned` at ``neg_rate`` and ``seed`` keeps, the rows a training read takes from the whole cut. With
    ``whole_pairs``, every other earlier cut keeps its pairs whole only up to the customer bound of that many pairs
    (what a backtest scores of it: ``max_eval_pairs``) and thinned beyond. ``sp_thin(s, whole_below, whole_pairs,
    neg_rate, seed)`` says which cuts and how. At wide 10^7 the ten training cuts held 2.5M pairs each, of which a
    read took ~125k, and the three scored ones 2.5M, of which a score took 1M: the rest were written, sorted and given
    graph scores for nothing."""
    L, H, W = int(lookback), int(horizon), int(history_weeks)
    db = scratch(cur)
    cur.execute("CREATE OR REPLACE TEMP TABLE sp_cuts AS SELECT unnest(?::INTEGER[]) AS s", [sorted(set(shifts))])
    # customers who ordered in the L weeks before the cut
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_elig AS SELECT c.s, w.cid, sum(w.orders) AS recent_orders "
        f"FROM sp_cuts c JOIN sp_cw w ON w.wk >= c.s AND w.wk < c.s + {L} WHERE w.orders > 0 GROUP BY ALL")
    # every customer's purchased categories at each cut (when first bought before it: its recency), from one pass
    # over the purchase weeks (a customer's and category's purchase week whose later one is after the cut), not from
    # every cut's whole history: the older cuts' history is only their sample's (below), and the categories'
    # counts, the sample's bounds and the graph's co-purchase counts come from this narrow table. At wide 10^7
    # the whole history of every cut was 18 s of the pairs stage's ~45 (results/migration_pair_statements_s51.json);
    # restricted, the stage took 37-42 s where it took 53-54 (results/migration_stages_s52.json)
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_bought AS SELECT c.s, p.cid, p.cat, p.wk - c.s AS recency "
        "FROM (SELECT cid, cat, wk, lag(wk) OVER (PARTITION BY cid, cat ORDER BY wk) AS prev FROM sp_w "
        f"WHERE orders > 0) p JOIN sp_cuts c ON c.s <= p.wk AND c.s > coalesce(p.prev, -1) AND c.s > p.wk - {W} "
        # by cut and customer: the graph stage reads it a range of customers at a time
        "ORDER BY c.s, p.cid, p.cat")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_ecat AS SELECT s, cat, count(*) AS buyers FROM sp_bought "
        f"GROUP BY ALL HAVING count(*) >= {int(min_buyers)}")
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_kcat AS SELECT b.s, b.cat, "
        f"  count(*) FILTER (WHERE b.recency < {L})::DOUBLE / any_value(n.n) AS k_penetration, "
        "  ln((1 + count(*) FILTER (WHERE b.recency < 4)) / (1 + count(*) FILTER (WHERE b.recency >= 4 "
        "     AND b.recency < 8))) AS k_trend "
        "FROM sp_bought b JOIN (SELECT s, count(*) AS n FROM sp_elig GROUP BY s) n USING (s) GROUP BY b.s, b.cat")
    # the categories' units before each cut, every customer's (the backtest's largest categories)
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_cat_units AS SELECT c.s, u.cat, sum(u.units) AS units FROM sp_cuts c "
        "JOIN (SELECT cat, wk, sum(units) AS units FROM sp_w GROUP BY ALL) u "
        f"ON u.wk >= c.s AND u.wk < c.s + {W} GROUP BY ALL")
    _keep_bounds(cur, min(shifts), keep_pairs, L, keep_customers)
    whole_below = _thin_bounds(cur, shifts, thin, neg_rate, seed, whole_pairs, L)
    history = dict(cur.execute("SELECT s, history FROM sp_keep").fetchall())
    # per pair history before the cut, a cut at a time in the order of one sort by cut and customer (each
    # cut's groups and sort alone are smaller than every cut's at once)
    hist = (
        "SELECT c.s, w.cid, w.cat, "
        "  min(w.wk) FILTER (WHERE w.orders > 0) - c.s AS recency, "
        "  max(w.wk) FILTER (WHERE w.orders > 0) - min(w.wk) FILTER (WHERE w.orders > 0) AS span, "
        "  count(*) FILTER (WHERE w.orders > 0) AS weeks_all, "
        "  count(*) FILTER (WHERE w.orders > 0 AND w.wk < c.s + 26) AS weeks_26, "
        "  count(*) FILTER (WHERE w.orders > 0 AND w.wk >= c.s + 8 AND w.wk < c.s + 16) AS weeks_8_16, "
        f"  count(*) FILTER (WHERE w.orders > 0 AND w.wk < c.s + {L}) AS weeks_recent, "
        "  sum(w.orders) AS baskets, sum(w.units) AS units, "
        f"  coalesce(sum(w.units) FILTER (WHERE w.orders > 0 AND w.wk < c.s + {L}), 0) AS units_recent, "
        "  sum(w.views) FILTER (WHERE w.wk < c.s + 1) AS views_1w, "
        "  sum(w.views) FILTER (WHERE w.wk < c.s + 3) AS views_3w, sum(w.views) AS views_all "
        f"FROM (SELECT s FROM sp_cuts WHERE s = ?) c JOIN sp_w w ON w.wk >= c.s AND w.wk < c.s + {W} AND w.cid < ? "
        # sorted by cut and customer: the graph scores read it a range of customers at a time (and by category:
        # one order whatever the plan)
        "GROUP BY c.s, w.cid, w.cat ORDER BY w.cid, w.cat")
    for i, c in enumerate(sorted(set(shifts))):
        head = f"CREATE OR REPLACE TABLE {db}.sp_hist AS " if i == 0 else f"INSERT INTO {db}.sp_hist "
        cur.execute(head + hist, [c, history.get(c, 2**31 - 1)])
    # the sample shrinks the pairs' input (the per-cut counts above are done): the big join keeps its plan
    cur.execute("DELETE FROM sp_elig e USING sp_keep k WHERE e.s = k.s AND e.cid >= k.bound")
    # the label: did the customer buy the category in the H weeks after the cut
    cur.execute(
        "CREATE OR REPLACE TEMP TABLE sp_after AS SELECT DISTINCT c.s, w.cid, w.cat FROM sp_cuts c "
        # stored by cut and customer: each statement below scans only its own range's row groups
        f"JOIN sp_w w ON w.wk < c.s AND w.wk >= c.s - {H} WHERE w.orders > 0 ORDER BY c.s, w.cid")
    # nothing reads the weekly rows after this: dropped now, their pages leave the cap to the statements below
    cur.execute("DROP TABLE sp_w")
    # per customer and per category features stored once per eligible customer and category of each cut, not
    # with each of their pairs (9 of the pairs' 25 columns; writing them was most of the pair statement's time);
    # the readers join them back. Stored by cut and customer (category), in more than one range of customers by
    # range first, each range by cut and customer: a reader's scan of a cut and range still skips the rest.
    # Per customer features only for the customers with pairs (eligible, in the sample): at wide 10^7 every cut's
    # every customer (13M groups) cost 10.6 CPU s in these two and their join for the ~2M rows sp_pair_cust keeps.
    # A range of customers at a time where the cap is small for the shop (_customer_parts): at wide 10^7 the join of
    # all three over every customer ran out of a 256 MB cap (issue #13)
    for i, part in enumerate(_customer_parts(cur)):
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE sp_ccust AS SELECT c.s, w.cid, sum(w.orders) AS c_baskets, "
            "  sum(w.spend) AS c_spend, count(*) AS c_active_weeks, max(w.wk) - c.s AS c_tenure, "
            "  ln((1 + sum(w.orders) FILTER (WHERE w.wk < c.s + 8)) / "
            "     (1 + coalesce(sum(w.orders) FILTER (WHERE w.wk >= c.s + 8 AND w.wk < c.s + 16), 0))) AS c_trend "
            f"FROM sp_elig c JOIN sp_cw w ON w.cid = c.cid AND w.wk >= c.s AND w.wk < c.s + {W} WHERE {part('c.cid')} "
            "GROUP BY c.s, w.cid")
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE sp_cbreadth AS SELECT h.s, h.cid, "
            "  count(*) FILTER (WHERE h.weeks_all > 0) AS c_breadth, "
            "  count(*) FILTER (WHERE h.weeks_recent > 0) AS c_recent_cats "
            f"FROM sp_hist h SEMI JOIN sp_elig e ON e.s = h.s AND e.cid = h.cid WHERE {part('h.cid')} GROUP BY ALL")
        head = f"CREATE OR REPLACE TABLE {db}.sp_pair_cust AS" if i == 0 else f"INSERT INTO {db}.sp_pair_cust"
        cur.execute(
            f"{head} SELECT e.s, e.cid, cc.c_active_weeks AS active_weeks, "
            "  cc.c_baskets::FLOAT AS c_baskets, cc.c_spend::FLOAT AS c_spend, cc.c_trend::FLOAT AS c_trend, "
            "  cc.c_active_weeks::FLOAT AS c_active_weeks, cc.c_tenure::FLOAT AS c_tenure, "
            "  coalesce(b.c_breadth, 0)::FLOAT AS c_breadth, coalesce(b.c_recent_cats, 0)::FLOAT AS c_recent_cats "
            "FROM sp_elig e JOIN sp_ccust cc ON cc.s = e.s AND cc.cid = e.cid "
            f"LEFT JOIN sp_cbreadth b ON b.s = e.s AND b.cid = e.cid WHERE {part('e.cid')} ORDER BY e.s, e.cid")
    for t in ("sp_ccust", "sp_cbreadth", "sp_cw", "sp_elig"):
        cur.execute(f"DROP TABLE {t}")
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_pair_cat AS SELECT k.s, k.cat, "
        "  coalesce(kc.k_penetration, 0)::FLOAT AS k_penetration, coalesce(kc.k_trend, 0)::FLOAT AS k_trend "
        "FROM sp_ecat k LEFT JOIN sp_kcat kc ON kc.s = k.s AND kc.cat = k.cat ORDER BY k.s, k.cat")
    for t in ("sp_ecat", "sp_kcat"):
        cur.execute(f"DROP TABLE {t}")
    # a statement per range of one cut's customers, whose candidate pairs stay under PAIRS_PER_STATEMENT, reads
    # only that range's rows of every table (sp_hist and sp_after are stored by cut and customer: the scans skip
    # the other row groups). Whichever side DuckDB builds a hash table on (it picks the smaller: at long 10^6
    # the pairs), and the sort, hold one range's rows: a single statement per cut built on the 7.5M pairs of the
    # latest cut at long 10^7 and filled DuckDB's cap (issue #13)
    select = (
        "WITH e AS (SELECT s, cid, active_weeks FROM sp_pair_cust WHERE s = $1 AND cid >= $2 AND cid < $3), "
        "k AS (SELECT cat FROM sp_pair_cat WHERE s = $1), "
        "h AS (SELECT * FROM sp_hist WHERE s = $1 AND cid >= $2 AND cid < $3), "
        "a AS (SELECT cid, cat FROM sp_after WHERE s = $1 AND cid >= $2 AND cid < $3) "
        "SELECT e.s, e.cid, k.cat, "
        f"  CASE WHEN e.s >= {H} THEN a.cid IS NOT NULL END AS label, "
        f"  coalesce(h.recency, {W})::FLOAT AS recency, "
        "  (coalesce(h.weeks_all, 0) = 0)::FLOAT AS never_bought, "
        "  coalesce(h.weeks_all, 0)::FLOAT AS weeks_all, coalesce(h.weeks_26, 0)::FLOAT AS weeks_26, "
        "  coalesce(h.weeks_8_16, 0)::FLOAT AS weeks_8_16, coalesce(h.baskets, 0)::FLOAT AS baskets, "
        "  coalesce(h.span, 0)::FLOAT AS span, "
        "  (coalesce(h.weeks_all, 0) / e.active_weeks)::FLOAT AS share_active, "
        "  coalesce(h.units, 0)::FLOAT AS units, coalesce(h.views_1w, 0)::FLOAT AS views_1w, "
        "  coalesce(h.views_3w, 0)::FLOAT AS views_3w, coalesce(h.views_all, 0)::FLOAT AS views_all "
        "FROM e CROSS JOIN k LEFT JOIN h ON h.cid = e.cid AND h.cat = k.cat "
        "LEFT JOIN a ON a.cid = e.cid AND a.cat = k.cat "
        "WHERE coalesce(h.weeks_recent, 0) = 0")
    cuts = sorted(set(shifts), reverse=True)
    # the columns and their types, from a statement that reads nothing; then latest cut first, each cut's ranges
    # in customer order: the stored order is that of one sort by cut (descending), customer and category
    cur.execute(f"CREATE OR REPLACE TABLE {db}.sp_pairs AS {select} ORDER BY e.cid, k.cat", [cuts[0], 0, 0])
    for c in cuts:
        # beyond a cut's whole part, its pairs are filtered as a training read filters them (the same expression
        # on the same values)
        statement = (f"{select} ORDER BY e.cid, k.cat" if c not in whole_below else
                     f"SELECT * FROM ({select}) p WHERE p.cid < {whole_below[c]}{thinned(neg_rate, seed, 'p', 'OR')} "
                     "ORDER BY p.cid, p.cat")
        for lo, hi in _customer_ranges(cur, c):
            cur.execute(f"INSERT INTO {db}.sp_pairs {statement}", [c, lo, hi])
    # nothing after the pairs reads these TEMP tables (the stage's own steps; writing them to the scratch
    # file would cost more than they hold): dropped, they leave nothing the fits share the cap with
    for t in ("sp_after", "sp_cuts"):
        cur.execute(f"DROP TABLE {t}")


def _customer_parts(cur: duckdb.DuckDBPyConnection) -> list[Callable[[str], str]]:
    """Ranges of customer ids for the per-customer features' statements, as many as :data:`CUSTOMER_BYTES_PER_ROW`
    for each eligible customer of each cut needs for each range to fit DuckDB's memory limit (one where they
    fit, :func:`engine.store.memory_parts.parts_needed`). Each range is a function from a ``cid`` column
    (with its alias) to the condition taking that range's customers: the same range cuts every table.

    Customer ids are in hash order, 0 to the number of customers: even ranges of ids hold about as many
    eligible customers each."""
    n_rows = int(cur.execute("SELECT count(*) FROM sp_elig").fetchall()[0][0])
    n_cust = int(cur.execute("SELECT count(*) FROM sp_cust").fetchall()[0][0])
    k = parts_needed(cur, n_rows * CUSTOMER_BYTES_PER_ROW, max(n_cust, 1))
    bounds = [str(n_cust * i // k) for i in range(1, k)]
    return [lambda column, i=i: range_conditions(column, bounds)[i] for i in range(k)]


def _customer_ranges(cur: duckdb.DuckDBPyConnection, s: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges of customer ids covering cut ``s``'s eligible customers, each with at most
    :data:`PAIRS_PER_STATEMENT` candidate pairs (eligible customers x eligible categories; one customer at least)."""
    cids = cur.execute("SELECT cid FROM sp_pair_cust WHERE s = ? ORDER BY cid", [s]).fetchnumpy()["cid"]
    n_cat = int(cur.execute("SELECT count(*) FROM sp_pair_cat WHERE s = ?", [s]).fetchall()[0][0])
    if len(cids) == 0 or n_cat == 0:
        return []
    step = max(1, PAIRS_PER_STATEMENT // n_cat)
    starts = [int(x) for x in cids[::step]]
    return list(zip(starts, starts[1:] + [int(cids[-1]) + 1]))


def _thin_bounds(cur: duckdb.DuckDBPyConnection, shifts: list[int], thin: Collection[int], neg_rate: float, seed: int,
                 whole_pairs: int | None, lookback: int) -> dict[int, int]:
    """``sp_thin`` (see :func:`build_pairs`), and its cuts' customer id below which their pairs are kept whole: 0 for a
    cut in ``thin``; for another earlier cut, past the last customer whose pairs and every lower id's number at most
    ``whole_pairs`` (:func:`engine.models.migration.cut_reads.customer_bound`'s customers, with those who have none),
    when it has more. From the customers' pair counts before the pairs exist, as :func:`_keep_bounds` counts them."""
    db = scratch(cur)
    latest = min(shifts)
    bounds = {int(c): 0 for c in thin if c in shifts and c != latest} if neg_rate < 1.0 else {}
    whole = [int(c) for c in shifts if c != latest and c not in bounds]
    if neg_rate < 1.0 and whole_pairs is not None and whole:
        # (a first customer with more pairs than that alone: kept whole, as the bound of 1 a reader takes says)
        bounds.update({int(s): int(b) for s, b in cur.execute(
            "SELECT s, coalesce(max(cid) FILTER (WHERE c <= ?) + 1, 1) FROM ("
            "  SELECT s, cid, sum(n) OVER (PARTITION BY s ORDER BY cid) AS c FROM ("
            "    SELECT e.s, e.cid, k.n - coalesce(r.n, 0) AS n FROM sp_elig e "
            "    JOIN (SELECT s, count(*) AS n FROM sp_ecat GROUP BY s) k USING (s) "
            "    LEFT JOIN (SELECT b.s, b.cid, count(*) AS n FROM sp_bought b "
            "      SEMI JOIN sp_ecat x ON x.s = b.s AND x.cat = b.cat "
            f"      WHERE b.recency < {int(lookback)} GROUP BY ALL) r ON r.s = e.s AND r.cid = e.cid "
            "    WHERE list_contains(?::INTEGER[], e.s))) "
            "GROUP BY s HAVING max(c) > ?", [int(whole_pairs), whole, int(whole_pairs)]).fetchall()})
    cur.execute(f"CREATE OR REPLACE TABLE {db}.sp_thin AS SELECT unnest(?::INTEGER[]) AS s, "
                "unnest(?::INTEGER[]) AS whole_below, ?::BIGINT AS whole_pairs, ?::DOUBLE AS neg_rate, "
                "?::BIGINT AS seed", [list(bounds), list(bounds.values()), whole_pairs, float(neg_rate), int(seed)])
    return bounds


def _keep_bounds(cur: duckdb.DuckDBPyConnection, latest: int, keep_pairs: int | None, lookback: int,
                 keep_customers: int) -> None:
    """``sp_keep(s, bound, history)``: the customer id below which cut ``s`` holds more than ``keep_pairs`` pairs
    (so a reader capped at ``keep_pairs`` still stops inside the sample), and the one below which its history is
    kept: the bound, or past the lowest ``keep_customers`` who bought before the cut (the graph stage's kNN
    reference is among them). No row for the latest cut or a cut that has no more pairs than that.

    A customer's pair count is known before the pairs exist: the eligible categories of the cut
    less those the customer bought in the lookback weeks (exactly ``sp_pairs``' rule)."""
    db = scratch(cur)
    if keep_pairs is None:
        cur.execute(f"CREATE OR REPLACE TABLE {db}.sp_keep (s INTEGER, bound INTEGER, history INTEGER)")
        return
    cur.execute(
        f"CREATE OR REPLACE TABLE {db}.sp_keep AS SELECT s, bound, greatest(bound, r.reference) AS history FROM ("
        "  SELECT s, max(c) AS total, min(cid) FILTER (WHERE c > ?) + 1 AS bound FROM ("
        "    SELECT s, cid, sum(n) OVER (PARTITION BY s ORDER BY cid) AS c FROM ("
        "      SELECT e.s, e.cid, k.n - coalesce(r.n, 0) AS n FROM sp_elig e "
        "      JOIN (SELECT s, count(*) AS n FROM sp_ecat GROUP BY s) k USING (s) "
        # the eligible categories each customer bought in the lookback weeks
        "      LEFT JOIN (SELECT b.s, b.cid, count(*) AS n FROM sp_bought b "
        "        SEMI JOIN sp_ecat x ON x.s = b.s AND x.cat = b.cat "
        f"        WHERE b.recency < {int(lookback)} AND b.s > ? GROUP BY ALL) r "
        "        ON r.s = e.s AND r.cid = e.cid "
        "      WHERE e.s > ?)) GROUP BY s) "
        # past the lowest keep_customers ids who bought before the cut
        "JOIN (SELECT s, max(cid) + 1 AS reference FROM (SELECT s, cid, row_number() OVER (PARTITION BY s "
        "  ORDER BY cid) AS k FROM (SELECT DISTINCT s, cid FROM sp_bought WHERE s > ?)) WHERE k <= ? GROUP BY s) r "
        "USING (s) WHERE total > ?",
        [int(keep_pairs), int(latest), int(latest), int(latest), max(int(keep_customers), 1), int(keep_pairs)])


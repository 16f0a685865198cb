"""Lapse features per (cut, customer, category) in DuckDB SQL, with the label where it is known.

A pair enters a cut if the customer bought the category before it; it *lapses* if they do not
buy it in the H weeks from the cut. One table ``lf_rows`` holds every cut asked for (training
origins and the cut to score), so the learned candidates read one bounded result. A training run
builds the pair features of all its cuts once (``lf_pairs``) and each fit selects its rows from them.
Weeks count back from the cut: week 0 is the 7 days before it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from engine.features.fixed_point import fixed_sum
from engine.features.interest import occasions_sql

#: Half-lives (weeks) of the decayed sums of weekly purchases.
DECAY_WEEKS = (1, 2, 4, 8, 16, 26)

FEATURES = (
    "recency_days", "n_occasions", "weeks_all", "weeks_4", "weeks_8", "weeks_26", "tenure_days", "mean_gap",
    "recency_over_gap", *[f"ds_{w}" for w in DECAY_WEEKS],
    "cust_weeks_8", "cust_weeks_26", "cust_recency_days", "cust_cats_8", "cat_penetration_8", "cat_repeat",
)


#: A customer's place in [0, 1) for sampling: a share s keeps those below s (the same ones at every cut
#: and in every table that uses it, and a smaller share keeps a subset of a larger one's).
KEEP_SQL = "(hash({column}) % 1000000) / 1000000.0"


def sampled_sql(share: float, column: str = "customer_id") -> str:
    """True for the customers a ``share`` keeps (by a hash of the id: the same ones at every cut and
    in every table that uses it, so the decay model's past probabilities match the sampled rows)."""
    return "TRUE" if share >= 1.0 else f"{KEEP_SQL.format(column=column)} < {float(share)!r}"


#: A training run's purchase occasions up to its as-of date, built once (:func:`cache_occasions`): its
#: fits and lapse features read them as of their own dates (each had grouped every event by order
#: again, 7 CPU s a time on a 10^7-event shop, issue #13).
OCCASIONS_TABLE = "dk_occasions"


def cache_occasions(cur, origin: datetime, until: datetime) -> None:
    """Build :data:`OCCASIONS_TABLE` (the occasions before ``until``, days counted from ``origin``).

    Customers and categories are stored as integer keys beside two small name tables: with the
    names in every row, the table took ~250 MB more of the process's peak at 10^7 events."""
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {OCCASIONS_TABLE}_named AS {occasions_sql(origin)}", [until])
    # cid in the ids' order and each customer's sampling place stored: a fit numbers a category's
    # buyers and draws its samples from these integers as it would from the names (:func:`cached_keys`)
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE {OCCASIONS_TABLE}_cust AS
        SELECT customer_id, CAST(row_number() OVER (ORDER BY customer_id) AS INTEGER) AS cid,
               {KEEP_SQL.format(column="customer_id")} AS keep
        FROM (SELECT DISTINCT customer_id FROM {OCCASIONS_TABLE}_named)""")
    # kid in the names' order too: numbered as DISTINCT returned them, the keys moved with the memory
    # cap (the grouping's output order does when it spills), and so did any order by them
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE {OCCASIONS_TABLE}_cat AS
        SELECT category, CAST(row_number() OVER (ORDER BY category) AS INTEGER) AS kid
        FROM (SELECT DISTINCT category FROM {OCCASIONS_TABLE}_named)""")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE {OCCASIONS_TABLE} AS
        SELECT u.cid, k.kid, o.ts, o.t FROM {OCCASIONS_TABLE}_named o
        JOIN {OCCASIONS_TABLE}_cust u USING (customer_id) JOIN {OCCASIONS_TABLE}_cat k USING (category)""")
    cur.execute(f"DROP TABLE {OCCASIONS_TABLE}_named")
    cur.execute(f"CREATE OR REPLACE TEMP TABLE {OCCASIONS_TABLE}_at AS "
                f"SELECT CAST(? AS TIMESTAMP) AS until, CAST(? AS TIMESTAMP) AS origin", [until, origin])


def _cached(cur, origin: datetime, as_of: datetime) -> bool:
    """The run's cached occasions cover ``as_of`` with the same origin (the same rows: an occasion is
    before the date iff its first event is, so filtering the grouped occasions equals grouping the
    filtered events)."""
    have = cur.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?",
                       [f"{OCCASIONS_TABLE}_at"]).fetchall()[0][0]
    if not have:
        return False
    until, at = cur.execute(f"SELECT until, origin FROM {OCCASIONS_TABLE}_at").fetchall()[0]
    return as_of <= until and at == origin


def occasions(cur, origin: datetime, as_of: datetime) -> str:
    """SQL of the purchase occasions before ``?`` (= ``as_of``), as :func:`occasions_sql`: read from the
    run's cached table when it covers ``as_of``, else grouped from the events."""
    if _cached(cur, origin, as_of):
        return (f"SELECT u.customer_id, k.category, o.ts, o.t FROM {OCCASIONS_TABLE} o "
                f"JOIN {OCCASIONS_TABLE}_cust u ON u.cid = o.cid JOIN {OCCASIONS_TABLE}_cat k ON k.kid = o.kid "
                f"WHERE o.ts < ?")
    return occasions_sql(origin)


def cached_keys(cur, origin: datetime, as_of: datetime) -> tuple[str, str, str] | None:
    """Where the run's cached occasions cover ``as_of``: SQL of its occasions before ``?`` with the
    integer keys ``cid`` (in the customer ids' order) and ``kid`` (no names), and the column
    holding the customer's sampling place (:data:`KEEP_SQL`'s value); else None. Numbering buyers
    by ``cid`` and sampling by that column gives what the names and ``hash`` give, without sorting
    and hashing ten million strings per fit (issue #13)."""
    if not _cached(cur, origin, as_of):
        return None
    return (f"SELECT o.ts, o.t, o.cid, o.kid, u.keep FROM {OCCASIONS_TABLE} o "
            f"JOIN {OCCASIONS_TABLE}_cust u ON u.cid = o.cid WHERE o.ts < ?", "cid", "keep")


def keyed_occasions(cur, origin: datetime, as_of: datetime) -> str | None:
    """Where the run's cached occasions cover ``as_of``: SQL of its occasions before ``?`` by their
    integer keys alone (cid, kid, ts, t); else None."""
    if not _cached(cur, origin, as_of):
        return None
    return f"SELECT cid, kid, ts, t FROM {OCCASIONS_TABLE} WHERE ts < ?"


def drop_occasions(cur) -> None:
    for suffix in ("", "_at", "_cust", "_cat", "_named"):
        cur.execute(f"DROP TABLE IF EXISTS {OCCASIONS_TABLE}{suffix}")


def build_rows(cur, origin: datetime, cuts: list[datetime], horizon_days: float, known_until: datetime,
               sample_share: dict[datetime, float] | None = None) -> None:
    """``lf_rows``: features of every pair at every cut, ``lapsed`` (NULL unless the cut's H weeks
    end by ``known_until``: a label never looks past the date the caller may see).

    ``sample_share[cut]`` keeps that share of the cut's customers (by a hash of the id, so a
    customer is in or out at every cut alike), bounding the training rows on a large shop.
    """
    share = {c: float((sample_share or {}).get(c, 1.0)) for c in cuts}
    build_pairs(cur, origin, share, horizon_days, known_until)
    select_rows(cur, share, horizon_days, known_until)


def build_pairs(cur, origin: datetime, share: dict[datetime, float], horizon_days: float,
                known_until: datetime) -> None:
    """``lf_pairs``: the pair and customer features of every cut in ``share`` (for that share of its
    customers), with ``keep`` (the customer's hash in [0, 1)), the pair's integer keys ``cid``, ``kid``
    and ``lapsed`` as in :func:`build_rows`.

    Built once per training run for every cut any of its fits reads (each at the largest share any
    of them keeps); :func:`select_rows` then takes one fit's cuts and shares. The category features
    are left to it: they count the customers a fit keeps, so they depend on its share."""
    last = min(max(share) + timedelta(days=horizon_days), known_until)
    horizon_us = f"to_microseconds(CAST({horizon_days * 86400e6!r} AS BIGINT))"
    # the decayed sums in fixed point (2^-40): integers add up alike in any order, so the features, and the
    # lapse verdict fitted on them, do not move with DuckDB's thread count (float partial sums did, in
    # the 4th decimal of the AUCs); the rounding is below 1e-12 per week
    ds = ",\n               ".join(
        f"{fixed_sum(f'exp(-ln(2) * week / {w}.0)')} AS ds_{w}"
        for w in DECAY_WEEKS)
    # customers and categories as integers: the aggregates below hash (cut, customer, category, week)
    # keys over every occasion of every cut, and strings there made them spill past the memory cap
    # on a long-history shop (issue #13: 143 CPU s of a 10^7-event decay run); names are joined back once
    if _cached(cur, origin, last):
        # the run's occasions already have integer keys and each customer's sampling place (the names
        # joined back, numbered and joined away again here cost ~5 CPU s at 10^7 events, issue #13)
        cust, cat = f"{OCCASIONS_TABLE}_cust", f"{OCCASIONS_TABLE}_cat"
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE lf_occi AS
            SELECT o.cid, o.kid, u.keep, o.ts FROM {OCCASIONS_TABLE} o JOIN {cust} u USING (cid)
            WHERE o.ts < ?""", [last])
    else:
        cust, cat = "lf_cust", "lf_cat"
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE lf_occ AS
            SELECT customer_id, category, ts FROM ({occasions_sql(origin)})""", [last])
        cur.execute(f"""CREATE OR REPLACE TEMP TABLE lf_cust AS
            SELECT customer_id, CAST(row_number() OVER () AS INTEGER) AS cid,
                   {KEEP_SQL.format(column="customer_id")} AS keep
            FROM (SELECT DISTINCT customer_id FROM lf_occ)""")
        cur.execute("""CREATE OR REPLACE TEMP TABLE lf_cat AS
            SELECT category, CAST(row_number() OVER (ORDER BY category) AS INTEGER) AS kid
            FROM (SELECT DISTINCT category FROM lf_occ)""")
        cur.execute("""CREATE OR REPLACE TEMP TABLE lf_occi AS
            SELECT u.cid, k.kid, u.keep, o.ts FROM lf_occ o JOIN lf_cust u USING (customer_id)
            JOIN lf_cat k USING (category)""")
        cur.execute("DROP TABLE IF EXISTS lf_occ")
    # one statement per cut and range of customers (every feature is a customer's, so the parts are
    # the rows one statement gives): with every cut in one statement, its shared steps (weekly, pair)
    # were held whole and ran out of a 768 MB cap at long 10^7 on one thread (issue #13)
    first = True
    for c, s in share.items():
        for lo, hi in _customer_ranges(cur, c, s):
            sql = _pairs_sql(c, s, lo, hi, ds, horizon_us, known_until, cust, cat)
            cur.execute(("CREATE OR REPLACE TEMP TABLE lf_pairs AS " if first else "INSERT INTO lf_pairs ") + sql)
            first = False
    for name in ("lf_occi", "lf_cust", "lf_cat"):
        cur.execute(f"DROP TABLE IF EXISTS {name}")


#: Past occasions one statement of :func:`build_pairs` groups, at most (but one customer's): the
#: statement's memory grows with them, whatever the shop's size.
PAIR_CHUNK_OCCASIONS = 1_000_000


def _kept(s: float) -> str:
    return "" if s >= 1.0 else f" AND keep < {float(s)!r}"


def _customer_ranges(cur, cut: datetime, s: float) -> list[tuple[int | None, int | None]]:
    """Ranges [lo, hi) of ``lf_occi``'s customer keys holding about :data:`PAIR_CHUNK_OCCASIONS` occasions
    before ``cut`` each (a customer never split; None: open), for the share ``s`` of customers."""
    at = f"TIMESTAMP '{cut:%Y-%m-%d %H:%M:%S}'"
    rows = cur.execute(f"""SELECT min(cid) FROM (
        SELECT cid, (sum(n) OVER (ORDER BY cid) - n) // {PAIR_CHUNK_OCCASIONS} AS chunk FROM (
            SELECT cid, count(*) AS n FROM lf_occi WHERE ts < {at}{_kept(s)} GROUP BY cid))
        GROUP BY chunk ORDER BY 1""").fetchall()
    starts = [int(r[0]) for r in rows][1:]
    return list(zip([None, *starts], [*starts, None]))


def _pairs_sql(c: datetime, s: float, lo: int | None, hi: int | None, ds: str, horizon_us: str,
               known_until: datetime, cust: str, cat: str) -> str:
    """The ``lf_pairs`` rows of cut ``c`` for the customers ``s`` keeps with keys in [lo, hi)."""
    at = f"TIMESTAMP '{c:%Y-%m-%d %H:%M:%S}'"
    kept = _kept(s) + ("" if lo is None else f" AND cid >= {lo}") + ("" if hi is None else f" AND cid < {hi}")
    return f"""
        WITH past AS (
            SELECT {at} AS cut, cid, kid, epoch({at} - ts) / 86400.0 AS days,
                   floor(epoch({at} - ts) / 604800.0) AS week
            FROM lf_occi WHERE ts < {at}{kept}),
        weekly AS (
            SELECT cut, cid, kid, week, count(*) AS n, min(days) AS days_min, max(days) AS days_max
            FROM past GROUP BY ALL),
        pair AS (
            SELECT cut, cid, kid, min(days_min) AS recency_days, sum(n) AS n_occasions,
                   count(*) AS weeks_all, count(*) FILTER (WHERE week < 4) AS weeks_4,
                   count(*) FILTER (WHERE week < 8) AS weeks_8, count(*) FILTER (WHERE week < 26) AS weeks_26,
                   max(days_max) AS tenure_days,
                   {ds}
            FROM weekly GROUP BY ALL),
        -- a customer's distinct weeks and categories by plain grouping, not count(DISTINCT) per customer
        -- (the same counts; 1.5 -> 1.1 CPU s at long 10^6)
        cust_week AS (SELECT cut, cid, week FROM weekly GROUP BY ALL),
        cust AS (
            SELECT w.cut, w.cid, w.cust_weeks_8, w.cust_weeks_26, q.cust_recency_days, q.cust_cats_8
            FROM (SELECT cut, cid, count(*) FILTER (WHERE week < 8) AS cust_weeks_8,
                         count(*) FILTER (WHERE week < 26) AS cust_weeks_26
                  FROM cust_week GROUP BY ALL) w
            JOIN (SELECT cut, cid, min(recency_days) AS cust_recency_days,
                         count(*) FILTER (WHERE weeks_8 > 0) AS cust_cats_8
                  FROM pair GROUP BY ALL) q USING (cut, cid)),
        future AS (
            SELECT DISTINCT {at} AS cut, cid, kid FROM lf_occi
            WHERE ts >= {at} AND ts < {at} + {horizon_us}{kept})
        SELECT p.cut, u.customer_id, k.category, p.recency_days, p.n_occasions, p.weeks_all, p.weeks_4, p.weeks_8,
               p.weeks_26, p.tenure_days,
               CASE WHEN p.n_occasions > 1 THEN (p.tenure_days - p.recency_days) / (p.n_occasions - 1) END
                   AS mean_gap,
               CASE WHEN p.n_occasions > 1
                    THEN p.recency_days / greatest((p.tenure_days - p.recency_days) / (p.n_occasions - 1), 1.0)
               END AS recency_over_gap,
               {", ".join(f"p.ds_{w}" for w in DECAY_WEEKS)},
               c.cust_weeks_8, c.cust_weeks_26, c.cust_recency_days, c.cust_cats_8,
               u.keep, p.cid, p.kid,
               CASE WHEN p.cut + {horizon_us} <= TIMESTAMP '{known_until:%Y-%m-%d %H:%M:%S}'
                    THEN CAST(f.cid IS NULL AS INTEGER) END AS lapsed
        FROM pair p JOIN cust c ON c.cut = p.cut AND c.cid = p.cid
        JOIN {cust} u ON u.cid = p.cid JOIN {cat} k ON k.kid = p.kid
        LEFT JOIN future f ON f.cut = p.cut AND f.cid = p.cid AND f.kid = p.kid"""

def select_rows(cur, share: dict[datetime, float], horizon_days: float, known_until: datetime) -> None:
    """``lf_rows`` (the columns of :data:`FEATURES`, cut, customer_id, category, lapsed): the cuts of
    ``share`` from ``lf_pairs``, each for its share of customers (at most the one it was built with),
    with the category features counted over the customers kept, as one fit sees them. ``lapsed`` is
    NULL again where the H weeks end after ``known_until`` (``lf_pairs`` may know later labels). Customers
    and categories are counted and matched by ``lf_pairs``' integer keys (by the names, ~3 CPU s a fit at
    10^7 events)."""
    values = ", ".join(f"(TIMESTAMP '{c:%Y-%m-%d %H:%M:%S}', {float(s)!r})" for c, s in share.items())
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE lf_rows AS
        WITH cuts(cut, share) AS (VALUES {values}),
        pair AS (SELECT p.* EXCLUDE (keep) FROM lf_pairs p JOIN cuts c USING (cut)
                 WHERE c.share >= 1.0 OR p.keep < c.share),
        active AS (SELECT cut, count(DISTINCT cid) FILTER (WHERE cust_weeks_8 > 0) AS n_active
                   FROM pair GROUP BY ALL),
        cat AS (
            SELECT cut, kid, count(*) FILTER (WHERE weeks_8 > 0) AS buyers_8,
                   count(*) FILTER (WHERE weeks_8 > 0 AND weeks_all > weeks_8) AS kept,
                   count(*) FILTER (WHERE weeks_all > weeks_8) AS earlier
            FROM pair GROUP BY ALL)
        SELECT p.* EXCLUDE (lapsed, cid, kid), k.buyers_8 / greatest(a.n_active, 1) AS cat_penetration_8,
               (k.kept + 1.0) / (k.earlier + 2.0) AS cat_repeat,
               CASE WHEN p.cut + to_microseconds(CAST({horizon_days * 86400e6!r} AS BIGINT))
                         <= TIMESTAMP '{known_until:%Y-%m-%d %H:%M:%S}' THEN p.lapsed END AS lapsed
        FROM pair p JOIN cat k USING (cut, kid) JOIN active a USING (cut)""")


def count_pairs(cur, origin: datetime, cut: datetime) -> int:
    """Pairs with a purchase before ``cut`` (to size a training sample before building it)."""
    return int(cur.execute(f"SELECT count(*) FROM (SELECT DISTINCT customer_id, category FROM "
                           f"({occasions(cur, origin, cut)}))", [cut]).fetchall()[0][0])


def count_pairs_at(cur, origin: datetime, cuts: list[datetime]) -> dict[datetime, int]:
    """:func:`count_pairs` at several cuts in one pass over the occasions (a pair counts at a cut
    from its first occasion on)."""
    if not cuts:
        return {}
    # a pair by its integer keys where the run has them (grouping the names cost ~3 CPU s at 10^7 events)
    source, pair = (f"{OCCASIONS_TABLE} WHERE ts < ?", "cid, kid") if _cached(cur, origin, max(cuts)) \
        else (f"({occasions_sql(origin)})", "customer_id, category")
    firsts = cur.execute(f"SELECT min(ts) AS first FROM {source} GROUP BY {pair}", [max(cuts)]).fetchnumpy()["first"]
    firsts = np.sort(np.asarray(firsts, dtype="datetime64[us]"))
    return {c: int(np.searchsorted(firsts, np.datetime64(c, "us"), side="left")) for c in cuts}


def drop(cur) -> None:
    drop_occasions(cur)
    for name in ("lf_occ", "lf_occi", "lf_cust", "lf_cat"):
        cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute("DROP TABLE IF EXISTS lf_pairs")
    cur.execute("DROP TABLE IF EXISTS lf_rows")

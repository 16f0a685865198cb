"""From the fitted temp tables to stored results: interest today, lapse, decay point.

Everything is SQL over the cursor that holds ``dk_occ``/``dk_fit``/``dk_cat``
(see :mod:`engine.models.decay.fit`): per-pair rates are joined to the weighted
events in DuckDB, so millions of pairs never pass through Python.
"""

from __future__ import annotations

import duckdb
import numpy as np

from engine.features.interest import (EVENT_WEIGHTS, blended_stop_levels_sql, category_stop_levels_sql,
                                      interest_and_levels_sql, own_stop_levels_sql)
from engine.features.literals import sql_literal
from engine.evaluation.platt import PlattCalibrator
from engine.models.decay.fit import FitOutput, pair_keys_sql, pair_seqs_sql
from engine.models.decay.lapse_features import OCCASIONS_TABLE, keyed_occasions, occasions
from engine.store.connection import memory_bytes

#: A decay point further than this is "not in sight" and capped (days).
MAX_DECAY_DAYS = 3650


def fit_calibrator(cur) -> PlattCalibrator:
    """The logistic layer, fitted on the split H weeks before the as-of (outcome known)."""
    # booleans are fetched as integers: NumPy bools from DuckDB upset the interpreter at exit
    d = cur.execute("SELECT p_raw_cal, CAST(lapsed_cal AS INTEGER) AS lapsed_cal FROM dk_fit "
                    "WHERE at_risk_cal").fetchnumpy()
    return PlattCalibrator().fit(np.asarray(d["p_raw_cal"], dtype=np.float64),
                                 np.asarray(d["lapsed_cal"], dtype=np.float64))


def build_rates(cur, fit: FitOutput) -> None:
    """``dk_rates``: every pair with history, its decay rate and raw lapse probability.

    The pairs with a purchase are ``dk_occ``'s (the fit's occasions before the same date); only the
    browsing events are read again, for pairs with no purchase (grouping every occasion's names once
    more cost ~10 CPU s at 10^7 events, issue #13). A range of customers at a time where the cap is small
    for the shop (:func:`rates_parts`): a pair's row reads its own customer's occasions and events alone.
    Over every pair at once the statement's joins, its distinct and its sort ran out of a 256 MB cap at
    wide 10^7 (1M customers) on one thread, each of them fitting alone."""
    browsing = ", ".join(f"'{k}'" for k in EVENT_WEIGHTS if k != "purchase")
    # with the fit's integer keys, a pair with a purchase keeps them (cid, kid): build_scores then
    # matches the occasions to their pair by them (NULL for a pair only browsed)
    # the ranges are in the customers' order and each is sorted: their rows follow one another as one
    # pass's would, each pair keeping its row number
    for i, where in enumerate(rates_parts(cur, fit)):
        keyed = pair_keys_sql(fit, where)
        seqs, keys = (keyed, ", cid, kid") if keyed is not None else (pair_seqs_sql(fit), "")
        cut = "" if where == EVERY_PAIR else f"WHERE {where}"
        cur.execute(f"""{_into("dk_rates", i)}
            WITH seqs AS (SELECT * FROM ({seqs}) {cut}),
                 browsed AS (SELECT DISTINCT customer_id, category FROM events
                             WHERE event_type IN ({browsing}) AND category IS NOT NULL AND ts < ?
                                   {"" if where == EVERY_PAIR else f"AND {where}"}),
                 pairs AS (SELECT customer_id, category, seq{keys} FROM seqs
                           UNION ALL
                           SELECT b.customer_id, b.category, NULL{', NULL, NULL' if keys else ''} FROM browsed b
                           ANTI JOIN seqs s ON s.customer_id = b.customer_id AND s.category = b.category)
            SELECT p.customer_id, p.category, coalesce(f.beta, c.beta) AS beta,
                   coalesce(f.own_weight, 0.0) AS own_weight, f.mu, f.p_raw{', p.cid, p.kid' if keys else ''}
            FROM pairs p JOIN dk_cat c USING (category)
            LEFT JOIN dk_fit f ON f.category = p.category AND f.seq = p.seq
            -- the pairs' row numbers in the names' order: the scoring windows partition by them, and where a
            -- pair's rows sit decides the order of its float additions (numbered by a parallel join, the
            -- interests moved in their last digits run to run)
            ORDER BY p.customer_id, p.category""", [fit.as_of])


def _calibrated(column: str, cal: PlattCalibrator) -> str:
    a, b = cal.coef_
    p = f"greatest(least({column}, 1 - 1e-6), 1e-6)"
    return f"1.0 / (1.0 + exp(-({a!r} + {b!r} * ln({p} / (1 - {p})))))"


def _shift(base: str, days: str, sign: str) -> str:
    return (f"{base} {sign} to_microseconds(CAST(least({days}, {MAX_DECAY_DAYS}) * 86400000000 AS BIGINT))")


#: DuckDB memory the interest pass takes per event before the as-of, about: at long 10^7 (10^7 events,
#: 1.9M pairs) on one thread the pass over every pair ran within a 512 MB cap; within 256 MB, over a
#: third of the pairs at a time, not over half. One pass at 10^7 under the CLI's and the window's caps.
PASS_BYTES_PER_EVENT = 60

#: The condition of :func:`pass_parts` that takes every pair.
EVERY_PAIR = "TRUE"


#: DuckDB memory the scores' joins take per pair, about: at long 10^7 (1.9M pairs) on one thread a third of
#: the pairs at a time ran out of a 256 MB cap (the joins' hash tables of the names).
SCORE_BYTES_PER_PAIR = 2000


#: DuckDB memory :func:`build_rates` takes per event before the as-of, about: at wide 10^7 (10^7 events,
#: 1M customers, 2M pairs) on one thread the statement over every pair ran out of 288 MB and fitted 320 MB
#: beside the fit's tables alone; in a training run (the run's other tables beside them) it ran out of 256 MB,
#: and over half of the customers at a time fitted.
RATES_BYTES_PER_EVENT = 40


def pass_parts(cur, as_of) -> list[str]:
    """Conditions on ``customer_id`` that split ``dk_rates``' pairs into ranges of customers, as many as the
    events before ``as_of`` need for :data:`PASS_BYTES_PER_EVENT` each to fit DuckDB's memory limit:
    [:data:`EVERY_PAIR`] where they fit."""
    return _customer_ranges(cur, _events_before(cur, as_of) * PASS_BYTES_PER_EVENT)


def rates_parts(cur, fit: FitOutput) -> list[str]:
    """:func:`pass_parts`' conditions for :func:`build_rates`, as many as :data:`RATES_BYTES_PER_EVENT` of every
    event before the as-of need; ``dk_rates`` is not built yet, so the ranges hold about as many of the
    fit's buyers each (:func:`_buyers`). Each pair's row is its own: any split gives the same rows."""
    return _customer_ranges(cur, _events_before(cur, fit.as_of) * RATES_BYTES_PER_EVENT, _buyers(fit))


def score_parts(cur) -> list[str]:
    """:func:`pass_parts`' conditions for the scores' joins, as many as :data:`SCORE_BYTES_PER_PAIR` of every
    pair need. Each pair's score is its own row's: any split gives the same rows."""
    n_pairs = int(cur.execute("SELECT count(*) FROM dk_rates").fetchall()[0][0])
    return _customer_ranges(cur, n_pairs * SCORE_BYTES_PER_PAIR)


def _events_before(cur, as_of) -> int:
    return int(cur.execute("SELECT count(*) FROM events WHERE ts < ?", [as_of]).fetchall()[0][0])


#: SQL of ``dk_rates``' customers numbered from 0 in the names' order (a customer once per pair): the
#: default rows :func:`_customer_ranges` balances.
RATES_NUMBERED = "SELECT customer_id, rowid AS n FROM dk_rates"


def _buyers(fit: FitOutput) -> str:
    """SQL of the fit's buyers numbered in the ids' order, as :data:`RATES_NUMBERED`: the run's cached
    customers where the fit has their keys (numbered so already), else ``dk_occ``'s."""
    if fit.keyed:
        return f"SELECT customer_id, cid - 1 AS n FROM {OCCASIONS_TABLE}_cust"
    return ("SELECT customer_id, row_number() OVER (ORDER BY customer_id) - 1 AS n "
            "FROM (SELECT DISTINCT customer_id FROM dk_occ)")


def _customer_ranges(cur, need: int, numbered: str = RATES_NUMBERED) -> list[str]:
    """Ranges of customers, enough for ``need`` bytes in DuckDB's memory limit, with about as many of
    ``numbered``'s rows each (customer_id, n: numbered from 0 in the ids' order, as :data:`RATES_NUMBERED`).
    A customer's pairs are in one range, so every table keyed by the pairs' names (interest, own stop
    levels, the shipped lapse) is cut by the same condition."""
    limit = memory_bytes(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    k = max(1, -(-need // max(limit, 1)))
    if k == 1:
        return [EVERY_PAIR]
    n_rows = int(cur.execute(f"SELECT count(*) FROM ({numbered})").fetchall()[0][0])
    k = min(n_rows, k)
    if k <= 1:
        return [EVERY_PAIR]
    # the customers at every step-th row bound ranges of about step rows
    step = -(-n_rows // k)
    bounds = [sql_literal(r[0]) for r in cur.execute(
        f"SELECT DISTINCT customer_id FROM ({numbered}) WHERE n > 0 AND n % ? = 0 ORDER BY 1", [step]).fetchall()]
    if not bounds:
        return [EVERY_PAIR]
    return ([f"customer_id < {bounds[0]}"]
            + [f"customer_id >= {lo} AND customer_id < {hi}" for lo, hi in zip(bounds, bounds[1:])]
            + [f"customer_id >= {bounds[-1]}"])


def build_scores(cur, fit: FitOutput, cal: PlattCalibrator, shipped: bool = False) -> None:
    """``dk_scores``: one row per pair with interest, half-life, lapse probability, decay point.

    With ``shipped``, the lapse probability is the verdict's winner's, from ``dk_ship``."""
    o = fit.origin
    # a training run's occasions grouped once (lapse_features.cache_occasions), when it has them; by
    # their integer keys where dk_rates has them too (build_rates): matched to a pair's rate by two
    # integers, not by the names joined to every occasion (issue #13)
    occ = occasions(cur, o, fit.as_of)
    keyed = keyed_occasions(cur, o, fit.as_of) if fit.keyed else None
    # interest and the levels before repeat purchases from one window over the events; each its own
    # table (the levels' quantiles in the same statement ran out of DuckDB's cap at 10^7 events, issue #13);
    # the windows partition by dk_rates' row number, not the two names (24.4 -> 17.0 CPU s at long 10^7).
    # A range of pairs at a time where the cap is small for the shop (pass_parts): a pair's windows and
    # its own stop level read its events alone. Over every pair at once the windows ran out of 256 MB at
    # long 10^7 on one thread, and so did the pairs' quantiles, whose states DuckDB does not spill.
    parts = pass_parts(cur, fit.as_of)
    for i, where in enumerate(parts):
        rates, pair_id = _rates_part(cur, where)
        one_pass = interest_and_levels_sql(o, rates, occ, pair_id=pair_id, keyed_occasions=keyed)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE dk_pass AS {one_pass}", [fit.as_of, fit.as_of, fit.T])
        cur.execute(f"""{_into("dk_interest", i)}
            SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases FROM dk_pass
            WHERE is_last""")
        levels = "SELECT customer_id, category, level FROM dk_pass WHERE level IS NOT NULL"
        cur.execute(f"{_into('dk_levels', i)} {levels}")
        cur.execute(f"{_into('dk_own', i)} {own_stop_levels_sql(levels)}")
        cur.execute("DROP TABLE dk_pass")
    cur.execute(f"CREATE OR REPLACE TEMP TABLE dk_cat_stop AS {category_stop_levels_sql('SELECT * FROM dk_levels')}")
    cur.execute("DROP TABLE dk_levels")
    as_of = "CAST(? AS TIMESTAMP)"
    lapse = "sh.p" if shipped else f"CASE WHEN r.p_raw IS NULL THEN NULL ELSE {_calibrated('r.p_raw', cal)} END"
    # the scores a range of customers at a time too, each table joined cut to the range (score_parts): for a
    # third of the pairs at once, the joins' hash tables of the names ran out of 256 MB at long 10^7
    for i, where in enumerate(score_parts(cur)):
        rates, _ = _rates_part(cur, where)
        cur.execute(f"""
            {_into("dk_scores", i)}
            SELECT r.customer_id, r.category, i.interest, ln(2) / r.beta AS half_life_days,
                   {lapse} AS lapse_probability,
                   CASE WHEN i.interest <= 0 OR s.stop_level IS NULL THEN i.last_event_ts
                        WHEN i.interest >= s.stop_level
                            THEN {_shift(as_of, 'ln(i.interest / s.stop_level) / r.beta', '+')}
                        ELSE greatest(i.last_event_ts, {_shift(as_of, 'ln(s.stop_level / i.interest) / r.beta', '-')})
                   END AS decay_point,
                   i.last_purchase_ts AS last_purchase, i.n_purchases, r.own_weight, s.stop_level
            FROM {rates} r JOIN {_cut("dk_interest", where)} i USING (customer_id, category)
            LEFT JOIN ({blended_stop_levels_sql(rates, _cut("dk_own", where), "dk_cat_stop")}) s
                USING (customer_id, category)
            {f"LEFT JOIN {_cut('dk_ship', where)} sh USING (customer_id, category)" if shipped else ""}""",
                    [fit.as_of, fit.as_of])
    cur.execute("DROP VIEW IF EXISTS dk_rates_part")
    for name in ("dk_own", "dk_cat_stop", "dk_interest"):
        cur.execute(f"DROP TABLE {name}")


def _rates_part(cur, where: str) -> tuple[str, str]:
    """The table of the rates of the pairs ``where`` takes (a condition of :func:`pass_parts`) and the column
    numbering them: ``dk_rates`` itself for every pair, else a view of its rows, the pairs keeping their
    numbers (where a pair's rows sit in the windows' partitions decides the order of its float additions)."""
    if where == EVERY_PAIR:
        return "dk_rates", "rowid"
    cur.execute(f"CREATE OR REPLACE TEMP VIEW dk_rates_part AS SELECT *, rowid AS pair_row FROM dk_rates WHERE {where}")
    return "dk_rates_part", "pair_row"


def _cut(table: str, where: str) -> str:
    return table if where == EVERY_PAIR else f"(SELECT * FROM {table} WHERE {where})"


def _into(table: str, part: int) -> str:
    return f"CREATE OR REPLACE TEMP TABLE {table} AS" if part == 0 else f"INSERT INTO {table}"


def write_scores(cur, run_id: int) -> int:
    """Store ``dk_scores`` under the run; returns the number of rows."""
    cur.execute("""
        INSERT INTO decay_scores (run_id, customer_id, category, interest, half_life_days, lapse_probability,
                                  decay_point, last_purchase, n_purchases, own_weight, stop_level)
        SELECT ?, customer_id, category, interest, half_life_days, lapse_probability, decay_point, last_purchase,
               n_purchases, own_weight, stop_level FROM dk_scores""", [run_id])
    return int(cur.execute("SELECT count(*) FROM decay_scores WHERE run_id = ?", [run_id]).fetchall()[0][0])


def write_categories(cur, run_id: int) -> None:
    cur.execute("""INSERT INTO decay_categories (run_id, category, half_life_days, half_life_lo, half_life_hi,
                       n_customers, n_events, beta, branching, mu_shape, mu_rate, kappa, log_likelihood)
                   SELECT ?, category, half_life_days, half_life_lo, half_life_hi, n_customers, n_events, beta,
                          branching, mu_shape, mu_rate, kappa, log_likelihood FROM dk_cat""", [run_id])


def drop_temp(cur) -> None:
    """Free the temp tables early (a cancelled or interrupted cursor is closed anyway)."""
    try:
        cur.execute("DROP VIEW IF EXISTS dk_rates_part")
    except duckdb.Error:
        return
    for name in ("dk_occ", "dk_fit", "dk_cat", "dk_rates", "dk_interest", "dk_pass", "dk_levels", "dk_own",
                 "dk_cat_stop", "dk_scores", "dk_eval"):
        try:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        except duckdb.Error:
            return

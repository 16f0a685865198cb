"""From the fitted temp tables to stored results: interest today, lapse, decay point.

Everything is SQL over the cursor that holds ``dk_occ``/``dk_fit``/``dk_cat``
(see :mod:`engine.models.decay.fit`): per-pair rates are joined to the weighted
events in DuckDB, so millions of pairs never pass through Python.
"""

from __future__ import annotations

import duckdb
import numpy as np

from engine.features.interest import EVENT_WEIGHTS, interest_and_levels_sql, stop_levels_sql
from engine.models.decay.calibration import PlattCalibrator
from engine.models.decay.fit import FitOutput, pair_keys_sql, pair_seqs_sql
from engine.models.decay.lapse_features import keyed_occasions, occasions

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
    more cost ~10 CPU s at 10^7 events, issue #13)."""
    browsing = ", ".join(f"'{k}'" for k in EVENT_WEIGHTS if k != "purchase")
    # with the fit's integer keys, a pair with a purchase keeps them (cid, kid): build_scores then
    # matches the occasions to their pair by them (NULL for a pair only browsed)
    keyed = pair_keys_sql(fit)
    seqs, keys = (keyed, ", cid, kid") if keyed is not None else (pair_seqs_sql(fit), "")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_rates AS
        WITH seqs AS ({seqs}),
             browsed AS (SELECT DISTINCT customer_id, category FROM events
                         WHERE event_type IN ({browsing}) AND category IS NOT NULL AND ts < ?),
             pairs AS (SELECT customer_id, category, seq{keys} FROM seqs
                       UNION ALL
                       SELECT b.customer_id, b.category, NULL{', NULL, NULL' if keys else ''} FROM browsed b
                       ANTI JOIN seqs s ON s.customer_id = b.customer_id AND s.category = b.category)
        SELECT p.customer_id, p.category, coalesce(f.beta, c.beta) AS beta,
               coalesce(f.own_weight, 0.0) AS own_weight, f.mu, f.p_raw{', p.cid, p.kid' if keys else ''}
        FROM pairs p JOIN dk_cat c USING (category)
        LEFT JOIN dk_fit f ON f.category = p.category AND f.seq = p.seq
        -- the pairs' row numbers in the names' order: the scoring windows partition by them, and where a pair's
        -- rows sit decides the order of its float additions (numbered by a parallel join, the interests moved in
        -- their last digits run to run)
        ORDER BY p.customer_id, p.category""", [fit.as_of])


def _calibrated(column: str, cal: PlattCalibrator) -> str:
    a, b = cal.coef_
    p = f"greatest(least({column}, 1 - 1e-6), 1e-6)"
    return f"1.0 / (1.0 + exp(-({a!r} + {b!r} * ln({p} / (1 - {p})))))"


def _shift(base: str, days: str, sign: str) -> str:
    return (f"{base} {sign} to_microseconds(CAST(least({days}, {MAX_DECAY_DAYS}) * 86400000000 AS BIGINT))")


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
    # the windows partition by dk_rates' row number, not the two names (24.4 -> 17.0 CPU s at long 10^7)
    one_pass = interest_and_levels_sql(o, 'dk_rates', occ, pair_id='rowid', keyed_occasions=keyed)
    cur.execute(f"CREATE OR REPLACE TEMP TABLE dk_pass AS {one_pass}", [fit.as_of, fit.as_of, fit.T])
    cur.execute("""CREATE OR REPLACE TEMP TABLE dk_interest AS
        SELECT customer_id, category, interest, last_event_ts, last_purchase_ts, n_purchases FROM dk_pass
        WHERE is_last""")
    cur.execute("CREATE OR REPLACE TEMP TABLE dk_levels AS SELECT customer_id, category, level FROM dk_pass "
                "WHERE level IS NOT NULL")
    cur.execute("DROP TABLE dk_pass")
    cur.execute(f"""CREATE OR REPLACE TEMP TABLE dk_stop AS {stop_levels_sql(o, 'dk_rates', 'dk_levels')}""")
    cur.execute("DROP TABLE dk_levels")
    as_of = "CAST(? AS TIMESTAMP)"
    cur.execute(f"""
        CREATE OR REPLACE TEMP TABLE dk_scores AS
        SELECT r.customer_id, r.category, i.interest, ln(2) / r.beta AS half_life_days,
               {"sh.p" if shipped else f"CASE WHEN r.p_raw IS NULL THEN NULL ELSE {_calibrated('r.p_raw', cal)} END"}
                   AS lapse_probability,
               CASE WHEN i.interest <= 0 OR s.stop_level IS NULL THEN i.last_event_ts
                    WHEN i.interest >= s.stop_level
                        THEN {_shift(as_of, 'ln(i.interest / s.stop_level) / r.beta', '+')}
                    ELSE greatest(i.last_event_ts,
                                  {_shift(as_of, 'ln(s.stop_level / i.interest) / r.beta', '-')}) END AS decay_point,
               i.last_purchase_ts AS last_purchase, i.n_purchases, r.own_weight, s.stop_level
        FROM dk_rates r JOIN dk_interest i USING (customer_id, category)
        LEFT JOIN dk_stop s USING (customer_id, category)
        {"LEFT JOIN dk_ship sh USING (customer_id, category)" if shipped else ""}""", [fit.as_of, fit.as_of])


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
    for name in ("dk_occ", "dk_fit", "dk_cat", "dk_rates", "dk_interest", "dk_pass", "dk_levels", "dk_stop", "dk_scores", "dk_eval"):
        try:
            cur.execute(f"DROP TABLE IF EXISTS {name}")
        except duckdb.Error:
            return

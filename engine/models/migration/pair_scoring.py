"""Writing the shipped shift scores of the as-of date into shift_scores, with their evidence.

Scores are written a chunk of customers at a time (each customer's pairs in one chunk, so ranks
are per customer). The table stays bounded: every candidate pair is scored and ranked, but only each customer's
``keep_top`` best candidates plus every pair scored at least ``score_floor`` are kept. At a
million customers that is at most 20 million rows plus the (few) likely pairs below the top 20.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from engine.models.migration.ladder import CutData
from engine.models.migration.reasons import reason_sql


#: customers per block of :func:`best_sources` (its array is customers x recent sources x categories)
_BLOCK = 64


def best_sources(cur: duckdb.DuckDBPyConnection, d: CutData, lift: np.ndarray, k: int,
                 lookback: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair: the recently bought category with the highest lift into it (-1 none),
    that lift, and the units bought of it in the last ``lookback`` weeks."""
    lo, hi = (int(d.cid.min()), int(d.cid.max()) + 1) if len(d.cid) else (0, 0)
    rec = cur.execute(f"SELECT cid, cat, units_recent FROM sp_hist WHERE s = ? AND weeks_recent > 0 "
                      f"AND cid >= {lo} AND cid < {hi}", [d.s]).fetchnumpy()
    users, ui = np.unique(d.cid, return_inverse=True)
    src = np.full(len(d.cid), -1, np.int32)
    val = np.full(len(d.cid), np.nan)
    units = np.full(len(d.cid), np.nan)
    ri = np.searchsorted(users, np.asarray(rec["cid"]))
    ok = (ri < len(users)) & (users[np.minimum(ri, len(users) - 1)] == np.asarray(rec["cid"]))
    ri, rc, ru = ri[ok], np.asarray(rec["cat"])[ok], np.asarray(rec["units_recent"], np.float32)[ok]
    order = np.argsort(ri, kind="stable")
    ri, rc, ru = ri[order], rc[order], ru[order]
    by_user = np.argsort(ui, kind="stable")
    ui_sorted = ui[by_user]
    # the lift from each recent source, and a row of -inf for the padding (recent sources per customer differ)
    lift_pad = np.vstack([np.asarray(lift), np.full((1, lift.shape[1]), -np.inf)])
    # a block of customers at a time, over only the sources they bought lately (tens, against every category
    # as sources: the same first maximum, as every other source is -inf there)
    for lo in range(0, len(users), _BLOCK):
        a, b = np.searchsorted(ri, [lo, lo + _BLOCK])
        n = min(_BLOCK, len(users) - lo)
        R = np.zeros((n, k), np.float32)
        R[ri[a:b] - lo, rc[a:b]] = ru[a:b]
        has = R > 0                                                       # [b, K]
        per = has.sum(axis=1)
        S = np.full((n, max(int(per.max(initial=0)), 1)), k, np.int64)  # [b, m] sources, padded with k
        hu, hs = np.nonzero(has)                                          # by customer, sources ascending
        S[hu, np.arange(len(hu)) - np.repeat(np.cumsum(per) - per, per)] = hs
        l3 = lift_pad[S]                                                  # [b, m, T]
        j = l3.argmax(axis=1)                                             # [b, T]
        best = np.take_along_axis(S, j, axis=1)
        bval = np.take_along_axis(l3, j[:, None, :], axis=1)[:, 0, :]
        p0, p1 = np.searchsorted(ui_sorted, [lo, lo + _BLOCK])
        sel = by_user[p0:p1]
        u, t = ui[sel] - lo, d.cat[sel]
        anyhas = per[u] > 0
        bt = np.where(anyhas, best[u, t], 0)
        src[sel] = np.where(anyhas, bt, -1)
        val[sel] = np.where(anyhas, bval[u, t], np.nan)
        units[sel] = np.where(anyhas, R[u, bt], np.nan)
    return src, val, units


def write_pair_scores(cur: duckdb.DuckDBPyConnection, d: CutData, prob: np.ndarray, evidence: dict,
                      run_id: int, *, lookback: int, keep_top: int, score_floor: float) -> int:
    """Rank the candidate pairs of a chunk of whole customers, keep the bounded set; returns the rows written."""
    lo, hi = (int(d.cid.min()), int(d.cid.max()) + 1) if len(d.cid) else (0, 0)
    src, lift, from_units = evidence["src"], evidence["lift"], evidence["from_units"]
    table = pa.table({
        "cid": pa.array(d.cid.astype(np.int32)), "cat": pa.array(d.cat.astype(np.int32)),
        "score": pa.array(np.asarray(prob, np.float64)),
        "src": pa.array(src, mask=src < 0),
        "from_buys": pa.array(np.nan_to_num(from_units), mask=np.isnan(from_units)),
        "transition_lift": pa.array(np.nan_to_num(lift), mask=np.isnan(lift))})
    cur.register("shift_chunk", table)
    n = cur.execute(
        f"INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source, views_recent, "
        f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift) "
        f"SELECT ?, customer_id, category, score, rank, {reason_sql(lookback)}, 'model', views_recent, "
        f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift FROM ("
        f"  SELECT c.customer_id, k.category, s.score, "
        f"    row_number() OVER (PARTITION BY s.cid ORDER BY s.score DESC, k.category)::INTEGER AS rank, "
        f"    p.views_3w::INTEGER AS views_recent, p.units AS bought_before, "
        f"    CASE WHEN p.never_bought = 0 THEN p.recency::INTEGER + 1 END AS weeks_since_bought, "
        f"    f.category AS from_category, s.from_buys, s.transition_lift "
        f"  FROM shift_chunk s JOIN sp_cust c USING (cid) JOIN sp_cat k ON k.cat = s.cat "
        f"  JOIN sp_pairs p ON p.s = ? AND p.cid = s.cid AND p.cat = s.cat AND p.cid >= {lo} AND p.cid < {hi} "
        f"  LEFT JOIN sp_cat f ON f.cat = s.src) "
        f"WHERE rank <= ? OR score >= ?", [run_id, d.s, keep_top, score_floor]).fetchall()[0][0]
    cur.unregister("shift_chunk")
    return int(n)

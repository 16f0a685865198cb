"""Writing the shipped shift scores of the as-of date into shift_scores, with their evidence.

Scores are written a chunk of customers at a time (each customer's pairs in one chunk, so ranks
are per customer). The table stays bounded: every candidate pair is scored and ranked, but only each customer's
``keep_top`` best candidates plus every pair scored at least ``score_floor`` are kept. At a
million customers that is at most 20 million rows plus the (few) likely pairs below the top 20.

The ranks are computed from the chunk's scores before anything else, so the evidence (best recent
source) and the joins for the reason are done for the kept pairs only: a customer has a candidate for
nearly every category (~300 on the long shape) and keeps about 20 of them.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb
import numpy as np
import pyarrow as pa

from engine.models.baselines.pair_models import PAIR_FEATURES
from engine.models.migration.cut_reads import CutData
from engine.models.migration.customer_order import customer_places
from engine.models.migration.reasons import reason_sql

_IX = {n: i for i, n in enumerate(PAIR_FEATURES)}
#: the pair features a written row's evidence reads (views lately, units bought, when last bought)
EVIDENCE = ("views_3w", "units", "never_bought", "recency")
#: cells (pairs x a customer's recent sources) of one block of :func:`best_sources`
_BLOCK_CELLS = 1_000_000


def best_sources(cur: duckdb.DuckDBPyConnection, s: int, cid: np.ndarray, cat: np.ndarray, lift: np.ndarray,
                 k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair (customer ``cid``, category ``cat``) at cut ``s``: the recently bought category with
    the highest lift into it (-1 none; the lowest category number among equal lifts), that lift, and the
    units bought of it in the recent weeks (the features' lookback)."""
    lo, hi = (int(cid.min()), int(cid.max()) + 1) if len(cid) else (0, 0)
    rec = cur.execute(f"SELECT cid, cat, units_recent FROM sp_hist WHERE s = ? AND weeks_recent > 0 "
                      f"AND cid >= {lo} AND cid < {hi}", [s]).fetchnumpy()
    users, ui = np.unique(cid, return_inverse=True)
    src = np.full(len(cid), -1, np.int32)
    val = np.full(len(cid), np.nan)
    units = np.full(len(cid), np.nan)
    rc_all = np.asarray(rec["cid"])
    ri = np.searchsorted(users, rc_all)
    ok = (ri < len(users)) & (users[np.minimum(ri, len(users) - 1)] == rc_all)
    ru = np.asarray(rec["units_recent"], np.float32)
    ok &= ru > 0                          # a source is a category with units bought lately
    ri, rc, ru = ri[ok], np.asarray(rec["cat"], np.int64)[ok], ru[ok]
    # each customer's recent sources in ascending category order (argmax keeps the first of equal lifts),
    # padded with k, whose row of lifts is -inf
    order = np.lexsort((rc, ri))
    ri, rc, ru = ri[order], rc[order], ru[order]
    per = np.bincount(ri, minlength=len(users))
    width = max(int(per.max(initial=0)), 1)
    pos = np.arange(len(ri)) - np.repeat(np.cumsum(per) - per, per)
    S = np.full((len(users), width), k, np.int64)
    U = np.zeros((len(users), width), np.float32)
    S[ri, pos], U[ri, pos] = rc, ru
    lift_pad = np.vstack([np.asarray(lift), np.full((1, lift.shape[1]), -np.inf)])
    step = max(1, _BLOCK_CELLS // width)
    for a in range(0, len(cid), step):
        u, t = ui[a:a + step], np.asarray(cat[a:a + step])
        l2 = lift_pad[S[u], t[:, None]]                                  # [pairs, sources]
        j = l2.argmax(axis=1)
        row = np.arange(len(u))
        anyhas = per[u] > 0
        src[a:a + step] = np.where(anyhas, S[u, j], -1)
        val[a:a + step] = np.where(anyhas, l2[row, j], np.nan)
        units[a:a + step] = np.where(anyhas, U[u, j], np.nan)
    return src, val, units


def customer_ranks(cid: np.ndarray, score: np.ndarray, tie: np.ndarray) -> np.ndarray:
    """Each pair's rank among its customer's pairs (1 = highest score; equal scores by ``tie`` ascending):
    SQL's ``row_number() OVER (PARTITION BY cid ORDER BY score DESC, tie)`` for finite scores and distinct ties."""
    place, _ = customer_places(cid, (np.asarray(tie, np.int64), -np.asarray(score, np.float64)))
    return place + 1


class ScoreWriter:
    """Writes a run's shift scores a chunk of whole customers at a time (see the module's doc)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, run_id: int, lift: np.ndarray, k: int, *, lookback: int,
                 keep_top: int, score_floor: float) -> None:
        self.cur, self.run_id, self.lift, self.k = cur, run_id, lift, k
        self.lookback, self.keep_top, self.score_floor = lookback, keep_top, score_floor
        # ties in score are ranked by category name, in DuckDB's own order of the names
        names = cur.execute("SELECT cat, row_number() OVER (ORDER BY category) AS n FROM sp_cat").fetchnumpy()
        cats = np.asarray(names["cat"], np.int64)
        self.name_order = np.zeros(int(cats.max(initial=-1)) + 1, np.int64)
        self.name_order[cats] = np.asarray(names["n"], np.int64)

    def write(self, d: CutData, prob: np.ndarray) -> int:
        """Rank the candidate pairs of a chunk of whole customers, keep the bounded set; returns the rows written."""
        prob = np.asarray(prob, np.float64)
        if not np.isfinite(prob).all():        # the ranks above match SQL's for finite scores only
            raise ValueError("shift scores must be finite")
        rank = customer_ranks(d.cid, prob, self.name_order[d.cat])
        keep = np.flatnonzero((rank <= self.keep_top) | (prob >= self.score_floor))
        if not len(keep):
            return 0
        cid, cat = d.cid[keep], d.cat[keep]
        src, lift, from_units = best_sources(self.cur, d.s, cid, cat, self.lift, self.k)
        lo, hi = int(cid.min()), int(cid.max()) + 1
        # the pair's own evidence comes with its features (sp_pairs' FLOAT columns, read as float32: the same
        # values), not from a second read of sp_pairs joined on every kept pair
        table = pa.table({
            "cid": pa.array(cid.astype(np.int32)), "cat": pa.array(cat.astype(np.int32)),
            "score": pa.array(prob[keep]), "rank": pa.array(rank[keep].astype(np.int32)),
            **{n: pa.array(np.ascontiguousarray(d.x[keep, _IX[n]], np.float32)) for n in EVIDENCE},
            "src": pa.array(src, mask=src < 0),
            "from_buys": pa.array(np.nan_to_num(from_units), mask=np.isnan(from_units)),
            "transition_lift": pa.array(np.nan_to_num(lift), mask=np.isnan(lift))})
        cur = self.cur
        cur.register("shift_chunk", table)
        try:
            n = cur.execute(
                f"INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source, views_recent, "
                f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift) "
                f"SELECT ?, customer_id, category, score, rank, {reason_sql(self.lookback)}, 'model', views_recent, "
                f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift FROM ("
                f"  SELECT c.customer_id, k.category, s.score, s.rank, "
                f"    s.views_3w::INTEGER AS views_recent, s.units AS bought_before, "
                f"    CASE WHEN s.never_bought = 0 THEN s.recency::INTEGER + 1 END AS weeks_since_bought, "
                f"    f.category AS from_category, s.from_buys, s.transition_lift "
                f"  FROM shift_chunk s JOIN sp_cust c ON c.cid = s.cid AND c.cid >= {lo} AND c.cid < {hi} "
                f"  JOIN sp_cat k ON k.cat = s.cat "
                f"  LEFT JOIN sp_cat f ON f.cat = s.src)", [self.run_id]).fetchall()[0][0]
        finally:
            cur.unregister("shift_chunk")
        return int(n)


@contextmanager
def writer_cursor(cur: duckdb.DuckDBPyConnection, cancel=None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of its own for writing beside ``cur`` (which goes on reading): the same tables searched
    (the scratch database of the pair tables included), interrupted on the same cancel."""
    out = cur.cursor()
    try:
        path = cur.execute("SELECT current_setting('search_path')").fetchall()[0][0]
        if path:
            out.execute(f"SET search_path = '{path}'")
        if cancel is None:
            yield out
        else:
            with cancel.on_cancel(out.interrupt):
                yield out
    finally:
        out.close()

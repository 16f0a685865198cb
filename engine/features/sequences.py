"""Per-customer, per-week, per-category activity, built in SQL and read a chunk of customers at a time.

Weeks are counted back from the as-of date: week 0 is the 7 days just before it,
week -1 the 7 days after. A *cut* is an earlier as-of date ``shift`` weeks back;
everything a model sees at a cut is in the weeks at or after ``shift``, its
labels in the ``horizon`` weeks before. Customers get a dense id ``cid`` in the
order of a hash of their id, so any cid range is a random, reproducible sample.

The temp tables live on the cursor passed in (DuckDB temp tables are per
connection): callers keep one cursor for the life of a :class:`SequenceSource`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np

#: Channels of the weekly cube: purchases (units), views (browse events), spend.
BUY, VIEW, SPEND = 0, 1, 2
#: Per-(customer, category) features beside the sequence; the names are kept in the model card.
FEATURE_NAMES = (
    "log_purchases", "purchase_recency", "never_bought", "log_spend", "log_views_4w",
    "log_views", "view_recency", "decayed_purchases", "decayed_views", "log_customer_purchases",
    "log_views_1w", "log_views_2w",
)
OTHER = "(other)"


@dataclass(frozen=True)
class SequenceSpec:
    top_k: int = 50            # categories modelled by name; the rest pool into "other"
    seq_weeks: int = 16        # weeks of sequence the LSTM reads
    history_weeks: int = 52    # weeks behind the per-category features
    horizon: int = 4           # H: weeks ahead a shift must happen in
    lookback: int = 8          # L: a candidate did not buy the category in these weeks
    max_shift: int = 0         # the furthest cut back from as-of (weeks)


@dataclass
class Samples:
    """The model inputs of one chunk of customers at one cut."""

    cid: np.ndarray        # [B] dense customer ids
    seq: np.ndarray        # [B, T, 2(K+1)] log1p purchases and views, oldest week first
    feats: np.ndarray      # [B, K, F]
    label: np.ndarray      # [B, K] bought in the horizon after the cut
    cand: np.ndarray       # [B, K] not bought in the lookback before the cut
    views_recent: np.ndarray   # [B, K] views in the last 3 weeks (for reasons)
    buys_lookback: np.ndarray  # [B, K] purchases in the lookback (sources of transitions)
    buys_total: np.ndarray     # [B, K] purchases in the history
    weeks_since: np.ndarray    # [B, K] weeks since the last purchase (-1 never)


class SequenceSource:
    """The weekly activity of all customers as of a date, served as dense chunks."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, as_of: datetime, spec: SequenceSpec) -> None:
        self.cur = cur
        self.as_of = as_of
        self.spec = spec
        self.weeks = spec.horizon + spec.max_shift + spec.history_weeks
        self._build()

    # -- SQL ---------------------------------------------------------------------------
    def _build(self) -> None:
        s, cur, a = self.spec, self.cur, self.as_of
        lo_days = 7 * (s.max_shift + s.history_weeks)
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE seq_vocab AS "
            "SELECT category, (row_number() OVER (ORDER BY n DESC, category) - 1)::INTEGER AS idx, n "
            "FROM (SELECT category, count(*) AS n FROM events WHERE event_type = 'purchase' AND quantity > 0 "
            "      AND category IS NOT NULL AND ts < ? AND ts >= ? - to_days(?) GROUP BY category) "
            "QUALIFY idx < ?", [a, a, lo_days, s.top_k])
        self.categories: list[str] = [r[0] for r in cur.execute(
            "SELECT category FROM seq_vocab ORDER BY idx").fetchall()]
        self.k = len(self.categories)
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE seq_customers AS "
            "SELECT customer_id, (row_number() OVER (ORDER BY hash(customer_id), customer_id) - 1)::INTEGER AS cid "
            "FROM (SELECT DISTINCT customer_id FROM events WHERE ts < ? AND ts >= ? - to_days(?))",
            [a, a, lo_days])
        self.n_customers = int(cur.execute("SELECT count(*) FROM seq_customers").fetchall()[0][0])
        # one row per (customer, week, category) with activity; sorted by cid so range reads are cheap
        cur.execute(
            "CREATE OR REPLACE TEMP TABLE seq_weekly AS "
            "SELECT c.cid, w.wk, coalesce(v.idx, ?)::SMALLINT AS cat, coalesce(w.buys, 0)::FLOAT AS buys, "
            "  coalesce(w.views, 0)::FLOAT AS views, coalesce(w.spend, 0)::FLOAT AS spend FROM ("
            "  SELECT customer_id, category, "
            "    floor(epoch(? - ts) / 604800)::INTEGER AS wk, "
            "    sum(quantity) FILTER (WHERE event_type = 'purchase' AND quantity > 0)::FLOAT AS buys, "
            "    count(*) FILTER (WHERE event_type IN ('view', 'cart', 'favourite'))::FLOAT AS views, "
            "    sum(amount) FILTER (WHERE event_type = 'purchase' AND quantity > 0)::FLOAT AS spend "
            "  FROM events WHERE ts >= ? - to_days(?) AND ts < ? + to_days(?) "
            "  GROUP BY ALL) w "
            "JOIN seq_customers c USING (customer_id) LEFT JOIN seq_vocab v USING (category) "
            "ORDER BY c.cid",
            [self.k, a, a, lo_days, a, 7 * s.horizon])

    def chunk(self, lo: int, hi: int, customers: np.ndarray | None = None) -> np.ndarray:
        """Dense activity of customers ``lo <= cid < hi``: ``[hi-lo, weeks, K+1, 3]``, index 0 = week -H.

        With ``customers`` (sorted cids in the range), only theirs, one row each in that order: the rows the
        whole chunk's cube has for them, bit for bit (the same query, its rows added in the same order)."""
        row, week, cat, vals = self.cells(lo, hi, customers)
        cube = np.zeros((hi - lo if customers is None else len(customers), self.weeks, self.k + 1, 3),
                        dtype=np.float32)
        cube[row, week, cat] = vals
        return cube

    def cells(self, lo: int, hi: int, customers: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The cube of :meth:`chunk` as its written cells: (row, week index, category, [buys, views, spend]), one
        entry a cell, every other cell zero. At wide 10^7 a cube is almost all zeros (a customer has ~10 events
        over its ~60 weeks x 51 categories): zeroing it was a sixth of the LSTM's samples, and summing its weeks
        most of the rest, so the samples are built from these cells alone (see ``migration/cell_sums.py``)."""
        rows = self.cur.execute(
            "SELECT cid, wk, cat, buys, views, spend FROM seq_weekly WHERE cid >= ? AND cid < ?",
            [lo, hi]).fetchnumpy()
        row = np.asarray(rows["cid"], dtype=np.int64) - lo
        if customers is not None:
            at = np.full(hi - lo, -1, np.int64)
            at[np.asarray(customers, np.int64) - lo] = np.arange(len(customers))
            row = at[row]
        i = np.asarray(rows["wk"], dtype=np.int64) + self.spec.horizon
        ok = (i >= 0) & (i < self.weeks) & (row >= 0)
        row, i, cat = row[ok], i[ok], np.asarray(rows["cat"], dtype=np.int64)[ok]
        v = np.stack([np.asarray(rows[name], dtype=np.float32)[ok] for name in ("buys", "views", "spend")], axis=1)
        # a (customer, week, category) may appear twice only as "other" (two raw categories pooled into it): those
        # rows are added up in order (np.add.at onto zeros, as onto the zeroed cube), every other cell is written
        # once. Adding to zero is writing the value plus 0.0 (which only turns -0.0 into 0.0): the cube's bits.
        pooled = cat == self.k
        once = ~pooled
        key, inv = np.unique((row[pooled] * self.weeks + i[pooled]), return_inverse=True)
        summed = np.zeros((len(key), 3), np.float32)
        for ch in range(3):
            np.add.at(summed[:, ch], inv, v[pooled, ch])
        return (np.concatenate([row[once], key // self.weeks]), np.concatenate([i[once], key % self.weeks]),
                np.concatenate([cat[once], np.full(len(key), self.k, np.int64)]),
                np.concatenate([v[once] + np.float32(0.0), summed]))


class ChunkStats:
    """Prefix sums and next-event indexes over the weeks of one chunk, so each cut costs O(customers × K).

    Cube index i is week i - H (index 0 = the first week after as-of, counting back);
    a cut ``shift`` weeks back sees weeks [shift, shift + history) = indexes [shift + H, shift + H + history).
    """

    #: Half-life (weeks) of the decayed purchase and view counts.
    HALF_LIFE = 8.0

    def __init__(self, cube: np.ndarray, k: int) -> None:
        self.k = k
        n, w = cube.shape[:2]
        self.buys = np.ascontiguousarray(cube[..., BUY])      # [B, W, K+1]
        self.views = np.ascontiguousarray(cube[..., VIEW])
        zero = np.zeros((n, 1, cube.shape[2]), np.float32)
        self.c_buys = np.concatenate([zero, np.cumsum(self.buys, axis=1, dtype=np.float32)], axis=1)
        self.c_views = np.concatenate([zero, np.cumsum(self.views, axis=1, dtype=np.float32)], axis=1)
        self.c_spend = np.concatenate([zero[..., :k], np.cumsum(cube[..., :k, SPEND], axis=1, dtype=np.float32)],
                                      axis=1)
        # exponential decay is separable: sum_i x_i d^(i - s) = d^-s * sum_i x_i d^i
        self.d = 0.5 ** (1.0 / self.HALF_LIFE)
        dw = (self.d ** np.arange(w, dtype=np.float64)).astype(np.float32)[None, :, None]
        self.c_dbuys = np.concatenate([zero[..., :k], np.cumsum(self.buys[..., :k] * dw, axis=1)], axis=1)
        self.c_dviews = np.concatenate([zero[..., :k], np.cumsum(self.views[..., :k] * dw, axis=1)], axis=1)
        self.next_buy = _next_index(self.buys[..., :k] > 0)
        self.next_view = _next_index(self.views[..., :k] > 0)
        act = (self.buys.sum(axis=2) + self.views.sum(axis=2)) > 0     # [B, W]
        self.c_act = np.concatenate([np.zeros((n, 1)), np.cumsum(act, axis=1)], axis=1)


def _next_index(hit: np.ndarray) -> np.ndarray:
    """For each week i: the first week j >= i with a hit (a large number if none)."""
    n, w, k = hit.shape
    idx = np.where(hit, np.arange(w, dtype=np.int32)[None, :, None], np.int32(1 << 30))
    return np.minimum.accumulate(idx[:, ::-1], axis=1)[:, ::-1]


def samples_at(cube: np.ndarray | ChunkStats, lo: int, shift: int, spec: SequenceSpec, k: int,
               with_labels: bool = True) -> Samples | None:
    """The inputs of every customer in the chunk with history before the cut ``shift`` weeks back."""
    st = cube if isinstance(cube, ChunkStats) else ChunkStats(cube, k)
    h, T, L, W = spec.horizon, spec.seq_weeks, spec.lookback, spec.history_weeks
    s0 = shift + h                       # index of the week just before the cut
    n_w = st.buys.shape[1]
    s1 = min(s0 + W, n_w)                # end of the history window
    active = (st.c_act[:, s1] - st.c_act[:, s0]) > 0
    if s0 >= n_w or not active.any():
        return None
    a = np.flatnonzero(active)

    def window(c: np.ndarray, start: int, stop: int) -> np.ndarray:
        return c[a, min(stop, n_w)] - c[a, start]

    t1 = min(s0 + T, n_w)
    seq = np.concatenate([st.buys[a, s0:t1], st.views[a, s0:t1]], axis=2)[:, ::-1]
    if seq.shape[1] < T:  # history runs out before the sequence does: pad with empty weeks
        seq = np.concatenate([np.zeros((len(a), T - seq.shape[1], seq.shape[2]), np.float32), seq], axis=1)
    seq = np.log1p(seq).astype(np.float32)

    total_b = window(st.c_buys, s0, s1)[..., :k]
    nb = st.next_buy[a, s0] - s0
    ever = nb < (s1 - s0)
    nv = st.next_view[a, s0] - s0
    seen = nv < (s1 - s0)
    scale = st.d ** -s0
    customer_buys = np.log1p(total_b.sum(axis=1) + window(st.c_buys, s0, s1)[:, k])
    feats = np.stack([
        np.log1p(total_b),
        np.where(ever, nb, W) / W,
        (~ever).astype(np.float64),
        np.log1p(np.maximum(window(st.c_spend, s0, s1), 0)) / 5.0,
        np.log1p(window(st.c_views, s0, s0 + 4)[..., :k]),
        np.log1p(window(st.c_views, s0, s1)[..., :k]),
        np.where(seen, nv, W) / W,
        np.log1p(np.maximum(st.c_dbuys[a, s1] - st.c_dbuys[a, s0], 0) * scale),
        np.log1p(np.maximum(st.c_dviews[a, s1] - st.c_dviews[a, s0], 0) * scale),
        np.broadcast_to(customer_buys[:, None], total_b.shape),
        # browsing just before a purchase is the strongest sign of it: the last week and two apart
        np.log1p(window(st.c_views, s0, s0 + 1)[..., :k]),
        np.log1p(window(st.c_views, s0, s0 + 2)[..., :k]),
    ], axis=2).astype(np.float32)

    buys_lookback = window(st.c_buys, s0, s0 + L)[..., :k].astype(np.float32)
    if with_labels:
        label = (st.c_buys[a, s0, :k] - st.c_buys[a, max(s0 - h, 0), :k]) > 0
    else:
        label = np.zeros((len(a), k), dtype=bool)
    return Samples(
        cid=a + lo, seq=np.ascontiguousarray(seq), feats=feats, label=label,
        cand=buys_lookback == 0, views_recent=window(st.c_views, s0, s0 + 3)[..., :k].astype(np.float32),
        buys_lookback=buys_lookback, buys_total=total_b.astype(np.float32),
        weeks_since=np.where(ever, nb, -1).astype(np.int32))

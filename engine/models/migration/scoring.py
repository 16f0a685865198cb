"""Scoring every candidate pair as of the as-of date and writing shift_scores with their evidence."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

from engine.jobs import CancelToken, ProgressCallback
from engine.models.baselines.markov import MarkovBaseline
from engine.models.migration.batches import ChunkReader
from engine.models.migration.blend import MigrationBlend
from engine.models.migration.network import MigrationNet
from engine.models.migration.reasons import reason_sql
from engine.models.migration.trainer import predict


def _ranks(score: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """1 = each customer's highest-scored candidate; non-candidates get 0."""
    order = np.argsort(-np.where(cand, score, -np.inf), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, score.shape[1] + 1)[None, :], axis=1)
    return np.where(cand, ranks, 0)


def write_scores(cur: duckdb.DuckDBPyConnection, reader: ChunkReader, net: MigrationNet,
                 calibrator: MigrationBlend | None, markov: MarkovBaseline,
                 run_id: int, lookback: int, *, progress: ProgressCallback, cancel: CancelToken) -> int:
    """Score all customers at the as-of date (shift 0); returns the number of candidate pairs written."""
    cur.execute("CREATE OR REPLACE TEMP TABLE shift_stage (cid INTEGER, cat SMALLINT, score DOUBLE, rank INTEGER, "
                "views_recent INTEGER, bought_before DOUBLE, weeks_since_bought INTEGER, src SMALLINT, "
                "from_buys DOUBLE, transition_lift DOUBLE)")
    ranges = reader.ranges()
    written = 0
    for i, (lo, hi) in enumerate(ranges):
        cancel.raise_if_cancelled()
        s = reader.samples(lo, hi, [0], with_labels=False)
        if s is None:
            continue
        prob = predict(net, s, calibrator)
        rank = _ranks(prob, s.cand)
        src, lift = markov.best_source(s)
        b, c = np.nonzero(s.cand)
        src_bc = src[b, c]
        from_buys = np.where(src_bc >= 0, s.buys_lookback[b, np.maximum(src_bc, 0)], np.nan)
        table = pa.table({
            "cid": pa.array(s.cid[b].astype(np.int32)),
            "cat": pa.array(c.astype(np.int16)),
            "score": pa.array(prob[b, c].astype(np.float64)),
            "rank": pa.array(rank[b, c].astype(np.int32)),
            "views_recent": pa.array(np.rint(s.views_recent[b, c]).astype(np.int32)),
            "bought_before": pa.array(s.buys_total[b, c].astype(np.float64)),
            "weeks_since_bought": pa.array(np.where(s.weeks_since[b, c] >= 0, s.weeks_since[b, c] + 1, 0)
                                           .astype(np.int32), mask=s.weeks_since[b, c] < 0),
            "src": pa.array(src_bc.astype(np.int16), mask=src_bc < 0),
            "from_buys": pa.array(from_buys, mask=np.isnan(from_buys)),
            "transition_lift": pa.array(np.nan_to_num(lift[b, c], nan=0.0), mask=np.isnan(lift[b, c])),
        })
        cur.register("shift_chunk", table)
        cur.execute("INSERT INTO shift_stage SELECT * FROM shift_chunk")
        cur.unregister("shift_chunk")
        written += len(b)
        progress(i + 1, len(ranges), f"Scoring customers ({hi:,} of {reader.source.n_customers:,})")
    cur.execute(
        f"INSERT INTO shift_scores (run_id, customer_id, category, score, rank, reason, source, views_recent, "
        f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift) "
        f"SELECT ?, customer_id, category, score, rank, {reason_sql(lookback)}, 'model', views_recent, "
        f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift FROM ("
        f"  SELECT c.customer_id, v.category, s.score, s.rank, s.views_recent, s.bought_before, "
        f"    s.weeks_since_bought, f.category AS from_category, s.from_buys, s.transition_lift "
        f"  FROM shift_stage s JOIN seq_customers c USING (cid) JOIN seq_vocab v ON v.idx = s.cat "
        f"  LEFT JOIN seq_vocab f ON f.idx = s.src)", [run_id])
    cur.execute("DROP TABLE shift_stage")
    return written

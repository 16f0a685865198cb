"""The shift scores written from each chunk's own ranks (kept pairs only joined and given a reason) are the
rows the window over every candidate pair kept: same ranks (ties by category name), evidence and reasons."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from engine.models.migration.cut_reads import CutData
from engine.models.baselines.pair_models import PAIR_FEATURES
from engine.models.migration.pair_scoring import EVIDENCE, ScoreWriter, best_sources, customer_ranks, writer_cursor
from engine.models.migration.reasons import reason_sql
from engine.work_ahead import written_behind

LOOKBACK, KEEP_TOP, FLOOR = 8, 3, 0.5
COLUMNS = ("run_id, customer_id, category, score, rank, reason, source, views_recent, bought_before, "
           "weeks_since_bought, from_category, from_buys, transition_lift")


def _tables(con: duckdb.DuckDBPyConnection, rng: np.random.Generator, customers: int, k: int) -> None:
    # names whose order is not the numbering's, with case and accents (DuckDB's order of names decides ties)
    names = [f"{w}{i}" for i, w in enumerate(rng.permutation(["b", "B", "a", "é", "e", "Z", "z_", "A b"] * 2))]
    cats = pa.table({"category": names[:k], "cat": pa.array(range(k), pa.int32())})
    con.execute("CREATE TABLE sp_cat AS SELECT * FROM cats")
    con.execute("CREATE TABLE sp_cust AS SELECT 'c' || range AS customer_id, range::INTEGER AS cid FROM range(?)",
                [customers])
    con.execute(
        # FLOAT, as the pair features are (the writer reads the evidence from the chunk's float32 features)
        "CREATE TABLE sp_pairs AS SELECT 0 AS s, c.cid, k.cat, (hash(c.cid, k.cat) % 4)::FLOAT AS views_3w, "
        "  ((hash(k.cat, c.cid) % 7)::DOUBLE / 2.3)::FLOAT AS units, "
        "  (hash(c.cid * 3 + k.cat) % 2)::FLOAT AS never_bought, "
        "  (hash(c.cid + k.cat) % 20)::FLOAT AS recency FROM sp_cust c CROSS JOIN sp_cat k "
        "WHERE hash(c.cid, k.cat, 1) % 5 > 0 ORDER BY c.cid, k.cat")
    con.execute(
        "CREATE TABLE sp_hist AS SELECT 0 AS s, cid, cat, (hash(cid, cat, 2) % 3)::DOUBLE AS units_recent, "
        "  1 AS weeks_recent FROM sp_pairs WHERE hash(cid, cat, 3) % 4 = 0")
    con.execute(
        "CREATE TABLE shift_scores (run_id INTEGER NOT NULL, customer_id TEXT NOT NULL, category TEXT NOT NULL, "
        "  score DOUBLE NOT NULL, rank INTEGER NOT NULL, reason TEXT, source TEXT NOT NULL DEFAULT 'model', "
        "  views_recent INTEGER, bought_before DOUBLE, weeks_since_bought INTEGER, from_category TEXT, "
        "  from_buys DOUBLE, transition_lift DOUBLE)")


def _window_write(cur, d: CutData, prob: np.ndarray, lift: np.ndarray, k: int, run_id: int) -> int:
    """The writer before: evidence for every pair, every pair joined, ranked by a window, then filtered."""
    lo, hi = int(d.cid.min()), int(d.cid.max()) + 1
    src, val, units = best_sources(cur, d.s, d.cid, d.cat, lift, k)
    cur.register("shift_chunk", pa.table({
        "cid": pa.array(d.cid.astype(np.int32)), "cat": pa.array(d.cat.astype(np.int32)),
        "score": pa.array(np.asarray(prob, np.float64)), "src": pa.array(src, mask=src < 0),
        "from_buys": pa.array(np.nan_to_num(units), mask=np.isnan(units)),
        "transition_lift": pa.array(np.nan_to_num(val), mask=np.isnan(val))}))
    n = cur.execute(
        f"INSERT INTO shift_scores ({COLUMNS}) "
        f"SELECT ?, customer_id, category, score, rank, {reason_sql(LOOKBACK)}, 'model', views_recent, "
        f"  bought_before, weeks_since_bought, from_category, from_buys, transition_lift FROM ("
        f"  SELECT c.customer_id, k.category, s.score, "
        f"    row_number() OVER (PARTITION BY s.cid ORDER BY s.score DESC, k.category)::INTEGER AS rank, "
        f"    p.views_3w::INTEGER AS views_recent, p.units AS bought_before, "
        f"    CASE WHEN p.never_bought = 0 THEN p.recency::INTEGER + 1 END AS weeks_since_bought, "
        f"    f.category AS from_category, s.from_buys, s.transition_lift "
        f"  FROM shift_chunk s JOIN sp_cust c USING (cid) JOIN sp_cat k ON k.cat = s.cat "
        f"  JOIN sp_pairs p ON p.s = ? AND p.cid = s.cid AND p.cat = s.cat AND p.cid >= {lo} AND p.cid < {hi} "
        f"  LEFT JOIN sp_cat f ON f.cat = s.src) "
        f"WHERE rank <= ? OR score >= ?", [run_id, d.s, KEEP_TOP, FLOOR]).fetchall()[0][0]
    cur.unregister("shift_chunk")
    return int(n)


def test_written_rows_are_those_of_the_window_over_every_pair():
    rng = np.random.default_rng(11)
    customers, k = 60, 16
    con = duckdb.connect()
    _tables(con, rng, customers, k)
    lift = np.round(rng.lognormal(size=(k, k)), 1)        # rounded: tied lifts
    pairs = con.execute("SELECT * FROM sp_pairs ORDER BY cid, cat").fetchnumpy()
    cid, cat = np.asarray(pairs["cid"], np.int64), np.asarray(pairs["cat"], np.int64)
    # the chunk's features: the evidence columns where the ladder's load_cut puts them, noise elsewhere
    x = rng.random((len(cid), len(PAIR_FEATURES))).astype(np.float32)
    for n in EVIDENCE:
        x[:, PAIR_FEATURES.index(n)] = pairs[n]
    prob = np.round(rng.beta(0.5, 2, len(cid)), 1)        # one decimal: many tied scores, a few above the floor
    writer = ScoreWriter(con, 2, lift, k, lookback=LOOKBACK, keep_top=KEEP_TOP, score_floor=FLOOR)
    written = [0, 0]
    for lo, hi in ((0, 25), (25, customers)):            # chunks of whole customers
        rows = (cid >= lo) & (cid < hi)
        d = CutData(0, cid[rows], cat[rows], x[rows], None)
        written[0] += _window_write(con, d, prob[rows], lift, k, 1)
        written[1] += writer.write(d, prob[rows])
    cols = COLUMNS.replace("run_id, ", "")
    before = con.execute(f"SELECT {cols} FROM shift_scores WHERE run_id = 1 ORDER BY ALL").fetchall()
    after = con.execute(f"SELECT {cols} FROM shift_scores WHERE run_id = 2 ORDER BY ALL").fetchall()
    assert written[0] == written[1] == len(before) > customers * KEEP_TOP
    assert after == before
    # the cases the comparison must cover: ties at the cut-off, kept pairs above the top, with and without a source
    assert con.execute("SELECT count(*) FROM shift_scores WHERE run_id = 2 AND rank > ?", [KEEP_TOP]).fetchone()[0]
    assert con.execute("SELECT count(*) FROM shift_scores WHERE run_id = 2 AND from_category IS NULL").fetchone()[0]
    assert con.execute("SELECT count(*) FROM shift_scores WHERE run_id = 2 AND from_category IS NOT NULL").fetchone()[0]


def test_customer_ranks_are_sql_row_numbers():
    rng = np.random.default_rng(3)
    n = 5000
    cid = rng.integers(0, 200, n)
    score = np.round(rng.random(n), 2)
    tie = rng.permutation(n)
    want = duckdb.connect().execute(
        "SELECT row_number() OVER (PARTITION BY cid ORDER BY score DESC, tie) FROM "
        "(SELECT unnest(?) AS i, unnest(?) AS cid, unnest(?) AS score, unnest(?) AS tie) ORDER BY i",
        [list(range(n)), cid.tolist(), score.tolist(), tie.tolist()]).fetchnumpy()
    np.testing.assert_array_equal(customer_ranks(cid, score, tie), next(iter(want.values())))


def test_chunks_written_behind_the_scoring_are_the_rows_written_inline():
    rng = np.random.default_rng(5)
    customers, k = 90, 16
    con = duckdb.connect()
    _tables(con, rng, customers, k)
    con.execute("CREATE SCHEMA other")       # the writer's cursor searches what the reading one does
    con.execute("CREATE TABLE other.sp_hist AS SELECT * FROM sp_hist")
    con.execute("DROP TABLE sp_hist")
    con.execute("SET search_path = 'main,other'")
    lift = np.round(rng.lognormal(size=(k, k)), 1)
    pairs = con.execute("SELECT * FROM sp_pairs ORDER BY cid, cat").fetchnumpy()
    cid, cat = np.asarray(pairs["cid"], np.int64), np.asarray(pairs["cat"], np.int64)
    x = np.zeros((len(cid), len(PAIR_FEATURES)), np.float32)
    for n in EVIDENCE:
        x[:, PAIR_FEATURES.index(n)] = pairs[n]
    prob = np.round(rng.beta(0.5, 2, len(cid)), 2)
    bounds = [0, 10, 35, 36, 70, customers]

    def scored():
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            rows = (cid >= lo) & (cid < hi)
            yield CutData(0, cid[rows], cat[rows], x[rows], None), prob[rows]

    inline = ScoreWriter(con, 1, lift, k, lookback=LOOKBACK, keep_top=KEEP_TOP, score_floor=FLOOR)
    n_inline = written_behind(inline.write, scored(), 1)
    with writer_cursor(con) as out:
        behind = ScoreWriter(out, 2, lift, k, lookback=LOOKBACK, keep_top=KEEP_TOP, score_floor=FLOOR)
        n_behind = written_behind(behind.write, scored(), 2)
    cols = COLUMNS.replace("run_id, ", "")
    # in the same order too: chunks are written one after another
    rows = [con.execute(f"SELECT {cols} FROM shift_scores WHERE run_id = ? ORDER BY rowid", [r]).fetchall()
            for r in (1, 2)]
    assert n_inline == n_behind == len(rows[0]) > customers * KEEP_TOP
    assert rows[0] == rows[1]

    def failing(d, p):
        if d.cid.min() >= 35:
            raise RuntimeError("disk full")
        return 1

    with pytest.raises(RuntimeError, match="disk full"):
        written_behind(failing, scored(), 2)

"""A sampled build of the migration's pair tables is the whole build cut at each older cut's bounds: its pairs and
per-customer features below ``sp_keep.bound``, its history below ``sp_keep.history`` (past the graph's kNN
reference), and everything counted over every customer (the categories' features, their units, the purchases the
graph's co-purchase counts read) unchanged, so the graph's row-wise scores are too. Until session 52 the older cuts
built their history for every customer though only the sample got pairs (at wide 10^7 ~18 s of migration's ~150)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.store.scratch import scratch_tables
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12, 16]
L, H, W, MIN_BUYERS = 8, 4, 52, 5
REFERENCE = 25
KEYS = {"sp_pairs": "s, cid, cat", "sp_pair_cust": "s, cid", "sp_pair_cat": "s, cat", "sp_hist": "s, cid, cat",
        "sp_bought": "s, cid, cat", "sp_cat_units": "s, cat"}


def _build(project, keep_pairs: int | None, keep_customers: int = REFERENCE, reference: int = REFERENCE) -> dict:
    with project.interruptible(CancelToken()) as cur, scratch_tables(cur):
        build_weekly(cur, AS_OF, W)
        build_pairs(cur, GRID, lookback=L, horizon=H, min_buyers=MIN_BUYERS, history_weeks=W, keep_pairs=keep_pairs,
                    keep_customers=keep_customers)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=H, max_reference=reference)
        out = {t: cur.execute(f"SELECT * FROM {t} ORDER BY {key}").fetchall() for t, key in KEYS.items()}
        out["graph"] = cur.execute("SELECT s, cid, cat, knn, knn_ever, copurchase FROM sp_graph "
                                   "ORDER BY s, cid, cat").fetchnumpy()
        out["keep"] = {s: (b, h) for s, b, h in cur.execute("SELECT s, bound, history FROM sp_keep").fetchall()}
        # what the purchases and the categories' counts were taken from until session 52: every customer's history
        out["old_bought"] = cur.execute("SELECT s, cid, cat, recency FROM sp_hist WHERE weeks_all > 0 "
                                        "ORDER BY s, cid, cat").fetchall()
        out["old_counts"] = cur.execute(f"""
            SELECT h.s, h.cat, (count(*) FILTER (WHERE h.weeks_recent > 0)::DOUBLE / any_value(n.n))::FLOAT,
                   ln((1 + count(*) FILTER (WHERE h.recency < 4)) / (1 + count(*) FILTER (WHERE h.recency >= 4
                      AND h.recency < 8)))::FLOAT
            FROM sp_hist h JOIN (SELECT s, count(*) AS n FROM sp_pair_cust GROUP BY s) n USING (s)
            WHERE h.cat IN (SELECT cat FROM sp_pair_cat p WHERE p.s = h.s) GROUP BY h.s, h.cat
            HAVING count(*) FILTER (WHERE h.weeks_all > 0) >= {MIN_BUYERS} ORDER BY 1, 2""").fetchall()
        out["old_units"] = cur.execute("SELECT s, cat, sum(units) FROM sp_hist GROUP BY ALL ORDER BY 1, 2").fetchall()
    return out


@pytest.fixture(scope="module")
def builds(grocery_slice_file: Path, tmp_path_factory) -> tuple[dict, dict]:
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("sample"))
    try:
        return _build(project, None), _build(project, keep_pairs=2_000)
    finally:
        project.close()


def test_the_purchases_and_category_counts_are_those_of_every_customers_history(builds):
    whole, _ = builds
    assert whole["sp_bought"] == whole["old_bought"]
    assert whole["sp_pair_cat"] == whole["old_counts"]
    assert whole["sp_cat_units"] == whole["old_units"]


def test_a_sampled_build_is_the_whole_build_cut_at_each_cuts_bounds(builds):
    whole, sampled = builds
    assert whole["keep"] == {} and set(sampled["keep"]) == set(GRID) - {0}
    for table in ("sp_pair_cat", "sp_bought", "sp_cat_units"):
        assert sampled[table] == whole[table], table
    for table, cut_at in (("sp_pairs", 0), ("sp_pair_cust", 0), ("sp_hist", 1)):
        def kept(rows):
            return [r for r in rows if r[0] == 0 or r[1] < sampled["keep"][r[0]][cut_at]]
        assert sampled[table] == kept(whole[table]), table
        assert len(sampled[table]) < len(whole[table]), table
    for s, (bound, history) in sampled["keep"].items():
        bought = sorted({r[1] for r in whole["sp_bought"] if r[0] == s})
        assert history == max(bound, bought[REFERENCE - 1] + 1)
    assert any(history > bound for bound, history in sampled["keep"].values())


def test_the_graphs_row_wise_scores_are_unchanged_by_the_sample(builds):
    whole, sampled = builds
    g, sg = whole["graph"], sampled["graph"]
    s, cid = np.asarray(g["s"]), np.asarray(g["cid"])
    kept = np.array([c < sampled["keep"][x][0] if x in sampled["keep"] else True for x, c in zip(s, cid)])
    assert 0 < kept.sum() < len(kept)
    for n in ("s", "cid", "cat", "knn", "knn_ever", "copurchase"):
        np.testing.assert_array_equal(np.asarray(sg[n]), np.asarray(g[n])[kept], err_msg=n)


def test_a_reference_past_the_kept_history_is_refused(grocery_slice_file: Path, tmp_path: Path):
    project = open_copy(grocery_slice_file, tmp_path)
    try:
        with pytest.raises(ValueError, match="reference"):
            _build(project, keep_pairs=2_000, keep_customers=5, reference=REFERENCE * 4)
    finally:
        project.close()

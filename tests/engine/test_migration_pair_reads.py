"""The ladder's reads of the pairs: a pair's features are its own row's, its customer's and its category's at the
cut (stored once per customer and category, joined back on read) and its graph scores, in PAIR_FEATURES' order;
ranges and thinned reads are parts of the whole read."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from engine.features.shift_graph import GRAPH_FEATURES, build_graph_scores
from engine.features.shift_pairs import CATEGORY_FEATURES, CUSTOMER_FEATURES, PAIR_COLUMNS, build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.baselines.pair_models import PAIR_FEATURES
from engine.models.migration.cut_reads import customer_chunks, load_cut
from tests.conftest import open_copy

GRID = [0, 4, 8, 12]


@pytest.fixture(scope="module")
def cur(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("pair_reads"))
    with project.interruptible(CancelToken()) as c:
        build_weekly(c, datetime(2017, 8, 28), 52)
        build_pairs(c, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52)
        k = c.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(c, GRID, k, horizon=4, max_reference=40)
        yield c
    project.close()


def _by_key(cur, table: str, key: tuple[str, ...], s: int) -> dict:
    d = cur.execute(f"SELECT * FROM {table} WHERE s = ?", [s]).fetchnumpy()
    return {tuple(int(d[k][i]) for k in key): {n: d[n][i] for n in d} for i in range(len(d["s"]))}


@pytest.mark.parametrize("s", GRID)
def test_a_pairs_features_are_its_row_its_customers_its_categorys_and_its_graph_scores(cur, s):
    d = load_cut(cur, s)
    n_pairs = cur.execute("SELECT count(*) FROM sp_pairs WHERE s = ?", [s]).fetchall()[0][0]
    assert len(d.cid) == n_pairs > 100                     # every pair read, once
    assert sorted(PAIR_FEATURES) == sorted(PAIR_COLUMNS + CUSTOMER_FEATURES + CATEGORY_FEATURES + GRAPH_FEATURES)
    pairs = _by_key(cur, "sp_pairs", ("cid", "cat"), s)
    graph = _by_key(cur, "sp_graph", ("cid", "cat"), s)
    cust = _by_key(cur, "sp_pair_cust", ("cid",), s)
    cats = _by_key(cur, "sp_pair_cat", ("cat",), s)
    want = np.array([[(pairs[(a, b)] if n in PAIR_COLUMNS else graph[(a, b)] if n in GRAPH_FEATURES
                       else cust[(a,)] if n in CUSTOMER_FEATURES else cats[(b,)])[n] for n in PAIR_FEATURES]
                     for a, b in zip(d.cid.tolist(), d.cat.tolist())], np.float32)
    np.testing.assert_array_equal(d.x, want)
    assert list(zip(d.cid.tolist(), d.cat.tolist())) == sorted(pairs)
    label = [pairs[(a, b)]["label"] for a, b in zip(d.cid.tolist(), d.cat.tolist())]
    if d.y is None:
        assert s == 0 and all(np.ma.is_masked(v) for v in label)
    else:
        assert d.y.tolist() == [bool(v) for v in label]


def test_ranges_and_thinned_reads_are_parts_of_the_whole_read(cur):
    s = 4
    whole = load_cut(cur, s)
    chunks = customer_chunks(cur, s, 200)
    assert len(chunks) > 2
    parts = [load_cut(cur, s, lo=lo, hi=hi) for lo, hi in chunks]
    np.testing.assert_array_equal(np.concatenate([p.x for p in parts]), whole.x)
    np.testing.assert_array_equal(np.concatenate([p.cid for p in parts]), whole.cid)
    thin = load_cut(cur, s, neg_rate=0.3, seed=1, hi=int(whole.cid[len(whole.cid) // 2]))
    assert 0 < len(thin.cid) < len(whole.cid) // 2
    at = {(a, b): i for i, (a, b) in enumerate(zip(whole.cid.tolist(), whole.cat.tolist()))}
    rows = [at[(a, b)] for a, b in zip(thin.cid.tolist(), thin.cat.tolist())]
    np.testing.assert_array_equal(thin.x, whole.x[rows])
    assert thin.y.any() and not thin.y.all()
    np.testing.assert_array_equal(thin.w, np.where(thin.y, 1.0, 1 / 0.3))


@pytest.mark.parametrize("s", GRID)
def test_a_read_from_duckdbs_arrow_batches_is_the_read_converted_through_duckdb(cur, s, monkeypatch):
    """Pairs read straight from the Arrow batches (blocks of rows filled) are the pairs DuckDB's own conversion
    gives: every array with its dtype, the label NULL where it is (the as-of cut's), thinned reads too."""
    from engine.models.migration import cut_reads
    from engine.store.matrix_fetch import fetch_columns

    reads = [dict(), dict(neg_rate=0.3, seed=1), dict(lo=40, hi=400)]
    got = [load_cut(cur, s, **r) for r in reads]
    monkeypatch.setattr(cut_reads, "_FILL_ROWS", 10**9)
    monkeypatch.setattr(cut_reads, "_pair_columns", fetch_columns)
    want = [load_cut(cur, s, **r) for r in reads]
    for a, b in zip(got, want):
        assert len(a.cid) > 0
        for name in ("cid", "cat", "x", "y", "w"):
            u, v = getattr(a, name), getattr(b, name)
            assert (u is None) == (v is None), name
            if u is not None:
                assert u.dtype == v.dtype, name
                np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize("where", ["", "WHERE i % 7 = 3", "WHERE i < 0"])
@pytest.mark.parametrize("null_at", [None, "label", "f"])
def test_columns_taken_from_each_batch_are_duckdbs_conversion(monkeypatch, where, null_at):
    """Columns joined from many small batches (a NULL label; a NULL elsewhere in a late batch, then read through
    DuckDB's conversion; no row at all) are ``fetchnumpy``'s: names in order, dtypes, values, masks."""
    import duckdb

    from engine.models.migration import cut_reads
    from engine.store.matrix_fetch import fetch_columns

    monkeypatch.setattr(cut_reads, "COLUMN_CELLS", 40)      # batches of 10 rows
    label = "CASE WHEN i % 5 = 0 THEN NULL ELSE i % 3 = 0 END" if null_at == "label" else "i % 3 = 0"
    f = "CASE WHEN i = 87 THEN NULL ELSE i / 4 END" if null_at == "f" else "i / 4"
    sql = (f"SELECT i AS cid, i % 11 AS cat, {label} AS label, ({f})::FLOAT AS f "
           f"FROM range(100) t(i) {where} ORDER BY i")
    with duckdb.connect() as con:
        got = cut_reads._pair_columns(con, sql, [])
        want = fetch_columns(con, sql, [])
    assert list(got) == list(want)
    for name in want:
        assert got[name].dtype == want[name].dtype, name
        assert np.ma.isMaskedArray(got[name]) == np.ma.isMaskedArray(want[name]), name
        np.testing.assert_array_equal(np.ma.getmaskarray(got[name]), np.ma.getmaskarray(want[name]))
        np.testing.assert_array_equal(np.ma.filled(got[name], 0), np.ma.filled(want[name], 0))

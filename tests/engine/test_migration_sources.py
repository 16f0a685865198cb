"""Each pair's best recent source (reasons) over only the customer's recent categories is the one the dense
customers x every-source x every-target search found: same source, lift and units, ties to the lowest source."""

from __future__ import annotations

import duckdb
import numpy as np

from engine.models.migration.cut_reads import CutData
from engine.models.migration.pair_scoring import best_sources


def _dense(d: CutData, rec: dict, lift: np.ndarray, k: int):
    """The search before it (64 customers x every source x every target at a time)."""
    users, ui = np.unique(d.cid, return_inverse=True)
    src = np.full(len(d.cid), -1, np.int32)
    val = np.full(len(d.cid), np.nan)
    units = np.full(len(d.cid), np.nan)
    R = np.zeros((len(users), k), np.float32)
    R[np.searchsorted(users, rec["cid"]), rec["cat"]] = rec["units_recent"]
    has = R > 0
    l3 = np.where(has[:, :, None], lift[None, :, :], -np.inf)
    best = l3.argmax(axis=1)
    bval = np.take_along_axis(l3, best[:, None, :], axis=1)[:, 0, :]
    anyhas = has.any(axis=1)[ui]
    src[:] = np.where(anyhas, best[ui, d.cat], -1)
    val[:] = np.where(anyhas, bval[ui, d.cat], np.nan)
    units[:] = np.where(anyhas, R[ui, best[ui, d.cat]], np.nan)
    return src, val, units


def test_best_sources_over_recent_categories_only_match_the_dense_search():
    rng = np.random.default_rng(5)
    k, customers = 40, 300
    lift = np.round(rng.lognormal(size=(k, k)), 1)        # rounded: many tied lifts
    grid = rng.random((customers, k)) < 0.4
    cid, cat = np.nonzero(grid)
    d = CutData(0, cid.astype(np.int64), cat.astype(np.int64), np.zeros((len(cid), 1), np.float32), None)
    recent = rng.random((customers, k)) < np.linspace(0, 0.3, customers)[:, None]   # some customers have none
    rc_u, rc_c = np.nonzero(recent)
    rec = {"cid": rc_u.astype(np.int32), "cat": rc_c.astype(np.int32),
           "units_recent": rng.integers(1, 5, len(rc_u)).astype(np.float64)}
    con = duckdb.connect()
    con.execute("CREATE TABLE sp_hist AS SELECT 0 AS s, cid, cat, units_recent, 1 AS weeks_recent "
                "FROM (SELECT unnest(?) AS cid, unnest(?) AS cat, unnest(?) AS units_recent)",
                [rec["cid"].tolist(), rec["cat"].tolist(), rec["units_recent"].tolist()])
    got = best_sources(con, 0, d.cid, d.cat, lift, k)
    want = _dense(d, {n: np.asarray(v) for n, v in rec.items()}, lift, k)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_array_equal(g, w)
    assert (got[0] == -1).any() and (got[0] >= 0).any()
    # any subset of the pairs (the writer asks for the kept ones only) gets the same answer pair by pair
    some = rng.random(len(cid)) < 0.1
    part = best_sources(con, 0, d.cid[some], d.cat[some], lift, k)
    for g, w in zip(part, want):
        np.testing.assert_array_equal(g, w[some])

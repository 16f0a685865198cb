"""Reading a cut's candidate pairs from the pair tables: whole, by ranges of customers, thinned.

The pair tables (:mod:`engine.features.shift_pairs`) hold each pair's own features, and each customer's
and category's once per cut; a read gives every pair all of them, in customer then category order.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from engine.features.shift_graph import GRAPH_FEATURES
from engine.features.shift_pairs import CATEGORY_FEATURES, CUSTOMER_FEATURES, thinned
from engine.models.baselines.pair_models import PAIR_FEATURES
from engine.models.migration.params import MigrationParams
from engine.store.matrix_fetch import COLUMN_CELLS, fetch_columns


@dataclass
class CutData:
    """Pairs of one cut (or of a range of its customers) with their features."""
    s: int
    cid: np.ndarray
    cat: np.ndarray
    x: np.ndarray
    y: np.ndarray | None
    w: np.ndarray | None = None



#: the features stored once per customer (category) at a cut, not with each pair (see shift_pairs)
_JOINED = frozenset(CUSTOMER_FEATURES + CATEGORY_FEATURES)


def _where(lo: int, hi: int | None) -> str:
    # constants (not parameters) in the range filter: DuckDB prunes row groups of the sorted tables with them
    return f" AND p.cid >= {int(lo)}" + (f" AND p.cid < {int(hi)}" if hi is not None else "")




#: rows of a read's feature matrix filled at a time (a block of float32 features: about 1 MB, in cache)
_FILL_ROWS = 8192


def _pair_columns(cur: duckdb.DuckDBPyConnection, sql: str, params: list) -> dict[str, np.ndarray]:
    """``fetch_columns(cur, sql, params)`` for the pair read: its columns straight from DuckDB's Arrow batches when
    none but the label has a NULL (numbers as they are, the label NULL where it is; what ``fetchnumpy`` gives),
    else through :func:`fetch_columns`. The batches went back through DuckDB one by one to be converted (long
    10^7: more CPU than the read's query).

    Each batch is taken apart as it comes and each column joined on its own, its pieces dropped once joined: the
    read's batches joined into one Arrow table first held the table beside the arrays (a 200,000-pair chunk: ~30 MB
    more at the process's peak than DuckDB's conversion batch by batch)."""
    relation = cur.sql(sql, params=params)
    reader = relation.to_arrow_reader(max(1, COLUMN_CELLS // max(1, len(relation.columns))))
    names = [n for n in reader.schema.names if n != "label"]
    pieces: dict[str, list[np.ndarray]] = {n: [] for n in names}
    labels: list[pa.Array] = []
    nulls = False
    for batch in reader:
        if not batch.num_rows or nulls:
            continue                     # (a NULL seen: the rest of the read is only drained)
        if any(batch.column(n).null_count for n in names):
            nulls = True
            pieces.clear()
            continue
        for n in names:
            pieces[n].append(batch.column(n).to_numpy(zero_copy_only=False))
        labels.append(batch.column("label"))
    if nulls:
        return fetch_columns(cur, sql, params)
    if not labels:
        empty = reader.schema.empty_table()
        return {n: empty.column(n).to_numpy(zero_copy_only=False) for n in reader.schema.names}
    label = pa.chunked_array(labels, reader.schema.field("label").type)
    label = np.ma.masked_array(pc.fill_null(label, False).to_numpy(zero_copy_only=False),
                               mask=label.is_null().to_numpy(zero_copy_only=False)) \
        if label.null_count else label.to_numpy(zero_copy_only=False)
    return {n: label if n == "label" else np.concatenate(pieces.pop(n)) for n in reader.schema.names}


def load_cut(cur: duckdb.DuckDBPyConnection, s: int, *, neg_rate: float = 1.0, seed: int = 0,
             lo: int = 0, hi: int | None = None) -> CutData:
    """Pairs of customers ``lo <= cid < hi`` at one cut with their features; negatives thinned to
    ``neg_rate`` (weighted back up)."""
    cols = ", ".join(f"{'g' if n in GRAPH_FEATURES else 'p'}.{n}" for n in PAIR_FEATURES if n not in _JOINED)
    rng = _where(lo, hi)
    d = _pair_columns(cur, f"SELECT p.cid, p.cat, p.label, {cols} FROM sp_pairs p JOIN sp_graph g USING (s, cid, cat) "
                           f"WHERE p.s = ? AND g.s = ? {rng}{rng.replace('p.', 'g.')}{thinned(neg_rate, seed)} "
                           f"ORDER BY p.cid, p.cat", [s, s])
    # each pair's customer's and category's features, taken by position from their rows of the range (both sorted
    # by id; every pair's customer and category has one): the same float32 values a join gives, for less CPU than
    # DuckDB's join and its conversion of every pair's copies (wide 10^6: reads 4.2 CPU s as a join, 3.9 here)
    cust = cur.execute(f"SELECT cid, {', '.join(CUSTOMER_FEATURES)} FROM sp_pair_cust c WHERE s = ? "
                       f"{rng.replace('p.', 'c.')} ORDER BY cid", [s]).fetchnumpy()
    cats = cur.execute(f"SELECT cat, {', '.join(CATEGORY_FEATURES)} FROM sp_pair_cat WHERE s = ? ORDER BY cat",
                       [s]).fetchnumpy()
    at_cust, at_cat = np.searchsorted(cust["cid"], d["cid"]), np.searchsorted(cats["cat"], d["cat"])
    if not (np.array_equal(cust["cid"][at_cust], d["cid"]) and np.array_equal(cats["cat"][at_cat], d["cat"])):
        raise RuntimeError(f"cut {s}: a pair whose customer or category has no features")
    d.update({n: cust[n][at_cust] for n in CUSTOMER_FEATURES})
    d.update({n: cats[n][at_cat] for n in CATEGORY_FEATURES})
    x = np.empty((len(d["cid"]), len(PAIR_FEATURES)), np.float32)
    columns = [d.pop(n) for n in PAIR_FEATURES]
    # a block of rows at a time, every column into it: the block stays in cache while its rows are filled (a whole
    # column at a time walked the matrix once per feature, ~30 times per chunk; long 10^7: 7 of the writing's CPU s)
    for a in range(0, len(x), _FILL_ROWS):
        for i, v in enumerate(columns):
            x[a:a + _FILL_ROWS, i] = np.asarray(v[a:a + _FILL_ROWS], np.float32)
    lab = d["label"]
    y = None if np.ma.isMaskedArray(lab) and np.ma.getmaskarray(lab).all() else np.asarray(np.ma.filled(lab, False), bool)
    w = None
    if y is not None and neg_rate < 1.0:
        w = np.where(y, 1.0, 1.0 / neg_rate)
    return CutData(s, np.asarray(d["cid"], np.int64), np.asarray(d["cat"], np.int64), x, y, w)


def customer_bound(cur: duckdb.DuckDBPyConnection, s: int, max_pairs: int, *, neg_rate: float = 1.0,
                   seed: int = 0) -> int | None:
    """The cid below which cut ``s`` has at most ``max_pairs`` pairs (None: the whole cut fits).

    Customer ids are numbered in hash order, so the customers below a bound are a random sample. A cut whose pairs
    are whole only below a bound (build_pairs' ``whole_pairs``) is counted there when read whole: it has more pairs
    than that bound's, and past it they are thinned."""
    whole = cur.execute("SELECT whole_below, whole_pairs FROM sp_thin WHERE s = ?", [s]).fetchall()
    below = ""
    if whole and neg_rate >= 1.0:
        if not whole[0][0] or max_pairs > (whole[0][1] or 0):
            raise RuntimeError(f"cut {s}: its pairs are whole only for its first {whole[0][1] or 0} pairs' customers, "
                               f"a read asks for {max_pairs} pairs")
        below = f" AND p.cid < {int(whole[0][0])}"
    total, bound = cur.execute(
        "SELECT sum(n), max(cid) FILTER (WHERE c <= ?) + 1 FROM ("
        "  SELECT cid, n, sum(n) OVER (ORDER BY cid) AS c FROM ("
        f"    SELECT p.cid, count(*) AS n FROM sp_pairs p WHERE p.s = ? {below}{thinned(neg_rate, seed)} "
        "GROUP BY p.cid))", [int(max_pairs), s]).fetchall()[0]
    if total is None or (total <= max_pairs and not below):
        return None
    return int(bound or 1)


def pairs_read(p: MigrationParams) -> int:
    """Pairs of an earlier (not scored) cut worth building: its readers take the lowest customer ids up to
    ``max_eval_pairs`` pairs, or up to ``max_train_pairs`` negatives thinned to ``negative_rate`` (kept
    positives only fill that cap sooner). A quarter more than the latter is ~70 standard deviations of the
    hashed thinning's count at the defaults (2.5M pairs for a cap of 100k)."""
    return int(max(p.max_eval_pairs, 1.25 * p.max_train_pairs / max(p.negative_rate, 1e-6)))


def check_sample(cur: duckdb.DuckDBPyConnection, s: int, bound: int | None, *, neg_rate: float = 1.0,
                 seed: int = 0) -> None:
    """A read of cut ``s`` up to ``bound``, thinned to ``neg_rate``, gets what it asks for: a reader that wants a whole
    sampled cut, or more pairs than a thinned cut kept (build_pairs' ``thin``), would silently read fewer."""
    if bound is None and cur.execute("SELECT count(*) FROM sp_keep WHERE s = ?", [s]).fetchall()[0][0]:
        raise RuntimeError(f"cut {s}: its pairs were sampled below what a reader asks for (see pairs_read)")
    kept = cur.execute("SELECT whole_below, neg_rate, seed FROM sp_thin WHERE s = ?", [s]).fetchall()
    if not kept:
        return
    below, rate, kept_seed = kept[0]
    if neg_rate >= 1.0 and (bound is None or bound > below):
        raise RuntimeError(f"cut {s}: its pairs are whole below customer {below} only, a read asks for "
                           f"{'every one' if bound is None else f'those below {bound}'}")
    if neg_rate < 1.0 and (rate, kept_seed) != (float(neg_rate), int(seed)):
        raise RuntimeError(f"cut {s}: past customer {below} only its pairs thinned to {rate} (seed {kept_seed}) "
                           f"were built, a read asks for {neg_rate} (seed {seed})")


def customer_chunks(cur: duckdb.DuckDBPyConnection, s: int, chunk_pairs: int,
                    hi: int | None = None) -> list[tuple[int, int]]:
    """Ranges of customer ids of cut ``s`` (below ``hi``) of about ``chunk_pairs`` pairs each (one
    customer's pairs never split: a customer's candidates are ranked together)."""
    rows = cur.execute(
        "SELECT min(cid), max(cid) + 1 FROM ("
        "  SELECT cid, (sum(n) OVER (ORDER BY cid) - n) // ? AS chunk FROM ("
        f"    SELECT p.cid, count(*) AS n FROM sp_pairs p WHERE p.s = ? {_where(0, hi)} GROUP BY p.cid)) "
        "GROUP BY chunk ORDER BY 1", [max(1, int(chunk_pairs)), s]).fetchall()
    return [(int(a), int(b)) for a, b in rows]

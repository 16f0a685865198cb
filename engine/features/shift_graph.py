"""Scores that need the whole customer x category matrix at a cut: category transitions (Markov),
user-kNN collaborative filtering, co-purchase lift, and the categories' past shift rates.

Built per cut as matrix products (no loop over rows), a chunk of customers at a time: no array of
every customer x category is ever held, so memory is bounded at a million customers (the K x K
counts and a fixed reference sample of customers are all that spans chunks). Nothing uses a label
it could not have seen: transitions and shift rates at cut ``s`` are counted only on cuts whose
label weeks end by ``s`` (cuts ``>= s + H``), so a feature never contains its own row's outcome.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Iterator

import duckdb
import numpy as np
import pyarrow as pa

from engine.features.shift_pairs import REFERENCE_CUSTOMERS
from engine.features.unique_rows import unique_rows
from engine.store.connection import current_limits
from engine.store.scratch import scratch
from engine.work_ahead import worked_ahead

#: Scores added to every pair, in column order.
GRAPH_FEATURES = ("markov", "knn", "knn_ever", "copurchase", "k_shift_rate", "k_last_rate")

#: Dense cells (customers x categories) of one chunk's arrays. A chunk's candidate pairs are about as
#: many (a customer is a candidate for nearly every category), and each pair carries a dozen columns
#: here: at 3M cells the stage peaked at 1,937 MB at long 10^7, the run's highest step.
_CHUNK_CELLS = 1_000_000
#: Bytes of one block of the neighbour search (issue #13: 2,048 rows against 5,000 reference customers
#: held ~250 MB, next to DuckDB's cap and the chunk's arrays)
KNN_BLOCK_BYTES = 48 * 1000**2
#: Rows of ``sp_graph`` written by one statement, not a chunk's (the table is in a database file: each statement's
#: rows are compressed and written on their own; 4.8M rows of its 9 columns took 1.29 CPU s 30k rows a statement,
#: 0.78 s 240k, 0.76 s 1M). 1M rows of 9 columns are 36 MB
_INSERT_ROWS = 1_000_000
#: Fewest rows of a block of the neighbour search split in two (:func:`search_step`): a thread's start costs more than
#: a smaller block's products and partial sort
SPLIT_ROWS = 128
#: Bytes of neighbour scores a cut's :class:`SearchMemo` remembers
MEMO_BYTES = 128 * 1000**2


@dataclass
class _Counts:
    pos: np.ndarray     # [K+1, K] shifters into t among candidates who bought s lately (row K: nothing lately)
    n: np.ndarray       # [K+1, K] candidates


def _dense(rows: np.ndarray, cols: np.ndarray, vals, shape) -> np.ndarray:
    """A dense array of the cells ``(rows, cols)``, zeros elsewhere. Every caller's cells are distinct (a
    table's key: one row per cut, customer and category), so they are set, not summed (``np.add.at`` gave the
    same arrays at several times the CPU)."""
    out = np.zeros(shape, np.float32)
    out[rows, cols] = vals
    return out


def _labels(label) -> tuple[np.ndarray, np.ndarray]:
    """(known, positive) of a fetched label column (NULL = beyond the as-of date)."""
    if label.dtype == object:
        known = np.asarray([v is not None for v in label])
    else:
        known = ~np.ma.getmaskarray(label)
    y = np.asarray(np.ma.filled(label, False) if np.ma.isMaskedArray(label) else label)
    y = np.where(known, y == True, False)  # noqa: E712 (object arrays hold None)
    return known, y.astype(bool)


def build_graph_scores(cur: duckdb.DuckDBPyConnection, shifts: list[int], k: int, *, horizon: int,
                       neighbours: int = 30, max_reference: int = REFERENCE_CUSTOMERS, smoothing: float = 20.0,
                       cancel=None, chunk_customers: int | None = None) -> dict[int, np.ndarray]:
    """Creates ``sp_graph(s, cid, cat, markov, knn, copurchase, k_shift_rate, k_last_rate)``; returns the latest
    cut's transition lift P(t | bought s lately) / P(t) ``[K, K]`` (for the reasons), keyed by the cut.

    A cut's transitions are counted on the cuts whose labels end by it: their counts are summed as they qualify
    (oldest first), and only the cuts not yet summed are kept. Every cut's ``[K+1, K]`` counts and ``[K, K]`` lifts,
    kept to the end, held 4.3 GB at 2,757 categories (the dev file's split ten ways, 13 cuts): they grew with the
    cuts and the square of the categories."""
    latest = min(shifts, default=0)
    lifts: dict[int, np.ndarray] = {}
    waiting: dict[int, _Counts] = {}     # counted cuts whose labels end after the cut being scored
    pos_sum, n_sum = np.zeros((k + 1, k)), np.zeros((k + 1, k))
    last: _Counts | None = None          # the latest of the cuts summed
    chunk = chunk_customers or max(256, _CHUNK_CELLS // max(k, 1))
    # beside the pairs, in the scratch database: pages DuckDB can drop from memory for the fits
    cur.execute(f"CREATE OR REPLACE TABLE {scratch(cur)}.sp_graph (s INTEGER, cid INTEGER, cat INTEGER, markov FLOAT, "
                "knn FLOAT, knn_ever FLOAT, copurchase FLOAT, k_shift_rate FLOAT, k_last_rate FLOAT)")
    for s in sorted(set(shifts), reverse=True):          # oldest first: later cuts use their counts
        if cancel is not None:
            cancel.raise_if_cancelled()
        # an earlier cut's candidates may be a sample of the lowest ids: its scores and counts stop where they do.
        # Its candidates are its eligible customers (sp_pair_cust) by its eligible categories (sp_pair_cat) less
        # what each bought lately; a thinned cut keeps only some of them as pairs (build_pairs' ``thin``)
        n_elig, top_elig = cur.execute("SELECT count(*), coalesce(max(cid), -1) + 1 FROM sp_pair_cust WHERE s = ?",
                                       [s]).fetchall()[0]
        eligible = np.zeros(k, np.float32)
        eligible[np.asarray(cur.execute("SELECT cat FROM sp_pair_cat WHERE s = ?", [s]).fetchnumpy()["cat"],
                            np.int64)] = 1.0
        if not n_elig or not eligible.any():
            continue
        # the cut's customers (eligible or with a purchase), in id order: their count, the range of the co-purchase
        # counts and the kNN reference sample (the lowest hashed ids), from one statement, not two. Every
        # customer's purchases (sp_bought), not the history: an older cut's history is its sample's
        ids = np.asarray(cur.execute(
            "SELECT cid FROM (SELECT cid FROM sp_pair_cust WHERE s = ? UNION SELECT cid FROM sp_bought "
            "WHERE s = ?) ORDER BY cid", [s, s]).fetchnumpy()["cid"], np.int64)
        n_cust, top = len(ids), int(ids[-1]) + 1 if len(ids) else 0

        for c in sorted((c for c in waiting if c >= s + horizon), reverse=True):
            last = waiting.pop(c)
            pos_sum += last.pos
            n_sum += last.n
        base = (pos_sum.sum(axis=0) + 1e-3) / (n_sum.sum(axis=0) + 1.0)
        # in place: each [K+1, K] temporary is 60 MB at 2,757 categories
        trans = n_sum + smoothing
        np.divide(pos_sum + smoothing * base, trans, out=trans)
        if s == latest:
            lifts[s] = trans[:k] / base[None, :]
        if last is not None:
            last_rate = (last.pos.sum(axis=0, dtype=np.float64) + base) / (last.n.sum(axis=0, dtype=np.float64) + 1.0)
        else:
            last_rate = base

        # what spans chunks: the co-purchase counts and the kNN reference sample (the lowest hashed ids)
        co = np.zeros((k, k), np.float64)
        for lo in range(0, top, chunk):
            h = cur.execute("SELECT cid, cat FROM sp_bought WHERE s = ? AND cid >= ? AND cid < ?",
                            [s, lo, lo + chunk]).fetchnumpy()
            B = _dense(np.asarray(h["cid"], np.int64) - lo, np.asarray(h["cat"], np.int64), 1.0, (chunk, k))
            # counts of 0/1 cells: whole numbers below 2^24, exact in float32 (half a float64 product's CPU)
            co += B.T @ B
        lift = _lift(co, n_cust)
        ref = ids[:max_reference].copy()
        del ids
        kept = cur.execute("SELECT history FROM sp_keep WHERE s = ?", [s]).fetchall()
        if kept and len(ref) and ref[-1] >= kept[0][0]:
            raise ValueError(f"cut {s}'s history stops at customer {kept[0][0]}, before its {len(ref)} reference "
                             "customers: build_pairs keeps fewer than the kNN reference (keep_customers)")
        h = _hist(cur, s, 0, int(ref[-1]) + 1 if len(ref) else 0)
        ri = np.searchsorted(ref, h["cid"])
        A_ref = _dense(ri, h["cat"], np.log1p(h["weeks_all"]), (len(ref), k))
        R_ref = _dense(ri, h["cat"], (h["weeks_recent"] > 0).astype(np.float32), (len(ref), k))
        X_ref = A_ref / np.maximum(np.linalg.norm(A_ref, axis=1, keepdims=True), 1e-9)

        memo = SearchMemo()
        pending: list[pa.Table] = []
        # the cut's counts: whole numbers, each at most its customers, exact in float32 below 2^24 (half the memory
        # of float64 for the cuts kept until they are summed)
        counted_as = np.float32 if n_cust < 2 ** 24 else np.float64
        pos_s = np.zeros((k + 1, k), counted_as)
        n_s = np.zeros((k + 1, k), counted_as)
        labelled = False

        def reads(s=s, top=top_elig) -> Iterator[tuple[dict, dict, np.ndarray | None]]:
            for lo in range(0, top, chunk):
                pairs = cur.execute("SELECT cid, cat, label FROM sp_pairs WHERE s = ? AND cid >= ? AND cid < ?",
                                    [s, lo, lo + chunk]).fetchnumpy()
                # a labelled cut's transitions count every candidate, kept as a pair or not
                who = None if s < horizon else np.asarray(cur.execute(
                    "SELECT cid FROM sp_pair_cust WHERE s = ? AND cid >= ? AND cid < ? ORDER BY cid",
                    [s, lo, lo + chunk]).fetchnumpy()["cid"], np.int64)
                if len(pairs["cid"]) or (who is not None and len(who)):
                    yield pairs, _hist(cur, s, lo, lo + chunk), who

        threads = current_limits().config()["threads"]
        # the neighbour search's blocks split over two threads as well: the worker's search was the stage's bound
        # (~5.7 of its 12.3 s at wide 10^7, session 59) while the reads and writes left this thread idle
        score = partial(_chunk_scores, s=s, k=k, trans=trans, lift=lift, base=base, last_rate=last_rate,
                        ref=(X_ref, R_ref, A_ref > 0, ref), neighbours=neighbours, memo=memo, eligible=eligible,
                        threads=threads)
        # a chunk's scores (numpy) on a thread of their own while this one reads the next chunk and writes the
        # last one's rows (DuckDB): the stage ran on one core. Chunks are scored one at a time, in order
        for table, counted in worked_ahead(score, reads(), threads, name="graph-scores"):
            pending.append(table)
            if sum(len(t) for t in pending) >= _INSERT_ROWS:
                _insert(cur, pending)
            if counted is not None and counted[1].any():
                labelled = True
                pos_s += counted[0]
                n_s += counted[1]
        _insert(cur, pending)
        if labelled:
            waiting[s] = _Counts(pos=pos_s, n=n_s)
    return lifts


def _chunk_scores(item: tuple[dict, dict, np.ndarray | None], *, s: int, k: int, trans: np.ndarray,
                  lift: np.ndarray, base: np.ndarray, last_rate: np.ndarray, ref: tuple, neighbours: int,
                  memo: "SearchMemo", eligible: np.ndarray,
                  threads: int = 1) -> tuple[pa.Table, tuple[np.ndarray, np.ndarray] | None]:
    """One chunk's ``sp_graph`` rows and its transition counts (None: an unlabelled cut), from its pairs, its
    customers' history and, at a labelled cut, its eligible customers (``eligible``: the cut's eligible categories);
    numpy alone (no cursor), so it can run beside the reads and writes."""
    pairs, h, candidates = item
    pid = np.asarray(pairs["cid"], np.int64)
    pc = np.asarray(pairs["cat"], np.int64)
    # only the chunk's customers with pairs get rows (scores are row-wise: the others change nothing)
    who = _distinct(pid)
    R = _recent(h, who, k)
    pi = np.searchsorted(who, pid)
    src = _sources(R)
    markov = (src @ trans) / src.sum(axis=1, keepdims=True)
    X_ref, R_ref, E_ref, ref_ids = ref
    keep = np.isin(h["cid"], who)
    A = _dense(np.searchsorted(who, h["cid"][keep]), h["cat"][keep], np.log1p(h["weeks_all"][keep]), (len(who), k))
    knn, knn_ever = _knn_rows(A, who, X_ref, R_ref, E_ref, ref_ids, neighbours, memo=memo, threads=threads)
    copurchase = _copurchase_rows(A > 0, lift)
    table = pa.table({
        "s": pa.array(np.full(len(pi), s, np.int32)), "cid": pa.array(pid.astype(np.int32)),
        "cat": pa.array(pc.astype(np.int32)), "markov": pa.array(markov[pi, pc].astype(np.float32)),
        "knn": pa.array(knn[pi, pc].astype(np.float32)),
        "knn_ever": pa.array(knn_ever[pi, pc].astype(np.float32)),
        "copurchase": pa.array(copurchase[pi, pc].astype(np.float32)),
        "k_shift_rate": pa.array(base[pc].astype(np.float32)),
        "k_last_rate": pa.array(last_rate[pc].astype(np.float32))})
    if candidates is None:
        return table, None
    # every candidate of the chunk's eligible customers (an eligible category not bought lately), and those who
    # shifted (every one of them is a pair: a thinned cut keeps each pair that shifted)
    Rc = _recent(h, candidates, k)
    cand = eligible[None, :] * (1.0 - Rc)
    _, y = _labels(pairs["label"])
    hit = _dense(np.searchsorted(candidates, pid[y]), pc[y], 1.0, (len(candidates), k))
    # 0/1 cells again: float32 products are exact counts (see the co-purchase counts), summed into float64 by the
    # caller (a chunk's two [K+1, K] counts in float64 were 240 MB in flight at 2,757 categories)
    srcT = np.ascontiguousarray(_sources(Rc).T)
    return table, (srcT @ hit, srcT @ cand)


def _recent(h: dict[str, np.ndarray], who: np.ndarray, k: int) -> np.ndarray:
    """``[len(who), k]``: 1 where the customer (sorted ids ``who``) bought the category in the lookback weeks."""
    keep = np.isin(h["cid"], who)
    return _dense(np.searchsorted(who, h["cid"][keep]), h["cat"][keep],
                  (h["weeks_recent"][keep] > 0).astype(np.float32), (len(who), k))


def _sources(R: np.ndarray) -> np.ndarray:
    """``[b, K+1]``: the categories each customer bought lately, and a last column for those who bought none."""
    return np.concatenate([R, (R.sum(axis=1, keepdims=True) == 0).astype(np.float32)], axis=1)


def _insert(cur: duckdb.DuckDBPyConnection, pending: list[pa.Table]) -> None:
    """Append the chunks' rows to ``sp_graph`` in their order, in one statement (empties ``pending``)."""
    if not pending:
        return
    cur.register("sp_graph_chunk", pa.concat_tables(pending))
    cur.execute("INSERT INTO sp_graph SELECT * FROM sp_graph_chunk")
    cur.unregister("sp_graph_chunk")
    pending.clear()


def _distinct(cid: np.ndarray) -> np.ndarray:
    """The sorted distinct ids of ``cid``; the pairs come in id order as stored, which needs no sort."""
    if len(cid) and (cid[1:] >= cid[:-1]).all():
        return cid[np.concatenate(([True], cid[1:] != cid[:-1]))]
    return np.unique(cid)


def _hist(cur: duckdb.DuckDBPyConnection, s: int, lo: int, hi: int) -> dict[str, np.ndarray]:
    """The sparse history of customers ``lo <= cid < hi`` at cut ``s`` (``row`` = cid - lo)."""
    h = cur.execute("SELECT cid, cat, weeks_all, weeks_recent FROM sp_hist WHERE s = ? AND weeks_all > 0 "
                    "AND cid >= ? AND cid < ?", [s, lo, hi]).fetchnumpy()
    cid = np.asarray(h["cid"], np.int64)
    return {"cid": cid, "row": cid - lo, "cat": np.asarray(h["cat"], np.int64),
            "weeks_all": np.asarray(h["weeks_all"], np.float32), "weeks_recent": np.asarray(h["weeks_recent"])}


def _knn(A: np.ndarray, R: np.ndarray, ids: np.ndarray, neighbours: int, max_reference: int,
         ) -> tuple[np.ndarray, np.ndarray]:
    """Similarity-weighted share of each customer's nearest neighbours who bought the category lately,
    and who ever bought it (a taste the neighbours share even when none bought it in the last weeks).

    Neighbours come from a fixed reference sample (customer ids are hashed, so the first
    ``max_reference`` are random), which keeps a large shop's cost linear in its customers."""
    ref = np.arange(min(len(ids), max_reference))
    Ar = A[ref]
    Xr = Ar / np.maximum(np.linalg.norm(Ar, axis=1, keepdims=True), 1e-9)
    return _knn_rows(A, np.asarray(ids), Xr, R[ref], Ar > 0, np.asarray(ids)[ref], neighbours)


def knn_block_rows(n_ref: int, neighbours: int, k: int, budget: int | None = None) -> int:
    """Rows of one block of the neighbour search within ``budget`` bytes (default :data:`KNN_BLOCK_BYTES`).

    Per row the block holds its similarities to every reference customer (float32), argpartition's
    index of them (int64), and the neighbours' recent and ever rows (``neighbours x k`` float32 each)."""
    per_row = 12 * max(n_ref, 1) + 8 * max(neighbours, 1) * max(k, 1) + 16 * max(neighbours, 1)
    return max(16, int((budget or KNN_BLOCK_BYTES) // per_row))


def _knn_rows(A: np.ndarray, ids: np.ndarray, Xr: np.ndarray, Rr: np.ndarray, Er: np.ndarray,
              ref_ids: np.ndarray, neighbours: int, block: int | None = None,
              memo: "SearchMemo | None" = None, threads: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """kNN scores of the rows of ``A`` (customer ids ``ids``) against the reference sample.

    Customers outside the reference sample with the same history have the same neighbours, so each
    distinct history is searched once (wide 10^6: 48.5k buyers, 7.3k distinct histories); a reference
    customer is searched on its own (it is not its own neighbour). The search runs ``block`` rows at a time
    (default: :func:`knn_block_rows`); rows are independent, so neither changes a score. With ``memo`` (one per
    cut and reference sample) a history searched in an earlier call is not searched again. ``threads``: see
    :func:`_knn_search`."""
    out, ever = np.zeros_like(A), np.zeros_like(A)
    m = min(neighbours, len(ref_ids) - 1)
    if m < 1 or not len(A):
        return out, ever
    ids = np.asarray(ids)
    at = np.searchsorted(ref_ids, ids)
    self_hit = (at < len(ref_ids)) & (ref_ids[np.minimum(at, len(ref_ids) - 1)] == ids)
    Er = Er.astype(np.float32)
    step = block or knn_block_rows(len(ref_ids), m, A.shape[1])
    hit = np.flatnonzero(self_hit)
    if len(hit):
        out[hit], ever[hit] = _knn_search(A[hit], at[hit], Xr, Rr, Er, m, step, threads)
    rest = np.flatnonzero(~self_hit)
    if len(rest):
        uniq, inv = unique_rows(A[rest])
        search = lambda rows: _knn_search(rows, None, Xr, Rr, Er, m, step, threads)  # noqa: E731
        o, e = search(uniq) if memo is None else memo.search(uniq, search)
        out[rest], ever[rest] = o[inv], e[inv]
    return out, ever


class SearchMemo:
    """The neighbour scores of the histories already searched at one cut (outside the reference sample), so each
    distinct history is searched once per cut, not once per chunk of customers: a row's scores depend on its
    history alone (its similarities, its neighbours and their rows), so a remembered row is the one a search
    gives. At wide 10^7 (30 categories, a few bought each) the same few histories recur in every chunk.

    Only for one cut's reference sample (its rows, recent and ever arrays): a new cut needs a new memo.

    It remembers at most ``max_bytes`` of scores (:data:`MEMO_BYTES`); histories met once it is full are searched
    each time. Each remembered history holds two rows of every category: unbounded, a shop of 100k customers and
    2,000 categories would keep 1.6 GB of them for a cut."""

    def __init__(self, max_bytes: int | None = None) -> None:
        self.index: dict[bytes, int] = {}
        self.out: np.ndarray | None = None
        self.ever: np.ndarray | None = None
        self.max_bytes = MEMO_BYTES if max_bytes is None else max_bytes

    def search(self, rows: np.ndarray, search) -> tuple[np.ndarray, np.ndarray]:
        """``search(rows)`` (scores and ever-scores of distinct ``rows``), calling it on the rows not seen before."""
        rows = np.ascontiguousarray(rows, np.float32)
        keys = [r.tobytes() for r in rows]
        at = np.fromiter((self.index.get(key, -1) for key in keys), np.int64, len(keys))
        new = np.flatnonzero(at < 0)
        if not len(new):
            return self.out[at], self.ever[at]
        o, e = search(rows[new])
        held = 0 if self.out is None else len(self.out)
        room = max(0, self.max_bytes // max(1, 2 * o[:1].nbytes) - held) if len(o) else 0
        kept = min(room, len(new))
        for j, i in enumerate(new[:kept].tolist()):
            self.index[keys[i]] = held + j
        if kept:
            self.out = o[:kept].copy() if self.out is None else np.concatenate([self.out, o[:kept]])
            self.ever = e[:kept].copy() if self.ever is None else np.concatenate([self.ever, e[:kept]])
        out = np.empty((len(rows), o.shape[1]), o.dtype)
        ever = np.empty_like(out)
        out[new], ever[new] = o, e
        old = np.flatnonzero(at >= 0)
        if len(old):
            out[old], ever[old] = self.out[at[old]], self.ever[at[old]]
        return out, ever


def search_step(rows: int, step: int) -> int:
    """Rows of each block of a search of ``rows`` rows at most ``step`` a block: an even number of blocks of about
    equal rows, so that its two halves (:func:`_knn_search`) are as long; one block under :data:`SPLIT_ROWS` rows.
    Whatever the threads, so a row's block, and its numbers, are the same on one thread or two. At wide 10^7 most
    searches (the distinct histories a memo has not met) were one block of a few hundred rows, searched on one
    thread: 2.35 of the stage's 4.74 s of searches."""
    if rows < 2 * SPLIT_ROWS:
        return max(1, min(step, rows))
    blocks = -(-rows // step)
    blocks += blocks % 2
    return -(-rows // blocks)


def _knn_search(A: np.ndarray, self_at: np.ndarray | None, Xr: np.ndarray, Rr: np.ndarray, Er: np.ndarray,
                m: int, step: int, threads: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The neighbour search of rows ``A``, ``step`` rows at a time; ``self_at``: each row's own place in the
    reference sample (excluded from its neighbours), or None for rows outside it. With ``threads`` > 1 the later
    half of the blocks is searched on a thread of its own (the products and the partial sorts let the interpreter
    lock go): the same blocks, so the same numbers to the last bit, and two blocks' memory at once."""
    X = A / np.maximum(np.linalg.norm(A, axis=1, keepdims=True), 1e-9)
    out, ever = np.zeros_like(A), np.zeros_like(A)
    step = search_step(len(X), step)

    def search(starts: range) -> None:
        for lo in starts:
            sim = X[lo:lo + step] @ Xr.T                                     # [b, n_ref]
            if self_at is not None:
                sim[np.arange(len(sim)), self_at[lo:lo + step]] = -1.0      # a customer is not their own neighbour
            np.negative(sim, out=sim)                # the largest first, without a second [b, n_ref] array
            top = np.argpartition(sim, m - 1, axis=1)[:, :m]
            w = np.maximum(-np.take_along_axis(sim, top, axis=1), 0.0)       # [b, m]
            del sim
            total = np.maximum(w.sum(axis=1, keepdims=True), 1e-9)
            out[lo:lo + step] = np.einsum("bm,bmk->bk", w, Rr[top]) / total
            ever[lo:lo + step] = np.einsum("bm,bmk->bk", w, Er[top]) / total

    blocks = range(0, len(X), step)
    if threads <= 1 or len(blocks) < 2:
        search(blocks)
        return out, ever
    half = (len(blocks) + 1) // 2
    with ThreadPoolExecutor(1, thread_name_prefix="knn-search") as pool:
        later = pool.submit(search, blocks[half:])
        try:
            search(blocks[:half])
        finally:
            later.result()
    return out, ever


def _lift(co: np.ndarray, n: int) -> np.ndarray:
    """Log lift of every category pair from the co-purchase counts of ``n`` customers."""
    nk = np.diag(co).copy()
    # in place, the same operations: four [K, K] temporaries were 240 MB at 2,757 categories
    expected = np.outer(nk, nk)
    expected /= max(n, 1)
    expected += 1.0
    ratio = co + 1.0
    ratio /= expected
    del expected
    lift = np.log(ratio, out=ratio).astype(np.float32)
    np.fill_diagonal(lift, 0.0)
    return lift


def _copurchase_rows(B: np.ndarray, lift: np.ndarray) -> np.ndarray:
    B = B.astype(np.float32)
    return (B @ lift) / np.maximum(B.sum(axis=1, keepdims=True), 1.0)


def _copurchase(B: np.ndarray) -> np.ndarray:
    """Mean log lift of the category with the categories the customer ever bought."""
    Bf = B.astype(np.float32)
    return _copurchase_rows(B, _lift(Bf.T.astype(np.float64) @ Bf, len(B)))

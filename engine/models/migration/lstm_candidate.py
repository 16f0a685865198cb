"""The LSTM as one candidate of the pair ladder: trained on the weekly category sequences of the
cuts it is given (labels ending by the evaluation cut), scoring the ladder's candidate pairs.

The sequences model every category by name (``top_k`` defaults above any shop's category count),
so every candidate pair gets the network's own score. A pair whose category is not in the
sequence vocabulary (only possible with a small ``top_k``) falls back to the GBM's margin, and the
run counts those pairs (``lstm_fallback_pairs``).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import numpy as np
import torch
from torch import nn

from engine.features.sequences import SequenceSource, SequenceSpec
from engine.models.baselines.logistic import LogisticBaseline
from engine.models.migration.batches import ChunkReader, take
from engine.models.migration.network import MigrationNet
from engine.models.migration.params import MigrationParams
from engine.models.migration.trainer import build_net, deterministic, predict_logits, warm_start

# the dense weekly cube of one chunk is customers x weeks x (K+1) x 3 floats: keep it near 50 MB. The reader now
# builds samples from the cube's written cells (migration/cell_sums.py), but the chunk is also the networks' scoring
# batch, whose size moves their logits by an ulp: the size is kept
_CUBE_CELLS = 4_000_000


#: Sequence chunks whose pair customers' samples are built together when scoring (at most a chunk's customers in
#: all): at wide 10^7 a 200k-pair chunk has ~330 customers in each sequence chunk it spans, and each built its
#: samples alone (a query, ~56 weeks of running sums on arrays of a few hundred rows, the cut's features), ~1,000
#: times a run; the interpreter's cost per numpy call was most of it. A group reads at most this many chunks' rows
MERGE_RANGES = 4


def range_groups(customers: np.ndarray, size: int, most: int) -> list[list[int]]:
    """The sequence chunks (of ``size`` customers each) holding ``customers`` (sequence ids), in order, grouped:
    consecutive chunks, at most ``most`` chunks apart from the group's first, their customers at most ``size``."""
    cust = np.unique(np.asarray(customers, np.int64))
    chunks, counts = np.unique(cust // size, return_counts=True)
    groups: list[list[int]] = []
    total = 0
    for r, n in zip(chunks.tolist(), counts.tolist()):
        if groups and r - groups[-1][0] < most and total + n <= size:
            groups[-1].append(r)
            total += n
        else:
            groups.append([r])
            total = n
    return groups


@dataclass
class LstmFit:
    cuts: list[int]
    net: MigrationNet
    epochs: int = 0
    seconds: float = 0.0
    stopped: str = "epochs"
    history: list[dict] = field(default_factory=list)


def with_fallback(logit: np.ndarray, have: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """A network's logits (float64) where it has one, ``fallback`` elsewhere."""
    out = np.asarray(fallback, np.float64).copy()
    out[have] = logit[have]
    return out


class LstmSequences:
    """The sequences of every customer as of the anchor date, mapped onto the ladder's pair ids."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, anchor: datetime, grid: list[int], p: MigrationParams) -> None:
        self.p = p
        spec = SequenceSpec(top_k=p.top_k, seq_weeks=p.seq_weeks, history_weeks=p.history_weeks,
                            horizon=p.horizon_weeks, lookback=p.lookback, max_shift=max(grid))
        self.source = SequenceSource(cur, anchor, spec)
        k = max(self.source.k, 1)
        chunk = max(16, min(p.chunk_customers, _CUBE_CELLS // (self.source.weeks * (k + 1))))
        self.reader = ChunkReader(self.source, chunk, p.cache_mb)
        # the ladder's (cid, cat) ids -> the sequences' (cid, idx)
        # as arrays, not rows: a million Python tuples held the interpreter lock ~0.1 s (a stall in the window)
        cust = cur.execute("SELECT p.cid AS a, s.cid AS b FROM sp_cust p JOIN seq_customers s USING (customer_id)"
                           ).fetchnumpy()
        cats = cur.execute("SELECT p.cat AS a, v.idx AS b FROM sp_cat p JOIN seq_vocab v USING (category)").fetchnumpy()
        n_c = int(cur.execute("SELECT coalesce(max(cid), -1) + 1 FROM sp_cust").fetchall()[0][0])
        n_k = int(cur.execute("SELECT coalesce(max(cat), -1) + 1 FROM sp_cat").fetchall()[0][0])
        self.cust = np.full(n_c, -1, np.int64)
        self.cat = np.full(n_k, -1, np.int64)
        self.cust[np.asarray(cust["a"], np.int64)] = np.asarray(cust["b"], np.int64)
        self.cat[np.asarray(cats["a"], np.int64)] = np.asarray(cats["b"], np.int64)
        self.fallback_pairs = 0

    # -- training ------------------------------------------------------------------------
    def fit(self, cuts: list[int], cancel=None) -> LstmFit:
        """A network trained on the labelled samples of these cuts, for a fixed number of epochs
        (no early stopping: every later labelled week is the backtest's) within the time budget."""
        p, reader = self.p, self.reader
        reader.forget_training(tuple(cuts))
        with deterministic(p.n_threads(), p.seed):
            logistic = LogisticBaseline(random_state=p.seed)
            n = 0
            for lo, hi in reader.ranges(p.max_train_customers):
                # a checkpoint a range: the pass reads and fits every training range before the first batch
                if cancel is not None:
                    cancel.raise_if_cancelled()
                s = reader.samples(lo, hi, cuts)
                if s is not None:
                    n += len(s.cid)
                    logistic.partial_fit(s)
            net = build_net(self.source.k, p)
            if n == 0:
                return LstmFit(cuts, net, stopped="no training samples")
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*converge.*")
                logistic.finish(cancel)
            # start where a logistic regression on the per-category features is; training adds the sequence
            warm_start(net, logistic)
            out = LstmFit(cuts, net)
            opt = torch.optim.AdamW(net.parameters(), lr=p.lr, weight_decay=p.weight_decay)
            rng = np.random.default_rng(p.seed)
            ranges = reader.ranges(p.max_train_customers)
            started = time.perf_counter()
            for epoch in range(1, p.epochs + 1):
                net.train()
                loss_sum, loss_n = 0.0, 0.0
                for ci in rng.permutation(len(ranges)):
                    s = reader.samples(*ranges[ci], cuts)
                    if s is None:
                        continue
                    s = take(s, rng.permutation(len(s.cid)))
                    for i in range(0, len(s.cid), p.batch_size):
                        if cancel is not None:
                            cancel.raise_if_cancelled()
                        cand = s.cand[i:i + p.batch_size]
                        mask = torch.from_numpy(np.where(cand, 1.0, p.repeat_weight).astype(np.float32))
                        logits = net(torch.from_numpy(s.seq[i:i + p.batch_size]),
                                     torch.from_numpy(s.feats[i:i + p.batch_size]))
                        label = torch.from_numpy(s.label[i:i + p.batch_size].astype(np.float32))
                        loss = nn.functional.binary_cross_entropy_with_logits(logits, label, reduction="none")
                        loss = (loss * mask).sum() / mask.sum().clamp(min=1.0)
                        opt.zero_grad()
                        loss.backward()
                        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
                        opt.step()
                        loss_sum += loss.item() * float(cand.sum())
                        loss_n += float(cand.sum())
                out.epochs = epoch
                out.history.append({"epoch": epoch, "train_loss": loss_sum / max(loss_n, 1.0)})
                if time.perf_counter() - started > p.time_budget_s:
                    out.stopped = f"time budget ({p.time_budget_s:.0f} s) spent"
                    break
            out.seconds = time.perf_counter() - started
            net.eval()
        return out

    # -- scoring -------------------------------------------------------------------------
    def logits(self, fits: list[LstmFit], s: int, cid: np.ndarray, cat: np.ndarray,
               fallbacks: list[np.ndarray]) -> list[np.ndarray]:
        """Each network's logit of each pair (ladder ids) at cut ``s``; its ``fallbacks`` entry where it has none.

        Several networks scoring the same pairs share each chunk's sequence samples (built once)."""
        outs, have = self.known_logits(fits, s, cid, cat)
        return [with_fallback(out, have, f) for out, f in zip(outs, fallbacks)]

    def known_logits(self, fits: list[LstmFit], s: int, cid: np.ndarray,
                     cat: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
        """:meth:`logits` without the fallbacks (NaN there), and which pairs have a logit: the networks can
        then run beside the model whose margins are the fallback (see :func:`with_fallback`)."""
        p = self.p
        outs = [np.full(len(cid), np.nan) for _ in fits]
        qc = self.cust[cid]
        qk = self.cat[cat]
        have = np.zeros(len(cid), bool)
        size = self.reader.chunk_customers
        ranges = self.reader.ranges()
        known = (qc >= 0) & (qk >= 0)
        # only the customers these pairs are of (the caller scores a chunk of customers at a time, and at a
        # backtest cut a sample of them), a sequence chunk at a time: their samples built, and run through every
        # network, for them alone. Near every sequence chunk holds some of them, so whole chunks scored every
        # customer (wide 10^7: ~1M for ~325k with pairs).
        with deterministic(p.n_threads(), p.seed):
            for group in range_groups(qc[known], size, MERGE_RANGES):
                lo, hi = ranges[group[0]][0], ranges[group[-1]][1]
                chosen = np.unique(qc[known & (qc >= lo) & (qc < hi)])
                smp = self.reader.samples(lo, hi, [s], with_labels=False, customers=chosen)
                if smp is None:
                    continue
                for r in group:
                    # each sequence chunk's customers through the networks on their own, as before the grouping:
                    # a network's logits move by an ulp with its batch's size (see test_migration_lstm_scoring)
                    a, b = np.searchsorted(smp.cid, ranges[r])
                    if a == b:
                        continue
                    part = take(smp, slice(a, b))
                    rows = np.flatnonzero(known & (qc >= ranges[r][0]) & (qc < ranges[r][1]))
                    pos = np.searchsorted(part.cid, qc[rows])
                    ok = (pos < len(part.cid)) & (part.cid[np.minimum(pos, len(part.cid) - 1)] == qc[rows])
                    rows, pos = rows[ok], pos[ok]
                    for fit, out in zip(fits, outs):
                        out[rows] = predict_logits(fit.net, part)[pos, qk[rows]]
                    have[rows] = True
        self.fallback_pairs = max(self.fallback_pairs, int((~have).sum()))
        return outs, have

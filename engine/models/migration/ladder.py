"""The rolling-origin backtest of every shift score, and the fit of the one that ships.

At each evaluation cut ``e`` (weeks before the anchor date), the learned candidates are fitted on
cuts whose label weeks end by ``e``; the blend's stacker is fitted on the cut ``e + H`` with base
models fitted on cuts ending by ``e + H``, so nothing is judged on weeks it was fitted or
calibrated on. Metrics are pooled over candidate pairs (AUC) and averaged over customers (top-k).
"""

from __future__ import annotations

import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import duckdb
import numpy as np
from sklearn.linear_model import LogisticRegression

from engine.evaluation.metrics import auc_difference_se
from engine.jobs import CancelToken, result_or_cancel
from engine.models import cancellable_fit
from engine.models.baselines.pair_models import PAIR_FEATURES, PairGBM, PairLogistic, rule_scores
from engine.models.migration.cut_reads import CutData, check_sample, customer_bound, customer_chunks, load_cut
from engine.models.migration.lstm_candidate import LstmFit, LstmSequences, with_fallback
from engine.models.migration.pair_metrics import metrics_of
from engine.models.migration.params import MigrationParams
from engine.models.migration.stacker import BoostedStacker
from engine.models.prediction_threads import prediction_threads
from engine.models.side_by_side import at_openmp_threads, openmp_threads, side_by_side

LEARNED = ("logistic", "gbm", "lstm")
STACKED = ("gbm", "logistic", "knn", "own_history", "lstm")


class NoLabelledCut(ValueError):
    """No training cut of a fit has a labelled pair (a shop too small for its categories' buyers)."""


@dataclass
class ScoredCut:
    """Every candidate's score of a cut's pairs, without their features (what metrics, the stacker and
    the calibration check read). For a backtest cut: a bounded sample of its customers."""
    s: int
    cid: np.ndarray
    cat: np.ndarray
    y: np.ndarray | None
    never: np.ndarray                    # the customer never bought the category before the cut
    scores: dict[str, np.ndarray]        # float32
    customers: int = 0                   # customers in the sample
    sampled: bool = False                # True when the cut had more pairs than ``max_eval_pairs``


def _concat(parts: list[CutData]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    x = np.concatenate([p.x for p in parts])
    y = np.concatenate([p.y for p in parts])
    w = None if all(p.w is None for p in parts) else np.concatenate(
        [p.w if p.w is not None else np.ones(len(p.y)) for p in parts])
    return x, y, w


@dataclass
class Learners:
    cuts: list[int]
    logistic: PairLogistic
    gbm: PairGBM
    lstm: LstmFit | None = None
    seqs: LstmSequences | None = None

    def scores(self, d: CutData) -> dict[str, np.ndarray]:
        """Every candidate's score of some pairs (a chunk of customers of a cut)."""
        return scores_of([self], d)[0]


def scores_of(many: list[Learners], d: CutData) -> list[dict[str, np.ndarray]]:
    """Every candidate of each learner set scored on the same pairs; their LSTMs share the sequence samples.

    The networks (sequence samples built in numpy, their forward pass in torch, on one thread) run beside the
    feature models (side by side, at the process's thread budget): a network's fallback is its set's GBM
    margin, filled in once both are done, so the scores are those computed one after another."""
    nets = [learners for learners in many if learners.lstm is not None]
    # beside the networks, the trees walk on one thread (the networks take the other core)
    threads = 1 if nets and prediction_threads() > 1 else None

    def features(learners: Learners) -> dict[str, np.ndarray]:
        out = rule_scores(d.x)
        out["logistic"] = learners.logistic.decision(d.x)
        out["gbm"] = learners.gbm.decision(d.x, threads)
        return out

    jobs = [partial(features, learners) for learners in many]
    if nets:
        jobs.insert(0, partial(nets[0].seqs.known_logits, [n.lstm for n in nets], d.s, d.cid, d.cat))
    outs = list(side_by_side(jobs))
    if nets:
        (z, have), outs = outs[0], outs[1:]
        for out, v in zip((o for learners, o in zip(many, outs) if learners.lstm is not None), z):
            out["lstm"] = with_fallback(v, have, out["gbm"])
    return outs


class Ladder:
    """Loads training cuts once (thinned, bounded), fits learners on any subset of them, and scores cuts
    a chunk of customers at a time (never every customer's pair features at once)."""

    #: scored backtest cuts kept: two origins ask for five distinct ones, and the shipped stacker refits on the
    #: first (the latest origin's model at the latest cut): with four kept it was scored twice
    KEEP_SCORED = 5

    def __init__(self, cur: duckdb.DuckDBPyConnection, p: MigrationParams, seqs: LstmSequences | None = None,
                 cancel=None) -> None:
        self.cur, self.p, self.seqs, self.cancel = cur, p, seqs, cancel
        self._train: dict[int, CutData] = {}
        self._scored: dict[tuple, ScoredCut] = {}
        self._fits: dict[tuple[int, ...], Learners] = {}
        self._boosted: dict[tuple, BoostedStacker] = {}
        self._margins: dict[tuple, np.ndarray] = {}
        self.sizes: dict[str, dict[int, int]] = {"train_pairs": {}, "eval_pairs": {}}

    def keep_only_shipping(self) -> None:
        """Once the shipped score is fitted: the backtest's memos (training cuts, scored cuts, fits, stackers,
        margins, cached sequence samples) are never read again, and the shipped functions hold what they need.
        The as-of cut is streamed once, so its sequence samples are not cached either. At long 10^7 the writing
        stage otherwise held all of them beside two chunks being scored and written."""
        for memo in (self._train, self._scored, self._fits, self._boosted, self._margins):
            memo.clear()
        if self.seqs is not None:
            self.seqs.reader.release()
            self.seqs.reader.cache_bytes = 0

    def train_cut(self, s: int) -> CutData:
        """The thinned pairs of a training cut, of at most ``max_train_pairs`` (a hashed sample of customers)."""
        if s in self._train:
            self._train[s] = self._train.pop(s)          # most recently used last
            return self._train[s]
        # a checkpoint a cut: a cancel interrupts a query under way, but one that came while a cut's rows were being
        # put together in Python would have let the set's other cuts be read (~0.3 s each at wide 10^7)
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        p = self.p
        hi = customer_bound(self.cur, s, p.max_train_pairs, neg_rate=p.negative_rate, seed=p.seed)
        check_sample(self.cur, s, hi, neg_rate=p.negative_rate, seed=p.seed)
        d = load_cut(self.cur, s, neg_rate=p.negative_rate, seed=p.seed, hi=hi)
        self.sizes["train_pairs"][s] = len(d.cid)
        # one fit's cuts are kept: consecutive fits share all but a cut or two
        while len(self._train) >= p.train_cuts:
            self._train.pop(next(iter(self._train)))
        self._train[s] = d
        return d

    def chunks(self, s: int, hi: int | None = None) -> list[tuple[int, int]]:
        return customer_chunks(self.cur, s, self.p.score_chunk_pairs, hi)

    def stream(self, s: int):
        """Every pair of cut ``s`` (every customer), a chunk of customers at a time."""
        for lo, hi in self.chunks(s):
            if self.cancel is not None:
                self.cancel.raise_if_cancelled()
            yield load_cut(self.cur, s, lo=lo, hi=hi)

    def scored(self, learners: Learners, s: int) -> ScoredCut:
        """Every candidate of ``learners`` scored on cut ``s``: its pairs up to ``max_eval_pairs``
        (a hashed sample of customers beyond that), scored a chunk of customers at a time."""
        return self.scored_together([learners], s)[0]

    def scored_together(self, many: list[Learners], s: int) -> list[ScoredCut]:
        """:meth:`scored` for several learner sets on one cut, its chunks read once for all of them (the pairs
        loaded, and the LSTMs' sequence samples built, once)."""
        keys = [(tuple(learners.cuts), s, learners.lstm is not None) for learners in many]
        got: dict[tuple, ScoredCut] = {}
        for key in keys:
            if key in self._scored:
                self._scored[key] = got[key] = self._scored.pop(key)       # most recently used last
        todo = list({key: learners for key, learners in zip(keys, many) if key not in got}.items())
        if todo:
            bound = customer_bound(self.cur, s, self.p.max_eval_pairs)
            check_sample(self.cur, s, bound)
            parts: list[list[tuple]] = [[] for _ in todo]
            never = PAIR_FEATURES.index("never_bought")
            for lo, hi in self.chunks(s, bound):
                if self.cancel is not None:
                    self.cancel.raise_if_cancelled()
                d = load_cut(self.cur, s, lo=lo, hi=hi)
                ids = (d.cid.astype(np.int32), d.cat.astype(np.int32), d.y, d.x[:, never] > 0.5)
                for part, scores in zip(parts, scores_of([learners for _, learners in todo], d)):
                    part.append((*ids, {n: np.asarray(v, np.float32) for n, v in scores.items()}))
                del d
            for (key, _), part in zip(todo, parts):
                got[key] = out = _joined(s, part)
                out.sampled = bound is not None
                self.sizes["eval_pairs"][s] = len(out.cid)
                if len(self._scored) >= self.KEEP_SCORED:
                    self._scored.pop(next(iter(self._scored)))
                self._scored[key] = out
        return [got[key] for key in keys]

    def boosted(self, base: Learners, s: int) -> BoostedStacker:
        """The boosted stacker over ``base``'s scores of labelled cut ``s`` (fitted once: the verdict's
        calibration check refits nothing)."""
        key = (tuple(base.cuts), s, base.lstm is not None)
        if key not in self._boosted:
            self._boosted[key] = fit_boosted(self.scored(base, s), self.p, self.cancel)
        return self._boosted[key]

    def boosted_margins(self, base: Learners, stack_at: int, s: int) -> np.ndarray:
        """The margins (float64) of :meth:`boosted` over ``base``'s scores of ``stack_at``, on ``base``'s scored
        cut ``s``: an origin's stacker candidate, which the verdict's calibration check reads again at the latest
        cut (kept for the origins' cuts: one array of a cut's sampled pairs each)."""
        key = (tuple(base.cuts), stack_at, s, base.lstm is not None)
        if key not in self._margins:
            test = self.scored(base, s)
            self._margins[key] = self.boosted(base, stack_at).decision(test.scores, test.cid, test.never)
            while len(self._margins) > self.p.eval_cuts:
                self._margins.pop(next(iter(self._margins)))
        return self._margins[key]

    def fit(self, cuts: list[int], lstm: bool = True) -> Learners:
        """Learners fitted on these cuts; the same cuts are fitted once (one origin's blend base is the
        next origin's model, and the shipped blend's base is the latest origin's). The LSTM is
        trained only when asked (a shipped GBM needs no network)."""
        key = tuple(sorted(cuts))
        if key not in self._fits:
            self._fits[key] = self._fit(list(key))
        out = self._fits[key]
        if lstm and self.seqs is not None and out.lstm is None:
            out.lstm, out.seqs = self.seqs.fit(list(key), self.cancel), self.seqs
        return out

    def fit_together(self, sets: list[list[int]]) -> list[Learners]:
        """:meth:`fit` for several sets of cuts, the gradient boosting fits on a thread of their own beside the
        rest (the training cuts' reads, the logistic fits, the networks' training), one after another there.

        The boosted fits were half the backtest's CPU at wide 10^7 (~11 s each of ~17 s per set, on 600k pairs)
        and ran while the other core sat idle. A boosted fit reads only its arrays (never DuckDB or torch, which
        stay on this thread, in the order :meth:`fit` reads them), at this thread's OpenMP count: the same models.
        One fit at a time there: at most the arrays of the sets read ahead wait (72 MB each at 600k pairs).

        Once this thread's share is done, it takes over the sets the pool has not started yet, latest first, one at
        a time on a second thread (whose wait a cancel ends at once): at wide 10^7 the pool's last ~17 s were its
        fits alone, one core idle (three sets of ~11 s each against ~15 s of reads, logistic fits and networks
        here). A fit gives the same model on either thread (the same arrays, the same OpenMP count)."""
        keys = [tuple(sorted(cuts)) for cuts in sets]
        todo = [key for key in dict.fromkeys(keys) if key not in self._fits]
        if prediction_threads() > 1 and todo:
            threads = openmp_threads()
            done: dict[tuple[int, ...], Learners] = {}
            pool = ThreadPoolExecutor(1, thread_name_prefix="ladder-gbm")
            taken: ThreadPoolExecutor | None = None
            try:
                gbms: list[tuple[Future, Callable[[], PairGBM] | None]] = []
                for key in todo:
                    x, y, w = self._training(list(key))
                    fit = partial(at_openmp_threads, threads, partial(self._gbm().fit, x, y, w, cancel=self.cancel))
                    gbms.append((pool.submit(fit), fit))
                    done[key] = out = Learners(list(key), PairLogistic(seed=self.p.seed).fit(x, y, w, self.cancel),
                                               None)
                    del x, y, w, fit
                    if self.seqs is not None:
                        out.lstm, out.seqs = self.seqs.fit(list(key), self.cancel), self.seqs
                mine: dict[int, PairGBM] = {}
                for i in reversed(range(len(gbms))):
                    future, fit = gbms[i]
                    if self.cancel is not None:
                        self.cancel.raise_if_cancelled()
                    # cancel() succeeds only for a fit the pool has not started: it never starts there then. The
                    # taken fit runs on a thread of its own too, so that a cancel during its binning is not waited for
                    if future.cancel():
                        if taken is None:
                            taken = ThreadPoolExecutor(1, thread_name_prefix="ladder-gbm-taken")
                        mine[i] = result_or_cancel(taken.submit(fit), self.cancel)
                    gbms[i] = (future, None)
                    del fit
                for i, (key, (future, _)) in enumerate(zip(todo, gbms)):
                    done[key].gbm = mine[i] if i in mine else result_or_cancel(future, self.cancel)
            finally:
                # the sets not started never start. A cancel does not wait for the fit under way (nor did the wait
                # for its result above): it stops at its next round, but its binning (~1-2 s of 600k pairs at wide
                # 10^7) has no checkpoint, and a cancel there ended the job that much later
                # (tests/bench/results/fitcancel_s24.json). It reads only its own arrays and nothing reads it.
                # Any other error waits for it, as a finished job does
                cancelled = self.cancel is not None and self.cancel.cancelled
                pool.shutdown(wait=not cancelled, cancel_futures=True)
                if taken is not None:
                    taken.shutdown(wait=not cancelled)
            self._fits.update(done)
        return [self.fit(list(key)) for key in keys]

    def _training(self, cuts: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        parts = [d for d in (self.train_cut(s) for s in cuts) if d.y is not None and len(d.y)]
        if not parts:
            raise NoLabelledCut("no labelled training cut")
        return _concat(parts)

    def _gbm(self) -> PairGBM:
        p = self.p
        return PairGBM(max_iter=p.gbm_iterations, learning_rate=p.gbm_learning_rate, max_leaf_nodes=p.gbm_leaves,
                       early_stopping=p.gbm_early_stopping, seed=p.seed)

    def _fit(self, cuts: list[int]) -> Learners:
        x, y, w = self._training(cuts)
        return Learners(cuts, PairLogistic(seed=self.p.seed).fit(x, y, w, self.cancel),
                        self._gbm().fit(x, y, w, cancel=self.cancel))


def _joined(s: int, parts: list[tuple]) -> ScoredCut:
    names = list(parts[0][4]) if parts else []
    out = ScoredCut(
        s, np.concatenate([q[0] for q in parts]) if parts else np.zeros(0, np.int32),
        np.concatenate([q[1] for q in parts]) if parts else np.zeros(0, np.int32),
        None if not parts or parts[0][2] is None else np.concatenate([q[2] for q in parts]),
        np.concatenate([q[3] for q in parts]) if parts else np.zeros(0, bool),
        {n: np.concatenate([q[4].pop(n) for q in parts]) for n in names})
    out.customers = int(len(np.unique(out.cid)))
    return out


def stack_columns(scores: dict[str, np.ndarray]) -> np.ndarray:
    cols = []
    for name in STACKED:
        v = np.asarray(scores.get(name, ()), np.float64)
        if name in scores:
            cols.append(np.log1p(np.maximum(v, 0)) if name in ("knn", "own_history") else v)
    return np.column_stack(cols)


def fit_stacker(scores: dict[str, np.ndarray], y: np.ndarray, seed: int,
                cancel: CancelToken | None = None) -> LogisticRegression:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*converge.*")
        return cancellable_fit.fit(LogisticRegression(C=1.0, max_iter=500, random_state=seed), stack_columns(scores),
                                   y, cancel)


def fit_boosted(d: ScoredCut, p: MigrationParams, cancel: CancelToken | None = None) -> BoostedStacker:
    """The boosted stacker fitted on one scored, labelled cut (every pair of its sampled customers ranked,
    every shifter and a hashed share of the others fitted on)."""
    return BoostedStacker(p.seed, iterations=p.stacker_iterations, learning_rate=p.stacker_learning_rate,
                          negative_rate=p.stacker_negative_rate).fit(d.scores, d.cid, d.never, d.y, d.cat, cancel)


@dataclass
class OriginResult:
    cut: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    scores: dict[str, np.ndarray] = field(default_factory=dict)
    data: ScoredCut | None = None
    largest: np.ndarray | None = None    # the 100 largest categories by units before the cut (with scores)
    # the standard error of the house model's AUC minus each candidate's (asked for where the origin is the only one)
    auc_se: dict[str, float] = field(default_factory=dict)


def evaluate_origin(ladder: Ladder, grid: list[int], e: int, p: MigrationParams, *,
                    keep_scores: bool = False, noise_of: tuple[str, ...] = ()) -> OriginResult:
    """Every candidate at evaluation cut ``e``, fitted only on what was known by then. ``noise_of``: house models
    in order of preference; the first scored here has its AUC difference to each candidate's given a standard error
    (one cut has no spread to judge a lead by)."""
    H = p.horizon_weeks
    train = training_cuts(grid, e, p)
    learners = ladder.fit(train)
    test = ladder.scored(learners, e)
    scores = dict(test.scores)
    # the blend: base models one step further back, stacker on the cut whose labels end at e
    stack_at = min((c for c in grid if c >= e + H), default=None)
    base_cuts = training_cuts(grid, stack_at, p) if stack_at is not None else []
    if base_cuts:
        base = ladder.fit(base_cuts)
        stack_data = ladder.scored(base, stack_at)
        base_test = ladder.scored(base, e)

        def blend_and_metrics() -> dict[str, dict[str, float]]:
            stacker = fit_stacker(stack_data.scores, stack_data.y, p.seed, ladder.cancel)
            scores["blend"] = stacker.decision_function(stack_columns(base_test.scores)).astype(np.float32)
            return {n: metrics_of(test, v) for n, v in scores.items()}

        # the boosted stacker's fit and margins (~6 s an origin at wide 10^7) beside the blend's fit and the other
        # candidates' metrics (~4 s), each giving what it gives alone; the fit at this thread's OpenMP count
        margins = partial(at_openmp_threads, openmp_threads(), partial(ladder.boosted_margins, base, stack_at, e))
        metrics, stacked = side_by_side([blend_and_metrics, margins])
        scores["stacker"] = stacked.astype(np.float32)
        metrics["stacker"] = metrics_of(test, scores["stacker"])
    else:
        metrics = {n: metrics_of(test, v) for n, v in scores.items()}
    out = OriginResult(e, metrics)
    house = next((n for n in noise_of if n in scores), None)
    if house is not None:
        # pairs of one customer are not independent: a floor on the error, not its whole
        out.auc_se = {n: auc_difference_se(scores[house], v, test.y) for n, v in scores.items() if n != house}
    if keep_scores:
        out.scores, out.data = scores, test
        out.largest = np.array([r[0] for r in ladder.cur.execute(
            "SELECT cat FROM sp_cat_units WHERE s = ? ORDER BY units DESC, cat LIMIT 100",
            [e]).fetchall()], np.int64)
    return out


def origin_needs(grid: list[int], e: int, p: MigrationParams) -> list[tuple[tuple[int, ...], int]]:
    """The (training cuts, scored cut) pairs :func:`evaluate_origin` scores at evaluation cut ``e``."""
    stack_at = min((c for c in grid if c >= e + p.horizon_weeks), default=None)
    base_cuts = tuple(training_cuts(grid, stack_at, p)) if stack_at is not None else ()
    return [(tuple(training_cuts(grid, e, p)), e)] + ([(base_cuts, stack_at), (base_cuts, e)] if base_cuts else [])


def scored_cuts(grid: list[int], origins: list[int], p: MigrationParams) -> set[int]:
    """The cuts some read takes whole (up to ``max_eval_pairs`` pairs): the as-of date's (every customer scored), each
    origin's and its stacker's (:func:`origin_needs`), and the first labelled one (a shipped blend's or rule of
    thumb's calibration). Every other cut is only read for training, thinned."""
    first = min((c for c in grid if c >= p.horizon_weeks), default=0)
    return {0, first} | {s for e in origins for _, s in origin_needs(grid, e, p)}


def score_origins_together(ladder: Ladder, grid: list[int], origins: list[int], p: MigrationParams) -> None:
    """Fits every learner set the origins need, then scores each cut once for all the sets that read it.

    Two origins score cut H with two learner sets and cut 2H with two: read separately, each of those
    cuts' pairs were loaded, and their sequence samples built, twice. The scored cuts stay in the
    ladder's cache for :func:`evaluate_origin`; when they would not all fit in it, nothing is done
    ahead (each origin then scores what it needs)."""
    needs = list(dict.fromkeys(n for e in origins for n in origin_needs(grid, e, p)))
    if len(needs) > ladder.KEEP_SCORED:
        return
    sets = list(dict.fromkeys(cuts for cuts, _ in needs))
    fits = dict(zip(sets, ladder.fit_together([list(cuts) for cuts in sets])))
    for s in dict.fromkeys(s for _, s in needs):
        ladder.scored_together([fits[cuts] for cuts, at in needs if at == s], s)


def training_cuts(grid: list[int], e: int, p: MigrationParams) -> list[int]:
    """The most recent ``train_cuts`` cuts whose label weeks end by ``e``."""
    return sorted(c for c in grid if c >= e + p.horizon_weeks)[:p.train_cuts]

"""The rolling-origin backtest of every shift score, and the fit of the one that ships.

At each evaluation cut ``e`` (weeks before the anchor date), the learned candidates are fitted on
cuts whose label weeks end by ``e``; the blend's stacker is fitted on the cut ``e + H`` with base
models fitted on cuts ending by ``e + H``, so nothing is judged on weeks it was fitted or
calibrated on. Metrics are pooled over candidate pairs (AUC) and averaged over customers (top-k).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import duckdb
import numpy as np
from sklearn.linear_model import LogisticRegression

from engine.evaluation.metrics import RankingMetrics
from engine.features.shift_graph import GRAPH_FEATURES
from engine.models.baselines.pair_models import PAIR_FEATURES, PairGBM, PairLogistic, rule_scores
from engine.models.migration.lstm_candidate import LstmFit, LstmSequences
from engine.models.migration.params import MigrationParams

LEARNED = ("logistic", "gbm", "lstm")
STACKED = ("gbm", "logistic", "knn", "own_history", "lstm")


@dataclass
class CutData:
    s: int
    cid: np.ndarray
    cat: np.ndarray
    x: np.ndarray
    y: np.ndarray | None
    w: np.ndarray | None = None


def load_cut(cur: duckdb.DuckDBPyConnection, s: int, *, neg_rate: float = 1.0, seed: int = 0) -> CutData:
    """Pairs of one cut with their features; negatives thinned to ``neg_rate`` (weighted back up)."""
    cols = ", ".join(f"{'g' if n in GRAPH_FEATURES else 'p'}.{n}"
                     for n in PAIR_FEATURES)
    thin = ""
    if neg_rate < 1.0:
        thin = f"AND (p.label OR hash(p.cid, p.cat, p.s, {int(seed)}) % 10000 < {int(neg_rate * 10000)})"
    d = cur.execute(f"SELECT p.cid, p.cat, p.label, {cols} FROM sp_pairs p JOIN sp_graph g USING (s, cid, cat) "
                    f"WHERE p.s = ? {thin} ORDER BY p.cid, p.cat", [s]).fetchnumpy()
    x = np.column_stack([np.asarray(d[n], np.float32) for n in PAIR_FEATURES]) if len(d["cid"]) else \
        np.zeros((0, len(PAIR_FEATURES)), np.float32)
    lab = d["label"]
    y = None if np.ma.isMaskedArray(lab) and np.ma.getmaskarray(lab).all() else np.asarray(np.ma.filled(lab, False), bool)
    w = None
    if y is not None and neg_rate < 1.0:
        w = np.where(y, 1.0, 1.0 / neg_rate)
    return CutData(s, np.asarray(d["cid"], np.int64), np.asarray(d["cat"], np.int64), x, y, w)


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
    _scored: dict[tuple[int, bool], dict[str, np.ndarray]] = field(default_factory=dict)

    def scores(self, d: CutData) -> dict[str, np.ndarray]:
        """Every candidate's score of a full cut (kept: the blend asks for the same cut twice)."""
        key = (d.s, self.lstm is not None)
        if key not in self._scored:
            out = rule_scores(d.x)
            out["logistic"] = self.logistic.decision(d.x)
            out["gbm"] = self.gbm.decision(d.x)
            if self.lstm is not None:
                out["lstm"] = self.seqs.logits(self.lstm, d.s, d.cid, d.cat, fallback=out["gbm"])
            if len(self._scored) >= 2:                   # a cut is asked for at most twice in a row
                self._scored.pop(next(iter(self._scored)))
            self._scored[key] = out
        return self._scored[key]


class Ladder:
    """Loads training cuts once (thinned), fits learners on any subset of them."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, p: MigrationParams, seqs: LstmSequences | None = None,
                 cancel=None) -> None:
        self.cur, self.p, self.seqs, self.cancel = cur, p, seqs, cancel
        self._train: dict[int, CutData] = {}
        self._full: dict[int, CutData] = {}
        self._fits: dict[tuple[int, ...], Learners] = {}

    def train_cut(self, s: int) -> CutData:
        if s not in self._train:
            self._train[s] = load_cut(self.cur, s, neg_rate=self.p.negative_rate, seed=self.p.seed)
        return self._train[s]

    def full_cut(self, s: int) -> CutData:
        if s not in self._full:
            self._full[s] = load_cut(self.cur, s)
        return self._full[s]

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

    def _fit(self, cuts: list[int]) -> Learners:
        parts = [d for d in (self.train_cut(s) for s in cuts) if d.y is not None and len(d.y)]
        if not parts:
            raise ValueError("no labelled training cut")
        x, y, w = _concat(parts)
        p = self.p
        return Learners(cuts, PairLogistic(seed=p.seed).fit(x, y, w),
                        PairGBM(max_iter=p.gbm_iterations, learning_rate=p.gbm_learning_rate,
                                max_leaf_nodes=p.gbm_leaves, early_stopping=p.gbm_early_stopping,
                                seed=p.seed).fit(x, y, w))


def stack_columns(scores: dict[str, np.ndarray]) -> np.ndarray:
    cols = []
    for name in STACKED:
        v = np.asarray(scores.get(name, ()), np.float64)
        if name in scores:
            cols.append(np.log1p(np.maximum(v, 0)) if name in ("knn", "own_history") else v)
    return np.column_stack(cols)


def fit_stacker(scores: dict[str, np.ndarray], y: np.ndarray, seed: int) -> LogisticRegression:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*converge.*")
        return LogisticRegression(C=1.0, max_iter=500, random_state=seed).fit(stack_columns(scores), y)


def metrics_of(d: CutData, score: np.ndarray, keep_cats: np.ndarray | None = None) -> dict[str, float]:
    """Ranking metrics of one cut's candidate pairs (optionally only some categories)."""
    sel = np.ones(len(d.cid), bool) if keep_cats is None else np.isin(d.cat, keep_cats)
    cid, cat, y, sc = d.cid[sel], d.cat[sel], d.y[sel], np.asarray(score, np.float64)[sel]
    users, ui = np.unique(cid, return_inverse=True)
    cats, ci = np.unique(cat, return_inverse=True)
    m = RankingMetrics()
    for lo in range(0, len(users), 4096):
        rows = (ui >= lo) & (ui < lo + 4096)
        n = min(4096, len(users) - lo)
        S = np.full((n, len(cats)), -np.inf)
        Y = np.zeros((n, len(cats)), bool)
        M = np.zeros((n, len(cats)), bool)
        S[ui[rows] - lo, ci[rows]] = sc[rows]
        Y[ui[rows] - lo, ci[rows]] = y[rows]
        M[ui[rows] - lo, ci[rows]] = True
        m.add(np.where(M, S, 0.0), Y, M)
    return m.result()


@dataclass
class OriginResult:
    cut: int
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)
    scores: dict[str, np.ndarray] = field(default_factory=dict)
    data: CutData | None = None
    largest: np.ndarray | None = None    # the 100 largest categories by units before the cut (with scores)


def evaluate_origin(ladder: Ladder, grid: list[int], e: int, p: MigrationParams, *,
                    keep_scores: bool = False) -> OriginResult:
    """Every candidate at evaluation cut ``e``, fitted only on what was known by then."""
    H = p.horizon_weeks
    train = training_cuts(grid, e, p)
    test = ladder.full_cut(e)
    learners = ladder.fit(train)
    scores = learners.scores(test)
    # the blend: base models one step further back, stacker on the cut whose labels end at e
    stack_at = min((c for c in grid if c >= e + H), default=None)
    base_cuts = training_cuts(grid, stack_at, p) if stack_at is not None else []
    if base_cuts:
        base = ladder.fit(base_cuts)
        stack_data = ladder.full_cut(stack_at)
        stacker = fit_stacker(base.scores(stack_data), stack_data.y, p.seed)
        scores["blend"] = stacker.decision_function(stack_columns(base.scores(test)))
    out = OriginResult(e, {n: metrics_of(test, v) for n, v in scores.items()})
    if keep_scores:
        out.scores, out.data = scores, test
        out.largest = np.array([r[0] for r in ladder.cur.execute(
            "SELECT cat FROM sp_hist WHERE s = ? GROUP BY cat ORDER BY sum(units) DESC, cat LIMIT 100",
            [e]).fetchall()], np.int64)
    return out


def training_cuts(grid: list[int], e: int, p: MigrationParams) -> list[int]:
    """The most recent ``train_cuts`` cuts whose label weeks end by ``e``."""
    return sorted(c for c in grid if c >= e + p.horizon_weeks)[:p.train_cuts]

"""Every candidate's predictions at one cut: the BG/NBD (+ Gamma-Gamma) baseline, the two rules,
and the learned model trained on earlier cuts. Each sees only history before its cut; the learned
model and the recency rule also see what happened after earlier cuts whose windows end by it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

import numpy as np

from engine.evaluation.platt import EPS
from engine.jobs import CancelToken
from engine.messages import Message, msg
from engine.models.customers import summaries
from engine.models.customers.bgnbd import BetaGeoModel
from engine.models.customers.gamma_gamma import GammaGammaModel
from engine.models.customers.learned import LearnedCustomerModel
from engine.models.customers.rules import RecencyRule, frequency_rule
from engine.models.customers.scores import Scores
from engine.models.side_by_side import Beside

#: The candidate that ships unless another beats it out of sample (engine.evaluation.verdict). BG/NBD + Gamma-Gamma,
#: not gradient boosting: on the grocery dev file gradient boosting tied it at the backtest cuts and shipped, and on
#: the weeks after it ranked buyers worse every time (as of 2017-06-05, 07-03, 07-31: .853/.859/.874 against
#: .863/.861/.876; on the file's last 12, 16 and 20 weeks .844/.859/.860 against .853/.862/.869:
#: `main.py backtest --models customers`, bench_short_exports.py). Gradient boosting ships where it beats BG/NBD.
HOUSE = "bgnbd"
LABELS = {"learned": "gradient boosting", "bgnbd": "BG/NBD + Gamma-Gamma", "recency": "recency rule",
          "frequency": "frequency rule", "bgnbd_plain": "BG/NBD × past mean spend"}


@dataclass
class Baseline:
    """BG/NBD and Gamma-Gamma fitted on the history before one cut."""
    bgnbd: BetaGeoModel
    gg: GammaGammaModel | None
    params: dict[str, float] = field(default_factory=dict)


def fit_baseline(data: dict[str, np.ndarray], max_customers: int | None = None, seed: int = 0,
                 near: Baseline | None = None) -> Baseline:
    """Both fits on at most ``max_customers`` rows (a seeded random sample beyond): four and three
    population parameters are pinned down long before a million customers, and each fit evaluates
    its likelihood hundreds of times. ``near``: a neighbouring cut's fit to search from."""
    n = len(data["x"])
    rows: np.ndarray | slice = slice(None)
    if max_customers is not None and n > max_customers:
        rows = np.sort(np.random.default_rng(seed).choice(n, max_customers, replace=False))
    bg = BetaGeoModel(penalizer=1e-4).fit(data["x"][rows], data["tx"][rows], data["T"][rows],
                                          start=near.bgnbd.params_ if near is not None else None)
    params = dict(bg.params_)
    try:
        gg = GammaGammaModel(penalizer=1e-4).fit(data["orders"][rows], data["spend_mean"][rows],
                                                 start=near.gg.params_ if near is not None and near.gg else None)
        params.update(gg.params_)
    except ValueError:
        gg = None
    return Baseline(bg, gg, params)


def baseline_scores(base: Baseline, data: dict[str, np.ndarray], horizon_weeks: float) -> dict[str, Scores]:
    x, tx, T = data["x"], data["tx"], data["T"]
    p = base.bgnbd.p_any(horizon_weeks, x, tx, T)
    e = base.bgnbd.expected(horizon_weeks, x, tx, T)
    past_mean = np.maximum(data["spend_mean"], 0.0)
    gg_mean = base.gg.expected_mean(data["orders"], data["spend_mean"]) if base.gg is not None else past_mean
    return {"bgnbd": Scores(p, e, e * gg_mean), "bgnbd_plain": Scores(p, e, e * past_mean)}


def with_baseline_features(data: dict[str, np.ndarray], base: Baseline, horizon_weeks: float) -> np.ndarray:
    s = baseline_scores(base, data, horizon_weeks)["bgnbd"]
    alive = base.bgnbd.p_alive(data["x"], data["tx"], data["T"])
    return np.column_stack([summaries.matrix(data), s.p_buy_again, s.expected_orders, s.expected_spend, alive])


@dataclass
class CutModels:
    """What is fitted for scoring one cut, and a word on anything that could not be."""
    baseline: Baseline
    learned: LearnedCustomerModel | None
    recency: RecencyRule | None
    notes: list[Message | str] = field(default_factory=list)
    train_rows: int = 0


BaselineAt = Callable[[Any], Baseline]


def fit_for_cut(train: dict[str, np.ndarray] | None, at_cut: dict[str, np.ndarray], horizon_weeks: float,
                seed: int, max_rows: int, baseline_at: BaselineAt) -> CutModels:
    """``train`` holds rows of earlier cuts (features, labels, and the cut each belongs to).

    ``baseline_at(cut)`` is the BG/NBD + Gamma-Gamma fit on every (kept) customer at ``cut``: the
    cut being scored and each training cut. The caller keeps them, so a cut shared by several
    evaluation cuts is fitted once; a training cut's rows are a sample of the customers its
    baseline was fitted on (the same rows when nothing is sampled)."""
    plan = plan_for_cut(train, at_cut, horizon_weeks, seed, max_rows, baseline_at)
    fit_planned([plan])
    return plan.models


@dataclass
class CutPlan:
    """A cut's models with the learned model's three boosters still to fit (:func:`fit_planned`)."""
    models: CutModels
    jobs: list[Callable[[], object]] = field(default_factory=list)
    n_features: int = 0


def plan_for_cut(train: dict[str, np.ndarray] | None, at_cut: dict[str, np.ndarray], horizon_weeks: float,
                 seed: int, max_rows: int, baseline_at: BaselineAt, cancel: CancelToken | None = None) -> CutPlan:
    """What :func:`fit_for_cut` does up to the boosting fits (the baselines in the same order); ``cancel``
    stops the boosting fits between two rounds."""
    models = CutModels(baseline_at(at_cut["cut"][0]), None, None)
    if train is None or len(train["customer_id"]) == 0:
        models.notes.append(msg("customers.note.no_earlier_cut"))
        return CutPlan(models)
    rows = np.arange(len(train["customer_id"]))
    if rows.size > max_rows:
        rows = np.sort(np.random.default_rng(seed).choice(rows, max_rows, replace=False))
    models.recency = RecencyRule().fit(train["recency"][rows], train["y_orders"][rows], train["y_spend"][rows])
    blocks = []
    for cut in np.unique(train["cut"]):
        sel = rows[train["cut"][rows] == cut]
        part = summaries.subset(train, sel)
        blocks.append(with_baseline_features(part, baseline_at(cut), horizon_weeks))
    X = np.vstack(blocks)
    ordered = np.concatenate([rows[train["cut"][rows] == cut] for cut in np.unique(train["cut"])])
    learned = LearnedCustomerModel(seed=seed)
    try:
        jobs = learned.jobs(X, train["y_orders"][ordered], train["y_spend"][ordered], cancel)
    except ValueError as exc:
        models.notes.append(_note(exc))
        return CutPlan(models)
    models.learned = learned
    models.train_rows = int(X.shape[0])
    return CutPlan(models, jobs, int(X.shape[1]))


def fit_planned(plans: list[CutPlan], threads: int | None = None, cancel: CancelToken | None = None) -> None:
    """Every plan's boosters, all at once on the thread budget (:class:`PlannedFits`, the plans all made)."""
    with PlannedFits(threads, cancel, planning=False) as fits:
        for plan in plans:
            fits.add(plan)
        fits.finish()


class PlannedFits:
    """The boosters of every cut's plan in one pool, each plan's started as it is added: three a cut on two
    threads left a core idle for one fit in each cut (9 fits took the time of 6, not 4.5, at 2 cuts and the
    as-of date), and the next cuts' plans (their BG/NBD fits, on one core) left the other idle while the pool
    waited for them. While ``planning``, the caller's thread keeps one of the ``threads`` for the plans
    (:class:`~engine.models.side_by_side.Beside`). Each fit is the one it was alone (one OpenMP thread). A cut
    whose fit fails (a ValueError, as a fit alone raised) has no learned model and a note saying why, as before.

    ``cancel`` is looked at before each fit starts, so no fit starts after a cancel (the plans' own
    token, given to :func:`plan_for_cut`, stops the fits under way between two boosting rounds)."""

    def __init__(self, threads: int | None = None, cancel: CancelToken | None = None, *,
                 planning: bool = True) -> None:
        self._beside = Beside(threads, caller_works=planning)
        self._cancel = cancel
        self._plans: list[CutPlan] = []

    def __enter__(self) -> "PlannedFits":
        self._beside.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._beside.__exit__(*exc)

    def add(self, plan: CutPlan) -> CutPlan:
        for job in plan.jobs:
            self._beside.submit(partial(_outcome, job, self._cancel))
        self._plans.append(plan)
        return plan

    def finish(self) -> None:
        """Every added plan's learned model fitted (or its note), in the order the plans came."""
        done = self._beside.results()
        for plan in self._plans:
            outcomes = [next(done) for _ in plan.jobs]
            error = next((o for o in outcomes if isinstance(o, ValueError)), None)
            if error is not None:
                plan.models.learned, plan.models.train_rows = None, 0
                plan.models.notes.append(_note(error))
            elif plan.jobs:
                plan.models.learned.take(outcomes, plan.n_features)
            plan.jobs = []   # they hold the training table


def _outcome(job: Callable[[], object], cancel: CancelToken | None = None) -> object:
    if cancel is not None:
        cancel.raise_if_cancelled()
    try:
        return job()
    except ValueError as exc:   # a fit's own complaint: that cut goes without (any other error is raised)
        return exc


def _note(exc: ValueError) -> Message | str:
    return exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)


def score_all(models: CutModels, data: dict[str, np.ndarray], horizon_weeks: float) -> dict[str, Scores]:
    out = baseline_scores(models.baseline, data, horizon_weeks)
    out["frequency"] = frequency_rule(data["orders_26w"], data["T"], data["spend_mean"], horizon_weeks)
    if models.recency is not None:
        out["recency"] = models.recency.predict(data["recency"])
    if models.learned is not None:
        out["learned"] = models.learned.predict(with_baseline_features(data, models.baseline, horizon_weeks))
    return out


def metrics(s: Scores, y_orders: np.ndarray, y_spend: np.ndarray) -> dict[str, Any]:
    """Buy-again AUC and log-loss, Spearman of expected vs actual spend, and the errors of the totals."""
    from scipy.stats import spearmanr
    from sklearn.metrics import log_loss, roc_auc_score

    bought = y_orders > 0
    auc = float(roc_auc_score(bought, s.p_buy_again)) if 0 < bought.sum() < bought.size else float("nan")
    # a constant side (no customer spent again) has no rank order: no correlation, and no warning for it
    varied = y_spend.size > 2 and np.ptp(y_spend) > 0 and np.ptp(s.expected_spend) > 0
    rho = float(spearmanr(s.expected_spend, y_spend).statistic) if varied else float("nan")
    actual_spend, actual_orders = float(y_spend.sum()), float(y_orders.sum())
    return {
        "auc": auc,
        # how honest the probabilities are, not only their order (the calibration layer changes this one alone)
        "log_loss": float(log_loss(bought, np.clip(s.p_buy_again, EPS, 1 - EPS), labels=[False, True]))
        if bought.size else float("nan"),
        "spearman_spend": rho,
        "total_spend_error": (float(s.expected_spend.sum()) - actual_spend) / actual_spend if actual_spend else None,
        "total_orders_error": (float(s.expected_orders.sum()) - actual_orders) / actual_orders if actual_orders else None,
        "buy_again_rate": float(bought.mean()) if bought.size else float("nan"),
        "mean_p": float(np.mean(s.p_buy_again)) if bought.size else float("nan"),
    }

"""The decay model's services: train, backtest, export (entries of engine.models.registry).

* train: fit as of a date (default: the end of the data) and store, per category,
  the fitted process and, per customer and category, interest, half-life, lapse
  probability and decay point, under a ``decay`` run.
* backtest: the same fit as of a past date (default: H weeks before the end),
  then compare its lapse probabilities with what really happened in the next H
  weeks, next to recency-only and frequency+recency baselines. Figures are
  stored with a ``decay_backtest`` run.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np

from engine.evaluation.metrics import auc, auc_difference_se
from engine.evaluation.verdict import describe, judge
from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.messages import msg, stored, with_message
from engine.models.base import NoDataError, TrainResult, data_end, resolve_as_of
from engine.models.decay import candidates, evaluation, lapse, lapse_features, queries, scoring
from engine.models.decay.calibration import reliability_bins
from engine.models.decay.fit import FitOutput, data_origin, fit_categories
from engine.models.decay.kinds import BACKTEST_KIND, KIND
from engine.models.decay.params import DecayParams
from engine.store.errors import ProjectError
from engine.store.project import Project
from engine.store.runs import latest_run, model_run


def train_decay(project: Project, *, as_of: datetime | str | None = None, params: dict[str, Any] | None = None,
                progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> TrainResult:
    """Backtest every lapse candidate at rolling cuts before the as-of, then fit as of it and ship
    the winner's lapse probability (half-lives, interest and decay points are the decay model's)."""
    progress, cancel = ensure(progress, cancel)
    p = DecayParams.from_dict(params)
    when = resolve_as_of(project, as_of)
    with model_run(project, KIND, as_of=when, params=p.to_dict()) as run, project.interruptible(cancel) as cur:
        try:
            verdict, latest_fit, plans = _backtest(cur, when, p, SubProgress(progress, 0, 55), cancel, ship=True)
            winner = verdict["winner"]
            final = SubProgress(progress, 55, 90)
            if winner == "decay":
                fit, cal = fit_categories(cur, when, p, final, cancel, start=latest_fit), None
            else:
                shipped = lapse.score_cut(cur, when, when, p, final, cancel, interval=True, ship=winner,
                                          start=latest_fit, plan=plans.get(when))
                # the shipped cut's calibration layer is this fit's: fitted there on the same split
                fit, cal = shipped.fit, shipped.cal
            progress(90, 100, msg("progress.decay.calibrating"))
            if cal is None:
                cal = scoring.fit_calibrator(cur)
            cancel.raise_if_cancelled()
            progress(92, 100, msg("progress.decay.scoring"))
            scoring.build_rates(cur, fit)
            scoring.build_scores(cur, fit, cal, shipped=winner != "decay")
            scoring.write_categories(cur, run.run_id)
            n_rows = scoring.write_scores(cur, run.run_id)
            cancel.raise_if_cancelled()
            run.metrics.update(_train_metrics(cur, fit, cal, n_rows, p.max_sequences))
            # the Decay page's headline and this summary's, counted once here rather than on each page load
            run.metrics.update(queries.at_risk_counts(cur, run.run_id, when))
            run.metrics.update(verdict)
        finally:
            scoring.drop_temp(cur)
            lapse.drop(cur)
    progress(100, 100, msg("progress.decay.fitted", n=len(fit.categories)))
    m = run.metrics
    said = "decay.trained.at_risk.one_category" if len(fit.categories) == 1 else "decay.trained.at_risk"
    return TrainResult(KIND, run.run_id, run.metrics,
                       msg(said, categories=len(fit.categories),
                           half_life=m["median_half_life_days"], pairs=n_rows, at_risk=m["at_risk_customers_main"],
                           customers=m["customers_with_purchase"],
                           verdict=stored(m["verdict"], m.get("verdict_message"))))


def _no_partial(progress: ProgressCallback) -> ProgressCallback:
    """A backtest's fits report progress but no half-life bars (the chart shows the shipped fit's)."""
    return lambda done, total, message="", partial=None: progress(done, total, message)


def backtest_candidates(cur, when: datetime, p: DecayParams, progress: ProgressCallback,
                        cancel: CancelToken) -> tuple[dict[str, Any], FitOutput | None]:
    """Every candidate's lapse AUC at the evaluation cuts before ``when``, the verdict and the winner;
    and the latest cut's decay fit (to warm-start the fit as of ``when``)."""
    verdict, fit, _ = _backtest(cur, when, p, progress, cancel)
    return verdict, fit


def _backtest(cur, when: datetime, p: DecayParams, progress: ProgressCallback, cancel: CancelToken,
              ship: bool = False) -> tuple[dict[str, Any], FitOutput | None, dict]:
    """:func:`backtest_candidates`, and the cuts' lapse plans (:func:`lapse.prepare`; with ``ship``,
    ``when``'s too, so that the shipped run reads its lapse rows from the same build)."""
    categories = cur.execute("SELECT count(DISTINCT category) FROM events WHERE ts < ? AND event_type = 'purchase'",
                             [when]).fetchall()[0][0]
    if categories > p.max_categories:
        raise NoDataError(msg("decay.too_many_categories", categories=categories, limit=p.max_categories))
    # earliest first: each cut's decay fit starts from the one before it, never from a later one
    cuts = sorted(lapse.evaluation_cuts(when, p))
    per_cut: dict[str, list[float]] = {n: [] for n in candidates.NAMES}
    per_cut_se: dict[str, list[float]] = {n: [] for n in candidates.NAMES}
    used: list[datetime] = []
    reliability: dict[str, Any] = {}
    origin = data_origin(cur)
    # every fit and lapse feature below reads the occasions before its own date: grouped once
    # (dropped with the lapse tables, lapse.drop, after the shipped fit has read them too)
    lapse_features.cache_occasions(cur, origin, when)
    fit: FitOutput | None = None
    # too little history before a cut to train anything on: no verdict there
    scored = [c for c in cuts if lapse.training_cuts(c, origin, p) and (c - origin).days >= 2 * p.horizon_days]
    ship_cut = [when] if ship and lapse.training_cuts(when, origin, p) else []
    plans = lapse.prepare(cur, scored + ship_cut, when, p, ship=when if ship_cut else None)
    for i, cut in enumerate(cuts):
        cancel.raise_if_cancelled()
        if cut not in scored:
            continue
        sub = _no_partial(SubProgress(progress, 100 * i / len(cuts), 100 * (i + 1) / len(cuts)))
        try:
            scores = lapse.score_cut(cur, cut, cut + timedelta(days=p.horizon_days), p, sub, cancel, start=fit,
                                     plan=plans[cut])
        except lapse.OneOutcome:   # every training pair lapsed (or none): nothing to judge the candidates on
            continue
        fit = scores.fit
        used.append(cut)
        for name, prob in scores.probs.items():
            per_cut[name].append(auc(prob, scores.y))
            # one cut gives no spread: the sampling error of the decay model's lead over each is the bar then
            # (pairs of one customer are not independent: a floor on the error, not its whole)
            per_cut_se[name].append(auc_difference_se(scores.probs["decay"], prob, scores.y)
                                    if len(scored) == 1 and name != "decay" else float("nan"))
        # the latest cut's, for the page's reliability diagram
        reliability = {n: reliability_bins(scores.y, prob) for n, prob in scores.probs.items()}
        reliability["n_pairs"] = int(scores.y.size)
        reliability["lapse_rate"] = float(scores.y.mean())
    if not used:
        return {"winner": "decay", **with_message("verdict", msg("decay.no_verdict")),
                "evaluation_cuts": []}, None, plans
    v = judge(per_cut, house="decay", metric="auc", cuts=[f"{c:%Y-%m-%d}" for c in used], per_cut_se=per_cut_se)
    text = describe(v, candidates.LABELS)
    flat = {f"lapse_auc_{n}": v.means[n] for n in per_cut}
    return {"winner": v.winner, **with_message("verdict", text), "lapse_verdict": v.to_dict(), "evaluation_cuts": v.cuts,
            "lapse_reliability": reliability, "shipped_lapse_score": v.winner,
            # the share of each cut's customers whose pairs were scored (max_eval_pairs)
            "evaluation_scored_share": {f"{c:%Y-%m-%d}": round(plans[c].scored_share, 4) for c in used},
            **_sample_text(min(plans[c].scored_share for c in used), p.max_eval_pairs),
            "shipped_lapse_label": candidates.LABELS[v.winner], **flat}, fit, plans


def _sample_text(share: float, max_pairs: int) -> dict[str, Any]:
    """The sentence saying the verdict was judged on a sample, when it was (nothing when every pair was scored)."""
    if share >= 1.0:
        return {}
    return with_message("evaluation_sample_text", msg("decay.eval_sample", pairs=int(max_pairs), share=share))


def _fit_sample_text(fit, max_sequences: int) -> dict[str, Any]:
    """The sentence saying the half-lives were fitted on a sample of buyers, when some were (``max_sequences``)."""
    sampled = sum(c.n_customers > max_sequences for c in fit.categories)
    out: dict[str, Any] = {"fit_sampled_categories": int(sampled)}
    if sampled:
        out.update(with_message("fit_sample_text", msg("decay.fit_sample", buyers=int(max_sequences),
                                                       sampled=int(sampled), categories=len(fit.categories))))
    return out


def _train_metrics(cur, fit, cal, n_rows: int, max_sequences: int) -> dict[str, Any]:
    half_lives = [c.half_life_days for c in fit.categories]
    # booleans are fetched as integers: NumPy bools from DuckDB upset the interpreter at exit
    d = cur.execute("SELECT p_raw_cal, CAST(lapsed_cal AS INTEGER) AS lapsed_cal FROM dk_fit "
                    "WHERE at_risk_cal").fetchnumpy()
    y = np.asarray(d["lapsed_cal"], dtype=np.float64)
    p_cal = cal.transform(np.asarray(d["p_raw_cal"], dtype=np.float64))
    m = {f"calibration_split_{k}": v for k, v in evaluation.lapse_metrics(y, p_cal, "").items()}
    return {"n_categories": len(fit.categories), "n_buyers": fit.n_buyers, "n_pairs": n_rows,
            "median_half_life_days": float(np.median(half_lives)),
            "half_life_days": {c.category: round(c.half_life_days, 2) for c in fit.categories},
            "calibration_a": cal.coef_[0], "calibration_b": cal.coef_[1], **m,
            **_fit_sample_text(fit, max_sequences)}


def default_backtest_as_of(project: Project, params: DecayParams) -> datetime:
    return data_end(project) - timedelta(days=params.horizon_days)


def backtest_decay(project: Project, *, as_of: datetime | str | None = None, params: dict[str, Any] | None = None,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> TrainResult:
    progress, cancel = ensure(progress, cancel)
    p = DecayParams.from_dict(params)
    when = resolve_as_of(project, as_of) if as_of is not None else default_backtest_as_of(project, p)
    end = when + timedelta(days=p.horizon_days)
    if end > data_end(project):
        raise ProjectError(msg("backtest.needs_until", as_of=f"{when:%Y-%m-%d}", until=f"{end:%Y-%m-%d}",
                               end=f"{data_end(project):%Y-%m-%d}"))
    with model_run(project, BACKTEST_KIND, as_of=when, params=p.to_dict()) as run, \
            project.interruptible(cancel) as cur:
        try:
            fit = fit_categories(cur, when, p, SubProgress(progress, 0, 85), cancel)
            progress(85, 100, msg("progress.decay.comparing"))
            cal = scoring.fit_calibrator(cur)
            scoring.build_rates(cur, fit)
            scoring.build_scores(cur, fit, cal)
            scoring.write_categories(cur, run.run_id)
            run.metrics.update(evaluation.backtest_metrics(cur, fit, cal, p))
            run.metrics["median_half_life_days"] = float(np.median([c.half_life_days for c in fit.categories]))
        finally:
            scoring.drop_temp(cur)
    m = run.metrics
    progress(100, 100, msg("progress.backtest_done"))
    return TrainResult(BACKTEST_KIND, run.run_id, m,
                       msg("decay.backtest", auc=m["auc"], recency_auc=m["recency_auc"], pairs=m["n_pairs"],
                           lapsed=m["lapse_rate"]))


def export_sql(project: Project) -> tuple[str, list]:
    run = latest_run(project, KIND)
    if run is None:
        raise ProjectError(msg("run.none.decay"))
    return ("SELECT customer_id, category, interest, half_life_days, lapse_probability, decay_point "
            "FROM decay_scores WHERE run_id = ? ORDER BY customer_id, category", [run.run_id])

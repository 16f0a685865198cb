"""The migration service: train (and score), backtest, export — what the CLI and the GUI call."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from engine.evaluation.metrics import best_of
from engine.jobs import CancelToken, SubProgress, ensure
from engine.models.base import NoDataError, TrainResult, data_end, resolve_as_of
from engine.models.baselines import BASELINE_LABELS, make_baselines
from engine.models.migration.batches import ChunkReader
from engine.models.migration.params import MigrationParams
from engine.models.migration.scoring import write_scores
from engine.models.migration.trainer import (FitReport, deterministic, evaluate, fit_baselines, fit_blend,
                                             fit_calibrator, train_network)
from engine.models.migration.weights import save_model
from engine.features.sequences import FEATURE_NAMES, SequenceSource
from engine.store.errors import ProjectError
from engine.models.scores import current_runs, current_scores_sql
from engine.store.project import Project
from engine.store.runs import RunHandle, model_run

KIND = "migration"
BACKTEST_KIND = "migration_backtest"
METRICS = ("auc", "precision@5", "recall@10", "ndcg@10")
#: How much the backtest AUC moves between network seeds on the demo shop (sd over 3 seeds, rounded up).
SEED_NOISE_AUC = 0.003


def train_migration(project: Project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    """Train as of a date (default: the end of the data) and score every candidate pair at that date."""
    progress, cancel = ensure(progress, cancel)
    p = MigrationParams.from_dict(params)
    as_of = resolve_as_of(project, as_of)
    with model_run(project, KIND, as_of=as_of, params=p.to_dict()) as run:
        with project.interruptible(cancel) as cur, deterministic(p.n_threads(), p.seed):
            reader, net, baselines, report, calibrator = _fit(project, cur, as_of, p, run, progress, cancel)
            # calibration on the validation weeks it was fitted on (in-sample: the backtest measures it honestly)
            raw, _ = evaluate(reader, p.val_shift(), p, cancel, net, {}, p.max_val_customers)
            fitted, _ = evaluate(reader, p.val_shift(), p, cancel, net, {}, p.max_val_customers, calibrator)
            clock = time.perf_counter()
            n_pairs = write_scores(cur, reader, net, calibrator, baselines["markov"], run.run_id, p.lookback,
                                   progress=SubProgress(progress, 85, 100), cancel=cancel)
            report.stage_seconds["scoring"] = time.perf_counter() - clock
        run.metrics.update(_metrics(report.model_val, report.baselines_val, "validation", as_of, p))
        run.metrics.update(_describe(reader, report, p, n_pairs))
        run.metrics["calibration"] = _calibration(raw["model"], fitted["model"], "validation (in-sample)")
        run.save_metrics()
    return TrainResult(KIND, run.run_id, run.metrics, run.metrics["verdict"])


def backtest_migration(project: Project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult:
    """Train everything as of a past date and score the H weeks that followed it."""
    progress, cancel = ensure(progress, cancel)
    p = MigrationParams.from_dict(params)
    end = data_end(project)
    as_of = resolve_as_of(project, as_of) if as_of is not None else end - timedelta(weeks=p.horizon)
    if as_of + timedelta(weeks=p.horizon) > end:
        raise ProjectError(f"A backtest as of {as_of:%Y-%m-%d} needs {p.horizon} weeks of data after it; "
                           f"the data ends {end:%Y-%m-%d}. Choose a date on or before "
                           f"{end - timedelta(weeks=p.horizon):%Y-%m-%d}.")
    with model_run(project, BACKTEST_KIND, as_of=as_of, params=p.to_dict()) as run:
        with project.interruptible(cancel) as cur, deterministic(p.n_threads(), p.seed):
            reader, net, baselines, report, calibrator = _fit(project, cur, as_of, p, run, progress, cancel)
            progress(90, 100, "Scoring the weeks after the as-of date")
            test, _ = evaluate(reader, 0, p, cancel, net, baselines, calibrator=calibrator)
            raw, _ = evaluate(reader, 0, p, cancel, net, {})
            # the network alone, recalibrated without the baselines: what the blend is measured against
            platt, _ = evaluate(reader, 0, p, cancel, net, {}, calibrator=fit_calibrator(reader, net, p, cancel))
        model = test.pop("model")
        run.metrics["calibration"] = _calibration(raw["model"], model, "backtest")
        run.metrics["calibration"]["auc_network_recalibrated"] = platt["model"].get("auc")
        run.metrics.update(_metrics(model, test, "backtest", as_of, p))
        run.metrics["validation"] = {"model": {k: v for k, v in report.model_val.items() if k != "calibration"}, "baselines": report.baselines_val}
        run.metrics.update(_describe(reader, report, p, model.get("pairs", 0)))
        run.save_metrics()
        progress(100, 100, "Backtest done")
    return TrainResult(BACKTEST_KIND, run.run_id, run.metrics, run.metrics["verdict"])


def export_sql(project: Project) -> tuple[str, list]:
    """Every candidate pair of the latest run; cold-start customers' rows come from the transfer
    run of the same as-of date when there is one (``source`` says which)."""
    migration_run, transfer_run = current_runs(project)
    if migration_run is None:
        raise ProjectError("No migration run yet: run `train PROJECT --models migration` first")
    scores, params = current_scores_sql(migration_run, transfer_run)
    return (f"SELECT customer_id, category, score, rank, reason, source FROM ({scores}) "
            "ORDER BY customer_id, rank", params)


# -- the shared fit ------------------------------------------------------------------------
def _fit(project: Project, cur, as_of: datetime, p: MigrationParams, run: RunHandle, progress, cancel: CancelToken):
    first = project.scalar("SELECT min(ts) FROM events WHERE ts < ?", [as_of])
    if first is None:
        raise NoDataError(f"No events before {as_of:%Y-%m-%d}: nothing to train on")
    weeks = (as_of - first).days // 7
    usable = [s for s in p.train_shifts() if s + 4 <= weeks]  # a cut needs 4 weeks of history before it
    if not usable:
        raise NoDataError(f"Migration needs at least {2 * p.horizon + 4} weeks of history before "
                          f"{as_of:%Y-%m-%d}; the data has {weeks}")
    p.train_cuts = len(usable)
    progress(0, 100, "Building weekly category sequences")
    report = FitReport()
    clock = time.perf_counter()
    source = SequenceSource(cur, as_of, p.spec())
    report.stage_seconds["sequences"] = time.perf_counter() - clock
    if source.k < 2:
        raise NoDataError("Migration needs purchases in at least two categories")
    reader = ChunkReader(source, p.chunk_customers, p.cache_mb)
    baselines = make_baselines(p.seed)
    clock = time.perf_counter()
    report.train_samples = fit_baselines(reader, baselines, p, cancel, SubProgress(progress, 2, 12))
    report.stage_seconds["baselines_fit"] = time.perf_counter() - clock
    progress(12, 100, "Scoring the baselines on the validation weeks")
    clock = time.perf_counter()
    report.baselines_val, _ = evaluate(reader, p.val_shift(), p, cancel, None, baselines, p.max_val_customers)
    report.stage_seconds["baselines_validation"] = time.perf_counter() - clock
    progress(15, 100, "Baselines ready", {"baselines": {n: r["auc"] for n, r in report.baselines_val.items()}})
    clock = time.perf_counter()
    net = train_network(reader, p, baselines, progress=SubProgress(progress, 15, 85), cancel=cancel, report=report)
    report.stage_seconds["training"] = report.seconds_training = time.perf_counter() - clock
    hist = project.cursor()
    for row in report.history:
        hist.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?)",
                     [run.run_id, row["epoch"], row["train_loss"], row["val_loss"], row["val_metric"]])
    progress(85, 100, "Blending with the baselines and calibrating on the validation weeks")
    calibrator = fit_blend(reader, net, baselines, p, cancel)
    save_model(project, run.run_id, net, {
        "params": p.to_dict(), "categories": source.categories, "features": list(FEATURE_NAMES),
        "as_of": as_of.isoformat(), "baselines": {n: b.to_dict() for n, b in baselines.items()},
        "calibration": calibrator.to_dict()})
    return reader, net, baselines, report, calibrator


def _calibration(raw: dict, calibrated: dict, measured_on: str) -> dict[str, Any]:
    """Expected (sum of scores) vs actual shifters, before and after recalibration."""
    before, after = raw.get("calibration", {}), calibrated.get("calibration", {})
    keep = ("brier", "expected", "actual", "ratio", "worst_ratio", "worst")
    return {"measured_on": measured_on, "brier": after.get("brier"), "worst_ratio": after.get("worst_ratio"),
            "auc_uncalibrated": raw.get("auc"),
            "before": {k: before.get(k) for k in keep},
            "after": {k: after.get(k) for k in keep},
            "per_category": {c: {"expected_before": v["expected"], "expected_after":
                                 after.get("per_category", {}).get(c, {}).get("expected"), "actual": v["actual"]}
                             for c, v in before.get("per_category", {}).items()}}


def _metrics(model: dict, baselines: dict, evaluated_on: str, as_of: datetime, p: MigrationParams) -> dict[str, Any]:
    """Model and baselines side by side, flat keys for the CLI, and a plain verdict."""
    model = {k: v for k, v in model.items() if k != "calibration"}   # kept apart, under "calibration"
    best_name, best_auc = best_of(baselines, "auc")
    model_auc = model.get("auc", float("nan"))
    # a win smaller than what reseeding the network moves the AUC by is not a win
    beats = bool(model_auc == model_auc and model_auc > best_auc + SEED_NOISE_AUC)
    label = BASELINE_LABELS.get(best_name, best_name)
    if evaluated_on == "validation":
        span = f"the {p.horizon} weeks before {as_of:%Y-%m-%d} (held out from training)"
    else:
        span = f"the {p.horizon} weeks after {as_of:%Y-%m-%d}"
    if beats:
        verdict = (f"The LSTM beats the best baseline ({label}) on {span}: "
                   f"AUC {model_auc:.3f} vs {best_auc:.3f}.")
    elif model_auc == model_auc and model_auc > best_auc - SEED_NOISE_AUC:
        verdict = (f"The LSTM ties the best baseline ({label}) on {span}: AUC {model_auc:.3f} vs {best_auc:.3f}, "
                   f"within seed noise (±{SEED_NOISE_AUC}), so it does not beat it. Either ranking will do.")
    else:
        verdict = (f"The LSTM does NOT beat the best baseline ({label}) on {span}: "
                   f"AUC {model_auc:.3f} vs {best_auc:.3f}. Prefer the baseline's ranking for campaigns.")
    out: dict[str, Any] = {"evaluated_on": evaluated_on, "model": model, "baselines": baselines,
                           "best_baseline": best_name, "beats_best_baseline": beats, "verdict": verdict}
    for m in METRICS:
        out[f"model_{m}"] = model.get(m, float("nan"))
        for name, r in baselines.items():
            out[f"{name}_{m}"] = r.get(m, float("nan"))
    return out


def _describe(reader: ChunkReader, report: FitReport, p: MigrationParams, n_pairs: int) -> dict[str, Any]:
    return {"customers": reader.source.n_customers, "categories": reader.source.k,
            "category_names": reader.source.categories, "train_samples": report.train_samples,
            "samples_per_epoch": report.samples_per_epoch,
            "train_cuts": p.train_cuts, "threads": p.n_threads(), "epochs": len(report.history), "best_epoch": report.best_epoch,
            "stopped": report.stopped, "seconds_per_epoch": report.seconds_per_epoch,
            "seconds_training": report.seconds_training, "candidate_pairs": int(n_pairs),
            "stage_seconds": {k: round(v, 2) for k, v in report.stage_seconds.items()},
            "history": report.history}

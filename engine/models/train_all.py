"""Train (or backtest) several models, in registry order, as one job: one progress bar, one cancel.

What "Models ▸ Train all", the first start of the demo shop and the CLI's ``train`` and
``backtest`` share. A cancel stops at once; runs already finished stay (each model writes its
run in one transaction, so nothing is left half-written). On a shop without categories the
models that need them are skipped with the reason, unless they were asked for by name; so is a
model the shop has too little history for (an export of a few weeks still gets its customers,
segments and new customers' categories, where decay and migration need months).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.messages import Message, msg, term
from engine.models import registry
from engine.models.base import NoDataError, TrainResult
from engine.store.errors import ProjectError
from engine.store.project import Project

#: Share of the progress bar per model: their times on the demo shop (45 s, 33 s, 166 s, 2 s on a
#: loaded 2-core machine); a model not listed counts 1.
WEIGHTS: dict[str, float] = {"segments": 1.0, "decay": 0.75, "migration": 3.7, "transfer": 0.1}


@dataclass(frozen=True)
class ModelTrained:
    """The partial result after each model: views show that model's run at once."""

    kind: str
    run_id: int


@dataclass
class TrainAllResult:
    runs: list[tuple[str, TrainResult]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)   # {"model": name, "reason": why (a Message)}


def default_models(backtest: bool = False) -> list[str]:
    return registry.backtest_names() if backtest else registry.default_names()


def plan(project: Project, models: list[str] | None = None, *, backtest: bool = False
         ) -> tuple[list[registry.ModelSpec], list[dict[str, Any]]]:
    """The specs to run and the ones skipped. Models named explicitly that cannot run here are
    refused (ProjectError) instead of skipped."""
    explicit = models is not None
    names = list(models) if explicit else default_models(backtest)
    choices = registry.backtest_names() if backtest else list(registry.SPECS)
    unknown = [m for m in names if m not in choices]
    if unknown:
        raise ProjectError(msg("model.unknown", name=", ".join(unknown), choices=", ".join(choices)))
    specs = [registry.spec(n) for n in names]
    reason = registry.missing_categories(project) if any(s.needs_categories for s in specs) else None
    if not reason:
        return specs, []
    refused = [s.name for s in specs if s.needs_categories]
    if explicit:
        raise ProjectError(msg("categories.refused", models=[term(n) for n in refused], reason=reason))
    return [s for s in specs if not s.needs_categories], [{"model": n, "reason": reason} for n in refused]


def skipped_message(out: TrainAllResult) -> Message:
    """What a Train all that skipped models says: the models trained, and the skipped ones by their reason."""
    reasons: dict[str, list[dict[str, Any]]] = {}
    for d in out.skipped:
        reasons.setdefault(str(d["reason"]), []).append(d)
    skips = [msg("train.skip", models=[term(d["model"]) for d in group], reason=group[0]["reason"])
             for group in reasons.values()]
    return msg("train.skipped", trained=[term(n) for n, _ in out.runs], skips=skips)


def train_all(project: Project, *, as_of: datetime | str | None = None, models: list[str] | None = None,
              params: dict[str, dict[str, Any]] | None = None, backtest: bool = False, named: bool | None = None,
              progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> TrainAllResult:
    """Train ``models`` (default: all, in registry order) as of one date; ``params`` per model name.

    ``named``: the user asked for these models by name (default: when ``models`` is given), so one the data
    cannot train stops the run with its reason; otherwise it is skipped and the others train.
    After each model a partial :class:`ModelTrained` lets views show that run at once.
    """
    progress, cancel = ensure(progress, cancel)
    # every model of the run reads the same shop: an import or a removal asked for meanwhile waits
    with project.data_guard.reading(progress, cancel):
        return _train_all(project, as_of, models, params, backtest, named, progress, cancel)


def _train_all(project: Project, as_of: datetime | str | None, models: list[str] | None,
               params: dict[str, dict[str, Any]] | None, backtest: bool, named: bool | None,
               progress: ProgressCallback, cancel: CancelToken) -> TrainAllResult:
    named = models is not None if named is None else named
    specs, skipped = plan(project, models, backtest=backtest)
    params = params or {}
    out = TrainAllResult(skipped=skipped)
    weights = [WEIGHTS.get(s.name, 1.0) for s in specs]
    total = sum(weights) or 1.0
    start = 0.0
    for i, (s, weight) in enumerate(zip(specs, weights)):
        cancel.raise_if_cancelled()
        step = msg("progress.step", model=term(s.title), i=i + 1, n=len(specs))
        progress(start, total, step)
        sub = SubProgress(_prefixed(progress, step), start, start + weight, total=total)
        try:
            result = registry.run_model(s, project, backtest=backtest, as_of=as_of,
                                        params=dict(params.get(s.name) or {}), progress=sub, cancel=cancel)
        except NoDataError as exc:
            # too little history for this model (its run wrote nothing): the next ones may still train
            if named or (i == len(specs) - 1 and not out.runs):
                raise
            out.skipped.append({"model": s.name, "reason": exc.message})
            start += weight
            continue
        out.runs.append((s.name, result))
        start += weight
        progress(start, total, msg("progress.step_done", step=step), ModelTrained(result.kind, result.run_id))
    done = msg("train.all_done") if not skipped else skipped_message(out)
    progress(total, total, done)
    return out


def _prefixed(progress: ProgressCallback, step: Message) -> ProgressCallback:
    # one job's partials would mix several models' charts: the combined job reports progress only
    def report(done: float, total: float, message: str = "", partial: Any = None) -> None:
        progress(done, total, msg("progress.step_message", step=step, message=message) if message else step)

    return report

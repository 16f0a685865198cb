"""Train every model, in registry order, as one job: one progress bar, one cancel.

What "Models ▸ Train all", the first start of the demo shop and the CLI's ``train`` share.
A cancel stops at once; runs already finished stay (each model writes its run in one
transaction, so nothing is left half-written).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.jobs import CancelToken, ProgressCallback, SubProgress, ensure
from engine.models import registry
from engine.models.base import TrainResult
from engine.store.errors import ProjectError
from engine.store.project import Project

#: Share of the progress bar per model: their times on the demo shop (45 s, 33 s, 166 s, 2 s on a
#: loaded 2-core machine); a model not listed counts 1.
WEIGHTS: dict[str, float] = {"segments": 1.0, "decay": 0.75, "migration": 3.7, "transfer": 0.1}


def default_models() -> list[str]:
    return list(registry.TRAIN)


def train_all(project: Project, *, as_of: datetime | str | None = None, models: list[str] | None = None,
              params: dict[str, dict[str, Any]] | None = None, progress: ProgressCallback | None = None,
              cancel: CancelToken | None = None) -> list[TrainResult]:
    """Train ``models`` (default: all, in registry order) as of one date; ``params`` per model name.

    After each model a partial ``{"trained": kind, "run_id": id}`` lets views show that run at once.
    """
    progress, cancel = ensure(progress, cancel)
    names = list(models) if models else default_models()
    unknown = [m for m in names if m not in registry.TRAIN]
    if unknown:
        raise ProjectError(f"Unknown model {', '.join(unknown)}; choose from {', '.join(registry.TRAIN)}")
    params = params or {}
    weights = [WEIGHTS.get(n, 1.0) for n in names]
    total = sum(weights)
    results: list[TrainResult] = []
    start = 0.0
    for i, (name, weight) in enumerate(zip(names, weights)):
        cancel.raise_if_cancelled()
        step = f"{name.capitalize()} ({i + 1}/{len(names)})"
        progress(start, total, step)
        fn = registry.resolve(registry.TRAIN, name)
        sub = SubProgress(_prefixed(progress, step), start, start + weight, total=total)
        result = fn(project, as_of=as_of, params=dict(params.get(name) or {}), progress=sub, cancel=cancel)
        results.append(result)
        start += weight
        progress(start, total, f"{step}: done", {"trained": result.kind, "run_id": result.run_id})
    progress(total, total, "All models trained")
    return results


def _prefixed(progress: ProgressCallback, step: str) -> ProgressCallback:
    # one job's partials would mix four models' charts: the combined job reports progress only
    def report(done: float, total: float, message: str = "", partial: Any = None) -> None:
        progress(done, total, f"{step}: {message}" if message else step)

    return report

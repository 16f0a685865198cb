"""Where each model's service lives. Imported lazily: the CLI's `import` must not load torch.

Contract of each entry:
* train:    fn(project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult
* backtest: fn(project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult
* export:   fn(project) -> tuple[str, list]   SQL and parameters of the latest run's table
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

from engine.store.errors import ProjectError

TRAIN: dict[str, str] = {
    "customers": "engine.models.customers.service:train_customers",
    "segments": "engine.models.segments.service:train_segments",
    "decay": "engine.models.decay.service:train_decay",
    "migration": "engine.models.migration.service:train_migration",
    "transfer": "engine.models.transfer.service:train_transfer",
}

BACKTEST: dict[str, str] = {
    "customers": "engine.models.customers.service:backtest_customers",
    "decay": "engine.models.decay.service:backtest_decay",
    "migration": "engine.models.migration.service:backtest_migration",
}

EXPORT: dict[str, str] = {
    "segments": "engine.models.segments.service:export_sql",
    "decay": "engine.models.decay.service:export_sql",
    "shifts": "engine.models.migration.service:export_sql",
    "customers": "engine.models.customers.service:export_sql",
    "catalog": "engine.catalog.derive:export_sql",
}


def resolve(table: dict[str, str], name: str) -> Callable[..., Any]:
    if name not in table:
        raise ProjectError(f"Unknown name {name!r}; choose from {', '.join(table)}")
    module, attr = table[name].split(":")
    try:
        return getattr(import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ProjectError(f"{name} is not available in this build ({exc})") from exc

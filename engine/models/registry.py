"""Every model, one typed spec each: what the CLI (and any front end) trains, backtests and exports.

Adding a model means adding one :class:`ModelSpec` to :data:`SPECS` (or calling :func:`register`).
The specs name their functions as ``"module:attribute"`` and import them only when asked, so the
CLI's ``import`` never loads torch.

Contract of the functions a spec names:
* train:    fn(project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult
* backtest: fn(project, *, as_of=None, params=None, progress=None, cancel=None) -> TrainResult
* export:   fn(project) -> tuple[str, list]   SQL and parameters of the latest run's table
* params:   a dataclass with ``from_dict(dict | None)`` that refuses unknown names (ProjectError)
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import wraps
from importlib import import_module
from typing import Any, Callable

from engine.messages import Message, msg
from engine.models.freed_memory import hand_back_freed_memory
from engine.store.errors import ProjectError
from engine.store.project import Project
from engine.store.runs import record_summary


@dataclass(frozen=True)
class ExportSpec:
    name: str                   # what `export NAME` calls it
    sql: str                    # "module:function" returning the latest run's (SQL, parameters)


@dataclass(frozen=True)
class ModelSpec:
    name: str                   # what --models calls it; also the kind of its training runs
    title: str                  # for people: the page and the messages
    train: str                  # "module:function"
    params: str                 # "module:Class" of its strict parameters
    backtest: str | None = None
    exports: tuple[ExportSpec, ...] = ()
    needs_categories: bool = False      # nothing to learn on a shop whose purchases carry no category
    result_kinds: tuple[str, ...] = ()  # run kinds it writes (train first, then backtest)
    default: bool = True                # trained by `train` without --models

    def train_fn(self) -> Callable[..., Any]:
        return _recording(load(self.train, self.name))

    def backtest_fn(self) -> Callable[..., Any]:
        if self.backtest is None:
            raise ProjectError(msg("model.no_backtest", name=self.name, choices=", ".join(backtest_names())))
        return _recording(load(self.backtest, self.name))

    def params_class(self) -> type:
        return load(self.params, self.name)

    def takes_horizon(self) -> bool:
        """Whether its parameters have the shared ``horizon_weeks`` (what --horizon sets)."""
        return any(f.name == "horizon_weeks" for f in fields(self.params_class()))


SPECS: dict[str, ModelSpec] = {s.name: s for s in (
    ModelSpec("customers", "Customers", "engine.models.customers.service:train_customers",
              "engine.models.customers.params:CustomerParams",
              backtest="engine.models.customers.service:backtest_customers",
              exports=(ExportSpec("customers", "engine.models.customers.service:export_sql"),),
              result_kinds=("customers", "customers_backtest")),
    ModelSpec("segments", "Segments", "engine.models.segments.service:train_segments",
              "engine.models.segments.params:SegmentParams",
              exports=(ExportSpec("segments", "engine.models.segments.service:export_sql"),),
              result_kinds=("segments",)),
    ModelSpec("decay", "Decay", "engine.models.decay.service:train_decay",
              "engine.models.decay.params:DecayParams",
              backtest="engine.models.decay.service:backtest_decay",
              exports=(ExportSpec("decay", "engine.models.decay.service:export_sql"),),
              needs_categories=True, result_kinds=("decay", "decay_backtest")),
    ModelSpec("migration", "Migration", "engine.models.migration.service:train_migration",
              "engine.models.migration.params:MigrationParams",
              backtest="engine.models.migration.service:backtest_migration",
              exports=(ExportSpec("shifts", "engine.models.migration.service:export_sql"),),
              needs_categories=True, result_kinds=("migration", "migration_backtest")),
    ModelSpec("transfer", "Transfer", "engine.models.transfer.service:train_transfer",
              "engine.models.transfer.params:TransferParams",
              needs_categories=True, result_kinds=("transfer",)),
)}

#: Exports that belong to no model.
OTHER_EXPORTS: tuple[ExportSpec, ...] = (ExportSpec("catalog", "engine.catalog.derive:export_sql"),)


def _recording(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` that also keeps its result's one-line message with the run (the Runs page's summary)."""

    @wraps(fn)
    def run(project: Project, *args: Any, **kwargs: Any) -> Any:
        result = fn(project, *args, **kwargs)
        if getattr(result, "message", None) and getattr(result, "run_id", None) is not None:
            record_summary(project, result.run_id, result.message)
        return result

    return run


def register(spec: ModelSpec) -> ModelSpec:
    if spec.name in SPECS:
        raise ValueError(f"a model named {spec.name!r} is already registered")
    SPECS[spec.name] = spec
    return spec


def spec(name: str) -> ModelSpec:
    if name not in SPECS:
        raise ProjectError(msg("model.unknown", name=repr(name), choices=", ".join(SPECS)))
    return SPECS[name]


def default_names() -> list[str]:
    return [s.name for s in SPECS.values() if s.default]


def backtest_names() -> list[str]:
    return [s.name for s in SPECS.values() if s.backtest]


def exports() -> dict[str, ExportSpec]:
    return {e.name: e for s in SPECS.values() for e in s.exports} | {e.name: e for e in OTHER_EXPORTS}


def export_fn(name: str) -> Callable[[Project], tuple[str, list]]:
    table = exports()
    if name not in table:
        raise ProjectError(msg("export.unknown_name", name=repr(name), choices=", ".join(table)))
    return load(table[name].sql, name)


def missing_categories(project: Project) -> Message | None:
    """Why the models with ``needs_categories`` have nothing to learn here, or None when they do.

    A shop with purchases none of which carries a category (a customer/date/amount ledger,
    or products not grouped yet); a project with no purchases at all is left to the models'
    own messages.
    """
    cur = project.cursor()
    purchases, with_category = cur.execute(
        "SELECT count(*), count(category) FROM events WHERE event_type = 'purchase'").fetchall()[0]
    if not purchases or with_category:
        return None
    from engine.catalog.derive import group_summary

    summary = group_summary(project)
    if summary.state == "pending":
        return msg("categories.pending", items=summary.items)
    return msg("categories.none")


def load(path: str, name: str) -> Any:
    module, attr = path.split(":")
    try:
        return getattr(import_module(module), attr)
    except (ImportError, AttributeError) as exc:
        raise ProjectError(msg("model.unavailable", name=name, detail=str(exc))) from exc


def run_model(s: ModelSpec, project: Project, *args: Any, backtest: bool = False, **kwargs: Any) -> Any:
    """Train (or backtest) one model on the shop's data held unchanged (an import or a removal asked for
    meanwhile waits: :mod:`engine.store.data_guard`); what it freed goes back to the system however it ends,
    so the next model in the same process (the window, ``train`` with several) does not start on top of it."""
    with project.data_guard.reading(kwargs.get("progress"), kwargs.get("cancel")):
        try:
            return (s.backtest_fn() if backtest else s.train_fn())(project, *args, **kwargs)
        finally:
            hand_back_freed_memory(project)


def lazy(name: str, *, backtest: bool = False) -> Callable[..., Any]:
    """The model's train (or backtest) function, imported only when called: a page holding it does
    not load torch or scikit-learn before the window shows (the import then runs on the job's thread)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return run_model(spec(name), *args, backtest=backtest, **kwargs)

    call.__name__ = f"{'backtest' if backtest else 'train'}_{name}"
    return call

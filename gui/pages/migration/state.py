"""What the Migration page shows of the latest migration run, as plain data read from the engine."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from engine.messages import Message, stored
from engine.models.migration import results
from engine.models.migration.params import MigrationParams
from engine.models.scores import current_runs
from engine.store import Project
from engine.store.runs import RunInfo, latest_run
from engine.read.paged_query import PagedQuery
from gui.i18n.engine_text import locale_number, translate_template
from gui.widgets.sql_table_model import read_ahead


@dataclass(frozen=True)
class MigrationState:
    run: RunInfo
    params: MigrationParams                    # the run's own: labels (horizon) come from them
    card: results.ModelCard
    per_cut: dict[str, list[float]]            # each candidate's AUC at every evaluation cut
    means: dict[str, tuple[float, float | None]]  # each candidate's mean AUC and its sd across cuts (None at one)
    flows: list[tuple[str, str, float, int]]   # (from, to, expected customers, ranking it first)
    targets: list[tuple[str, float, float]]    # categories by expected customers moving in (and new ones)
    headline: str
    category_check: results.CategoryCheck | None = None   # expected vs actual at the latest cut
    cold_start: Message | str | None = None    # the latest transfer run's verdict (its scores rank new customers)
    cold_start_outcome: str = ""               # ... and its outcome: the neighbours beat, tie or lose to popularity
    cold_start_calibration: Message | str | None = None   # ... and the layer its probabilities went through
    first_customers: PagedQuery | None = None  # the first target's customers, their first page read ahead


def customers_query(project: Project, run: RunInfo, category: str) -> PagedQuery:
    """Who is predicted to move into ``category``, most likely first (the page's list)."""
    sql, params = results.customers_sql(run.run_id, category, lookback=run.params.get("lookback"),
                                        template=translate_template)
    query = PagedQuery(project, sql, params, filter_columns=["Customer", "Why"])
    query.set_sort("Score", descending=True)
    return query


def read_state(project: Project) -> MigrationState | None:
    run = results.latest(project)
    if run is None:
        return None
    params, card = results.run_params(run), results.model_card(run)
    _, per_cut = results.per_cut(run)
    scored = locale_number(run.metrics.get("customers_scored", 0), ",")
    if run.as_of:
        headline = QCoreApplication.translate(
            "MigrationPage", "Shift scores as of {date} for the next {weeks} weeks · {customers} customers · run {run}"
        ).format(date=f"{run.as_of:%Y-%m-%d}", weeks=params.horizon_weeks, customers=scored, run=run.run_id)
    else:
        headline = QCoreApplication.translate(
            "MigrationPage", "Shift scores for the next {weeks} weeks · {customers} customers · run {run}").format(
            weeks=params.horizon_weeks, customers=scored, run=run.run_id)
    transfer = latest_run(project, "transfer")
    _, ranks_new = current_runs(project)
    verdict = transfer.metrics if transfer is not None and transfer.metrics.get("verdict_text") else None
    targets = results.target_categories(project, run.run_id, ranks_new)
    return MigrationState(run, params, card, per_cut, results.auc_means(run), results.flows(project, run), targets,
                          headline, results.category_check(run),
                          stored(verdict["verdict_text"], verdict.get("verdict_text_message")) if verdict else None,
                          verdict["verdict"].get("outcome", "") if verdict else "",
                          stored(verdict["calibration_text"], verdict.get("calibration_text_message"))
                          if verdict and verdict.get("calibration_text") else None,
                          read_ahead(customers_query(project, run, targets[0][0])) if targets else None)

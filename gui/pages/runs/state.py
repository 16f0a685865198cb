"""What the Runs page shows, as plain data: the runs table, the metrics over runs, one run's record."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from engine.read.paged_query import PagedQuery
from engine.read.runs import MetricSeries, metric_history, runs_query
from engine.store import Project
from engine.store.runs import RunInfo
from gui.i18n.engine_text import locale_number
from gui.widgets.sql_table_model import read_ahead

#: The metric the chart opens on when the runs report it (else the first in the list).
PREFERRED_METRICS = ("auc", "silhouette", "brier_skill")


@dataclass(frozen=True)
class RunsState:
    runs: PagedQuery
    metrics: dict[str, list[MetricSeries]]    # by metric key: one series per model

    @property
    def metric_keys(self) -> list[str]:
        return list(self.metrics)

    @property
    def first_metric(self) -> str | None:
        return next((k for k in PREFERRED_METRICS if k in self.metrics), next(iter(self.metrics), None))


def read_state(project: Project) -> RunsState:
    return RunsState(read_ahead(runs_query(project)), metric_history(project))


def run_details(run: RunInfo) -> str:
    """One run's record as text: what it was given and what it measured (JSON)."""
    text = [QCoreApplication.translate("RunsPage", "Run {run} — {kind}, {status}").format(
                run=run.run_id, kind=run.kind, status=run.status),
            QCoreApplication.translate("RunsPage", "As of: {date}    Took: {seconds} s").format(
                date=run.as_of or "—", seconds=locale_number(run.duration_s or 0, ".1f")),
            QCoreApplication.translate("RunsPage", "Data: {fingerprint}").format(fingerprint=run.data_fingerprint)]
    if run.message:
        text.append(QCoreApplication.translate("RunsPage", "Message: {message}").format(message=run.message))
    text += ["", QCoreApplication.translate("RunsPage", "Parameters:"), json.dumps(run.params, indent=2, sort_keys=True),
             "", QCoreApplication.translate("RunsPage", "Metrics:"), json.dumps(run.metrics, indent=2, sort_keys=True)]
    return "\n".join(text)

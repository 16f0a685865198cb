"""The Runs page: every model run with its parameters, data fingerprint and metrics."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

from engine.read.runs import runs_query
from engine.store import Project
from engine.store.runs import get_run
from gui.pages.base import Page
from gui.widgets.sql_table_view import SqlTableView

class RunsPage(Page):
    title = "Runs"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.runs = SqlTableView("Filter runs: kind, status…")
        self.runs.row_selected.connect(self._show_run)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select a run to see its parameters and metrics.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.runs)
        split.addWidget(self.details)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Every training and backtest is kept here with what it was given and what it measured."))
        layout.addWidget(split)

    def on_project_changed(self, project: Project | None) -> None:
        self.details.clear()
        if project is None:
            self.runs.set_query(None)
            return
        self.runs.set_query(runs_query(project))

    def on_runs_changed(self, kind: str) -> None:
        self.runs.refresh()

    def _show_run(self, row: dict) -> None:
        if self.project is None or row.get("run") is None:
            return
        run = get_run(self.project, int(row["run"]))
        if run is None:
            return
        text = [f"Run {run.run_id} — {run.kind}, {run.status}",
                f"As of: {run.as_of or '—'}    Took: {run.duration_s or 0:.1f} s",
                f"Data: {run.data_fingerprint}"]
        if run.message:
            text.append(f"Message: {run.message}")
        text += ["", "Parameters:", json.dumps(run.params, indent=2, sort_keys=True),
                 "", "Metrics:", json.dumps(run.metrics, indent=2, sort_keys=True)]
        self.details.setPlainText("\n".join(text))

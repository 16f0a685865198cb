"""The Runs page: every model run with its parameters, data fingerprint and metrics; a chart of a
metric over the runs, and the selected run's record (JSON) beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from engine.read.runs import run_info, summary_of
from engine.store import Project
from gui.i18n import values
from gui.i18n.engine_text import engine_text
from gui.pages.model_page import ModelPage
from gui.pages.runs import state as page_state
from gui.pages.runs.metrics_chart import MetricsChart
from gui.pages.runs.state import RunsState, run_details
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.splitter import weighted_splitter


class RunsPage(ModelPage):
    title = "Runs"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: RunsState | None = None
        self.runs = SqlTableView(self.tr("Filter runs: kind, status…"))
        self.runs.row_selected.connect(self._show_run)
        # the summary reads in the user's language; the message it is drawn from is not a column to show
        self.runs.model.set_cell_text("summary", lambda text, row: engine_text(summary_of(text, row.get("summary_message"))))
        values.translate_columns(self.runs.model, kind=values.run_kind, status=values.run_status)
        self.runs.model.modelReset.connect(self._hide_message_column)
        self.runs.model.layoutChanged.connect(self._hide_message_column)
        self.chart = MetricsChart()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(self.tr("Select a run to see its parameters and metrics."))
        below = weighted_splitter(Qt.Orientation.Horizontal, (self.chart, 3), (self.details, 2))
        split = weighted_splitter(Qt.Orientation.Vertical, (self.runs, 2), (below, 1))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Every training and backtest is kept here with what it was given and "
                                        "what it measured.")))
        layout.addWidget(split)

    def read_state(self, project: Project) -> RunsState:
        return page_state.read_state(project)

    def show_state(self, state: RunsState | None) -> None:
        same_project = (state is not None and self.state is not None
                        and state.runs.project is self.state.runs.project)
        self.state = state
        if same_project:
            # a run ended: the table reads again in place, keeping its sort, its filter and the run shown below
            self.runs.refresh()
        else:
            self.details.clear()
            self.runs.set_query(state.runs if state is not None else None)
        self.chart.set_history(state.metrics if state is not None else {},
                               state.first_metric if state is not None else None)

    def on_runs_changed(self, kind: str) -> None:
        self.reload()   # every kind of run is listed here

    def _hide_message_column(self) -> None:
        query = self.runs.model.query
        if query is not None and "summary_message" in query.columns:
            self.runs.table.setColumnHidden(query.columns.index("summary_message"), True)

    def _show_run(self, row: dict) -> None:
        if self.project is None or row.get("run") is None:
            return
        run = run_info(self.project, int(row["run"]))
        if run is not None:
            self.details.setPlainText(run_details(run))

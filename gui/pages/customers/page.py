"""The Customers page: per customer, the chance of buying again in the next H weeks, expected
orders and spend, and the next order date; which model made them and how it fared out of sample.

Everything shown is read from the latest customers run (engine.models.customers.results); the
table sorts and filters in DuckDB. Training runs through the one job runner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSpinBox, QVBoxLayout, QWidget

from engine.models.customers import results
from engine.models.customers.service import train_customers
from engine.store import Project
from gui.pages.base import Page
from gui.pages.customers.charts import CustomerCharts
from gui.widgets.run_controls import RunControls
from gui.widgets.sql_table_view import SqlTableView


class CustomersPage(Page):
    title = "Customers"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.job = None
        #: Extra training parameters (tests train with fewer cuts).
        self.extra_params: dict = {}
        self._run = None
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 52)
        self.horizon.setValue(4)
        self.horizon.setSuffix(" weeks")
        self.horizon.setToolTip("H: predict buying again, orders and spend over the next H weeks")
        self.controls = RunControls(
            "Predict customers", noun="the customers model", fields=[("Horizon", self.horizon)],
            as_of_tip="Predict as of this date (YYYY-MM-DD); blank = the day after the last event")
        self.controls.start_button.clicked.connect(self.start_training)
        self.train_button, self.status = self.controls.start_button, self.controls.status
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(self.verdict.textFormat().PlainText)
        self.charts = CustomerCharts()
        self.table = SqlTableView("Filter customers: id or tier…", headers=results.HEADERS)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.status)
        layout.addWidget(self.verdict)
        layout.addWidget(self.charts)
        layout.addWidget(self.table, 1)
        self.controls.set_running(False, available=ctx.project is not None)
        self.on_project_changed(ctx.project)

    def on_project_changed(self, project: Project | None) -> None:
        self.controls.set_running(self.job is not None, available=project is not None)
        self.load_latest()

    def on_runs_changed(self, kind: str) -> None:
        if kind in ("customers", "segments"):
            self.load_latest()

    def load_latest(self) -> None:
        project = self.project
        self._run = results.latest(project) if project is not None else None
        if self._run is None:
            self.table.set_query(None)
            self.charts.set_histogram(None, None)
            self.charts.set_deciles(None, "")
            self.verdict.setText("")
            self.status.setText("" if project is None else
                                "No customer predictions yet: click “Predict customers”. They need only "
                                "customers, dates and amounts, no categories.")
            return
        run_id, m = self._run.run_id, self._run.metrics
        t = results.totals(project, run_id)
        self.status.setText(
            f"{t['customers']:,} customers as of {self._run.as_of:%Y-%m-%d}, next {m.get('horizon_weeks')} weeks: "
            f"{t['expected_buyers']:,.0f} expected to buy again, {t['expected_orders']:,.0f} orders, "
            f"{t['expected_spend']:,.0f} spend · run {run_id}")
        self.verdict.setText("\n".join(results.verdict_lines(self._run) + m.get("notes", [])[:3]))
        h = results.p_histogram(project, run_id)
        self.charts.set_histogram(h["edges"], h["counts"])
        self.charts.set_deciles(m.get("deciles"), m.get("winner", ""))
        self.table.set_query(results.predictions_query(project, run_id))

    # -- the training job ---------------------------------------------------------------------
    def start_training(self) -> None:
        if self.project is None or self.job is not None:
            return
        params = {"horizon_weeks": int(self.horizon.value()), **self.extra_params}
        self.job = self.ctx.runner.start("Predict customers", train_customers, self.project,
                                         as_of=self.controls.as_of_value(), params=params)
        self.controls.watch(self.job)
        self.job.returned.connect(self._on_returned)
        self.job.errored.connect(lambda exc: self.status.setText(f"Customer predictions failed: {exc}"))
        self.job.cancelled.connect(self._on_cancelled)
        self.job.finished.connect(self._on_finished)

    def _on_returned(self, result) -> None:
        self.ctx.notify_runs_changed("customers")
        self.status.setText(result.message)

    def _on_cancelled(self) -> None:
        self.load_latest()
        self.status.setText("Cancelled: the previous predictions are kept.")

    def _on_finished(self) -> None:
        self.job = None
        self.controls.set_running(False, available=self.project is not None)

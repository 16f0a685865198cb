"""The Customers page: per customer, the chance of buying again in the next H weeks, expected
orders and spend, and the next order date; which model made them and how it fared out of sample.

What it shows is the latest customers run (gui/pages/customers/state.py); the table sorts and
filters in DuckDB. Training runs through the model-page base.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QLabel, QSpinBox, QVBoxLayout, QWidget

from engine.models.customers import results
from engine.models.customers.params import CustomerParams
from gui.i18n import values
from gui.i18n.engine_text import engine_text
from gui.pages.customers.charts import CustomerCharts
from gui.pages.customers import state as page_state
from gui.pages.customers.state import CustomersState
from gui.pages.model_page import ModelPage
from gui.widgets.sql_table_view import SqlTableView


class CustomersPage(ModelPage):
    title = "Customers"
    model = "customers"
    also_reads = ("segments",)   # the table shows each customer's tier
    start_text = QT_TRANSLATE_NOOP("ModelPage", "Predict customers")
    noun = QT_TRANSLATE_NOOP("ModelPage", "the customers model")
    as_of_tip = QT_TRANSLATE_NOOP("ModelPage", "Predict as of this date (YYYY-MM-DD); blank = the day after the "
                                               "last event")
    cancelled_text = QT_TRANSLATE_NOOP("ModelPage", "Cancelled: the previous predictions are kept.")

    def run_fields(self) -> list[tuple[str, QWidget]]:
        self.horizon = QSpinBox()
        self.horizon.setRange(1, 52)
        self.horizon.setValue(self.ctx.user_defaults().horizon_weeks)   # H of Edit ▸ Settings
        self.horizon.setSuffix(self.tr(" weeks"))
        self.horizon.setToolTip(self.tr("H: predict buying again, orders and spend over the next H weeks"))
        return [(self.tr("Horizon"), self.horizon)]

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: CustomersState | None = None
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(self.verdict.textFormat().PlainText)
        self.charts = CustomerCharts()
        self.table = SqlTableView(self.tr("Filter customers: id or tier…"), headers=results.HEADERS)
        values.translate_columns(self.table.model, tier=values.tier)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        layout.addWidget(self.verdict)
        layout.addWidget(self.charts)
        layout.addWidget(self.table, 1)
        ctx.settings_changed.connect(self._on_settings_changed)
        self.reload()

    def params(self) -> dict[str, Any]:
        return {"horizon_weeks": int(self.horizon.value())}

    def _on_settings_changed(self) -> None:
        if self.job is None:
            self.horizon.setValue(self.ctx.user_defaults().horizon_weeks)

    def read_state(self, project) -> CustomersState | None:
        return page_state.read_state(project)

    def show_state(self, state: CustomersState | None) -> None:
        self.state = state
        self.run = state.run if state is not None else None
        if state is None:
            self.table.set_query(None)
            self.charts.set_histogram(None, None)
            self.charts.set_deciles(None, "")
            self.verdict.setText("")
            self.say("" if self.project is None or self.reading else
                     self.tr("No customer predictions yet: click “Predict customers”. They need only "
                             "customers, dates and amounts, no categories."))
            return
        self.say(state.headline)
        self.verdict.setText("\n".join(engine_text(line) for line in state.verdict))
        self.charts.set_histogram(state.histogram["edges"], state.histogram["counts"])
        self.charts.set_deciles(state.deciles, state.winner, state.deciles_sample,
                                bool(state.run.metrics.get("calibration")))
        self.table.set_query(state.predictions)
        # BG/NBD's own probability beside the shipped one; not when BG/NBD is what ships (the shipped one is it,
        # through the calibration layer: two columns of one model's chance said the same twice, one of them less well)
        columns = state.predictions.columns
        if "p_bgnbd" in columns:
            self.table.table.setColumnHidden(columns.index("p_bgnbd"), state.winner == "bgnbd")

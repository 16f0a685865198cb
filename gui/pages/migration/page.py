"""The Migration page: start, pause or cancel training and watch the backtest's curves; then read the
model card, the predicted moves, and who is about to shift into a chosen category.

What it shows is the latest migration run (gui/pages/migration/state.py); training runs through the
model-page base, and each evaluation cut's AUC joins the curves as it completes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSpinBox, QTabWidget, QVBoxLayout,
                               QWidget)

from engine.models.migration import results
from engine.models.migration.params import MigrationParams
from engine.models.migration.partials import CutScored
from gui.i18n import values
from gui.i18n.engine_text import engine_text, locale_number
from gui.jobs.runner import Job
from gui.pages.migration.card import ModelCardView
from gui.pages.migration.category_check import CategoryCheckChart
from gui.pages.migration.curves import TrainingCurves
from gui.pages.migration.flows import FlowChart
from gui.pages.migration import state as page_state
from gui.pages.migration.state import MigrationState
from gui.pages.model_page import MODEL_SLOT, ModelPage
from gui.theme import set_tone, verdict_tone
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.splitter import weighted_splitter


class MigrationPage(ModelPage):
    title = "Migration"
    model = "migration"
    noun = QT_TRANSLATE_NOOP("ModelPage", "training")
    cancelled_text = QT_TRANSLATE_NOOP("ModelPage", "Cancelled: the previous model and its scores are kept.")

    def run_fields(self) -> list[tuple[str, QWidget]]:
        self.eval_cuts = QSpinBox()
        self.eval_cuts.setRange(2, 12)
        self.eval_cuts.setValue(MigrationParams().eval_cuts)
        self.eval_cuts.setToolTip(self.tr("Rolling evaluation cuts behind the verdict: each candidate is fitted "
                                          "on earlier cuts and judged on the weeks after each of these"))
        return [(self.tr("Evaluation cuts"), self.eval_cuts)]

    #: The transfer model's scores rank the new customers in this page's lists: its verdict is shown too.
    also_reads = ("transfer",)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: MigrationState | None = None
        self._first_shown = False   # the state's first target's list was shown (a later choice of it reads again)
        self.cold_start = QLabel()
        self.cold_start.setWordWrap(True)
        self.cold_start.setObjectName("coldStartVerdict")
        self.cold_start.setVisible(False)
        self.curves = TrainingCurves()
        self.card = ModelCardView()
        self.flows = FlowChart()
        self.target = QComboBox()
        self.target.currentIndexChanged.connect(self._show_target)
        self.customers = SqlTableView(self.tr("Filter customers: id or words of the reason…"))
        # the transfer model's rows keep their English reason: read back and shown translated
        values.translate_columns(self.customers.model, Why=values.reason)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(self.tr("Customers predicted to move into")))
        pick.addWidget(self.target, 1)
        rl.addLayout(pick)
        rl.addWidget(self.customers, 1)

        self.check = CategoryCheckChart()
        self.charts = QTabWidget()
        self.charts.addTab(self.curves, self.tr("Backtest AUC"))
        self.charts.addTab(self.check, self.tr("Expected vs actual per category"))
        self.charts.addTab(self.flows, self.tr("Predicted moves"))
        self.card.setMinimumWidth(480)
        # two columns: how the models did (charts as tabs over the candidates' table), and the customers to act on
        # at the window's full height. In two rows (charts and table over the moves' chart and the list) the AUC
        # chart's axis went under its legend and the list kept five rows on a laptop's screen.
        left = weighted_splitter(Qt.Orientation.Vertical, (self.charts, 3), (self.card, 2))
        split = weighted_splitter(Qt.Orientation.Horizontal, (left, 1), (right, 1))
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        layout.addWidget(self.card.verdict)
        layout.addWidget(self.cold_start)
        # two lines of room: a long verdict wraps instead of being clipped by the splitter below
        self.card.verdict.setMinimumHeight(2 * self.card.verdict.fontMetrics().height() + 10)
        layout.addWidget(split, 1)
        self.reload()

    # -- the latest run ------------------------------------------------------------------------
    def read_state(self, project) -> MigrationState | None:
        return page_state.read_state(project)

    def show_state(self, state: MigrationState | None) -> None:
        self.state = state
        self._first_shown = False
        self.run = state.run if state is not None else None
        self._show_cold_start(state)
        self.target.blockSignals(True)
        self.target.clear()
        if state is None:
            self.target.blockSignals(False)
            # the reason is the line right above the card: the card does not say it again
            self.card.show_card(None, self.tr("No migration model: its newest run was skipped, for the reason "
                                              "above.") if self.skipped else None)
            self.curves.reset()
            self.check.show_check(None)
            self.flows.set_flows([])
            self.customers.set_query(None)
            self.say("")
            return
        self.card.show_card(state.card)
        self.curves.load(state.per_cut, state.means)
        self.check.show_check(state.category_check)
        self.flows.set_flows(state.flows, state.params.horizon_weeks)
        for category, expected, new in state.targets:
            # new customers ranked by the transfer model are on campaign lists too: their part is said, so the
            # Campaigns page's total for the category is this one's two parts
            label = (self.tr("{category}  (≈{expected} expected, ≈{new} more among new customers)") if new >= 0.5
                     else self.tr("{category}  (≈{expected} expected)"))
            self.target.addItem(label.format(category=category, expected=locale_number(expected, ",.0f"),
                                             new=locale_number(new, ",.0f")), category)
        self.target.blockSignals(False)
        self._show_target()
        self.say(state.headline)

    def _show_cold_start(self, state: MigrationState | None) -> None:
        if state is None or state.cold_start is None:
            self.cold_start.setVisible(False)
            return
        text = self.tr("New customers (the transfer model): {verdict}").format(verdict=engine_text(state.cold_start))
        if state.cold_start_calibration is not None:
            text += " " + engine_text(state.cold_start_calibration)
        self.cold_start.setText(text)
        set_tone(self.cold_start, verdict_tone(state.cold_start_outcome), "padding: 0 4px;")
        self.cold_start.setVisible(True)

    def _show_target(self) -> None:
        category = self.target.currentData()
        if self.project is None or self.run is None or category is None:
            self.customers.set_query(None)
            return
        first = self.state.first_customers if self.state is not None and self.state.targets else None
        if first is not None and category == self.state.targets[0][0] and not self._first_shown:
            self._first_shown, query = True, first   # its first page read with the state
        else:
            query = page_state.customers_query(self.project, self.run, category)
        self.customers.set_query(query)

    # -- the training job ----------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        return {"eval_cuts": int(self.eval_cuts.value())}

    def before_start(self) -> None:
        self.curves.reset()
        # the live backtest is what there is to watch while training
        self.charts.setCurrentWidget(self.curves)

    def start(self) -> Job | None:
        job = super().start()
        if job is not None:
            # every cut joins the curves (the throttled redraw sees only the latest partial),
            # while the job is still this page's: not after another project opened
            job.partial.connect(lambda partial, j=job: self._add_cut(partial) if self.jobs.get(MODEL_SLOT) is j
                                else None)
        return job

    def _add_cut(self, partial: Any) -> None:
        if isinstance(partial, CutScored):
            self.curves.add_cut({results.label(n): v for n, v in partial.auc.items()})

    def draw_partial(self, partial: Any) -> None:
        self.curves.redraw()

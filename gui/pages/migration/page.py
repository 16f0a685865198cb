"""The Migration page: start, pause or cancel training and watch it; then read the model card, the
predicted moves, and who is about to shift into a chosen category."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QSpinBox, QSplitter, QVBoxLayout,
                               QWidget)
from superqt.utils import qthrottled

from engine.models.baselines.pair_models import PAIR_LABELS
from engine.models.migration import results
from engine.models import registry
from engine.models.migration.params import MigrationParams
from engine.read.paged_query import PagedQuery
from engine.store import Project
from engine.store.runs import latest_run
from gui.pages.base import Page
from gui.pages.migration.card import ModelCardView
from gui.pages.migration.curves import TrainingCurves
from gui.pages.migration.flows import FlowChart
from gui.widgets.run_controls import RunControls
from gui.widgets.sql_table_view import SqlTableView

#: Live curves redraw at most this often (partial results can arrive faster than the eye needs).
REDRAW_MS = 50


class MigrationPage(Page):
    title = "Migration"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.job = None
        #: Extra model parameters (tests use it to train small; advanced users could set it).
        self.extra_params: dict = {}
        self._run_id: int | None = None

        defaults = MigrationParams()
        self.eval_cuts = QSpinBox()
        self.eval_cuts.setRange(2, 12)
        self.eval_cuts.setValue(defaults.eval_cuts)
        self.eval_cuts.setToolTip("Rolling evaluation cuts behind the verdict: each candidate is fitted on "
                                  "earlier cuts and judged on the weeks after each of these")
        self.controls = RunControls(
            "Train", noun="training",
            as_of_tip="Train as of this date (YYYY-MM-DD); blank = the day after the last event",
            fields=(("Evaluation cuts", self.eval_cuts),))
        self.controls.start_button.clicked.connect(self.start_training)
        # the names the page's tests and code use for the shared controls
        self.as_of, self.train_button = self.controls.as_of, self.controls.start_button
        self.pause_button, self.cancel_button = self.controls.pause_button, self.controls.cancel_button
        self.progress, self.status = self.controls.progress, self.controls.status

        self.curves = TrainingCurves()
        self.card = ModelCardView()
        self.flows = FlowChart()
        self.target = QComboBox()
        self.target.currentIndexChanged.connect(self._show_target)
        self.customers = SqlTableView("Filter customers: id or words of the reason…")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Customers predicted to move into"))
        pick.addWidget(self.target, 1)
        rl.addLayout(pick)
        rl.addWidget(self.customers, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.curves)
        top.addWidget(self.card)
        self.card.setMinimumWidth(480)
        top.setSizes([900, 500])
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.flows)
        bottom.addWidget(right)
        bottom.setSizes([560, 840])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.status)
        layout.addWidget(self.card.verdict)
        # two lines of room: a long verdict wraps instead of being clipped by the splitter below
        self.card.verdict.setMinimumHeight(2 * self.card.verdict.fontMetrics().height() + 10)
        layout.addWidget(split, 1)

        # live charts redraw at most every REDRAW_MS, with the latest partial result
        self._redraw = qthrottled(self.curves.redraw, timeout=REDRAW_MS, leading=False, parent=self)
        self._set_running(False)

    # -- project and runs ------------------------------------------------------------------
    def on_project_changed(self, project: Project | None) -> None:
        self.train_button.setEnabled(project is not None and self.job is None)
        self._load_latest()

    def on_runs_changed(self, kind: str) -> None:
        if kind == "migration":
            self._load_latest()

    def _load_latest(self) -> None:
        project = self.project
        run = latest_run(project, "migration") if project is not None else None
        self._run_id = run.run_id if run else None
        if run is None:
            self.card.show_card(None)
            self.curves.reset()
            self.flows.set_flows([])
            self.target.clear()
            self.customers.set_query(None)
            return
        card = results.model_card(run)
        self.card.show_card(card)
        _, per_cut = results.per_cut(run)
        spreads = {name: (metrics["auc"], sd["auc"]) for (name, metrics), sd in zip(card.rows, card.spreads)}
        self.curves.load(per_cut, {n.replace("  ← shipped", ""): v for n, v in spreads.items()})
        self.flows.set_flows(results.flows(project, run.run_id))
        self.target.blockSignals(True)
        self.target.clear()
        for category, expected in results.target_categories(project, run.run_id):
            self.target.addItem(f"{category}  (≈{expected:,.0f} expected)", category)
        self.target.blockSignals(False)
        self._show_target()

    def _show_target(self) -> None:
        category = self.target.currentData()
        if self.project is None or self._run_id is None or category is None:
            self.customers.set_query(None)
            return
        sql, params = results.customers_sql(self._run_id, category)
        query = PagedQuery(self.project, sql, params, filter_columns=["Customer", "Why"])
        query.set_sort("Score", descending=True)
        self.customers.set_query(query)

    # -- the training job --------------------------------------------------------------------
    def params(self) -> dict:
        return {"eval_cuts": self.eval_cuts.value(), **self.extra_params}

    def start_training(self) -> None:
        if self.project is None or self.job is not None:
            return
        self.curves.reset()
        self.job = self.ctx.runner.start("Train migration model", registry.lazy("migration"), self.project,
                                         as_of=self.controls.as_of_value(), params=self.params())
        self.controls.watch(self.job)
        self.job.partial.connect(self._on_partial)
        self.job.returned.connect(self._on_returned)
        self.job.errored.connect(self._on_errored)
        self.job.cancelled.connect(self._on_cancelled)
        self.job.finished.connect(self._on_finished)

    def cancel_training(self) -> None:
        self.controls.cancel()

    def _set_running(self, running: bool) -> None:
        self.controls.set_running(running, available=self.project is not None)

    def _on_partial(self, partial) -> None:
        if not isinstance(partial, dict):
            return
        if "baselines" in partial:
            self.curves.add_cut({PAIR_LABELS.get(n, n): v for n, v in partial["baselines"].items()})
        self._redraw()

    def _on_returned(self, result) -> None:
        self.status.setText(f"Done: run {result.run_id} — see the model card below.")
        self.progress.setValue(1000)

    def _on_errored(self, exc) -> None:
        self.status.setText(f"Training failed: {exc}")

    def _on_cancelled(self) -> None:
        self.status.setText("Cancelled: the previous model and its scores are kept.")
        self.progress.setValue(0)

    def _on_finished(self) -> None:
        self.job = None
        self._set_running(False)
        self.ctx.notify_runs_changed("migration")

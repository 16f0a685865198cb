"""The Decay page: half-life per category, who is about to lapse from a category, one
customer's interest curves with their decay point; the backtest's verdict beside them.

Everything shown is read from the latest decay runs (engine.models.decay.queries).
"Fit decay" and "Backtest" run through the job runner; bars appear category by
category while the fit works.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QSplitter, QVBoxLayout, QWidget)
from superqt.utils import qthrottled

from engine.models.decay import queries
from engine.models import registry
from engine.models.decay.params import DecayParams
from engine.store import Project
from gui.pages.base import Page
from gui.pages.decay.half_life_chart import HalfLifeChart, describe_days
from gui.pages.decay.interest_chart import InterestChart
from gui.pages.decay.reliability_chart import ReliabilityChart
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard

#: Partial results redraw at most this often.
REDRAW_MS = 50


class DecayPage(Page):
    title = "Decay"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.job = None
        self.extra_params: dict = {}   # decay parameters beyond the page's own (tests make training small)
        self._job_kind = "decay"
        self._run = None
        self._pending: dict | None = None
        self.category: str | None = None

        self.as_of = QLineEdit()
        self.as_of.setPlaceholderText("end of data")
        self.as_of.setToolTip("Fit as of this date (YYYY-MM-DD); blank = the day after the last event")
        self.as_of.setMaximumWidth(110)
        self.fit_button = QPushButton("Fit decay")
        self.backtest_button = QPushButton("Backtest")
        self.backtest_button.setToolTip("Fit as of 4 weeks before the end of the data and check the lapse "
                                        "predictions against what really happened")
        self.cancel_button = QPushButton("Cancel")
        self.fit_button.clicked.connect(lambda: self.start_job("fit"))
        self.backtest_button.clicked.connect(lambda: self.start_job("backtest"))
        self.cancel_button.clicked.connect(self.cancel_job)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("As of"))
        bar.addWidget(self.as_of)
        bar.addWidget(self.fit_button)
        bar.addWidget(self.backtest_button)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.progress, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)

        self.card_half_life = StatCard("Median half-life")
        self.card_at_risk = StatCard("Customers at risk")
        self.card_auc = StatCard("Lapse prediction (backtest AUC)")
        self.card_brier = StatCard("Calibration (backtest Brier)")
        self.card_shipped = StatCard("Shipped lapse score (out of sample)")
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        cards = QHBoxLayout()
        for card in (self.card_half_life, self.card_at_risk, self.card_shipped, self.card_auc, self.card_brier):
            cards.addWidget(card)

        self.chart = HalfLifeChart()
        self.chart.category_clicked.connect(self.select_category)
        self.category_box = QComboBox()
        self.category_box.setMinimumWidth(160)
        self.category_box.currentTextChanged.connect(lambda text: self.select_category(text) if text else None)
        self.only_interested = QCheckBox("only customers still interested")
        self.only_interested.setToolTip("Hide customers whose interest has already fallen below the level "
                                        "where they stop buying (their decay point has passed)")
        self.only_interested.setChecked(True)
        self.only_interested.toggled.connect(lambda _on: self._load_at_risk())
        self.at_risk_title = QLabel("<b>Most at risk of lapsing</b>")
        self.at_risk = SqlTableView("Filter customers…", headers=queries.at_risk_headers(DecayParams.horizon_weeks))
        self.at_risk.row_selected.connect(self._on_customer)
        self.curves = InterestChart()

        top = QHBoxLayout()
        top.addWidget(self.at_risk_title, 1)
        top.addWidget(QLabel("Category"))
        top.addWidget(self.category_box)
        top.addWidget(self.only_interested)
        table_box = QWidget()
        tb = QVBoxLayout(table_box)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addLayout(top)
        tb.addWidget(self.at_risk, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(table_box)
        right.addWidget(self.curves)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        self.reliability = ReliabilityChart()
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.chart)
        left.addWidget(self.reliability)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(cards)
        layout.addWidget(self.verdict)
        layout.addWidget(split, 1)

        # live charts redraw at most every REDRAW_MS, with the latest partial result
        self._redraw = qthrottled(self._draw_partial, timeout=REDRAW_MS, leading=False, parent=self)
        self._set_running(False)
        self.on_project_changed(ctx.project)

    # -- the latest runs ---------------------------------------------------------------------------
    def on_project_changed(self, project: Project | None) -> None:
        self._set_running(self.job is not None)
        self.load_latest()

    def on_runs_changed(self, kind: str) -> None:
        if kind == "decay":
            self.load_latest()
        elif kind == "decay_backtest" and self.project is not None:
            self._show_backtest(queries.latest_backtest(self.project))  # the lists and curves stay as they are

    def load_latest(self) -> None:
        project = self.project
        self._run = queries.latest(project) if project is not None else None
        self._show_backtest(queries.latest_backtest(project) if project is not None else None)
        self.curves.show_customer(None, [], None, None)
        if self._run is None:
            hint = "Open a project first" if project is None else "No decay model yet: click “Fit decay”"
            self.chart.set_message(hint)
            self.at_risk.set_query(None)
            self.category_box.blockSignals(True)
            self.category_box.clear()
            self.category_box.blockSignals(False)
            self.card_half_life.set("–")
            self.card_at_risk.set("–")
            self.card_shipped.set("–")
            self.verdict.setText("")
            self.reliability.set_bins([])
            self.status.setText(hint + "." if project is not None else "")
            return
        run_id = self._run.run_id
        cats = queries.category_half_lives(project, run_id)
        self.chart.set_data([c["category"] for c in cats], [c["half_life_days"] for c in cats],
                            [(c["half_life_lo"], c["half_life_hi"]) for c in cats])
        fastest, slowest = cats[-1], cats[0]
        m = self._run.metrics
        self.card_half_life.set(describe_days(m.get("median_half_life_days", 0.0)),
                                f"fastest {fastest['category']} {describe_days(fastest['half_life_days'])}, "
                                f"slowest {slowest['category']} {describe_days(slowest['half_life_days'])}")
        self._show_verdict(m)
        s = queries.summary(project, run_id, self._run.as_of)
        self.card_at_risk.set(f"{s['at_risk_customers']:,}",
                              "likely (≥50%) to lapse from a category they still care about")
        self.status.setText(
            f"Decay as of {self._run.as_of:%Y-%m-%d}: {len(cats)} categories, {s['n_pairs']:,} customer-category "
            f"pairs · lapse = no purchase in the next {queries.horizon_weeks(self._run)} weeks · run {run_id}")
        names = sorted(c["category"] for c in cats)
        keep = self.category if self.category in names else None
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItems(names)
        self.category_box.blockSignals(False)
        # start on the category with the most customers at stake
        self.select_category(keep or max(cats, key=lambda c: c["n_customers"])["category"])

    def _show_verdict(self, m: dict) -> None:
        """Which lapse score is shipped, why (the rolling-origin verdict), and how honest it is."""
        v = m.get("lapse_verdict")
        if not v:
            self.card_shipped.set("decay model", m.get("verdict", ""))
            self.verdict.setText(m.get("verdict", ""))
            self.reliability.set_bins([])
            return
        winner = v["winner"]
        self.card_shipped.set(m.get("shipped_lapse_label", winner),
                              f"AUC {v['means'][winner]:.3f} ± {v['sds'][winner]:.3f} across cuts "
                              f"{', '.join(v['cuts'])}")
        self.verdict.setText(m.get("verdict", ""))
        bins = m.get("lapse_reliability", {}).get(winner, [])
        self.reliability.set_bins(bins, f"Shipped lapse probability at {v['cuts'][0]}: predicted vs observed")

    def _show_backtest(self, run) -> None:
        if run is None:
            self.card_auc.set("–", "click “Backtest” to measure")
            self.card_brier.set("–", "")
            return
        m = run.metrics
        verdict = "beats" if m.get("beats_recency") else "does NOT beat"
        self.card_auc.set(f"{m['auc']:.3f}", f"{verdict} recency only ({m['recency_auc']:.3f}); "
                                             f"frequency+recency {m['freq_recency_auc']:.3f}")
        self.card_brier.set(f"{m['brier']:.3f}", f"recency only {m['recency_brier']:.3f} (lower is better) · "
                                                 f"as of {run.as_of:%Y-%m-%d}")

    # -- selections ---------------------------------------------------------------------------------
    def select_category(self, category: str) -> None:
        if not category or self._run is None:
            return
        self.category = category
        self.chart.select(category)
        if self.category_box.currentText() != category:
            self.category_box.blockSignals(True)
            self.category_box.setCurrentText(category)
            self.category_box.blockSignals(False)
        self._load_at_risk()

    def _load_at_risk(self) -> None:
        if self.project is None or self._run is None or self.category is None:
            return
        query = queries.at_risk_query(self.project, self._run.run_id, self.category, self._run.as_of,
                                      self.only_interested.isChecked())
        self.at_risk.model.set_headers(queries.at_risk_headers(queries.horizon_weeks(self._run)))
        self.at_risk.set_query(query)
        header = self.at_risk.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(query.columns.index("lapse_probability"), Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        n = query.count()
        self.at_risk_title.setText(f"<b>Most at risk of lapsing from {self.category}</b> — "
                                   f"{n:,} customer{'' if n == 1 else 's'}")
        self.curves.show_customer(None, [], None, None)

    def _on_customer(self, row: dict) -> None:
        customer = row.get("customer_id")
        if customer is None or self._run is None or self.project is None:
            return
        curves = queries.customer_curves(self.project, self._run.run_id, str(customer), self._run.as_of,
                                         focus=self.category)
        self.curves.show_customer(str(customer), curves, self.category, self._run.as_of)

    # -- jobs -----------------------------------------------------------------------------------------
    def start_job(self, which: str) -> None:
        if self.project is None or self.job is not None:
            return
        as_of = self.as_of.text().strip() or None
        if which == "fit":
            self.chart.set_message("Fitting the first category…")
            self.job = self.ctx.runner.start("Fit decay", registry.lazy("decay"), self.project, as_of=as_of,
                                             params=dict(self.extra_params))
            self._job_kind = "decay"
        else:
            self.job = self.ctx.runner.start("Backtest decay", registry.lazy("decay", backtest=True), self.project,
                                             as_of=as_of, params=dict(self.extra_params))
            self._job_kind = "decay_backtest"
        self.status.setText("Starting…")
        self.progress.setValue(0)
        self.job.progress.connect(self._on_progress)
        self.job.partial.connect(self._on_partial)
        self.job.returned.connect(self._on_returned)
        self.job.errored.connect(lambda exc: self.status.setText(f"Decay failed: {exc}"))
        self.job.cancelled.connect(self._on_cancelled)
        self.job.finished.connect(self._on_finished)
        self._set_running(True)

    def cancel_job(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")

    def _set_running(self, running: bool) -> None:
        ready = not running and self.project is not None
        self.fit_button.setEnabled(ready)
        self.backtest_button.setEnabled(ready)
        self.cancel_button.setEnabled(running)
        self.as_of.setEnabled(not running)

    def _on_progress(self, p) -> None:
        if p.fraction is not None:
            self.progress.setValue(int(p.fraction * 1000))
        if p.message:
            self.status.setText(p.message)

    def _on_partial(self, partial) -> None:
        if isinstance(partial, dict) and "fitted" in partial:
            self._pending = partial
            self._redraw()

    def _draw_partial(self) -> None:
        partial, self._pending = self._pending, None
        if partial is None or self._job_kind != "decay":
            return
        fitted = partial["fitted"]
        self.chart.set_data([f["category"] for f in fitted], [f["half_life_days"] for f in fitted],
                            [(f["half_life_lo"], f["half_life_hi"]) for f in fitted])

    def _on_returned(self, result) -> None:
        self.status.setText(result.message)
        self.ctx.notify_runs_changed(self._job_kind)
        self.status.setText(result.message)

    def _on_cancelled(self) -> None:
        self._redraw.cancel()  # a partial still queued must not redraw over the kept model
        self._pending = None
        self.load_latest()
        self.status.setText("Cancelled: the previous decay model is kept.")

    def _on_finished(self) -> None:
        self.job = None
        self._set_running(False)
        self.progress.setValue(1000 if self._run is not None else 0)


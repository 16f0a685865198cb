"""The Decay page: half-life per category, who is about to lapse from a category, one
customer's interest curves with their decay point; the backtest's verdict beside them.

What it shows is the latest decay runs (gui/pages/decay/state.py). "Fit decay" runs through the
model-page base, bars appearing category by category while the fit works; "Backtest" runs in its
own job slot and only refreshes the backtest cards.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from engine.messages import stored, term
from engine.models import registry
from engine.models.decay import queries
from engine.models.decay.params import DecayParams
from engine.models.decay.partials import DecayPartial
from gui.i18n.engine_text import engine_text, locale_number
from gui.jobs.runner import Job
from gui.pages.decay.half_life_chart import HalfLifeChart, describe_days
from gui.pages.decay.interest_chart import InterestChart
from gui.pages.decay.reliability_chart import ReliabilityChart
from gui.pages.decay.state import DecayRead, DecayState, read_backtest, read_page
from gui.pages.model_page import ModelPage
from gui.widgets.splitter import weighted_splitter
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard

#: The job slot of the backtest.
BACKTEST_SLOT = "backtest"


class DecayPage(ModelPage):
    title = "Decay"
    model = "decay"
    start_text = QT_TRANSLATE_NOOP("ModelPage", "Fit decay")
    noun = QT_TRANSLATE_NOOP("ModelPage", "the fit")
    as_of_tip = QT_TRANSLATE_NOOP("ModelPage", "Fit as of this date (YYYY-MM-DD); blank = the day after the last "
                                               "event")
    cancelled_text = QT_TRANSLATE_NOOP("ModelPage", "Cancelled: the previous decay model is kept.")

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: DecayState | None = None
        self.category: str | None = None
        self.backtest_button = QPushButton(self.tr("Backtest"))
        self.backtest_button.setToolTip(self.tr(
            "Fit as of the horizon H (Edit ▸ Settings; 4 weeks unless set) before the end of the data and check the "
            "lapse predictions against what really happened"))
        self.backtest_button.clicked.connect(self.start_backtest)
        bar = self.controls.layout()
        bar.insertWidget(bar.indexOf(self.controls.start_button) + 1, self.backtest_button)

        self.card_half_life = StatCard(self.tr("Median half-life"))
        self.card_at_risk = StatCard(self.tr("Customers at risk"))
        # a grocer's customer buys in ~76 categories and is nearly always about to lapse from one of them
        self.card_at_risk.setToolTip(self.tr(
            "Customers with a purchase who are likely (50% or more) to lapse from their main category, the one they "
            "care most about today (the highest interest of the categories they bought), and are still interested "
            "in it. The second figure counts customers likely to lapse from any category they bought."))
        self.card_auc = StatCard(self.tr("Lapse prediction (backtest AUC)"))
        self.card_brier = StatCard(self.tr("Calibration (backtest Brier)"))
        self.card_shipped = StatCard(self.tr("Shipped lapse score (out of sample)"))
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
        self.only_interested = QCheckBox(self.tr("only customers still interested"))
        self.only_interested.setToolTip(self.tr("Hide customers whose interest has already fallen below the "
                                                "level where they stop buying (their decay point has passed)"))
        self.only_interested.setChecked(True)
        self.only_interested.toggled.connect(self._on_interested_toggled)
        self._still_interested = True
        self._first_at_risk: tuple[str, bool, Any] | None = None
        self.at_risk_title = QLabel(self.tr("<b>Most at risk of lapsing</b>"))
        # wraps: a long category name must not widen the window past a laptop screen
        self.at_risk_title.setWordWrap(True)
        self.at_risk = SqlTableView(self.tr("Filter customers…"),
                                    headers=self.at_risk_headers(DecayParams.horizon_weeks))
        self.at_risk.row_selected.connect(self._on_customer)
        self.curves = InterestChart()

        top = QHBoxLayout()
        top.addWidget(self.at_risk_title, 1)
        top.addWidget(QLabel(self.tr("Category")))
        top.addWidget(self.category_box)
        top.addWidget(self.only_interested)
        table_box = QWidget()
        tb = QVBoxLayout(table_box)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addLayout(top)
        tb.addWidget(self.at_risk, 1)
        self.reliability = ReliabilityChart()
        # the charts as tabs beside the at-risk list, which has the column's height: stacked in two columns, on a
        # laptop's screen the list kept five rows and a clicked customer's curves 90 pixels, their dates cut off.
        # A click on a customer opens their curves' tab; a click on a half-life bar chooses the list's category.
        self.charts = QTabWidget()
        self.charts.setDocumentMode(True)
        self.charts.addTab(self.chart, self.tr("Half-lives"))
        self.charts.addTab(self.curves, self.tr("A customer's interest"))
        self.charts.addTab(self.reliability, self.tr("Calibration"))
        split = weighted_splitter(Qt.Orientation.Horizontal, (self.charts, 2), (table_box, 3))
        layout = QVBoxLayout(self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        layout.addLayout(cards)
        layout.addWidget(self.verdict)
        layout.addWidget(split, 1)
        self.reload()

    def at_risk_headers(self, horizon_weeks: int) -> dict[str, str]:
        """The engine's titles (translated as columns), the lapse risk's with the run's horizon in words."""
        return {**queries.at_risk_headers(horizon_weeks),
                "lapse_probability": self.tr("Lapse risk ({weeks} wk)").format(weeks=horizon_weeks)}

    # -- the latest runs ---------------------------------------------------------------------------
    def on_runs_changed(self, kind: str) -> None:
        if kind == "decay_backtest":
            self._show_backtest(read_backtest(self.project))  # the lists and curves stay as they are
        else:
            super().on_runs_changed(kind)

    def read_state(self, project) -> DecayRead:
        # (a plain bool the box keeps: the read runs on a worker, which reads no widget)
        return read_page(project, self._still_interested)

    def show_state(self, read: DecayRead | None) -> None:
        self._first_at_risk = read.first_at_risk if read is not None else None
        self.state = state = read.latest if read is not None else None
        self.run = state.run if state is not None else None
        self._show_backtest(read.backtest if read is not None else None)
        self.curves.show_customer(None, [], None, None)
        if state is None:
            if self.project is None:
                hint = self.tr("Open a project first")
            elif self.reading:
                hint = self.tr("Reading the project…")
            elif self.gap:
                hint = self.tr("No categories on this shop: nothing to fit")
            else:
                hint = self.empty_hint(self.tr("No decay model yet: click “Fit decay”"))
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
            self.say(self.tr("{hint}.").format(hint=hint) if self.project is not None and not self.reading else "")
            return
        cats = state.categories
        self.chart.set_data([c["category"] for c in cats], [c["half_life_days"] for c in cats],
                            [(c["half_life_lo"], c["half_life_hi"]) for c in cats])
        fastest, slowest = queries.fastest_and_slowest(cats)
        m = state.run.metrics
        self.card_half_life.set(describe_days(m.get("median_half_life_days", 0.0)),
                                self.tr("fastest {fast} {fast_days}, slowest {slow} {slow_days}").format(
                                    fast=fastest["category"], fast_days=describe_days(fastest["half_life_days"]),
                                    slow=slowest["category"], slow_days=describe_days(slowest["half_life_days"])))
        self._show_verdict(m)
        s = state.summary
        self.card_at_risk.set(locale_number(s["main_at_risk_customers"], ","), self.tr(
            "of {customers} likely (≥50%) to lapse from their main category; {any} from any").format(
            customers=locale_number(s["customers"], ","), any=locale_number(s["at_risk_customers"], ",")))
        self.say(state.headline)
        names = sorted(c["category"] for c in cats)
        keep = self.category if self.category in names else None
        self.category_box.blockSignals(True)
        self.category_box.clear()
        self.category_box.addItems(names)
        self.category_box.blockSignals(False)
        # start on the category with the most customers at stake
        self.select_category(keep or state.busiest)

    def _show_verdict(self, m: dict) -> None:
        """Which lapse score is shipped, why (the rolling-origin verdict), and how honest it is."""
        v = m.get("lapse_verdict")
        if not v:
            verdict = engine_text(stored(m.get("verdict", ""), m.get("verdict_message")))
            self.card_shipped.set(self.tr("decay model"), verdict)
            self.verdict.setText(verdict)
            self.reliability.set_bins([])
            return
        winner = v["winner"]
        # one cut has no spread: "± 0.000" would claim cuts that agree
        figure = (self.tr("AUC {mean} ± {sd} across cuts {cuts}") if len(v["cuts"]) > 1
                  else self.tr("AUC {mean} at the one cut {cuts}"))
        self.card_shipped.set(engine_text(term(m.get("shipped_lapse_label", winner))),
                              figure.format(mean=locale_number(v["means"][winner], ".3f"),
                                            sd=locale_number(v["sds"][winner], ".3f"), cuts=", ".join(v["cuts"])))
        verdict = engine_text(stored(m.get("verdict", ""), m.get("verdict_message")))
        # one paragraph: a line of its own each, a line of the at-risk list less on a laptop's screen
        if m.get("evaluation_sample_text"):     # judged on a sample of customers: say so beside the verdict
            verdict += " " + engine_text(stored(m["evaluation_sample_text"], m.get("evaluation_sample_text_message")))
        if m.get("fit_sample_text"):            # half-lives from a sample of each large category's buyers
            verdict += " " + engine_text(stored(m["fit_sample_text"], m.get("fit_sample_text_message")))
        self.verdict.setText(verdict)
        bins = m.get("lapse_reliability", {}).get(winner, [])
        # the engine bins the latest cut (ISO dates: the largest is the latest)
        self.reliability.set_bins(bins, self.tr("Shipped lapse probability at {cut}: predicted vs observed").format(
            cut=max(v["cuts"])))

    def _show_backtest(self, run) -> None:
        if run is None:
            self.card_auc.set("–", self.tr("click “Backtest” to measure"))
            self.card_brier.set("–", "")
            return
        m = run.metrics
        beats = (self.tr("beats recency only ({recency}); frequency+recency {both}") if m.get("beats_recency") else
                 self.tr("does NOT beat recency only ({recency}); frequency+recency {both}"))
        self.card_auc.set(locale_number(m["auc"], ".3f"), beats.format(
            recency=locale_number(m["recency_auc"], ".3f"), both=locale_number(m["freq_recency_auc"], ".3f")))
        self.card_brier.set(locale_number(m["brier"], ".3f"), self.tr(
            "recency only {recency} (lower is better) · as of {date}").format(
            recency=locale_number(m["recency_brier"], ".3f"), date=f"{run.as_of:%Y-%m-%d}"))

    # -- selections ---------------------------------------------------------------------------------
    def select_category(self, category: str) -> None:
        if not category or self.run is None:
            return
        self.category = category
        self.chart.select(category)
        if self.category_box.currentText() != category:
            self.category_box.blockSignals(True)
            self.category_box.setCurrentText(category)
            self.category_box.blockSignals(False)
        self._load_at_risk()

    def _load_at_risk(self) -> None:
        if self.project is None or self.run is None or self.category is None:
            return
        first, self._first_at_risk = self._first_at_risk, None
        if first is not None and first[:2] == (self.category, self.only_interested.isChecked()):
            query = first[2]   # read with the state, its first page too
        else:
            query = queries.at_risk_query(self.project, self.run.run_id, self.category, self.run.as_of,
                                          self.only_interested.isChecked())
        self.at_risk.model.set_headers(self.at_risk_headers(self.state.horizon_weeks))
        self.at_risk.set_query(query)
        header = self.at_risk.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(query.columns.index("lapse_probability"), Qt.SortOrder.DescendingOrder)
        header.blockSignals(False)
        self._title_at_risk()
        self.curves.show_customer(None, [], None, None)

    def _on_interested_toggled(self, on: bool) -> None:
        self._still_interested = on
        self._load_at_risk()

    def _title_at_risk(self) -> None:
        """The list's title: its category. Its rows are counted beside its filter; with them in the title as well
        ("— 221 customers") it wrapped, a row of the list less on a laptop's screen."""
        if self.category is None or self.at_risk.model.query is None:
            return
        self.at_risk_title.setText(
            self.tr("<b>Most at risk of lapsing from {category}</b>").format(category=self.category))

    def _on_customer(self, row: dict) -> None:
        customer = row.get("customer_id")
        if customer is None or self.run is None or self.project is None:
            return
        curves = queries.customer_curves(self.project, self.run.run_id, str(customer), self.run.as_of,
                                         focus=self.category)
        self.curves.show_customer(str(customer), curves, self.category, self.run.as_of, self.state.horizon_weeks)
        self.charts.setCurrentWidget(self.curves)

    # -- the fit ------------------------------------------------------------------------------------
    def before_start(self) -> None:
        self.chart.set_message(self.tr("Fitting the first category…"))

    def start(self) -> Job | None:
        job = super().start()
        self._update_controls()
        return job

    def draw_partial(self, partial: Any) -> None:
        if not isinstance(partial, DecayPartial):
            return
        fitted = partial.fitted
        self.chart.set_data([f.category for f in fitted], [f.half_life_days for f in fitted],
                            [(f.half_life_lo, f.half_life_hi) for f in fitted])

    def _update_controls(self) -> None:
        super()._update_controls()
        backtest = self.jobs.get(BACKTEST_SLOT)
        if backtest is not None and backtest.is_running:
            self.controls.set_running(True)
        self.backtest_button.setEnabled(self.controls.start_button.isEnabled())

    # -- the backtest -------------------------------------------------------------------------------
    def start_backtest(self) -> Job | None:
        if self.project is None or self.job is not None:
            return None
        job = self.run_job(self.tr("Backtest decay"), registry.lazy("decay", backtest=True), self.project,
                           slot=BACKTEST_SLOT, as_of=self.controls.as_of_value(),
                           params=self.run_params(),
                           on_result=self._on_trained, on_cancelled=self._on_backtest_cancelled,
                           on_finished=self._on_backtest_finished)
        self.controls.watch(job)
        self._update_controls()
        return job

    def _on_backtest_cancelled(self) -> None:
        self.say(self.tr("Cancelled: the previous backtest is kept."))

    def _on_backtest_finished(self) -> None:
        self._update_controls()
        self.controls.progress.setValue(1000)

"""The Campaigns page: build a list from shift scores, preview it, save and export it, and see
whether the customers of saved campaigns shifted (target against control)."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QTabWidget,
                               QVBoxLayout, QWidget)

from engine.campaigns import (Preview, build_preview, build_save_export, drop_preview, export_campaign, measure_all,
                              measure_uplift, set_status)
from engine.store import Project
from gui.i18n import values
from gui.i18n.engine_text import engine_text, locale_number
from gui.jobs.runner import Job
from gui.theme import set_tone
from gui.pages.campaigns.builder import BuilderForm
from gui.pages.campaigns.gain_chart import GainChart
from gui.pages.campaigns.results import SavedCampaigns
from gui.pages.campaigns.state import CARDS, MODEL_KINDS, BuilderOptions, CampaignsState, preview_cards, read_state
from gui.pages.model_page import ModelPage
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard
from gui.widgets.splitter import weighted_splitter

PREVIEW_DELAY_MS = 300
HEADERS = {"customer_id": "customer", "group": "group", "score": "shift score"}   # translated as columns
#: A customer target's list: its score is the customer's chance to buy again (engine/campaigns/targets.py), as
#: the Customers page titles it.
BUYER_HEADERS = {**HEADERS, "score": "P(buy again)"}


class CampaignsPage(ModelPage):
    title = "Campaigns"
    also_reads = MODEL_KINDS

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form = BuilderForm()
        self.form.changed.connect(self.schedule_preview)
        self.save_button = QPushButton(self.tr("Save campaign"))
        self.save_button.setToolTip(self.tr("Keep this list in the project: its customers are left out of other "
                                            "lists while it is active, and its results are measured when later "
                                            "data arrives"))
        self.export_button = QPushButton(self.tr("Save and export…"))
        self.export_button.setToolTip(self.tr("Save the list and write it to CSV (opens in Excel) or .xlsx"))
        self.export_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save())
        self.export_button.clicked.connect(self._ask_and_export)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.form, 1)
        lv.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(340)

        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        set_tone(self.notice, "warn")
        self.cards = {k: StatCard(QCoreApplication.translate("CampaignsPage", c)) for k, c in CARDS}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        self.list_view = SqlTableView(self.tr("Filter the list: customer, group, reason…"), headers=HEADERS)
        values.translate_columns(self.list_view.model, group=values.campaign_value, reason=values.reason,
                                 category=values.campaign_category)
        preview = QWidget()
        pv = QVBoxLayout(preview)
        pv.addWidget(self.notice)
        pv.addLayout(cards)
        self.gain = GainChart()
        pv.addWidget(self.gain)
        pv.addWidget(self.list_view, 1)
        self.saved = SavedCampaigns()
        self.saved.selected.connect(self._measure)
        self.saved.export_requested.connect(self._ask_and_export_saved)
        self.saved.status_requested.connect(self._set_status)
        self.tabs = QTabWidget()
        self.tabs.addTab(preview, self.tr("Preview"))
        self.tabs.addTab(self.saved, self.tr("Saved campaigns and results"))

        split = weighted_splitter(Qt.Orientation.Horizontal, (scroll, 2), (self.tabs, 5))
        intro = QLabel(self.tr("Pick the category you want customers to move into. The list ranks the customers "
                               "most likely to shift; a random control group gets no message, so later imports show "
                               "what the campaign really changed."))
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self._preview_table: str | None = None
        self._preview_project: Project | None = None
        #: the preview was asked for while the page was out of view: built when it is shown
        self._preview_due = False
        # the builder's choices as last read (None: no project, or a read under way)
        self.state: BuilderOptions | None = None
        self._set_actions_enabled(False)

    # -- project and model changes -------------------------------------------------------------
    def on_project_changed(self, project: Project | None) -> None:
        if project is not self._preview_project:
            self._preview_table = None  # previews live in the old project's connection, closed with it
            self._preview_project = project
        self.saved.set_list(None)   # the project's come with the page's read
        super().on_project_changed(project)
        self._measure_all()

    def read_state(self, project: Project) -> CampaignsState:
        """The builder's choices come from the models' latest runs."""
        return read_state(project)

    def show_state(self, state: CampaignsState | None) -> None:
        self.state = options = state.options if state is not None else None
        if state is not None and not self.saved.shown:
            # the first read of a project lists its saved campaigns; later reads (a run ended, data landed) keep the
            # list and its selection (a save or a status change refreshes it)
            self.saved.set_list(state.saved)
        if options is None:
            self.drop_job("preview")
            self._show_notice(self.tr("Reading the project…") if self.reading else
                              self.tr("Open a project to build campaign lists."))
            return
        self.form.set_options(options.sources, options.categories, options.tiers, options.clusters,
                              options.attributes)
        self.refresh_preview()

    # -- the live preview -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)   # a read that came out of view is drawn now, its preview with it
        if self._preview_due:
            self.refresh_preview()

    def schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        self._preview_due = False
        project, spec = self.project, self.form.spec()
        if project is None or self.state is None:   # the builder's choices are still being read
            self.drop_job("preview")
            return
        if spec is None:
            self.drop_job("preview")
            self._show_notice(engine_text(self.state.sources.unavailable.get("category"))
                              or self.tr("No category has shift scores yet."))
            return
        if not self.isVisible():
            # built when the page is shown: drawn out of view as a 10^7 project opened, it ran 8.8 s on the window's
            # DuckDB thread, a job in the jobs panel that nobody had asked for (session 40)
            self.drop_job("preview")
            self._preview_due = True
            return
        if self._preview_table is None:
            # the page's first list (or the first since a notice): its figures are coming, not missing
            for card in self.cards.values():
                card.set("…")
        # a newer setting wins: the older preview is cancelled and a table it still made is dropped. The page's own
        # read, as the Data page's count: its cards say it is under way, so not a row in the jobs panel at each
        # change of a setting, and never waiting for a thread behind a model being trained
        job = self.run_job(self.tr("Campaign preview"), build_preview, project, spec, slot="preview",
                           on_result=self._on_preview, on_stale=lambda result: self._drop(result.table),
                           on_finished=lambda: self._preview_ended(job), listed=False)

    def _preview_ended(self, job: Job) -> None:
        """A first list that did not come (the job failed, said on the page): its figures are missing again."""
        if shiboken6.isValid(self) and self.jobs.get("preview") is job and self._preview_table is None:
            for card in self.cards.values():
                card.set("–")

    def _on_preview(self, result: Preview) -> None:
        if result.query is None:
            self._show_notice(engine_text(result.notice))
            return
        old, self._preview_table = self._preview_table, result.table
        s = result.summary
        self.notice.setText("" if s.n_total else self.tr("No customer passes these filters: loosen them to build a list."))
        self.notice.setVisible(not s.n_total)
        spec = self.form.spec()
        buyers = spec is not None and spec.customer_target
        # a customer target's scores are chances to buy again: the list, its card and its curve say buyers
        self.list_view.model.set_headers(BUYER_HEADERS if buyers else HEADERS)
        self.list_view.set_query(result.query)
        self.gain.show_curve(result.gain, self.tr("buyers") if buyers else self.tr("shifters"),
                             lapsing=spec is not None and spec.target == "lapsing")
        self.cards["expected"].caption.setText(self.tr("Expected buyers") if buyers else
                                               QCoreApplication.translate("CampaignsPage", dict(CARDS)["expected"]))
        self.list_view.table.setColumnHidden(0, True)  # position: the order, shown as the row number
        columns = result.query.columns
        if "reason" in columns and len(columns) > 6:  # attributes follow: give the reason room to be read
            self.list_view.table.setColumnWidth(columns.index("reason"), 460)
        for key, (value, detail) in preview_cards(s).items():
            self.cards[key].set(value, detail)
        self._set_actions_enabled(s.n_total > 0)
        self._drop(old)

    def _drop(self, table: str | None) -> None:
        if table and self.project is not None:
            drop_preview(self.project, table)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.list_view.set_query(None)
        self.gain.show_curve(None)
        self._drop(self._preview_table)
        self._preview_table = None
        for card in self.cards.values():
            card.set("–")
        self._set_actions_enabled(False)

    def _set_actions_enabled(self, enabled: bool) -> None:
        self.save_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled)

    # -- save and export -------------------------------------------------------------------------
    def save(self, out: str | Path | None = None):
        """Save the list shown (and export it when ``out`` is given) on a worker thread."""
        project, spec = self.project, self.form.spec()
        if project is None or spec is None:
            return None
        self._set_actions_enabled(False)
        return self.run_job(self.tr("Saving campaign"), build_save_export, project, spec, out, slot="save",
                            on_result=self._on_saved, on_finished=self.refresh_preview)

    def _on_saved(self, result) -> None:
        c = result.campaign
        if result.out is None:
            text = self.tr("Saved “{name}”: {targets} targets and {control} in control").format(
                name=c.name, targets=locale_number(c.n_target, ","), control=locale_number(c.n_control, ","))
        else:
            text = self.tr("Saved “{name}”: {targets} targets and {control} in control; wrote {rows} rows to {file}"
                           ).format(name=c.name, targets=locale_number(c.n_target, ","),
                                    control=locale_number(c.n_control, ","),
                                    rows=locale_number(result.rows_written, ","), file=result.out.name)
        self.ctx.show_status(text)
        self.form.name.clear()
        self.ctx.notify_runs_changed("campaign")
        self.saved.refresh()
        self.saved.select_campaign(c.campaign_id)
        self._measure_all()

    def _ask_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export campaign list"), suggested,
                                              self.tr("CSV for Excel (*.csv);;Excel workbook (*.xlsx)"))
        if not path:
            return None
        return path if Path(path).suffix.lower() in (".csv", ".xlsx") else path + ".csv"

    def _ask_and_export(self) -> None:
        spec = self.form.spec()
        if spec is None:
            return
        path = self._ask_path(f"campaign-{spec.category}.csv")
        if path:
            self.save(path)

    def _ask_and_export_saved(self, campaign_id: int):
        path = self._ask_path(f"campaign-{campaign_id}.csv")
        if not path or self.project is None:
            return None
        return self.run_job(self.tr("Exporting campaign"), export_campaign, self.project, campaign_id, path,
                            self.form.ticked_attributes(), slot=f"export {campaign_id}",
                            on_result=lambda n: self.ctx.show_status(self.tr("Wrote {rows} rows to {file}").format(
                                rows=locale_number(n, ","), file=Path(path).name)))

    def _set_status(self, campaign_id: int, status: str) -> None:
        if self.project is None:
            return
        set_status(self.project, campaign_id, status)
        self.ctx.notify_runs_changed("campaign")
        self.saved.refresh()
        self.saved.select_campaign(campaign_id)
        self.refresh_preview()  # closed campaigns' customers come back into new lists

    # -- results -----------------------------------------------------------------------------------
    def _measure(self, campaign_id: int | None) -> None:
        if campaign_id is None or self.project is None:
            self.drop_job("measure")
            self.saved.show_uplift(None)
            return
        self.run_job(self.tr("Measuring campaign"), measure_uplift, self.project, int(campaign_id), slot="measure",
                     on_result=self.saved.show_uplift)

    def _measure_all(self) -> None:
        if self.project is None:
            return
        # the results chart's read, as a page's read: not listed (its row came and went in the jobs panel at each
        # import, and the panel's height with it, the window laid out again: 30-40 ms of an import landing at 10^7)
        self.run_job(self.tr("Measuring campaigns"), measure_all, self.project, on_result=self.saved.show_all,
                     listed=False)

    def on_data_changed(self) -> None:
        # later imports are what the results measure: the campaign selected and every campaign are measured again,
        # and the rest read again; the saved campaigns are not data: their list and its selection stay (reading it
        # again on the window's thread was 20 of the 45 ms an import landing held the window at 10^7)
        super().on_data_changed()
        self._measure(self.saved.current)
        self._measure_all()

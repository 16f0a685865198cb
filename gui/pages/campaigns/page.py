"""The Campaigns page: build a list from shift scores, preview it, save and export it, and see
whether the customers of saved campaigns shifted (target against control)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSplitter, QTabWidget,
                               QVBoxLayout, QWidget)

from engine.campaigns import (CampaignError, CampaignSpec, PreviewSummary, build_save_export, drop_preview,
                              export_campaign, materialise_preview, measure_all, measure_uplift, model_sources,
                              set_status)
from engine.campaigns import sources as campaign_sources
from engine.read.paged_query import PagedQuery
from engine.store import Project
from gui.pages.base import Page
from gui.pages.campaigns.builder import BuilderForm
from gui.pages.campaigns.results import SavedCampaigns
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard

PREVIEW_DELAY_MS = 300
MODEL_KINDS = ("migration", "transfer", "segments", "decay")
HEADERS = {"customer_id": "customer", "group": "group", "score": "shift score"}


@dataclass
class Preview:
    query: PagedQuery | None
    summary: PreviewSummary | None
    notice: str = ""
    table: str | None = None


def build_preview(project: Project, spec: CampaignSpec, *, progress=None, cancel=None) -> Preview:
    """Off the GUI thread: the list, materialised, counted and summarised. A spec that selects
    nobody or needs a missing model comes back as a notice, not an error dialog."""
    try:
        built = materialise_preview(project, spec, progress=progress, cancel=cancel)
    except CampaignError as exc:
        return Preview(None, None, str(exc))
    query = PagedQuery(project, built.sql, default_sort="position")
    query.count()  # counted here, so the table does not count on the GUI thread
    return Preview(query, built.summary, table=built.table)


class CampaignsPage(Page):
    title = "Campaigns"

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.form = BuilderForm()
        self.form.changed.connect(self.schedule_preview)
        self.save_button = QPushButton("Save campaign")
        self.save_button.setToolTip("Keep this list in the project: its customers are left out of other lists "
                                    "while it is active, and its results are measured when later data arrives")
        self.export_button = QPushButton("Save and export…")
        self.export_button.setToolTip("Save the list and write it to CSV (opens in Excel) or .xlsx")
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
        self.notice.setStyleSheet("color: #a15c00;")
        self.cards = {k: StatCard(c) for k, c in (("customers", "Customers in the list"), ("target", "Get the message"),
                                                  ("control", "Control (no message)"),
                                                  ("expected", "Expected shifters"))}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        self.list_view = SqlTableView("Filter the list: customer, group, reason…", headers=HEADERS)
        preview = QWidget()
        pv = QVBoxLayout(preview)
        pv.addWidget(self.notice)
        pv.addLayout(cards)
        pv.addWidget(self.list_view, 1)
        self.saved = SavedCampaigns()
        self.saved.selected.connect(self._measure)
        self.saved.export_requested.connect(self._ask_and_export_saved)
        self.saved.status_requested.connect(self._set_status)
        self.tabs = QTabWidget()
        self.tabs.addTab(preview, "Preview")
        self.tabs.addTab(self.saved, "Saved campaigns and results")

        split = QSplitter()
        split.addWidget(scroll)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 900])
        intro = QLabel("Pick the category you want customers to move into. The list ranks the customers most "
                       "likely to shift; a random control group gets no message, so later imports show what the "
                       "campaign really changed.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.preview_job = None
        self._preview_table: str | None = None
        self._preview_project: Project | None = None
        self.save_job = None
        self.measure_job = None
        self._set_actions_enabled(False)

    # -- project and model changes -------------------------------------------------------------
    def on_project_changed(self, project: Project | None) -> None:
        if project is not self._preview_project:
            self._preview_table = None  # previews live in the old project's connection, closed with it
            self._preview_project = project
        self.saved.set_project(project)
        self.reload_options()
        self._measure_all()

    def on_runs_changed(self, kind: str) -> None:
        if kind in MODEL_KINDS:
            self.reload_options()

    def reload_options(self) -> None:
        project = self.project
        if project is None:
            self._show_notice("Open a project to build campaign lists.")
            return
        sources = model_sources(project)
        self.form.set_options(sources, campaign_sources.categories(project, sources),
                              campaign_sources.tiers(project, sources), campaign_sources.clusters(project, sources),
                              campaign_sources.attributes(project))
        self.refresh_preview()

    # -- the live preview -----------------------------------------------------------------------
    def schedule_preview(self) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        self._timer.stop()
        project, spec = self.project, self.form.spec()
        if self.preview_job is not None and self.preview_job.is_running:
            self.preview_job.cancel()  # a newer setting wins; the old answer is not wanted
        if project is None:
            return
        if spec is None:
            sources = model_sources(project)
            self._show_notice(sources.unavailable.get("category") or "No category has shift scores yet.")
            return
        job = self.ctx.runner.start("Campaign preview", build_preview, project, spec)
        job.returned.connect(lambda result, j=job: self._on_preview(j, result))
        self.preview_job = job

    def _on_preview(self, job, result: Preview) -> None:
        if job is not self.preview_job:
            self._drop(result.table)  # a newer preview is on its way
            return
        if result.query is None:
            self._show_notice(result.notice)
            return
        old, self._preview_table = self._preview_table, result.table
        s = result.summary
        self.notice.setText("" if s.n_total else "No customer passes these filters: loosen them to build a list.")
        self.notice.setVisible(not s.n_total)
        self.list_view.set_query(result.query)
        self.list_view.table.setColumnHidden(0, True)  # position: the order, shown as the row number
        columns = result.query.columns
        if "reason" in columns and len(columns) > 6:  # attributes follow: give the reason room to be read
            self.list_view.table.setColumnWidth(columns.index("reason"), 460)
        self.cards["customers"].set(f"{s.n_total:,}", f"campaign date {s.campaign_date:%Y-%m-%d}")
        self.cards["target"].set(f"{s.n_target:,}", "targets")
        self.cards["control"].set(f"{s.n_control:,}", f"{100 * s.n_control / s.n_total:.0f}% of the list"
                                  if s.n_total else "")
        self.cards["expected"].set(f"{s.expected_shifters:,.1f}", "sum of the targets' scores")
        self._set_actions_enabled(s.n_total > 0)
        self._drop(old)

    def _drop(self, table: str | None) -> None:
        if table and self.project is not None:
            drop_preview(self.project, table)

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.list_view.set_query(None)
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
        job = self.ctx.runner.start("Saving campaign", build_save_export, project, spec, out)
        job.returned.connect(self._on_saved)
        job.finished.connect(lambda: self.refresh_preview())
        self.save_job = job
        return job

    def _on_saved(self, result) -> None:
        c = result.campaign
        text = f"Saved “{c.name}”: {c.n_target:,} targets and {c.n_control:,} in control"
        if result.out is not None:
            text += f"; wrote {result.rows_written:,} rows to {result.out.name}"
        self.ctx.show_status(text)
        self.form.name.clear()
        self.ctx.notify_runs_changed("campaign")
        self.saved.refresh()
        self.saved.select_campaign(c.campaign_id)
        self._measure_all()

    def _ask_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Export campaign list", suggested,
                                              "CSV for Excel (*.csv);;Excel workbook (*.xlsx)")
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
        job = self.ctx.runner.start("Exporting campaign", export_campaign, self.project, campaign_id, path,
                                    self.form.ticked_attributes())
        job.returned.connect(lambda n: self.ctx.show_status(f"Wrote {n:,} rows to {Path(path).name}"))
        return job

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
            self.saved.show_uplift(None)
            return
        job = self.ctx.runner.start("Measuring campaign", measure_uplift, self.project, int(campaign_id))
        job.returned.connect(lambda u, j=job: j is self.measure_job and self.saved.show_uplift(u))
        self.measure_job = job

    def _measure_all(self) -> None:
        if self.project is None:
            return
        job = self.ctx.runner.start("Measuring campaigns", measure_all, self.project)
        job.returned.connect(self.saved.show_all)

    def on_data_changed(self) -> None:
        # later imports are what the results measure: re-measure, and re-read everything else
        super().on_data_changed()

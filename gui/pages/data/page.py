"""The Data page: the project's imports, its health, where its categories come from (with the
review of derived product groups), and every event (SQL-paged)."""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QGridLayout, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from engine.catalog.derive import derive_groups
from engine.ingest import ImportError_
from engine.ingest.removal import removable
from engine.read.imports import import_columns, import_notes
from engine.read.overview import DataHealth, WeeklyEvents, data_counts
from engine.workflows import remove_shop_import
from engine.store import Project
from gui.i18n import values
from gui.i18n.engine_text import engine_text
from gui.jobs.runner import Job
from gui.pages.data import state as page_state
from gui.pages.data.state import CARDS, DataFigures, DataState, figures
from gui.pages.data.weekly_chart import WeeklyEventsChart
from gui.pages.model_page import ModelPage
from gui.widgets.sql_table_view import SqlTableView
from gui.widgets.stat_card import StatCard
from gui.widgets.splitter import weighted_splitter


class DataPage(ModelPage):
    title = "Data"
    #: The project's counts as this page's job counted them (None: no project): the window's status line shows
    #: them rather than counting them again.
    health_read = Signal(object)
    # its drawing starts that count, in view or not
    draws_out_of_view = True

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.state: DataState | None = None
        self.figures: DataFigures | None = None
        #: The job counting the cards' and chart's figures (engine.read.overview.data_counts): 1.7 s of the
        #: window's thread at 10^7 events when they were read as the page opened.
        self.counting: Job | None = None
        self.cards = {key: StatCard(QCoreApplication.translate("DataPage", caption)) for key, caption in CARDS}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.chart = WeeklyEventsChart()

        self.imports = SqlTableView(self.tr("Filter imports…"))
        self.imports.table.setMaximumHeight(160)
        self.rejects_button = QPushButton(self.tr("Rejected rows…"))
        self.rejects_button.setEnabled(False)
        self.rejects_button.setToolTip(self.tr("Show the rows of the selected import that were not loaded, with why"))
        self.rejects_button.clicked.connect(self._show_rejects)
        self.import_button = QPushButton(self.tr("Import files…"))
        self.import_button.clicked.connect(lambda: self.ctx.request_import())
        # a file imported by mistake (another shop's, or read in the wrong encoding) goes, and can come back
        self.remove_button = QPushButton(self.tr("Remove import…"))
        self.remove_button.setEnabled(False)
        self.remove_button.setToolTip(self.tr("Take the selected import's rows out of the project, to import the "
                                              "file again or leave it out"))
        self.remove_button.clicked.connect(self._ask_remove)
        self.remove_job = None
        self.imports.row_selected.connect(self._on_import_selected)
        self._selected_import: int | None = None
        # what the selected import said of its data (masked ids, order totals shared out), kept with it
        self.import_notes = QLabel("")
        self.import_notes.setObjectName("import_notes")
        self.import_notes.setWordWrap(True)
        self.import_notes.setVisible(False)
        imports_box = QGroupBox(self.tr("Imports"))
        ib = QVBoxLayout(imports_box)
        ib.addWidget(self.imports)
        ib.addWidget(self.import_notes)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.rejects_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        ib.addLayout(buttons)
        ib.addStretch(1)

        # what the project's categories are: the file's, a catalog's, or groups derived here
        self.groups_note = QLabel("")
        self.groups_note.setObjectName("groups_note")
        self.groups_note.setWordWrap(True)
        self.groups_button = QPushButton(self.tr("Review groups…"))
        self.groups_button.setToolTip(self.tr("The product groups and their items; rename a group"))
        self.groups_button.clicked.connect(self._show_groups)
        self.derive_button = QPushButton(self.tr("Group products"))
        self.derive_button.setToolTip(self.tr("Group the products by their names and what is bought together"))
        self.derive_button.clicked.connect(self._derive_groups)
        self.derive_job = None
        self.groups_row = QWidget()
        gr = QHBoxLayout(self.groups_row)
        gr.setContentsMargins(0, 0, 0, 0)
        gr.addWidget(self.groups_note, 1)
        gr.addWidget(self.derive_button)
        gr.addWidget(self.groups_button)

        self.events = SqlTableView(self.tr("Filter events: customer, item, category… (every word must match)"))
        values.translate_columns(self.events.model, event_type=values.event_type)
        events_box = QGroupBox(self.tr("Events"))
        QVBoxLayout(events_box).addWidget(self.events)

        self.empty = QLabel(self.tr("No project is open. Use File ▸ New project, or File ▸ Open project."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QWidget()
        tl = QGridLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(cards, 0, 0, 1, 2)
        tl.addWidget(self.groups_row, 1, 0, 1, 2)
        tl.addWidget(self.chart, 2, 0)
        tl.addWidget(imports_box, 2, 1)
        tl.setColumnStretch(0, 3)
        tl.setColumnStretch(1, 2)
        # the events table gets the room: the chart reads well at any height from its minimum up
        split = weighted_splitter(Qt.Orientation.Vertical, (top, 1), (events_box, 1))
        self.content = split
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split)
        ctx.settings_changed.connect(self._on_settings_changed)
        self.on_project_changed(None)

    def on_project_changed(self, project: Project | None) -> None:
        self.empty.setVisible(project is None)
        self.content.setVisible(project is not None)
        if self.counting is not None:
            self.counting.cancel()   # the figures of the data as it was: never shown
            self.counting = None
        self.figures = None
        super().on_project_changed(project)

    def read_state(self, project: Project) -> DataState:
        return page_state.read_state(project)

    def show_state(self, state: DataState | None) -> None:
        self.state = state
        project = self.project
        if state is None:
            self.imports.set_query(None)
            self.events.set_query(None)
            if project is None:
                self.health_read.emit(None)
            else:   # another project is being read: its counts come after
                for card in self.cards.values():
                    card.set("…")
                self.chart.set_counting()
            return
        for card in self.cards.values():
            card.set("…")
        self.chart.set_counting()
        self.groups_note.setText(engine_text(state.groups_note))
        self.groups_row.setVisible(bool(str(state.groups_note)))
        self.groups_button.setVisible(state.can_review_groups)
        self.derive_button.setVisible(state.can_derive_groups)
        self.imports.set_query(state.imports)
        self.events.set_query(state.events)
        self._on_import_selected({})
        if self.counting is not None:
            self.counting.cancel()   # a newer read (the data changed again): its own count follows
        # a read of the page's, as its state's: the chart and the status line say it is under way, so not listed
        # in the jobs panel, and never waiting for a thread behind long jobs
        job = self.ctx.runner.start(self.tr("Counting the shop's events"), data_counts, project,
                                    self.ctx.user_defaults().period, listed=False)  # the period of Edit ▸ Settings
        job.returned.connect(functools.partial(self._show_figures, job))
        self.counting = job

    def _show_figures(self, job: Job, counts: tuple[DataHealth, WeeklyEvents]) -> None:
        if job is not self.counting:
            return
        self.counting = None
        self.figures = shown = figures(*counts)
        for key, (value, detail) in shown.cards.items():
            self.cards[key].set(value, detail)
        self.chart.set_weekly(shown.weekly, shown.event_kinds)
        self.chart.plot.setTitle({"day": self.tr("Events per day"), "week": self.tr("Events per week"),
                                  "month": self.tr("Events per month")}[shown.weekly.period], size="10pt")
        self.health_read.emit(shown.health)

    def _on_settings_changed(self) -> None:
        self.on_project_changed(self.ctx.project)

    def _derive_groups(self) -> None:
        project = self.ctx.project
        if project is None:
            return
        self.derive_button.setEnabled(False)
        job = self.ctx.runner.start(self.tr("Group products"), derive_groups, project)
        job.returned.connect(lambda _summary: self.ctx.notify_data_changed())
        job.finished.connect(lambda: self.derive_button.setEnabled(True))
        self.derive_job = job

    def _show_groups(self) -> None:
        from gui.dialogs.groups_dialog import show_groups

        dialog = show_groups(self.ctx, self)
        dialog.renamed.connect(lambda _old, _new: self.ctx.notify_data_changed())

    def _on_import_selected(self, row: dict) -> None:
        self._selected_import = row.get("id")
        has_rejects = bool(row.get("rejected"))
        self.rejects_button.setEnabled(self._selected_import is not None and has_rejects)
        self.remove_button.setEnabled(self._selected_import is not None and self.remove_job is None)
        project = self.ctx.project
        if project is None or self._selected_import is None:
            self.import_notes.setVisible(False)
            return
        # which column was read as what (a guess from the header's words for most files), then what the
        # import said of the data
        columns = import_columns(project, int(self._selected_import))
        text = [self.tr("Read: {columns}.").format(columns=self.tr(", ").join(
            self.tr("{role} from {column}").format(role=values.role_label(r), column=c) for r, c in columns.items()))]
        notes = import_notes(project, int(self._selected_import))
        # a note is a clause in the engine's messages ("amount holds no number…"): here it begins a sentence
        text += [self.tr("{note}.").format(note=_sentence(engine_text(n))) for n in notes]
        # sentences follow each other the language's way (a space in English, none after Chinese 。)
        self.import_notes.setText(functools.reduce(
            lambda first, second: self.tr("{first} {second}").format(first=first, second=second), text))
        self.import_notes.setVisible(True)

    def _ask_remove(self) -> None:
        project = self.ctx.project
        if project is None or self._selected_import is None:
            return
        import_id = int(self._selected_import)
        try:
            name, rows = removable(project, import_id)
        except ImportError_ as exc:   # a later overlapping import holds rows only through it: said, not done
            self._box(QMessageBox.Icon.Information, engine_text(exc), QMessageBox.StandardButton.Ok)
            return
        box = self._box(QMessageBox.Icon.Question, self.tr(
            "Remove {file} and its %Ln event(s) from the project? The models keep what they last trained until "
            "they are trained again.", "", rows).format(file=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda result: result == QMessageBox.StandardButton.Yes.value and self._remove(import_id))

    def _box(self, icon: QMessageBox.Icon, text: str, buttons: QMessageBox.StandardButton) -> QMessageBox:
        box = QMessageBox(icon, self.tr("Remove import"), text, buttons, self)
        box.setObjectName("remove_import_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _remove(self, import_id: int) -> None:
        project = self.ctx.project
        if project is None or self.remove_job is not None:
            return
        self.remove_button.setEnabled(False)
        job = self.ctx.runner.start(self.tr("Remove import"), remove_shop_import, project, import_id)
        job.expected = (ImportError_,)
        job.returned.connect(self._on_removed)
        job.errored.connect(lambda exc: self.ctx.show_status(
            self.tr("Not removed: {reason}").format(reason=engine_text(exc))))
        job.finished.connect(self._on_remove_finished)
        self.remove_job = job

    def _on_removed(self, removed) -> None:
        self.ctx.show_status(engine_text(removed.summary()))
        self.ctx.notify_data_changed()

    def _on_remove_finished(self) -> None:
        self.remove_job = None
        self.remove_button.setEnabled(self._selected_import is not None)

    def _show_rejects(self) -> None:
        if self._selected_import is None:
            return
        from gui.dialogs.rejects_dialog import show_rejects

        show_rejects(self.ctx, int(self._selected_import), self)


def _sentence(clause: str) -> str:
    """The clause with its first letter a capital (a Chinese one stays as it is)."""
    return clause[:1].upper() + clause[1:]

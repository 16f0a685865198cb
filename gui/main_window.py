"""The main window: navigation between pages, menus, drag and drop, jobs panel, status bar."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (QApplication, QDockWidget, QFileDialog, QHBoxLayout, QLabel, QListWidget,
                               QMainWindow, QMessageBox, QStackedWidget, QWidget)

from engine.messages import msg, term
from engine.models.registry import default_names
from engine.paths import log_dir, projects_dir
from engine.read.demo_project import build_demo_project
from engine.read.overview import DataHealth
from engine.store import PROJECT_SUFFIX, Project, create_project, open_project
from engine.store.errors import DamagedJournalError, ProjectError
from gui.context import AppContext
from gui.errors import show_error
from gui.first_run import TOUR_SEEN, TourPanel
from gui.i18n.engine_text import engine_text, locale_number
from gui.jobs.panel import JobsPanel
from gui.jobs.runner import Job, JobRunner
from gui.pages import model_page
from gui.pages.registry import build_page, page_title, pages
from gui.settings import make_settings, push_recent, recent

log = logging.getLogger(__name__)

PROJECT_PATTERN = f"*{PROJECT_SUFFIX}"
RECENT_PROJECTS = "recent/projects"
RECENT_FILES = "recent/files"
#: How long closing the window waits for cancelled jobs to stop.
CLOSE_WAIT_MS = 5000


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Shiftwise"))
        self.setAcceptDrops(True)
        self.resize(1280, 820)
        settings = make_settings()
        self.ctx = ctx or AppContext(JobRunner(self), settings, self)
        self.runner = self.ctx.runner   # one runner: the context's, whoever built the context
        #: The job reading the tables of the project being opened, the last asked for (:meth:`open_project_path`);
        #: None once a project is shown.
        self.project_check: Job | None = None
        self.ctx.project_changed.connect(self._on_project_changed)
        self.ctx.status_message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.ctx.import_requested.connect(self.import_files_dialog)
        self.runner.job_failed.connect(self._on_job_failed)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(160)
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; }"
                               "QListWidget#navigation::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.pages = {}
        for spec in pages():
            page = build_page(spec, self.ctx)
            self.pages[spec.key] = page
            self.nav.addItem(page_title(spec))
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.jobs_panel = JobsPanel(self.runner)
        self.jobs_dock = QDockWidget(self.tr("Jobs"), self)
        self.jobs_dock.setObjectName("jobsDock")
        self.jobs_dock.setWidget(self.jobs_panel)
        self.jobs_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.jobs_dock)
        self.jobs_panel.rows_changed.connect(self.fit_jobs_dock)

        self.train_all_job: Job | None = None
        self.tour_dock: QDockWidget | None = None
        self.project_label = QLabel(self.tr("No project"))
        self.statusBar().addPermanentWidget(self.project_label)
        self.pages["data"].health_read.connect(self._show_status)
        self._build_menus()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        self.fit_jobs_dock()   # the saved state holds the height the dock last grew to

    def fit_jobs_dock(self) -> None:
        """The jobs dock as high as its rows: it kept the height two jobs gave it, and on a laptop's screen
        that room, taken from the page above, left the Decay page's at-risk list one row."""
        if self.jobs_dock.isFloating() or self.dockWidgetArea(self.jobs_dock) not in (
                Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.TopDockWidgetArea):
            return
        for layout in (self.jobs_panel.layout(), self.jobs_dock.layout()):
            layout.invalidate()   # a row just gone may still be in their cached sizes
        self.resizeDocks([self.jobs_dock], [self.jobs_dock.sizeHint().height()], Qt.Orientation.Vertical)

    def project_filter(self) -> str:
        return self.tr("Shiftwise projects ({pattern})").format(pattern=PROJECT_PATTERN)

    # -- menus -----------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New project…"), self.new_project_dialog, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Open project…"), self.open_project_dialog, QKeySequence.StandardKey.Open)
        self.import_action = self._action(file_menu, self.tr("&Import…"), self.import_files_dialog, "Ctrl+I")
        self.import_columns_action = self._action(file_menu, self.tr("Import and &choose columns…"),
                                                  self.import_choosing_columns, "Ctrl+Shift+I")
        file_menu.addSeparator()
        self.recent_projects_menu = file_menu.addMenu(self.tr("Recent &projects"))
        self.recent_files_menu = file_menu.addMenu(self.tr("Recent &files"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.settings_action = self._action(edit_menu, self.tr("&Settings…"), self.show_settings, "Ctrl+,")
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        for i, spec in enumerate(pages()):
            self._action(view_menu, page_title(spec), lambda _c=False, r=i: self.nav.setCurrentRow(r), f"Ctrl+{i + 1}")
        view_menu.addSeparator()
        view_menu.addAction(self.jobs_dock.toggleViewAction())
        self._build_models_menu()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&Getting started"), self.show_tour)
        self._action(help_menu, self.tr("&About Shiftwise"), self.about)
        self._action(help_menu, self.tr("Open &log folder"), self.open_log_folder)
        self._refresh_recent_menus()

    def _build_models_menu(self) -> None:
        models_menu = self.menuBar().addMenu(self.tr("&Models"))
        self.train_all_action = self._action(models_menu, self.tr("&Train all"), self.train_all, "Ctrl+T")
        self.train_all_action.setToolTip(self.tr("Train every model as one job: {models}").format(
            models=" → ".join(engine_text(term(n)) for n in default_names())))

    def _refresh_recent_menus(self) -> None:
        for menu, key, handler in ((self.recent_projects_menu, RECENT_PROJECTS, self.open_project_path),
                                   (self.recent_files_menu, RECENT_FILES, lambda p: self.import_paths([p]))):
            menu.clear()
            items = [p for p in recent(self.ctx.settings, key) if Path(p).exists()]
            for path in items:
                action = menu.addAction(Path(path).name)
                action.setToolTip(path)
                action.triggered.connect(lambda _c=False, p=path, h=handler: h(p))
            menu.setEnabled(bool(items))

    # -- projects ----------------------------------------------------------------------
    def open_project_path(self, path: str | Path, then: Callable[[Project], Any] | None = None,
                          otherwise: Callable[[], Any] | None = None) -> Project | None:
        """Open the project at ``path`` and show it, then ``then(project)``; one that cannot open is said in a
        dialog, then ``otherwise()``. None when the file could not be opened at all.

        In the app each table's first rows are read by a job (:attr:`project_check`; 35-45 ms of the window's
        thread at 10^7 events) and the project is shown once they read: until then the window keeps the project
        it shows, and a damaged one never replaces it. Tests (pages reading on the window's thread) check it at
        once."""
        try:
            project = open_project(path, check_tables=not model_page.READ_IN_BACKGROUND)
        except DamagedJournalError as exc:
            return self._offer_repair(Path(path), exc, then, otherwise)
        except ProjectError as exc:
            self._cannot_open(exc, otherwise)
            return None
        if not model_page.READ_IN_BACKGROUND:
            self._show_opened(project, then)
            return project
        job = self.runner.start(self.tr("Opening {project}").format(project=project.name), project.check_tables,
                                listed=False)
        job.expected = (ProjectError,)
        # a project opened meanwhile wins: this one closes when its check ends
        self.project_check = job
        job.returned.connect(lambda _r: self._checked(job, project, then))
        job.errored.connect(lambda exc: self._check_failed(job, project, exc, otherwise))
        job.cancelled.connect(project.close)
        return project

    def _checked(self, job: Job, project: Project, then: Callable[[Project], Any] | None) -> None:
        if job is not self.project_check:
            project.close()
            return
        self._show_opened(project, then)

    def _check_failed(self, job: Job, project: Project, exc: BaseException,
                      otherwise: Callable[[], Any] | None) -> None:
        project.close()
        if job is not self.project_check:
            return
        if isinstance(exc, ProjectError):
            self._cannot_open(exc, otherwise)
        elif otherwise is not None:   # the job's failure dialog said it (the runner's)
            otherwise()

    def _cannot_open(self, exc: BaseException, otherwise: Callable[[], Any] | None) -> None:
        QMessageBox.warning(self, self.tr("Cannot open the project"), engine_text(exc))
        if otherwise is not None:
            otherwise()

    def _show_opened(self, project: Project, then: Callable[[Project], Any] | None) -> None:
        self._set_project(project)
        if project.interrupted_runs:
            ids = ", ".join(map(str, project.interrupted_runs))
            self.statusBar().showMessage(self.tr(
                "Run(s) {ids} stopped unfinished when Shiftwise last closed: marked interrupted on the Runs page",
                "", len(project.interrupted_runs)).format(ids=ids), 15000)
        if then is not None:
            then(project)

    def _offer_repair(self, path: Path, exc: DamagedJournalError, then: Callable[[Project], Any] | None = None,
                      otherwise: Callable[[], Any] | None = None) -> Project | None:
        """The open-error dialog of a damaged journal, with a Repair button (``python main.py repair``)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot open the project"), engine_text(exc), parent=self)
        box.setObjectName("openErrorDialog")
        box.setInformativeText(self.tr("Repair keeps the damaged journal beside the project and opens the "
                                       "project as it was last saved. Changes made since then are lost."))
        repair = box.addButton(self.tr("Repair"), QMessageBox.ButtonRole.AcceptRole)
        repair.setObjectName("repairButton")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not repair:
            if otherwise is not None:
                otherwise()
            return None
        from engine.store.repair import repair_project

        try:
            report = repair_project(path)
        except ProjectError as again:
            QMessageBox.warning(self, self.tr("Cannot repair the project"), engine_text(again))
            if otherwise is not None:
                otherwise()
            return None
        log.info("Repaired %s: %s", path, "; ".join(report.lines()))
        project = self.open_project_path(path, then, otherwise)
        # not modal: the repaired project is already open behind it
        self.repair_report = QMessageBox(QMessageBox.Icon.Information, self.tr("Project repaired"), "\n".join(engine_text(m) for m in report.messages()),
                                         parent=self)
        self.repair_report.open()
        return project

    def _set_project(self, project: Project) -> None:
        # shown (checked, or made new): a project still being checked closes as its check ends
        self.project_check = None
        self.ctx.set_project(project)
        self.ctx.settings.setValue("project/last", str(project.path))
        push_recent(self.ctx.settings, RECENT_PROJECTS, project.path)
        self._refresh_recent_menus()

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New project"), str(projects_dir() / (self.tr("My shop") + PROJECT_SUFFIX)),
            self.project_filter())
        if not path:
            return
        if not path.endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        try:
            project = create_project(path)
        except ProjectError as exc:
            QMessageBox.warning(self, self.tr("Cannot create the project"), engine_text(exc))
            return
        self._set_project(project)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), str(projects_dir()),
                                              self.project_filter())
        if path:
            self.open_project_path(path)

    def open_startup_project(self, train_new_demo: bool = False) -> Job | None:
        """The last project, or the demo shop on first start (built as a job if missing).

        ``train_new_demo``: once a new demo shop is built, train every model on it (the app's
        first start does, so every page has charts; tests opening the demo do not)."""
        last = self.ctx.settings.value("project/last")
        if last and Path(str(last)).exists():
            # the demo when the last one cannot open (said first); in the app its check may fail later
            fallback: list[Job | None] = []
            self.open_project_path(str(last), otherwise=lambda: fallback.append(self._open_demo(train_new_demo)))
            return fallback[0] if fallback else None
        return self._open_demo(train_new_demo)

    def _open_demo(self, train_new_demo: bool) -> Job | None:
        """The demo shop (built as a job if missing)."""
        from engine.paths import demo_project_path

        demo = demo_project_path()
        if demo.exists():
            self.open_project_path(demo)
            return None
        job = self.runner.start(self.tr("Building the demo shop"), build_demo_project, demo)
        job.returned.connect(lambda path: self._open_new_demo(path, train_new_demo))
        return job

    def _open_new_demo(self, path: str | Path, train: bool) -> None:
        self.open_project_path(path, then=(lambda _p: self.train_all()) if train else None)

    def warm_up_models(self) -> Job:
        """Load the model libraries in the background now, so a training never waits on them."""
        from engine.models.warmup import warm_up

        job = self.runner.start(self.tr("Loading the model libraries"), warm_up)
        # the window is up before torch and scikit-learn: say why a first training may wait
        self.statusBar().showMessage(self.tr("Loading the model libraries (PyTorch, scikit-learn)…"))
        job.returned.connect(lambda _r: self.statusBar().showMessage(self.tr("Model libraries ready"), 5000))
        return job

    def show_settings(self) -> None:
        """Edit ▸ Settings (modal: what it changes applies when it closes with OK)."""
        from gui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.ctx, self).exec()

    # -- models ----------------------------------------------------------------------------
    def train_all(self) -> Job | None:
        """Models ▸ Train all: every model in registry order, one job with one progress bar and Cancel."""
        from engine.models.train_all import ModelTrained, train_all

        project = self.ctx.project
        if project is None:
            self.statusBar().showMessage(self.tr("Open or import a project first"), 8000)
            return None
        if self.train_all_job is not None and self.train_all_job.is_running:
            return self.train_all_job
        job = self.runner.start(self.tr("Train all models"), train_all, project,
                                params=self.ctx.user_defaults().params_by_model())
        self.train_all_job = job
        # each model's pages show its run as soon as it is done, not after the last model
        job.partial.connect(lambda p: self.ctx.notify_runs_changed(p.kind) if isinstance(p, ModelTrained) else None)
        job.returned.connect(self._trained_all)
        job.cancelled.connect(lambda: self.statusBar().showMessage(
            self.tr("Train all cancelled; the models finished before it are kept"), 8000))
        # a known condition (too little history, no categories) is a message, not an error dialog
        job.expected = (ProjectError,)
        job.errored.connect(lambda exc: isinstance(exc, ProjectError) and self.show_known_problem(engine_text(exc)))
        return job

    def _trained_all(self, result) -> None:
        from engine.models.train_all import skipped_message

        self.statusBar().showMessage(
            engine_text(msg("train.all_done") if not result.skipped else skipped_message(result)), 15000)
        # the status bar's line goes after 15 s: a skipped model's own page keeps its reason (what "Fit decay"
        # would say), where the merchandiser looks for the missing model
        for skipped in result.skipped:
            page = self.pages.get(skipped["model"])
            if page is not None and getattr(page, "run", True) is None:
                page.say(engine_text(skipped["reason"]))

    def show_known_problem(self, text: str) -> None:
        """A known condition in plain words: on the page in view (its status line) and the status bar."""
        page = self.stack.currentWidget()
        if hasattr(page, "say"):
            page.say(text)
        self.statusBar().showMessage(text, 30000)

    # -- first-run tour --------------------------------------------------------------------
    def show_tour_once(self) -> None:
        if not self.ctx.settings.value(TOUR_SEEN, False, type=bool):
            self.show_tour()

    def show_tour(self) -> None:
        if self.tour_dock is None:
            panel = TourPanel(self._on_demo())
            self.tour_dock = QDockWidget(self.tr("Getting started"), self)
            self.tour_dock.setObjectName("tourDock")
            self.tour_dock.setWidget(panel)
            self.tour_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self.tour_dock)
            panel.dismissed.connect(self.dismiss_tour)
        self.tour_dock.show()
        self.fit_tour_dock()

    def fit_tour_dock(self) -> None:
        """The tour's dock as high as its text at the window's width: a wrapped label's own size hint is for a
        narrower width, and the dock stood 133 pixels high over three lines of text."""
        if self.tour_dock is None or self.tour_dock.isFloating():
            return
        panel = self.tour_dock.widget()
        width = max(self.width() - 40, 200)   # less the panel's and the dock's margins
        title = self.tour_dock.sizeHint().height() - panel.sizeHint().height()
        self.resizeDocks([self.tour_dock], [panel.heightForWidth(width) + title], Qt.Orientation.Vertical)

    def _on_demo(self) -> bool:
        """The project in view is the demo shop (or none is open yet: the demo is what opens at first start)."""
        from engine.paths import demo_project_path

        project = self.ctx.project
        return project is None or Path(project.path).resolve() == demo_project_path().resolve()

    def dismiss_tour(self) -> None:
        self.ctx.settings.setValue(TOUR_SEEN, True)
        if self.tour_dock is not None:
            self.tour_dock.hide()

    # -- imports -------------------------------------------------------------------------
    def _ask_files(self, title: str, many: bool) -> list[str]:
        """Shop exports chosen in a file dialog opened where the last one came from."""
        start = recent(self.ctx.settings, RECENT_FILES)
        folder = str(Path(start[0]).parent) if start else str(Path.home())
        from gui.import_flow import IMPORT_PATTERNS

        kinds = self.tr("Shop exports ({patterns});;All files (*)").format(patterns=IMPORT_PATTERNS)
        if many:
            return QFileDialog.getOpenFileNames(self, title, folder, kinds)[0]
        path = QFileDialog.getOpenFileName(self, title, folder, kinds)[0]
        return [path] if path else []

    def import_files_dialog(self) -> None:
        paths = self._ask_files(self.tr("Import shop exports"), many=True)
        if paths:
            self.import_paths(paths)

    def import_choosing_columns(self) -> None:
        """One file, through the mapping dialog whatever its format (another column, another encoding)."""
        from gui.import_flow import choose_columns

        for path in self._ask_files(self.tr("Import a shop export and choose its columns"), many=False):
            push_recent(self.ctx.settings, RECENT_FILES, path)
            self._refresh_recent_menus()
            choose_columns(self.ctx, path, self)

    def import_paths(self, paths: list[str]) -> Job | None:
        from gui.import_flow import start_import

        for path in paths:
            push_recent(self.ctx.settings, RECENT_FILES, path)
        self._refresh_recent_menus()
        return start_import(self.ctx, paths, self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        projects = [p for p in paths if p.endswith(PROJECT_SUFFIX)]
        if projects:
            self.open_project_path(projects[0])
        elif paths:
            self.import_paths(paths)
        event.acceptProposedAction()

    # -- status ----------------------------------------------------------------------------
    def _on_project_changed(self, project: Project | None) -> None:
        self.setWindowTitle(self.tr("{project} — Shiftwise").format(project=project.name) if project
                            else self.tr("Shiftwise"))
        # the counts come from the Data page's job (_show_status)
        self.project_label.setText(self.tr("{project} · counting…").format(project=project.name) if project
                                   else self.tr("No project"))
        if self.tour_dock is not None:
            self.tour_dock.widget().set_on_demo(self._on_demo())

    def _show_status(self, h: DataHealth | None) -> None:
        """The open project's name and counts, as the Data page read them (on opening it and on every change)."""
        project = self.ctx.project
        if project is None or h is None:
            self.project_label.setText(self.tr("No project"))
            return
        self.project_label.setText(self.tr("{project} · {customers} customers · {events} events").format(
            project=project.name, customers=locale_number(h.customers, ","), events=locale_number(h.events, ",")))

    def _on_job_failed(self, job: Job, exc: BaseException) -> None:
        show_error(self.tr("{job} failed").format(job=job.name), exc, self)

    # -- help ----------------------------------------------------------------------------
    def about_text(self) -> str:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from engine.about import versions

        v = versions()
        rows = "".join(f"<tr><td>{name}</td><td>{value}</td></tr>" for name, value in (
            ("Shiftwise", v["Shiftwise"]), ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
            ("DuckDB", v["DuckDB"]), ("PyTorch", v["PyTorch"])))
        return ("<h3>Shiftwise</h3><p>" + self.tr("See who your customers are, whose interest is fading, "
                                                  "and who is about to move into a new category.") + "</p><p>"
                + self.tr("Everything runs on this computer: your data never leaves it.")
                + f"</p><table cellspacing='6'>{rows}</table>")

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Shiftwise"), self.about_text())

    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir())))

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        # a project still being checked is not shown (it closes as its check ends)
        self.project_check = None
        if self.runner.running():
            self.statusBar().showMessage(self.tr("Cancelling running jobs…"))
            QApplication.processEvents()
            if not self.runner.cancel_all(CLOSE_WAIT_MS):
                log.warning("Jobs did not stop within %d ms of closing", CLOSE_WAIT_MS)
        settings = self.ctx.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.sync()
        self.ctx.set_project(None)
        event.accept()

"""What every page shares: the open project, the job runner, and change notifications."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from engine.models.defaults import UserDefaults
from engine.store import Project
from gui.jobs.runner import JobRunner
from gui.settings import Preferences, load_preferences


class AppContext(QObject):
    #: The project was opened, switched or closed (None).
    project_changed = Signal(object)
    #: Events changed (an import landed): pages showing data re-query.
    data_changed = Signal()
    #: A model run of this kind finished (segments, decay, migration, transfer, campaign...).
    runs_changed = Signal(str)
    #: A message for the status bar.
    status_message = Signal(str)
    #: A page asks for File ▸ Import (the main window owns the file dialog).
    import_requested = Signal()
    #: Edit ▸ Settings saved new preferences (the models' defaults, the period, the theme).
    settings_changed = Signal()

    def __init__(self, runner: JobRunner, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self._project: Project | None = None

    @property
    def project(self) -> Project | None:
        return self._project

    #: How long switching projects waits for the old project's jobs to stop.
    SWITCH_WAIT_MS = 5000

    def set_project(self, project: Project | None) -> None:
        old = self._project
        switching = old is not None and old is not project
        if switching:
            # the old project's jobs stop before it closes, so none fails on a closed file
            self.runner.cancel_all(self.SWITCH_WAIT_MS)
        self._project = project
        self.project_changed.emit(project)
        if switching:
            old.close()

    def preferences(self) -> Preferences:
        return load_preferences(self.settings)

    def user_defaults(self) -> UserDefaults:
        """L, H and the period every run and view starts from (Edit ▸ Settings)."""
        return self.preferences().defaults

    def notify_settings_changed(self) -> None:
        self.settings_changed.emit()

    def notify_data_changed(self) -> None:
        self.data_changed.emit()

    def notify_runs_changed(self, kind: str) -> None:
        self.runs_changed.emit(kind)

    def request_import(self) -> None:
        self.import_requested.emit()

    def show_status(self, message: str) -> None:
        self.status_message.emit(message)

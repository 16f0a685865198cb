"""The jobs panel: one row per running job, with its progress bar and a Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from engine.jobs import Progress
from gui.i18n.engine_text import engine_text
from gui.jobs.runner import Job, JobRunner

#: A finished job stays visible this long so its outcome can be read.
LINGER_MS = 4000


class JobRow(QWidget):
    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.name = QLabel(job.name)
        self.name.setMinimumWidth(180)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report
        self.bar.setTextVisible(True)
        self.message = QLabel(self.tr("Starting…"))
        self.message.setMinimumWidth(240)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelJob")
        self.cancel_button.clicked.connect(self._cancel)
        layout.addWidget(self.name)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.cancel_button)
        # bound methods, never lambdas: a row deleted while its job still emits (an error dialog held
        # the job's errored signal open longer than the row lingered) must not be called
        job.progress.connect(self._on_progress)
        job.returned.connect(self._on_returned)
        job.errored.connect(self._on_errored)
        job.cancelled.connect(self._on_cancelled)

    def detach(self) -> None:
        """Stop listening to the job: called before the row is deleted."""
        for signal, slot in ((self.job.progress, self._on_progress), (self.job.returned, self._on_returned),
                             (self.job.errored, self._on_errored), (self.job.cancelled, self._on_cancelled)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass  # already gone with the job

    def _on_returned(self, _value: object) -> None:
        self._end(self.tr("Done"), done=True)

    def _on_errored(self, exc: BaseException) -> None:
        self._end(self.tr("Failed: {reason}").format(reason=engine_text(exc)))

    def _on_cancelled(self) -> None:
        self._end(self.tr("Cancelled"))

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.message.setText(self.tr("Cancelling…"))
        self.job.cancel()

    def _on_progress(self, p: Progress) -> None:
        if p.fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(p.fraction * 1000))
        if p.message:
            self.message.setText(engine_text(p.message))

    def _end(self, text: str, done: bool = False) -> None:
        self.bar.setRange(0, 1000)
        if done:
            self.bar.setValue(1000)
        self.message.setText(text)
        self.cancel_button.setEnabled(False)


class JobsPanel(QWidget):
    #: A row came or went: the window fits the dock to the rows (a dock keeps the height it grew to).
    rows_changed = Signal()

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._idle = QLabel(self.tr("No jobs running."))
        self._idle.setContentsMargins(8, 4, 8, 4)
        self._idle.setStyleSheet("color: palette(mid);")
        self._layout.addWidget(self._idle)
        self.rows: list[JobRow] = []
        runner.job_started.connect(self.add_job)

    def add_job(self, job: Job) -> None:
        if not job.listed:
            return
        row = JobRow(job, self)
        self.rows.append(row)
        self._layout.addWidget(row)
        row.show()   # now, not on the layout's queued show: the dock is fitted to the rows shown
        self._idle.hide()
        self.rows_changed.emit()
        job.finished.connect(lambda r=row: QTimer.singleShot(LINGER_MS, self, lambda: self._remove(r)))

    def _remove(self, row: JobRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.detach()
            row.setParent(None)
            row.deleteLater()
        self._idle.setVisible(not self.rows)
        self.rows_changed.emit()

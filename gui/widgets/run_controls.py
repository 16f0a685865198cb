"""The bar a model page starts its work from: an as-of date and the page's own fields,
Start / Pause / Cancel, a progress bar, and a status line (the page places it)."""

from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QWidget

from engine.jobs import Progress
from gui.i18n.engine_text import engine_text
from gui.jobs.runner import Job
from gui.widgets.fit_label import FitLabel


class RunControls(QWidget):
    def __init__(self, start_text: str, *, noun: str, as_of_tip: str,
                 fields: Sequence[tuple[str, QWidget]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = noun
        self.job: Job | None = None
        self.as_of = QLineEdit()
        self.as_of.setPlaceholderText(self.tr("end of data"))
        self.as_of.setToolTip(as_of_tip)
        self.as_of.setMaximumWidth(110)
        self.start_button = QPushButton(start_text)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.status = FitLabel("")   # a long status wraps and keeps its lines when the page is tight
        self._inputs = [self.as_of] + [widget for _, widget in fields]
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for caption, widget in ((self.tr("As of"), self.as_of), *fields):
            bar.addWidget(QLabel(caption))
            bar.addWidget(widget)
        for widget in (self.start_button, self.pause_button, self.cancel_button):
            bar.addWidget(widget)
        bar.addWidget(self.progress, 1)
        self.set_running(False, available=False)

    def as_of_value(self) -> str | None:
        return self.as_of.text().strip() or None

    def watch(self, job: Job) -> None:
        """Follow a job the page started: buttons, progress and status until it finishes."""
        self.job = job
        self.status.setText(self.tr("Starting…"))
        self.progress.setValue(0)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        self.set_running(True)

    def toggle_pause(self) -> None:
        if self.job is None:
            return
        if self.job.paused:
            self.job.resume()
            self.pause_button.setText(self.tr("Pause"))
            self.status.setText(self.tr("Resumed"))
        else:
            self.job.pause()
            self.pause_button.setText(self.tr("Resume"))
            self.status.setText(self.tr("Paused: {what} waits at its next step. Resume or Cancel.").format(
                what=self.noun))

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def set_running(self, running: bool, *, available: bool = True) -> None:
        self.start_button.setEnabled(not running and available)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        self.pause_button.setText(self.tr("Pause"))
        for widget in self._inputs:
            widget.setEnabled(not running)

    def _on_progress(self, p: Progress) -> None:
        if p.fraction is not None:
            self.progress.setValue(int(p.fraction * 1000))
        if p.message and not (self.job is not None and self.job.paused):
            self.status.setText(engine_text(p.message))

    def _on_finished(self) -> None:
        self.job = None
        self.set_running(False)

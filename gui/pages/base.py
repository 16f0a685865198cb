"""The base of every page: reacts to the project being opened, its data and runs changing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from engine.store import Project
from gui.context import AppContext


class Page(QWidget):
    #: The name in the navigation list.
    title = "Page"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.project_changed.connect(self.on_project_changed)
        ctx.data_changed.connect(self.on_data_changed)
        ctx.runs_changed.connect(self.on_runs_changed)

    @property
    def project(self) -> Project | None:
        return self.ctx.project

    def on_project_changed(self, project: Project | None) -> None:
        """Re-read everything shown; ``project`` may be None (no project open)."""

    def on_data_changed(self) -> None:
        self.on_project_changed(self.ctx.project)

    def on_runs_changed(self, kind: str) -> None:
        """A model run finished; pages that show that kind re-read it."""


class PlaceholderPage(Page):
    """A page whose capability is not built yet: it says what will appear here."""

    def __init__(self, ctx: AppContext, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.title = title
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(text)
        body.setWordWrap(True)
        body.setObjectName("placeholderText")
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)

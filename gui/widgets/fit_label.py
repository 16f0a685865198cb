"""A word-wrapped label that keeps the height its text needs at its width.

A wrapped QLabel's minimum is one line: in a page whose charts and tables already ask for
more height than there is, the layout squeezes it to that line and the rest is cut off."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class FitLabel(QLabel):
    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        need = self.heightForWidth(self.width()) if self.text() else 0
        if need != self.minimumHeight():
            self.setMinimumHeight(max(need, 0))

"""A small card with a big number and a caption: the first thing a merchandiser reads."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("statCard")
        self.value = QLabel("–")
        self.value.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: palette(mid);")
        self.detail = QLabel("")
        self.detail.setStyleSheet("color: palette(mid); font-size: 8pt;")
        # a long caption or detail wraps rather than widening a row of cards past a laptop screen
        for label in (self.caption, self.detail):
            label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)

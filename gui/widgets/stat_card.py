"""A small card with a big number and a caption: the first thing a merchandiser reads."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

#: The value's size in points: a number, and a value that is words (a model's name, "gradient boosting + decay
#: model"), which at the number's size took a third of a laptop's row of cards.
VALUE_PT, WORDS_PT = 18, 13
#: A value wider than this at :data:`VALUE_PT` is written at :data:`WORDS_PT`.
WIDE_VALUE_PX = 180


class StatCard(QFrame):
    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("statCard")
        self.value = QLabel("–")
        self._value_pt = 0
        self._size_value(VALUE_PT)
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
        font = QFont(self.value.font())
        font.setPointSize(VALUE_PT)
        font.setWeight(QFont.Weight.DemiBold)
        self._size_value(VALUE_PT if QFontMetrics(font).horizontalAdvance(value) <= WIDE_VALUE_PX else WORDS_PT)
        self.value.setText(value)
        self.detail.setText(detail)

    def _size_value(self, points: int) -> None:
        if points != self._value_pt:
            self._value_pt = points
            self.value.setStyleSheet(f"font-size: {points}pt; font-weight: 600;")

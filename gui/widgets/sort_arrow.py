"""Header sort arrows that point the way the rows run: down for descending (largest first).

QHeaderView hands a descending column to the style as ``SortUp`` (the arrow points at the
largest value, an old Windows convention); merchandisers read an arrow as "largest first goes
down", as in spreadsheets. The proxy swaps the two for the arrow only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOptionHeader


class SortArrowStyle(QProxyStyle):
    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802 (Qt's name)
        if element == QStyle.PrimitiveElement.PE_IndicatorHeaderArrow and isinstance(option, QStyleOptionHeader):
            flipped = QStyleOptionHeader(option)
            up, down = QStyleOptionHeader.SortIndicator.SortUp, QStyleOptionHeader.SortIndicator.SortDown
            flipped.sortIndicator = {up: down, down: up}.get(option.sortIndicator, option.sortIndicator)
            option = flipped
        super().drawPrimitive(element, option, painter, widget)

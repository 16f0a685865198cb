"""Splitters that share their room by weight, whatever the widgets' own size hints ask.

A splitter given only stretch factors first gives each widget its size hint and shares out what is
left: a pyqtgraph chart asks for far more height than a table, so on a laptop's 768 pixels the
Decay page's at-risk list showed one row under an empty chart. Sizes set before the first layout are
taken as proportions (Qt scales them to the room there is), and the stretch factors keep those
proportions when the window is resized. No pane collapses to nothing when the separator is dragged.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


def weighted_splitter(orientation: Qt.Orientation, *panes: tuple[QWidget, int]) -> QSplitter:
    """A splitter holding ``panes`` (widget, weight) in order, each given its weight's share of the room."""
    split = QSplitter(orientation)
    for i, (widget, weight) in enumerate(panes):
        split.addWidget(widget)
        split.setStretchFactor(i, weight)
    split.setSizes([1000 * weight for _widget, weight in panes])
    split.setChildrenCollapsible(False)
    return split

"""Horizontal stacked bars with a legend, where a click on a segment names its (row, part).

Both charts of the Segments page are this shape: the category mix of each cluster
(row = cluster, part = category) and where each tier's customers went (row = tier
a period ago, part = tier now). One BarGraphItem per part is kept and updated with
``setOpts``, so a live update redraws without rebuilding the scene.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.widgets.chart_theme import ink
from gui.widgets.charts import make_plot, span_title

#: Distinct colours for up to 18 categories (Tableau 20 without its greys); "other" is OTHER_COLOUR.
COLOURS = ["#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#FF9DA7",
           "#9C755F", "#A0CBE8", "#FFBE7D", "#8CD17D", "#2F4B7C", "#F1CE63", "#D4A6C8", "#FABFD2",
           "#D37295", "#7F3C8D"]
OTHER_COLOUR = "#d9d9d9"
BAR_HEIGHT = 0.7
#: The chart's height at the least: its title and axis, and a row's name in each bar's height.
CHART_PX, ROW_PX, MIN_ROWS = 66, 16, 4
#: A legend narrower than this is not laid out yet (its height for that width would be many rows).
LAID_OUT_PX = 200


class StackedBars(QWidget):
    #: (row index, part index) of the clicked segment.
    segment_clicked = Signal(int, int)

    def __init__(self, title: str, *, x_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot(title, bottom=x_label)
        self.plot.showGrid(x=True, y=False, alpha=0.2)
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.plot.getViewBox().invertY(True)
        self.plot.hideButtons()
        # the title over the rows' names too: long cluster names left the chart's own column a third of the width
        span_title(self.plot.getPlotItem(), 0, 3)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("font-size: 8pt;")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.empty = pg.TextItem("", color="#777", anchor=(0.5, 0.5))
        self.plot.addItem(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self._bars: list[pg.BarGraphItem] = []
        self._values = np.zeros((0, 0))
        self._parts: list[str] = []
        self._colours: list[str] = []
        self.plot.scene().sigMouseClicked.connect(self._on_click)

    def set_message(self, text: str) -> None:
        """Shown in the middle of an empty chart (no run yet, or still computing)."""
        self.set_data([], [], np.zeros((0, 0)))
        self.empty.setText(text)
        self.empty.setPos(0.5, 0.5)
        self.plot.setXRange(0, 1, padding=0)
        self.plot.setYRange(0, 1, padding=0)

    def set_data(self, rows: list[str], parts: list[str], values: np.ndarray,
                 colours: list[str] | None = None, x_max: float | None = None) -> None:
        """``values[r, p]``: the width of part p in row r (shares or counts)."""
        values = np.asarray(values, dtype=float).reshape(len(rows), len(parts))
        self._values, self._parts = values, list(parts)
        self._colours = list(colours or [COLOURS[i % len(COLOURS)] for i in range(len(parts))])
        self.empty.setText("")
        while len(self._bars) < len(parts):
            bar = pg.BarGraphItem(x0=[0.0], y0=[0.0], width=[0.0], height=[0.0])
            bar.setVisible(False)
            self.plot.addItem(bar)
            self._bars.append(bar)
        left = np.zeros(len(rows))
        y0 = np.arange(len(rows)) - BAR_HEIGHT / 2
        for p, bar in enumerate(self._bars):
            if p < len(parts):
                width = values[:, p]
                bar.setOpts(x0=left.copy(), y0=y0, width=width, height=np.full(len(rows), BAR_HEIGHT),
                            brush=pg.mkBrush(self._colours[p]), pen=pg.mkPen("w", width=0.5))
                ink(bar, self.plot)     # the separators: white on a light chart, the background on a dark one
                bar.setVisible(len(rows) > 0)
                left = left + width
            else:
                bar.setVisible(False)
        axis = self.plot.getAxis("left")
        axis.setTicks([[(i, name) for i, name in enumerate(rows)]])
        if rows:
            self.plot.setYRange(-0.6, len(rows) - 0.4, padding=0)
            self.plot.setXRange(0, x_max if x_max is not None else max(float(left.max()), 1e-9), padding=0.02)
        # lines break between entries only: a name cut in two ("CANDY -" / "CHECKLANE") read as two names
        self.legend.setText("&nbsp;&nbsp; ".join(
            f"<span style='color:{c}; font-size:10pt'>■</span>&nbsp;{_unbreakable(_html(name))}"
            for name, c in zip(parts, self._colours)))
        self.plot.setMinimumHeight(CHART_PX + ROW_PX * max(len(rows), MIN_ROWS))
        self._fit_legend()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_legend()

    def _fit_legend(self) -> None:
        """The chart's minimum holds its bars and its legend's rows at the legend's width: a wrapped label's own
        minimum is one line, and squeezed to it the legend was drawn over the chart's axis (a grocer's long
        category names: five rows of legend)."""
        width = self.legend.width()
        need = self.legend.heightForWidth(width) if width >= LAID_OUT_PX and self.legend.text() else 0
        if need != self.legend.minimumHeight():
            self.legend.setMinimumHeight(max(need, 0))

    def segment_at(self, x: float, y: float) -> tuple[int, int] | None:
        row = int(round(y))
        if not (0 <= row < len(self._values)) or abs(y - row) > BAR_HEIGHT / 2 or x < 0:
            return None
        edges = np.cumsum(self._values[row])
        part = int(np.searchsorted(edges, x, side="right"))
        return (row, part) if part < len(self._parts) else None

    def scene_pos_of(self, row: int, part: int) -> QPointF:
        """Where segment (row, part) is drawn, in scene coordinates (tests click there)."""
        edges = np.concatenate([[0.0], np.cumsum(self._values[row])])
        x = (edges[part] + edges[part + 1]) / 2
        return self.plot.getViewBox().mapViewToScene(QPointF(x, row))

    def _on_click(self, event) -> None:
        vb = self.plot.getViewBox()
        if not vb.sceneBoundingRect().contains(event.scenePos()):
            return
        point = vb.mapSceneToView(event.scenePos())
        hit = self.segment_at(point.x(), point.y())
        if hit is not None:
            self.segment_clicked.emit(*hit)


def _unbreakable(text: str) -> str:
    """``text`` with no place to break a line: spaces made no-break, a word joiner after each slash or hyphen."""
    return text.replace(" ", "&nbsp;").replace("/", "/\u2060").replace("-", "-\u2060")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

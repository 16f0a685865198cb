"""Half-life per category as sorted horizontal bars, each labelled in plain words.

"Dairy — fades by half in 11 days": the chart a merchandiser reads at a glance.
Bars are added as categories are fitted (one BarGraphItem, updated with setOpts);
a click on a bar selects its category. A real shop has hundreds of categories: the chart
shows as many rows as stay legible, slowest first, and a vertical drag scrolls on.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.models.decay.queries import uncertain
from gui.i18n.plurals import plurals
from gui.widgets.charts import make_plot

BAR = "#0072B2"
SELECTED = "#D55E00"
#: Pixels a row needs for its label to stay legible (299 categories in 300 pixels were one black block).
ROW_PX = 18


def describe_days(days: float) -> str:
    """A half-life in the unit a merchandiser reads (days, weeks or months), in the interface language."""
    if days < 14:
        return plurals().days(round(days))
    if days < 120:
        return plurals().weeks(round(days / 7))
    return plurals().months(round(days / 30.4))


#: The widest a message in the chart runs before it wraps (pixels)
MESSAGE_WIDTH = 340


class HalfLifeChart(QWidget):
    category_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = make_plot(self.tr("How fast interest fades: half-life per category"),
                              bottom=self.tr("days until interest halves"))
        self.plot.showGrid(x=True, y=False, alpha=0.2)
        self.plot.getViewBox().setMouseEnabled(x=False, y=True)
        self.plot.getViewBox().invertY(True)
        self.plot.hideButtons()
        self.plot.setMinimumWidth(360)
        self.bars = pg.BarGraphItem(x0=[0.0], y=[0.0], height=[0.7], width=[0.0], brush=BAR, pen=None)
        self.plot.addItem(self.bars)
        self.whiskers = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0.25, pen=pg.mkPen("#555", width=1))
        self.plot.addItem(self.whiskers)
        self.message = pg.TextItem("", color="#777", anchor=(0.5, 0.5))
        self.plot.addItem(self.message)
        self._labels: list[pg.TextItem] = []
        self.categories: list[str] = []
        self.values = np.zeros(0)
        self.uncertain: list[bool] = []
        self.selected: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.plot.scene().sigMouseClicked.connect(self._on_click)
        self._label_x = np.zeros(0)
        self.plot.getViewBox().sigResized.connect(self._on_resized)

    def set_message(self, text: str) -> None:
        self.set_data([], [])
        # a reason (why the model was skipped) runs to a paragraph: wrapped inside the plot
        self.message.setTextWidth(-1)
        self.message.setText(text)
        if self.message.textItem.boundingRect().width() > MESSAGE_WIDTH:
            self.message.setTextWidth(MESSAGE_WIDTH)
        self.message.setPos(0.5, 0.5)
        self.plot.getAxis("bottom").setStyle(showValues=False)
        self.plot.showGrid(x=False, y=False)
        self.plot.setXRange(0, 1, padding=0)
        self.plot.setYRange(0, 1, padding=0)

    def set_data(self, categories: list[str], half_lives: list[float],
                 intervals: list[tuple[float | None, float | None]] | None = None) -> None:
        """Slowest fading on top; the ones still being fitted simply are not there yet.

        ``intervals``: the 95% range of each half-life, drawn as a whisker; a category
        whose range spans more than the engine's factor (:func:`engine.models.decay.queries.uncertain`) is
        labelled "uncertain".
        """
        order = np.argsort(-np.asarray(half_lives, dtype=np.float64), kind="stable")
        fresh = not self.categories
        self.categories = [categories[i] for i in order]
        self.values = np.asarray(half_lives, dtype=np.float64)[order]
        spans = [intervals[i] if intervals else (None, None) for i in order]
        lo = np.array([s[0] if s[0] is not None else v for s, v in zip(spans, self.values)], dtype=np.float64)
        hi = np.array([s[1] if s[1] is not None else v for s, v in zip(spans, self.values)], dtype=np.float64)
        self.uncertain = [uncertain(v, l_, h) for v, l_, h in zip(self.values, lo, hi)]
        n = len(self.categories)
        self.message.setText("")
        self.plot.getAxis("bottom").setStyle(showValues=True)
        self.plot.showGrid(x=True, y=False, alpha=0.2)
        y = np.arange(n, dtype=np.float64)
        brushes = [SELECTED if c == self.selected else BAR for c in self.categories]
        self.bars.setOpts(x0=np.zeros(n), y=y, height=np.full(n, 0.7), width=self.values, brushes=brushes)
        while len(self._labels) < n:
            label = pg.TextItem("", color="#222", anchor=(0, 0.5))
            self.plot.addItem(label)
            self._labels.append(label)
        top = float(self.values.max()) if n else 1.0
        # whiskers are clipped to the chart: an unbounded range would squash every bar
        shown_hi = np.minimum(hi, top * 1.15)
        self.whiskers.setData(x=self.values, y=y, left=self.values - lo, right=shown_hi - self.values,
                              height=np.zeros(n))
        self._label_x = np.maximum(self.values, shown_hi) + top * 0.01
        for i, label in enumerate(self._labels):
            if i < n:
                text = (self.tr("{category} — {half_life} (uncertain)") if self.uncertain[i] else
                        self.tr("{category} — {half_life}"))
                label.setText(text.format(category=self.categories[i], half_life=describe_days(self.values[i])))
                label.setPos(self._label_x[i], y[i])
                label.setVisible(True)
            else:
                label.setVisible(False)
        self.plot.getAxis("left").setTicks([[]])
        self.plot.getAxis("left").setStyle(showValues=False)
        if n:
            self._fit_rows(from_top=fresh)

    def _on_resized(self, *_) -> None:
        self._fit_rows()

    def rows_shown(self) -> int:
        """How many rows fit legibly in the chart's height (at least 8: a short chart still shows a few)."""
        return max(8, int(self.plot.getViewBox().height() // ROW_PX))

    def _fit_rows(self, from_top: bool = False) -> None:
        """Show the rows that stay legible, from the one at the top now; a drag scrolls through the rest
        (never past the first or last row, and the wheel never shows more rows at once than fit).
        ``from_top``: a new chart starts at its first row; bars added as categories are fitted keep the place."""
        n = len(self.categories)
        if not n:
            return
        rows = min(max(n, 8), self.rows_shown())
        box = self.plot.getViewBox()
        box.setLimits(yMin=-0.6, yMax=max(n, 8) - 0.4, maxYRange=rows)
        top = -0.6 if from_top else max(-0.6, min(box.viewRange()[1][0], max(n, 8) - 0.4 - rows))
        self.plot.setYRange(top, top + rows, padding=0)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """Widen the x range until every label ends inside the chart. A label is a fixed number of
        pixels wide, so it needs R >= x / (1 - w / W) for a range R drawn W pixels wide."""
        n = len(self.categories)
        if not n:
            return
        width = self.plot.getViewBox().width()
        top = float(self.values.max()) if self.values.size else 1.0
        need = top * 1.05
        if width > 0:
            for x, label in zip(self._label_x, self._labels[:n]):
                share = (label.textItem.boundingRect().width() + 6) / width
                if share < 0.9:   # a label wider than the chart cannot fit at any range
                    need = max(need, x / (1.0 - share))
        self.plot.setXRange(0, need, padding=0)

    def select(self, category: str | None) -> None:
        self.selected = category
        if self.categories:
            self.bars.setOpts(brushes=[SELECTED if c == category else BAR for c in self.categories])

    def _on_click(self, event) -> None:
        if not self.categories:
            return
        point = self.plot.getViewBox().mapSceneToView(event.scenePos())
        row = int(round(point.y()))
        if 0 <= row < len(self.categories) and point.x() >= 0:
            self.category_clicked.emit(self.categories[row])

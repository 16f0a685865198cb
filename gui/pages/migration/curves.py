"""Live training curves: losses per epoch, and the validation AUC against the baselines' lines."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gui.widgets.charts import color, make_plot

#: Short names for the reference lines (the model card carries the long ones).
LINE_LABELS = {"popularity": "Popularity", "own_history": "Own history", "markov": "Markov",
               "logistic": "Logistic"}


class TrainingCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss_plot = make_plot("Loss per epoch (lower is better)", left="loss", bottom="epoch")
        self.metric_plot = make_plot("Validation AUC vs baselines (higher is better)", left="AUC", bottom="epoch")
        for plot in (self.loss_plot, self.metric_plot):
            for side in ("left", "bottom"):
                plot.getAxis(side).enableAutoSIPrefix(False)
        self.loss_plot.addLegend(offset=(-10, 10))
        self.metric_plot.addLegend(offset=(10, -10))
        self.train_curve = self.loss_plot.plot([], [], pen=pg.mkPen(color(0), width=2), symbol="o", symbolSize=5,
                                               name="training")
        self.val_curve = self.loss_plot.plot([], [], pen=pg.mkPen(color(1), width=2), symbol="o", symbolSize=5,
                                             name="validation")
        self.metric_curve = self.metric_plot.plot([], [], pen=pg.mkPen(color(0), width=3), symbol="o", symbolSize=6,
                                                  name="LSTM")
        self.baseline_lines: dict[str, pg.InfiniteLine] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.loss_plot)
        layout.addWidget(self.metric_plot)
        self.reset()

    def reset(self) -> None:
        self.epochs: list[float] = []
        self.train: list[float] = []
        self.val: list[float] = []
        self.metric: list[float] = []
        for line in self.baseline_lines.values():
            self.metric_plot.removeItem(line)
        self.baseline_lines.clear()
        self.redraw()

    def set_baselines(self, baselines: dict[str, float]) -> None:
        for i, (name, value) in enumerate(sorted(baselines.items(), key=lambda item: -item[1])):
            if value != value:  # NaN: nothing to draw
                continue
            line = self.baseline_lines.get(name)
            if line is None:
                pen = pg.mkPen(color(i + 2), width=1.5, style=pg.QtCore.Qt.PenStyle.DashLine)
                line = pg.InfiniteLine(angle=0, movable=False, pen=pen,
                                       label=f"{LINE_LABELS.get(name, name)} {value:.3f}",
                                       labelOpts={"position": 0.03 + 0.23 * i, "color": color(i + 2),
                                                  "anchors": [(0, 1), (0, 1)]})
                self.metric_plot.addItem(line)
                self.baseline_lines[name] = line
            line.setValue(value)

    def add_epoch(self, row: dict) -> None:
        self.epochs.append(float(row["epoch"]))
        self.train.append(float(row["train_loss"]))
        self.val.append(float(row["val_loss"]))
        self.metric.append(float(row["val_metric"]))
        if row.get("baselines"):
            self.set_baselines(row["baselines"])

    def load(self, history: list[tuple], baselines: dict[str, float]) -> None:
        self.reset()
        self.set_baselines(baselines)
        for epoch, train, val, metric in history:
            self.add_epoch({"epoch": epoch, "train_loss": train, "val_loss": val, "val_metric": metric})
        self.redraw()

    def redraw(self) -> None:
        x = np.asarray(self.epochs, dtype=np.float64)
        self.train_curve.setData(x, np.asarray(self.train, dtype=np.float64))
        self.val_curve.setData(x, np.asarray(self.val, dtype=np.float64))
        self.metric_curve.setData(x, np.asarray(self.metric, dtype=np.float64))
        values = self.metric + [line.value() for line in self.baseline_lines.values()]
        if values:
            lo, hi = min(values), max(values)
            pad = max(0.01, (hi - lo) * 0.15)
            self.metric_plot.setYRange(lo - pad, hi + pad)
        if self.epochs:
            self.metric_plot.setXRange(0.5, max(self.epochs) + 0.5)

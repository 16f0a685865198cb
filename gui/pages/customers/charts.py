"""The Customers page's charts: how p_buy_again is spread over customers, and predicted vs actual
buy-again rates by tenth of the predictions at the latest backtest cut."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gui.i18n.engine_text import locale_number
from gui.widgets.charts import color, make_plot


class CustomerCharts(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.histogram = make_plot(self.tr("Customers by chance of buying again"), left=self.tr("customers"),
                                   bottom=self.tr("chance of buying again (p_buy_again)"))
        self.deciles = make_plot(self.tr("Backtest: predicted vs actual"), left=self.tr("bought again"),
                                 bottom=self.tr("predicted (tenths of customers)"))
        for plot in (self.histogram, self.deciles):
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setMaximumHeight(220)
        self.deciles.addLegend(offset=(10, 10))
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.045, brush=color(0))
        self.histogram.addItem(self.bars)
        self.diagonal = self.deciles.plot([0, 1], [0, 1], pen=pg.mkPen("#999", style=pg.QtCore.Qt.PenStyle.DashLine))
        self.shipped = self.deciles.plot([], [], pen=pg.mkPen(color(0), width=2), symbol="o", symbolSize=6,
                                         symbolBrush=color(0), name=self.tr("shipped model"))
        self.baseline = self.deciles.plot([], [], pen=pg.mkPen(color(1), width=1.5), symbol="t", symbolSize=6,
                                          symbolBrush=color(1), name="BG/NBD")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.histogram, 1)
        layout.addWidget(self.deciles, 1)

    def set_histogram(self, edges: np.ndarray | None, counts: np.ndarray | None) -> None:
        if edges is None or counts is None:
            self.bars.setOpts(x=[], height=[])
            return
        self.bars.setOpts(x=(edges[:-1] + edges[1:]) / 2, height=counts, width=float(edges[1] - edges[0]) * 0.9)

    def set_deciles(self, deciles: dict | None, winner: str, sample: int | None = None,
                    calibrated: bool = False) -> None:
        """``sample``: the customers the check counted, when the backtest cut kept only a sample; ``winner`` empty:
        no run; ``calibrated``: the shipped probabilities went through a layer fitted at this cut (the curve is the
        model's own, which the layer corrects: the layer's own curve here would be fitted to these very outcomes)."""
        if winner and not deciles:
            # a run on a short history has no backtest cut: empty axes under a legend read as a broken chart
            title = self.tr("Backtest: none on this run (too little history for a cut)")
        elif sample:
            title = self.tr("Backtest: predicted vs actual, on a sample of {n} customers").format(
                n=locale_number(sample, ","))
        else:
            title = self.tr("Backtest: predicted vs actual")
        self.deciles.setTitle(title, size="10pt")
        # beside the shipped model, BG/NBD; beside BG/NBD shipped, gradient boosting (one curve on another said nothing)
        other = "learned" if winner == "bgnbd" else "bgnbd"
        label = self.deciles.plotItem.legend.getLabel(self.baseline)
        if label is not None:
            label.setText(self.tr("gradient boosting") if other == "learned" else "BG/NBD")
        label = self.deciles.plotItem.legend.getLabel(self.shipped)
        if label is not None:
            label.setText(self.tr("shipped model, before its calibration") if calibrated else self.tr("shipped model"))
        for curve, name in ((self.shipped, winner), (self.baseline, other)):
            d = (deciles or {}).get(name)
            curve.setData(d["predicted"], d["actual"]) if d else curve.setData([], [])

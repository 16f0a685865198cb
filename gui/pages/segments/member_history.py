"""One customer's history: a weekly timeline of purchases and browsing, and their events."""

from __future__ import annotations

from datetime import datetime, time, timezone

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from engine.models.segments import queries
from engine.store import Project
from gui.i18n import values
from gui.widgets.charts import make_plot
from gui.widgets.sql_table_view import SqlTableView

WEEK_S = 7 * 86400.0


def _epoch(day) -> float:
    return datetime.combine(day, time(), tzinfo=timezone.utc).timestamp()


class MemberHistory(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self.tr("<b>Customer history</b> — click a customer in the list"))
        self.heading.setWordWrap(True)   # a customer's tier, cluster and mix are long
        self.plot = make_plot(dates=True, left=self.tr("events / week"))
        self.plot.setMinimumHeight(100)
        self.plot.addLegend(offset=(5, 5))
        self.bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=WEEK_S * 0.8, brush="#08519c",
                                   name=self.tr("purchases"))
        self.plot.addItem(self.bars)
        self.browse = self.plot.plot([], [], pen=pg.mkPen("#E69F00", width=1.5), name=self.tr("browsing"))
        self.events = SqlTableView(self.tr("Filter events: type, category or item…"), headers=queries.HISTORY_HEADERS)
        values.translate_columns(self.events.model, event_type=values.event_type)
        # the weeks' chart and the events as tabs: stacked, a customer clicked on a laptop's screen left the events
        # one row (none under the first start's panel) and pushed the window past the screen's foot
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.plot, self.tr("By week"))
        self.tabs.addTab(self.events, self.tr("Events"))
        self.tabs.setTabEnabled(0, False)   # until a customer is shown
        self.tabs.setCurrentIndex(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.customer_id: str | None = None

    def show_customer(self, project: Project | None, customer_id: str | None, summary: str = "",
                      as_of: datetime | None = None) -> None:
        self.customer_id = customer_id
        if project is None or customer_id is None:
            self.heading.setText(self.tr("<b>Customer history</b> — click a customer in the list"))
            self.tabs.setTabEnabled(0, False)    # an empty date axis would start in 1970
            self.tabs.setCurrentIndex(1)
            self.events.set_query(None)
            return
        self.heading.setText(f"<b>{customer_id}</b>" + (f" — {summary}" if summary else ""))
        if not self.tabs.isTabEnabled(0):   # the first customer opens on the chart; later ones keep the tab chosen
            self.tabs.setTabEnabled(0, True)
            self.tabs.setCurrentIndex(0)
        line = queries.customer_timeline(project, customer_id, as_of)
        x = np.array([_epoch(w) for w in line["weeks"]], dtype=np.float64)
        if len(x):
            self.bars.setOpts(x=x + WEEK_S / 2, height=line["purchases"], width=WEEK_S * 0.8)
            self.browse.setData(x + WEEK_S / 2, line["browse"])
            self.plot.setXRange(x.min(), x.max() + WEEK_S, padding=0.02)
        else:
            self.bars.setOpts(x=[0.0], height=[0.0])
            self.browse.setData([], [])
        query = queries.history_query(project, customer_id)
        self.events.set_query(query)
        header = self.events.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)   # newest first, as queried
        header.blockSignals(False)

"""A table over SQL with a filter box and a row count: the shape every big table takes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout,
                               QWidget)

from engine.read.paged_query import PagedQuery
from gui.widgets.sort_arrow import SortArrowStyle
from gui.widgets.sql_table_model import SqlTableModel

#: Typing is applied this long after the last key, so a filter is one query, not one per key.
FILTER_DELAY_MS = 250
#: The first rows a column is sized to (:meth:`SqlTableView._size_columns`): within the first page, which the model
#: has. Qt's own sizing read those on screen and 1,000 more by default: three more pages, every cell formatted on the
#: window's thread, 0.7 s when the Customers page drew a 10^6-row list (100 rows: 50-110 ms a table under load).
SIZED_ROWS = 40
#: What a text's laid-out width may be over another's of the same advance (a column is sized by its widest text's)
ROUNDING_PX = 1
#: The widest a column is sized, in average characters of the view's font: a longer text is elided, and whole in its
#: tooltip (the Runs page's data column, ``events=126953;imports=1;span=...``, pushed the runs' summaries out of view)
WIDEST_CHARS = 32


class SqlTableView(QWidget):
    #: The user selected a row: its values, as a {column: value} dict.
    row_selected = Signal(dict)
    #: The user double-clicked (or pressed Enter on) a row.
    row_activated = Signal(dict)

    def __init__(self, placeholder: str = "", parent: QWidget | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.model = SqlTableModel(None, self, headers=headers)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(placeholder or self.tr("Filter…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel("")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._arrow_style = SortArrowStyle()   # kept: a widget does not own the style it is given
        self.table.horizontalHeader().setStyle(self._arrow_style)
        self.table.verticalHeader().setDefaultSectionSize(22)
        # a double-click on a header's edge sizes its column as Qt does: the rows on screen and this many more
        self.table.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
        self.table.setAlternatingRowColors(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.filter_edit.returnPressed.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.loaded.connect(self._update_count)
        self.model.failed.connect(lambda message: self.count_label.setText(self.tr("Query failed: {reason}").format(reason=message)))
        self._size_on_reset = False
        # the columns the widths were sized for, on rows: a query with the same columns keeps them (a reload as
        # data lands or a run ends, another target's customers), as the user may have set them; sizing again
        # took 28-50 ms of the window's thread a table at 10^7 (session 39).
        self._sized_for: tuple[str, ...] | None = None
        self.model.modelReset.connect(self._on_reset)
        self.table.doubleClicked.connect(lambda idx: self._emit(self.row_activated, idx.row()))
        self._top = QHBoxLayout()
        self._top.addWidget(self.filter_edit, 1)
        self._top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._top)
        layout.addWidget(self.table, 1)

    def set_heading(self, heading: QWidget) -> None:
        """``heading`` (the list's title) left of the filter, on its row: a row of its own above it is a row of the
        list less on a laptop's screen."""
        self._top.insertWidget(0, heading, 1)

    def set_query(self, query: PagedQuery | None) -> None:
        if query is not None and self.filter_edit.text():
            query.set_filter(self.filter_edit.text())
        self.model.set_query(query)
        self._show_sort(query)
        # sized to the rows: those of a query still running in the background come with its reset
        self._size_on_reset = query is None or tuple(query.columns) != self._sized_for
        if self._size_on_reset and not self.model.loading:
            self._size_columns()
        self._update_count()

    def _on_reset(self) -> None:
        # a list shown empty and filled by a refresh (the Runs page as the first runs end) is sized once it has rows:
        # sized to its headers alone it read "migra…" and "2026-…"
        if self._size_on_reset or (self._sized_for is None and self.model.rowCount()):
            self._size_columns()
        self._update_count()

    def _size_columns(self) -> None:
        """Each column as wide as its header or its widest text in the first rows (:data:`SIZED_ROWS`), as Qt's
        ``resizeColumnsToContents`` sizes it: the widest text by its advance in the view's font, then that one cell
        as the view's delegate and style size it, and a grid line; at most :data:`WIDEST_CHARS`. Qt asks the model
        for six roles of every cell, a call into Python each, and lays out each text: 43 ms of the Data page's first
        drawing as a 10^7 project opened, its reads running beside. (Sized by the advance and the style's text margins
        alone until session 61, a column was two pixels short of its text under the window's style sheet, and a time
        read ``2026-10-31 ···``.)"""
        self._size_on_reset = False
        table, model = self.table, self.model
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        grid = int(table.showGrid())
        widest_px = metrics.averageCharWidth() * WIDEST_CHARS
        rows = min(model.rowCount(), SIZED_ROWS)
        for column in range(model.columnCount()):
            texts = (model.data(model.index(row, column)) for row in range(rows))
            widest, row = max(((metrics.horizontalAdvance(t), row) for row, t in enumerate(texts) if t),
                              default=(0, -1))
            # texts of one advance are laid out up to a pixel apart (a column of times: 95 and 96 px): a pixel more
            cell = table.sizeHintForIndex(model.index(row, column)).width() + grid + ROUNDING_PX if widest else 0
            header.resizeSection(column, max(min(cell, widest_px), header.sectionSizeHint(column)))
        query = self.model.query
        self._sized_for = tuple(query.columns) if query is not None and self.model.rowCount() else None

    def _show_sort(self, query: PagedQuery | None) -> None:
        """The header's arrow says how the query is sorted (without sorting again)."""
        header = self.table.horizontalHeader()
        blocked = header.blockSignals(True)
        try:
            if query is None or query.sort is None:
                header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            else:
                column, descending = query.sort
                header.setSortIndicator(query.columns.index(column),
                                        Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        finally:
            header.blockSignals(blocked)
        header.viewport().update()

    def refresh(self) -> None:
        self.model.refresh()
        self._update_count()

    def _apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter_text(self.filter_edit.text())
        self._update_count()

    def _update_count(self) -> None:
        if self.model.query is None:
            self.count_label.setText("")
        elif self.model.counting:
            self.count_label.setText(self.tr("%Ln+ row(s), counting…", "", self.model.rowCount()))
        elif self.model.loading:
            self.count_label.setText(self.tr("Loading…"))
        else:
            n = self.model.rowCount()
            # %Ln: the count with the locale's digit grouping
            self.count_label.setText(self.tr("%Ln row(s)", "", n))

    def _on_current(self, current, _previous) -> None:
        if current.isValid():
            self._emit(self.row_selected, current.row())

    def _emit(self, signal, row: int) -> None:
        values = self.model.row_values(row)
        if values is not None and self.model.query is not None:
            signal.emit(dict(zip(self.model.query.columns, values)))

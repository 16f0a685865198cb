"""A Qt table model over a SQL result, read a page at a time.

Sorting (click a header) and filtering (type in a box) become ORDER BY and
WHERE in DuckDB; only the rows on screen are in Python.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from engine.services.paged_query import PagedQuery

PAGE_SIZE = 256
MAX_PAGES = 64


def format_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e12:
            return f"{int(value):,}"
        return f"{value:.3g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    return str(value)


class SqlTableModel(QAbstractTableModel):
    def __init__(self, query: PagedQuery | None = None, parent=None, headers: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self._query = query
        self._headers = headers or {}
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._rows = query.count() if query else 0

    # -- the query -----------------------------------------------------------------
    @property
    def query(self) -> PagedQuery | None:
        return self._query

    def set_query(self, query: PagedQuery | None) -> None:
        self.beginResetModel()
        self._query = query
        self._pages.clear()
        self._rows = query.count() if query else 0
        self.endResetModel()

    def set_filter_text(self, text: str) -> None:
        if self._query is None:
            return
        self.beginResetModel()
        self._query.set_filter(text)
        self._pages.clear()
        self._rows = self._query.count()
        self.endResetModel()

    def refresh(self) -> None:
        if self._query is None:
            return
        self.beginResetModel()
        self._query.invalidate()
        self._pages.clear()
        self._rows = self._query.count()
        self.endResetModel()

    def column_name(self, column: int) -> str:
        return self._query.columns[column] if self._query else ""

    def row_values(self, row: int) -> tuple | None:
        if self._query is None or not 0 <= row < self._rows:
            return None
        page = self._page(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def _page(self, number: int) -> list[tuple]:
        page = self._pages.get(number)
        if page is None:
            assert self._query is not None
            page = self._query.fetch(number * PAGE_SIZE, PAGE_SIZE)
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    # -- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() or self._query is None else len(self._query.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._query is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.UserRole):
            values = self.row_values(index.row())
            if values is None:
                return None
            value = values[index.column()]
            return value if role == Qt.ItemDataRole.UserRole else format_cell(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._query.types[index.column()].upper()
            if any(t in kind for t in ("INT", "DOUBLE", "FLOAT", "DECIMAL", "BIGINT")):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._query is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._query.columns):
                name = self._query.columns[section]
                return self._headers.get(name, name.replace("_", " "))
            return None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._query is None or not 0 <= column < len(self._query.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._query.set_sort(self._query.columns[column], order == Qt.SortOrder.DescendingOrder)
        self._pages.clear()
        self.layoutChanged.emit()

"""A Qt table model over a SQL result, read a page at a time.

Sorting (click a header) and filtering (type in a box) become ORDER BY and
WHERE in DuckDB; only the rows on screen are in Python.

Every query runs on the model's own worker thread. The GUI thread waits for it
at most ``SYNC_BUDGET_S``: small results therefore appear at once, as if
synchronous, while a slow sort or filter on millions of rows finishes in the
background (``loading`` is True meanwhile) and never freezes the window. A new
sort or filter interrupts the query it replaces.

Once a sorted result has its first page, a second worker builds the query's
anchors (:meth:`PagedQuery.build_anchors`, every ``PAGE_SIZE``-th sort key) so
deep pages become seeks instead of sorts; until they are ready, pages use
``OFFSET``. A new sort or filter interrupts that build too.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Any, Callable

import duckdb
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from engine.read.paged_query import PagedQuery

PAGE_SIZE = 256
MAX_PAGES = 64
#: How long the GUI thread may wait for a query before letting it finish in the background.
SYNC_BUDGET_S = 0.05
#: Results up to this many pages are paged by OFFSET alone (a seek would not be faster).
ANCHOR_MIN_PAGES = 8
LOADING_TEXT = "…"


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
    #: A background query finished and the model shows its rows (count or a page).
    loaded = Signal()
    #: A query failed (the message is shown by the view).
    failed = Signal(str)
    #: The current sort's deep-page anchors are built (deep pages are seeks from now on).
    anchored = Signal()
    _anchors_built = Signal(int)  # generation
    _result = Signal(int, str, object)  # generation, kind ('reset' | 'page'), payload

    def __init__(self, query: PagedQuery | None = None, parent=None, headers: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self._headers = headers or {}
        self._cell_text: dict[str, Callable[[Any, dict[str, Any]], str]] = {}
        self._query: PagedQuery | None = None
        self._pages: OrderedDict[int, list[tuple]] = OrderedDict()
        self._pending: set[int] = set()
        self._rows = 0
        self._generation = 0
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sql-table")
        self._anchor_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sql-table-anchors")
        self._cursors: set[duckdb.DuckDBPyConnection] = set()
        self._cursor_lock = threading.Lock()
        self.loading = False
        self._result.connect(self._on_result)
        self._anchors_built.connect(lambda generation: generation == self._generation and self.anchored.emit())
        executors = (self._executor, self._anchor_executor)
        self.destroyed.connect(lambda *_: [e.shutdown(wait=False, cancel_futures=True) for e in executors])
        if query is not None:
            self.set_query(query)

    def set_headers(self, headers: dict[str, str]) -> None:
        """Column titles by column name (names not listed are shown with spaces for underscores)."""
        self._headers = dict(headers)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_cell_text(self, column: str, text: Callable[[Any, dict[str, Any]], str]) -> None:
        """Show a column's values as ``text(value, row)`` (row: the row's values by column name), for
        text the engine stored in English and the user reads in their language."""
        self._cell_text[column] = text

    # -- the query -----------------------------------------------------------------
    @property
    def query(self) -> PagedQuery | None:
        return self._query

    def set_query(self, query: PagedQuery | None) -> None:
        self._query = query
        self._reload()

    def set_filter_text(self, text: str) -> None:
        if self._query is None:
            return
        self._query.set_filter(text)
        self._reload()

    def refresh(self) -> None:
        if self._query is None:
            return
        self._query.invalidate()
        self._reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._query is None or not 0 <= column < len(self._query.columns):
            return
        self._query.set_sort(self._query.columns[column], order == Qt.SortOrder.DescendingOrder)
        self._reload()

    def column_name(self, column: int) -> str:
        return self._query.columns[column] if self._query else ""

    def row_values(self, row: int) -> tuple | None:
        """The row's values if its page is loaded (loads it, within the time budget, if not)."""
        if self._query is None or not 0 <= row < self._rows:
            return None
        number = row // PAGE_SIZE
        page = self._pages.get(number)
        if page is None:
            self._request_page(number)
            page = self._pages.get(number)
            if page is None:
                return None
        self._pages.move_to_end(number)
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    # -- background queries -----------------------------------------------------------
    def _reload(self) -> None:
        self._generation += 1
        self._interrupt_all()
        self._pending.clear()
        if self._query is None:
            self._apply_reset(self._generation, (0, []))
            return
        query = self._query
        self._submit("reset", lambda cur: (query.count(cursor=cur), query.fetch(0, PAGE_SIZE, cursor=cur)))

    def _request_page(self, number: int) -> None:
        if self._query is None or number in self._pending:
            return
        self._pending.add(number)
        query = self._query
        self._submit("page", lambda cur: (number, query.fetch(number * PAGE_SIZE, PAGE_SIZE, cursor=cur)))

    def _start_anchors(self) -> None:
        """Build the deep-page anchors on their own worker (no signal: pages just get faster)."""
        query, generation = self._query, self._generation
        if query is None or query.sort is None or query.has_anchors() or self._rows < ANCHOR_MIN_PAGES * PAGE_SIZE:
            return

        def build(cur: duckdb.DuckDBPyConnection) -> None:
            if generation == self._generation:  # a build queued behind a newer sort is skipped
                query.build_anchors(PAGE_SIZE, cursor=cur)
                self._anchors_built.emit(generation)

        future = self._anchor_executor.submit(self._with_cursor(query.project, build))
        future.add_done_callback(lambda f: f.cancelled() or f.exception())  # interrupted or failed: OFFSET it is

    def _with_cursor(self, project, work: Callable[[duckdb.DuckDBPyConnection], Any]) -> Callable[[], Any]:
        def run() -> Any:
            cur = project.new_cursor()
            with self._cursor_lock:
                self._cursors.add(cur)
            try:
                return work(cur)
            finally:
                with self._cursor_lock:
                    self._cursors.discard(cur)
                project.release(cur)
        return run

    def _submit(self, kind: str, work: Callable[[duckdb.DuckDBPyConnection], Any]) -> None:
        generation = self._generation
        project = self._query.project if self._query else None
        future: Future = self._executor.submit(self._with_cursor(project, work))
        try:
            result = future.result(timeout=SYNC_BUDGET_S)
        except FutureTimeout:
            self._set_loading(True)
            future.add_done_callback(lambda f: self._deliver(generation, kind, f))
            return
        except Exception as exc:  # noqa: BLE001 - a failed query is shown, not raised into Qt
            self._fail(generation, exc)
            return
        self._on_result(generation, kind, result)

    def _deliver(self, generation: int, kind: str, future: Future) -> None:
        """On the worker thread: hand the outcome to the GUI thread (a queued signal)."""
        if future.cancelled():
            return
        exc = future.exception()
        self._result.emit(generation, "error" if exc else kind, exc if exc else future.result())

    def _interrupt_all(self) -> None:
        with self._cursor_lock:
            for cur in self._cursors:
                try:
                    cur.interrupt()
                except duckdb.Error:
                    pass

    def _set_loading(self, value: bool) -> None:
        self.loading = value

    def _fail(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation and not isinstance(exc, duckdb.InterruptException):
            self.loading = False
            self.failed.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _on_result(self, generation: int, kind: str, payload: Any) -> None:
        if generation != self._generation:
            return  # a stale answer to a sort or filter the user has since changed
        if kind == "error":
            self._fail(generation, payload)
        elif kind == "reset":
            self._apply_reset(generation, payload)
        else:
            number, rows = payload
            self._pending.discard(number)
            self._pages[number] = rows
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
            first = number * PAGE_SIZE
            last = min(self._rows, first + len(rows)) - 1
            if last >= first and self.columnCount():
                self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))
        self.loading = bool(self._pending)
        self.loaded.emit()

    def _apply_reset(self, generation: int, payload: tuple[int, list[tuple]]) -> None:
        count, first_page = payload
        self.beginResetModel()
        self._pages.clear()
        self._rows = int(count)
        if self._query is not None:
            self._pages[0] = first_page
        self.endResetModel()
        self._start_anchors()

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
                return LOADING_TEXT if role == Qt.ItemDataRole.DisplayRole else None
            value = values[index.column()]
            if role == Qt.ItemDataRole.UserRole:
                return value
            text = self._cell_text.get(self._query.columns[index.column()])
            return text(value, dict(zip(self._query.columns, values))) if text is not None else format_cell(value)
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

"""A Qt table model over a SQL result, read a page at a time.

Sorting (click a header) and filtering (type in a box) become ORDER BY and
WHERE in DuckDB; only the rows on screen are in Python.

The first page comes before the row count: a filter that few rows of millions
match costs a full scan, and counting first made the user wait for two. A short
first page is the count; else the view shows the first page and the count runs
on its own worker, growing the rows when it arrives (``counting`` meanwhile).

Every query runs on the model's own worker thread. The GUI thread waits for it
at most ``SYNC_BUDGET_S``: small results therefore appear at once, as if
synchronous, while a slow sort or filter on millions of rows finishes in the
background (``loading`` is True meanwhile) and never freezes the window. A new
sort or filter interrupts the query it replaces.

Once a sorted result has its first page, a second worker builds the query's
anchors (:meth:`PagedQuery.build_anchors`, every ``PAGE_SIZE``-th sort key) so
deep pages become seeks instead of sorts; until they are ready, pages use
``OFFSET``. A new sort or filter interrupts that build too.

A big plain table also gets its text columns' value lists built once, in the
background (:meth:`PagedQuery.build_value_lists`): filters typed after that read
the lists, not every row. That build is not interrupted by a new filter (it is
what makes the next one fast).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Any, Callable

import duckdb
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal

from engine.read.paged_query import PagedQuery
from gui.i18n.engine_text import locale_number

PAGE_SIZE = 256
MAX_PAGES = 64
#: How long the GUI thread may wait for a query before letting it finish in the background
#: (None: until it ends; tests use that, so no assertion depends on the machine's speed).
SYNC_BUDGET_S: float | None = 0.05
#: Results up to this many pages are paged by OFFSET alone (a seek would not be faster).
ANCHOR_MIN_PAGES = 8
LOADING_TEXT = "…"


class _Building:
    """How many tables' background builds (deep-page anchors, filter value lists) run now, over every table: work
    that is not a job, which the pages' drawing out of view waits for too (gui/pages/model_page.py)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def track(self, future: Future) -> None:
        with self._lock:
            self.count += 1
        future.add_done_callback(self._done)

    def _done(self, _future: Future) -> None:
        with self._lock:
            self.count -= 1


_building = _Building()


def building() -> int:
    """Tables' background builds running now (see :class:`_Building`)."""
    return _building.count


def read_ahead(query: PagedQuery) -> PagedQuery:
    """``query`` with its first page read now (in a page's read job), for the table that shows it to take."""
    query.read_ahead(PAGE_SIZE)
    return query


def format_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e12:
            return locale_number(int(value), ",")
        if abs(value) < 1:
            if abs(value) < 1e-4:   # (not 0: an integer, above)
                # .3g writes these as 6e-06: a merchandiser reads it as a six (a lapsing customer's chance to buy)
                return "<0.0001" if value > 0 else ">-0.0001"
            text = f"{value:.3g}"
            # a probability of 0.9996 is not a certainty: three digits would round it to "1"
            return text if abs(float(text)) < 1 else ("<-0.999" if value < 0 else ">0.999")
        return locale_number(value, ",.2f")
    if isinstance(value, decimal.Decimal):
        # a DECIMAL column is shown at its own scale: the Runs page's seconds read "58.0" beside "54.2", where
        # as floats they read "58" beside "54.20"
        return locale_number(float(value), f",.{max(-int(value.as_tuple().exponent), 0)}f")
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if (value.hour or value.minute) else value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return locale_number(value, ",") if abs(value) >= 10000 else str(value)
    return str(value)


class SqlTableModel(QAbstractTableModel):
    #: A background query finished and the model shows its rows (count or a page).
    loaded = Signal()
    #: A query failed (the message is shown by the view).
    failed = Signal(str)
    #: The current sort's deep-page anchors are built (deep pages are seeks from now on).
    anchored = Signal()
    #: The row count of the current sort and filter is known (``rowCount`` is final).
    counted = Signal()
    #: The query's value lists are built (filters read them from now on).
    listed = Signal()
    _anchors_built = Signal(int)  # generation
    _lists_built = Signal()
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
        # its own worker: a count of millions of rows must not hold up the pages asked for meanwhile
        self._count_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sql-table-count")
        self._lists_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sql-table-lists")
        self._cursors: set[duckdb.DuckDBPyConnection] = set()
        self._cursor_lock = threading.Lock()
        self.loading = False
        self.counting = False
        self._result.connect(self._on_result)
        self._anchors_built.connect(lambda generation: generation == self._generation and self.anchored.emit())
        self._lists_built.connect(self.listed.emit)
        self._listing: set[PagedQuery] = set()
        executors = (self._executor, self._anchor_executor, self._count_executor, self._lists_executor)
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
        self.counting = False
        if self._query is None:
            self._apply_reset(self._generation, (0, []))
            return
        query = self._query
        ahead = query.rows_read_ahead(PAGE_SIZE)
        if ahead is not None:   # read by the job that built the query (a page's read): no query, no wait
            self._on_result(self._generation, "reset", (query.known_count(), ahead))
            return

        def first_page(cur: duckdb.DuckDBPyConnection) -> tuple[int | None, list[tuple]]:
            page = query.fetch(0, PAGE_SIZE, cursor=cur)
            return query.known_count(), page

        self._submit("reset", first_page)

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
        _building.track(future)

    def _start_value_lists(self) -> None:
        """Once per query and data version, on a worker whose cursor no new filter interrupts."""
        query = self._query
        if query is None or query in self._listing:
            return
        self._listing.add(query)

        def build() -> None:
            cur = query.project.new_cursor()
            try:
                if query.build_value_lists(cursor=cur):
                    self._lists_built.emit()
            finally:
                query.project.release(cur)
                self._listing.discard(query)

        future = self._lists_executor.submit(build)
        future.add_done_callback(lambda f: f.cancelled() or f.exception())  # failed: filters scan
        _building.track(future)

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

    def _submit(self, kind: str, work: Callable[[duckdb.DuckDBPyConnection], Any],
                executor: ThreadPoolExecutor | None = None) -> None:
        generation = self._generation
        project = self._query.project if self._query else None
        future: Future = (executor or self._executor).submit(self._with_cursor(project, work))
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
            self.loading = self.counting = False
            self.failed.emit(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)

    def _on_result(self, generation: int, kind: str, payload: Any) -> None:
        if generation != self._generation:
            return  # a stale answer to a sort or filter the user has since changed
        if kind == "error":
            self._fail(generation, payload)
        elif kind == "reset":
            self._apply_reset(generation, payload)
        elif kind == "count":
            self._apply_count(int(payload))
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
        self.loading = bool(self._pending) or self.counting
        self.loaded.emit()

    def _apply_reset(self, generation: int, payload: tuple[int | None, list[tuple]]) -> None:
        count, first_page = payload
        self.beginResetModel()
        self._pages.clear()
        self._rows = len(first_page) if count is None else int(count)
        if self._query is not None:
            self._pages[0] = first_page
        self.counting = count is None and self._query is not None
        self.endResetModel()
        self._start_value_lists()
        if self.counting:
            query = self._query
            self._submit("count", lambda cur: query.count(cursor=cur), self._count_executor)
        else:
            self.counted.emit()
            self._start_anchors()

    def _apply_count(self, count: int) -> None:
        """The count after a full first page: the rows past it appear (as placeholders until paged in)."""
        self.counting = False
        if count > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, count - 1)
            self._rows = count
            self.endInsertRows()
        elif count < self._rows:   # the data shrank between the page and the count
            self.beginRemoveRows(QModelIndex(), count, self._rows - 1)
            self._rows = count
            for number in [n for n in self._pages if n * PAGE_SIZE >= count]:
                del self._pages[number]
            self.endRemoveRows()
        self.counted.emit()
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
                # titles are translated in context "columns" (gui/i18n/columns.py lists them for lupdate)
                return QCoreApplication.translate("columns", self._headers.get(name, name.replace("_", " ")))
            return None
        return str(section + 1)

import threading

from PySide6.QtCore import Qt

from engine.read.paged_query import PagedQuery
from gui.widgets.sql_table_model import PAGE_SIZE, SqlTableModel, read_ahead
from gui.widgets.sql_table_view import SqlTableView
from tests.waits import HANG_MS, HANG_S


def test_model_passes_qt_model_tester(qtmodeltester, demo_project):
    model = SqlTableModel(PagedQuery(demo_project, "SELECT customer_id, ts, category, amount FROM events LIMIT 3000"))
    qtmodeltester.check(model, force_py=True)


def test_a_first_page_read_ahead_is_shown_without_a_query(qtbot, demo_project, monkeypatch):
    """A page's read job reads its list's first page and counts its rows; the table shows them without waiting on
    a query of its own (up to its 50 ms budget on the window's thread for each, at 10^7 rows every time)."""
    query = read_ahead(PagedQuery(demo_project, "SELECT customer_id, amount FROM events WHERE amount IS NOT NULL"))
    expected = query.fetch(0, PAGE_SIZE)
    asked: list = []
    fetch, count = PagedQuery.fetch, PagedQuery.count
    monkeypatch.setattr(PagedQuery, "fetch", lambda self, *a, **k: asked.append(a) or fetch(self, *a, **k))
    monkeypatch.setattr(PagedQuery, "count", lambda self, *a, **k: asked.append("count") or count(self, *a, **k))
    model = SqlTableModel(query)
    assert asked == [] and [model.row_values(i) for i in range(3)] == expected[:3]
    assert not model.counting and model.rowCount() == demo_project.scalar(
        "SELECT count(*) FROM events WHERE amount IS NOT NULL") > PAGE_SIZE


def test_sort_by_header_and_page_beyond_first(qtbot, demo_project):
    view = SqlTableView()
    qtbot.addWidget(view)
    view.set_query(PagedQuery(demo_project, "SELECT customer_id, amount FROM events WHERE amount IS NOT NULL"))
    model = view.model
    view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    top = model.index(0, 1).data(Qt.ItemDataRole.UserRole)
    assert top == demo_project.scalar("SELECT max(amount) FROM events")
    far = model.rowCount() - 1
    assert far > PAGE_SIZE * 3
    assert model.index(far, 1).data(Qt.ItemDataRole.UserRole) == demo_project.scalar(
        "SELECT min(amount) FROM events WHERE amount IS NOT NULL")


def test_typing_in_filter_box_filters_in_sql(qtbot, demo_project):
    view = SqlTableView()
    qtbot.addWidget(view)
    view.set_query(PagedQuery(demo_project, "SELECT customer_id, category FROM events"))
    qtbot.keyClicks(view.filter_edit, "Coffee")
    qtbot.waitUntil(lambda: view.model.rowCount() == demo_project.scalar(
        "SELECT count(*) FROM events WHERE category ILIKE '%coffee%' OR customer_id ILIKE '%coffee%'"), timeout=HANG_MS)
    assert view.count_label.text().endswith("rows")


def test_slow_queries_finish_in_background_and_stale_ones_are_dropped(qtbot, demo_project, monkeypatch):
    monkeypatch.setattr("gui.widgets.sql_table_model.SYNC_BUDGET_S", 0.0)  # every query goes to the background
    view = SqlTableView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.loaded, timeout=HANG_MS):
        view.set_query(PagedQuery(demo_project, "SELECT customer_id, category, amount FROM events"))
    # pages the view asked for while drawing the first answer may still be on their way
    qtbot.waitUntil(lambda: not view.model.loading, timeout=HANG_MS)
    total = demo_project.scalar("SELECT count(*) FROM events")
    assert view.model.rowCount() == total and view.count_label.text() == f"{total:,} rows"
    # two filters in a row: only the last one's answer is shown
    view.model.set_filter_text("Dairy")
    with qtbot.waitSignal(view.model.loaded, timeout=HANG_MS):
        view.model.set_filter_text("Coffee")
    qtbot.waitUntil(lambda: not view.model.loading, timeout=HANG_MS)
    assert view.model.rowCount() == demo_project.scalar(
        "SELECT count(*) FROM events WHERE category ILIKE '%coffee%' OR customer_id ILIKE '%coffee%'")
    # a row far down is a placeholder first, then its page arrives
    far = view.model.rowCount() - 1
    held = threading.Event()     # the model's one query thread is busy until released
    view.model._executor.submit(held.wait, 60)
    assert view.model.index(far, 0).data() == "…"
    held.set()
    qtbot.waitUntil(lambda: view.model.index(far, 0).data() != "…", timeout=HANG_MS)


def test_deep_pages_after_anchors_match_plain_offset(qtbot, demo_project):
    columns = ["customer_id", "category", "amount"]
    model = SqlTableModel()
    model.set_query(PagedQuery.for_table(demo_project, "events", columns, filter_columns=["category"]))
    with qtbot.waitSignal(model.anchored, timeout=HANG_MS):
        model.sort(2, Qt.SortOrder.DescendingOrder)
    with qtbot.waitSignal(model.anchored, timeout=HANG_MS):
        model.set_filter_text("a")
    assert model.query.has_anchors()
    plain = PagedQuery.for_table(demo_project, "events", columns, filter_columns=["category"])
    plain.set_sort("amount", descending=True)
    plain.set_filter("a")
    total = model.rowCount()
    assert total == plain.count() > 8 * PAGE_SIZE
    for row in (PAGE_SIZE, 3 * PAGE_SIZE + 7, total // 2, total - 1):
        qtbot.waitUntil(lambda: model.row_values(row) is not None, timeout=HANG_MS)
        assert model.row_values(row) == plain.fetch(row, 1)[0]


def test_first_page_shows_before_the_count_and_the_count_then_grows_the_rows(qtbot, demo_project, monkeypatch):
    counting = threading.Event()
    release = threading.Event()
    real_count = PagedQuery.count

    def slow_count(self, cursor=None):
        counting.set()
        release.wait(HANG_S)
        return real_count(self, cursor)

    monkeypatch.setattr(PagedQuery, "count", slow_count)
    monkeypatch.setattr("gui.widgets.sql_table_model.SYNC_BUDGET_S", 0.0)  # the count must not block the page
    view = SqlTableView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.modelReset, timeout=HANG_MS):
        view.set_query(PagedQuery(demo_project, "SELECT customer_id, category, amount FROM events"))
    model = view.model
    assert model.counting and model.rowCount() == PAGE_SIZE
    assert model.index(0, 0).data() not in (None, "…")
    assert view.count_label.text() == f"{PAGE_SIZE}+ rows, counting…"
    assert counting.wait(HANG_S)
    total = demo_project.scalar("SELECT count(*) FROM events")
    with qtbot.waitSignals([model.counted, model.rowsInserted], timeout=HANG_MS):
        release.set()
    assert not model.counting and model.rowCount() == total > PAGE_SIZE
    qtbot.waitUntil(lambda: not model.loading, timeout=HANG_MS)
    assert view.count_label.text() == f"{total:,} rows"
    qtbot.waitUntil(lambda: model.row_values(total - 1) is not None, timeout=HANG_MS)


def test_few_row_filter_is_counted_by_its_first_page_alone(qtbot, demo_project, monkeypatch):
    model = SqlTableModel()
    with qtbot.waitSignal(model.counted, timeout=HANG_MS):
        model.set_query(PagedQuery(demo_project, "SELECT customer_id, category FROM events"))

    def no_count(self, cursor=None):
        raise AssertionError("counted again")

    monkeypatch.setattr(PagedQuery, "count", no_count)
    few = demo_project.scalar("SELECT count(*) FROM events WHERE customer_id ILIKE '%C000123%' "
                              "OR category ILIKE '%C000123%'")
    with qtbot.waitSignal(model.counted, timeout=HANG_MS):
        model.set_filter_text("C000123")
    assert not model.counting and model.rowCount() == few
    assert {model.row_values(r)[0] for r in range(few)} == {
        r[0] for r in demo_project.query("SELECT customer_id FROM events WHERE customer_id ILIKE '%C000123%'")}


def test_big_table_lists_its_values_in_the_background_and_filters_through_them(qtbot, demo_project, monkeypatch):
    monkeypatch.setattr("engine.read.value_lists.MIN_ROWS", 0)
    model = SqlTableModel()
    with qtbot.waitSignal(model.listed, timeout=HANG_MS):
        model.set_query(PagedQuery.for_table(demo_project, "events", ["customer_id", "category", "amount"]))
    assert model.query.has_value_lists()
    few = demo_project.scalar("SELECT count(*) FROM events WHERE customer_id ILIKE '%C000123%' "
                              "OR category ILIKE '%C000123%'")
    with qtbot.waitSignal(model.counted, timeout=HANG_MS):
        model.set_filter_text("C000123")
    assert model.rowCount() == few > 0
    assert {model.row_values(r)[0] for r in range(few)} == {"C000123"}


def test_deep_pages_before_the_anchors_exist_match_plain_offset(qtbot, demo_project, monkeypatch):
    """A deep page asked for while the anchors are still being built is read between sampled keys."""
    from engine.read import deep_paging

    monkeypatch.setattr(deep_paging, "BRACKET_MIN_OFFSET", PAGE_SIZE)
    monkeypatch.setattr(deep_paging, "BRACKET_SAMPLE", 500)
    columns = ["customer_id", "category", "amount"]
    model = SqlTableModel()
    held = threading.Event()     # the anchors' worker is busy until released: no anchors meanwhile
    model._anchor_executor.submit(held.wait, HANG_S)
    try:
        with qtbot.waitSignal(model.counted, timeout=HANG_MS):
            model.set_query(PagedQuery.for_table(demo_project, "events", columns))
        with qtbot.waitSignal(model.counted, timeout=HANG_MS):
            model.sort(2, Qt.SortOrder.DescendingOrder)
        plain = PagedQuery.for_table(demo_project, "events", columns)
        plain.set_sort("amount", descending=True)
        total = model.rowCount()
        assert total == plain.count() > 8 * PAGE_SIZE
        # (the tests' time budget is unbounded: a page is there when row_values returns)
        for row in (3 * PAGE_SIZE + 7, total // 2, total - 1):
            assert model.row_values(row) == plain.fetch(row, 1)[0]
        assert not model.query.has_anchors()
    finally:
        held.set()


def test_a_value_just_under_one_is_not_shown_as_one():
    from gui.widgets.sql_table_model import format_cell

    # the customers page's P(buy again) of 0.9996 read "1": a certainty the model never gave
    assert format_cell(0.9996) == ">0.999" and format_cell(-0.9996) == "<-0.999"
    assert format_cell(0.998) == "0.998" and format_cell(0.5) == "0.5" and format_cell(1.0) == "1"
    assert format_cell(0.00012345) == "0.000123"
    # never written as 6e-06
    assert format_cell(6e-06) == "<0.0001" and format_cell(-6e-06) == ">-0.0001" and format_cell(0.0) == "0"


def test_a_decimal_column_is_shown_at_its_own_scale():
    from decimal import Decimal

    from gui.widgets.sql_table_model import format_cell

    # the Runs page's seconds: "58.0" beside "54.2", not "58" beside "54.20"
    assert [format_cell(Decimal(v)) for v in ("58.0", "54.2", "1.1", "1234.5")] == ["58.0", "54.2", "1.1", "1,234.5"]
    assert format_cell(Decimal("7")) == "7"


def test_columns_are_sized_once_for_their_rows_and_a_query_with_the_same_columns_keeps_the_widths(qtbot, demo_project):
    """Columns are sized to the rows of the first query that has some; a query with the same columns (a reload as
    data lands or a run ends) keeps the widths, the user's own included; other columns are sized again."""
    view = SqlTableView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    # (not the last column: the last one stretches to the table's edge)
    names = "SELECT customer_id, item_name, amount FROM events WHERE item_name IS NOT NULL"
    view.set_query(PagedQuery(demo_project, names + " AND false"))     # no rows: widths of the headers alone
    header_only = view.table.columnWidth(1)
    view.set_query(PagedQuery(demo_project, names))
    sized = view.table.columnWidth(1)
    assert sized > header_only                                        # sized to the names, once rows came
    view.table.setColumnWidth(1, sized + 37)                          # the user widens it
    view.set_query(PagedQuery(demo_project, names + " AND amount > 0"))
    assert view.table.columnWidth(1) == sized + 37
    view.set_query(PagedQuery(demo_project, "SELECT customer_id, category, amount FROM events"))
    assert view.table.columnWidth(1) < sized


def test_a_list_shown_empty_is_sized_to_its_rows_when_a_refresh_brings_them(qtbot, demo_project):
    """The Runs page lists the runs of a new project before any has ended, and reads again in place as each ends:
    its columns, sized to the headers alone, read "migra…" and "2026-…" until session 61."""
    demo_project.con.execute("CREATE TABLE listed (kind VARCHAR, started TIMESTAMP, n INTEGER)")
    view = SqlTableView()
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    with qtbot.waitSignal(view.model.modelReset, timeout=HANG_MS):
        view.set_query(PagedQuery(demo_project, "SELECT kind, started, n FROM listed"))
    assert view.model.rowCount() == 0
    header_only = [view.table.columnWidth(c) for c in range(2)]
    demo_project.con.execute("INSERT INTO listed VALUES ('migration_backtest', TIMESTAMP '2026-12-08 00:03', 1)")
    with qtbot.waitSignal(view.model.modelReset, timeout=HANG_MS):
        view.refresh()
    assert view.model.rowCount() == 1
    sized = [view.table.columnWidth(c) for c in range(2)]
    assert all(s > h for s, h in zip(sized, header_only)), (sized, header_only)
    view.table.setColumnWidth(0, sized[0] + 25)            # the user's width is kept by the next refresh
    with qtbot.waitSignal(view.model.modelReset, timeout=HANG_MS):
        view.refresh()
    assert view.table.columnWidth(0) == sized[0] + 25


def test_a_column_of_long_texts_is_sized_at_most_so_wide_and_its_texts_are_whole_in_their_tooltips(qtbot,
                                                                                                      demo_project):
    """The Runs page's data column (``events=126953;imports=1;span=2025-11-03 00:07:22..2026-10-31 23:55:38``) was
    sized to its whole text and pushed the runs' summaries out of view."""
    from PySide6.QtCore import Qt

    from gui.widgets.sql_table_view import WIDEST_CHARS

    long_text = "events=126953;imports=1;span=2025-11-03 00:07:22..2026-10-31 23:55:38;" * 2
    view = SqlTableView()
    qtbot.addWidget(view)
    view.resize(1200, 300)
    view.show()
    with qtbot.waitSignal(view.model.modelReset, timeout=HANG_MS):
        view.set_query(PagedQuery(demo_project, f"SELECT '{long_text}' AS data, 'short' AS kind, 1 AS n"))
    cap = view.table.fontMetrics().averageCharWidth() * WIDEST_CHARS
    assert view.table.columnWidth(0) == cap < view.table.fontMetrics().horizontalAdvance(long_text)
    assert view.table.columnWidth(1) < cap
    assert view.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == long_text


def test_columns_are_sized_as_qt_sizes_them_to_their_contents(qtbot, demo_project):
    """The view measures each column's texts itself (Qt's sizing asks Python for six roles of every cell), and only
    its widest text as the view's delegate sizes it: the widths are Qt's own or a pixel more, never less (a pixel
    less and the text is elided: the Data page's times read ``2026-10-31 ···`` until session 61), numbers, names,
    times and headers wider than their values alike; under a style sheet too, as in the window (whose navigation
    has one), where the style's margins are not the plain style's."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet("QListWidget#navigation::item { padding: 8px 10px; }")
    view = SqlTableView()
    QVBoxLayout(window).addWidget(view)
    window.resize(1200, 400)
    window.show()
    view.set_query(PagedQuery(demo_project, "SELECT customer_id, item_name, amount, quantity, event_type, ts "
                                            "FROM events WHERE item_name IS NOT NULL ORDER BY amount DESC NULLS LAST "
                                            "LIMIT 30"))
    assert 0 < view.model.rowCount() <= 40   # every row measured by both
    _same_or_a_pixel_more(view)
    # the Data page's events, newest first: times of one advance laid out a pixel apart
    view.set_query(PagedQuery(demo_project, "SELECT ts, customer_id, event_type, order_id, item_id, category, amount "
                                            "FROM events ORDER BY ts DESC LIMIT 40"))
    _same_or_a_pixel_more(view)


def _same_or_a_pixel_more(view) -> None:
    """The view's columns are as wide as Qt sizes them to their contents, or a pixel wider."""
    columns = range(view.model.columnCount() - 1)   # (the last one stretches to the table's edge)
    ours = [view.table.columnWidth(c) for c in columns]
    view.table.resizeColumnsToContents()
    qts = [view.table.columnWidth(c) for c in columns]
    assert all(0 <= a - b <= 1 for a, b in zip(ours, qts)), (ours, qts)

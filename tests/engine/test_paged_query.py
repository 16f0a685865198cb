from engine.read import value_lists
from engine.read.paged_query import PagedQuery


def test_count_sort_filter_and_pages(demo_project):
    q = PagedQuery(demo_project, "SELECT customer_id, ts, category, amount FROM events")
    total = demo_project.scalar("SELECT count(*) FROM events")
    assert q.count() == total
    q.set_sort("amount", descending=True)
    top = q.fetch(0, 5)
    assert [r[3] for r in top] == sorted([r[3] for r in top], reverse=True)
    assert top[0][3] == demo_project.scalar("SELECT max(amount) FROM events")
    q.set_filter("dairy C0001")
    expected = demo_project.scalar(
        "SELECT count(*) FROM events WHERE category ILIKE '%dairy%' AND customer_id ILIKE '%C0001%'")
    assert q.count() == expected > 0
    assert len(q.fetch(0, 10_000)) == expected
    page1, page2 = q.fetch(0, 3), q.fetch(3, 3)
    assert not set(page1) & set(page2)


def test_filter_value_is_a_parameter_not_sql(demo_project):
    q = PagedQuery(demo_project, "SELECT customer_id FROM events")
    q.set_filter("'; DROP TABLE events; --")
    assert q.count() == 0
    assert demo_project.scalar("SELECT count(*) FROM events") > 0


class _NoQueries:
    """A cursor that fails any query: proves a count came from what was already read."""

    def execute(self, *_a, **_k):
        raise AssertionError("a query ran")


def test_short_first_page_is_the_count_and_a_full_one_is_not(demo_project):
    q = PagedQuery(demo_project, "SELECT customer_id, category FROM events")
    q.set_filter("C000123")
    few = demo_project.scalar("SELECT count(*) FROM events WHERE customer_id ILIKE '%C000123%' "
                              "OR category ILIKE '%C000123%'")
    assert 0 < few < 256
    assert len(q.fetch(0, 256)) == few
    assert q.known_count() == few == q.count(cursor=_NoQueries())
    q.set_filter("no such text")
    assert q.fetch(0, 256) == [] and q.known_count() == 0
    # a full first page says nothing about the rest; the count then runs and is right
    q.set_filter("")
    assert len(q.fetch(0, 256)) == 256 and q.known_count() is None
    assert q.count() == demo_project.scalar("SELECT count(*) FROM events") > 256
    # a later page that is short is not the count either
    q.set_filter("C000123")
    q.fetch(5, 256)
    assert q.known_count() is None


def test_rows_read_ahead_are_the_first_page_of_the_order_and_filter_they_were_read_in(demo_project):
    """A page's read job reads its list's first page ahead (gui: the table takes it without a query of its own);
    taken once, and never for another order or filter."""
    q = PagedQuery(demo_project, "SELECT customer_id, amount FROM events WHERE amount IS NOT NULL")
    q.set_sort("amount", descending=True)
    q.read_ahead(10)
    assert q.known_count() == demo_project.scalar("SELECT count(*) FROM events WHERE amount IS NOT NULL") > 10
    assert q.rows_read_ahead(10) == q.fetch(0, 10)
    assert q.rows_read_ahead(10) is None                # taken once
    q.read_ahead(10)
    assert q.rows_read_ahead(20) is None                # another page size
    q.read_ahead(10)
    q.set_sort("amount")
    assert q.rows_read_ahead(10) is None                # another order
    q.read_ahead(10)
    q.set_filter("C00")
    assert q.rows_read_ahead(10) is None                # another filter


def test_a_short_first_page_counts_for_its_own_filter_only(demo_project):
    q = PagedQuery(demo_project, "SELECT customer_id, category FROM events")
    q.set_filter("C000123")
    q.fetch(0, 256)
    q.set_filter("C000124")
    assert q.known_count() is None
    q.invalidate()
    q.set_filter("C000123")
    assert q.known_count() is None   # new data since


# -- deep pages by anchors (keyset seeks) ------------------------------------------------

import pytest  # noqa: E402

from engine.store import create_project  # noqa: E402

STEP = 64


@pytest.fixture
def tied_project(tmp_path):
    """3000 rows with few distinct values, NULLs, and whole-row twins: the hard cases for a seek."""
    project = create_project(tmp_path / "ties.shiftwise")
    project.cursor().execute("""
        CREATE TABLE t AS
        SELECT 'C' || (i % 37) AS customer, CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 7) * 1.5 END AS amount,
               CASE WHEN i % 13 = 0 THEN NULL ELSE 'cat ' || (i % 5) END AS category, (i // 2) % 400 AS n
        FROM range(3000) r(i)""")
    yield project
    project.close()


def _all_pages(q, total, page):
    return [row for start in range(0, total, page) for row in q.fetch(start, page)]


def _tied_queries(project, make: str, column: str, descending: bool, text: str) -> tuple[PagedQuery, PagedQuery]:
    """Two equal queries over the tied table, sorted and filtered alike."""
    def query():
        if make == "table_rowid":
            return PagedQuery.for_table(project, "t", ["customer", "amount", "category", "n"])
        # no unique key: the tiebreak is every column, whole-row twins are counted by skip
        return PagedQuery(project, "SELECT customer, amount, category, n FROM t WHERE n % 3 <> 1")

    pair = query(), query()
    for q in pair:
        q.set_sort(column, descending)
        q.set_filter(text)
    return pair


@pytest.mark.parametrize("make", ["table_rowid", "arbitrary_sql"])
@pytest.mark.parametrize("column", ["amount", "category", "customer"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["", "cat 1"])
def test_deep_pages_by_anchors_match_plain_offset(tied_project, make, column, descending, text):
    plain, seek = _tied_queries(tied_project, make, column, descending, text)
    total = plain.count()
    assert total > 10 * STEP
    expected = plain.fetch(0, total)
    assert seek.build_anchors(STEP) and seek.has_anchors()
    # pages that start on, just after and just before an anchor, and run past the end
    for start in (0, STEP, STEP + 1, 3 * STEP - 1, 5 * STEP + 17, total - 5, total - STEP + 3):
        assert seek.fetch(start, STEP) == expected[start:start + STEP], start
    assert _all_pages(seek, total, 50) == expected
    assert seek.fetch(total + 10, STEP) == []


def test_anchors_are_dropped_when_sort_filter_or_data_change(tied_project):
    q = PagedQuery.for_table(tied_project, "t", ["customer", "amount"])
    assert not q.build_anchors(STEP)  # unsorted: nothing to seek by
    q.set_sort("amount", descending=True)
    assert q.build_anchors(STEP) and q.has_anchors()
    q.set_sort("amount")
    assert not q.has_anchors()
    q.set_sort("amount", descending=True)
    assert q.has_anchors()
    q.set_filter("C1")
    assert not q.has_anchors()
    q.set_filter("")
    q.invalidate()
    assert not q.has_anchors()
    tied_project.cursor().execute("DELETE FROM t WHERE amount > 5")
    q.build_anchors(STEP)
    rows = q.fetch(STEP * 3, 10)
    assert rows and all(r[1] is None or r[1] <= 5 for r in rows)


def test_hidden_key_is_not_a_column(tied_project):
    q = PagedQuery.for_table(tied_project, "t", ["customer", "amount"])
    assert q.columns == ["customer", "amount"] and len(q.types) == 2
    assert len(q.fetch(0, 1)[0]) == 2
    with pytest.raises(ValueError):
        PagedQuery(tied_project, "SELECT customer FROM t", key_columns=["nope"])


@pytest.mark.parametrize("text", ["", "C1"])
def test_table_pages_by_key_match_whole_row_sql(tied_project, text):
    """A table's sorted or filtered page is fetched by row id in two steps; same rows, same order."""
    q = PagedQuery.for_table(tied_project, "t", ["customer", "amount", "category", "n"])
    q.set_sort("amount", descending=True)
    q.set_filter(text)
    where = "WHERE customer ILIKE ? OR category ILIKE ?" if text else ""  # one word: one OR
    params = [f"%{text}%"] * 2 if text else []
    for offset, limit in ((0, 10), (0, 256), (137, 64), (1000, 5)):
        expected = tied_project.cursor().execute(
            f"SELECT customer, amount, category, n FROM t {where} "
            f"ORDER BY amount DESC NULLS LAST, rowid LIMIT {limit} OFFSET {offset}", params).fetchall()
        assert q.fetch(offset, limit) == expected, (offset, limit)


# -- value lists (filters on big tables) -------------------------------------------------------

COLUMNS = ["customer_id", "ts", "event_type", "item_id", "category", "amount"]


def _scan_result(project, words: str) -> list[tuple]:
    plain = PagedQuery(project, f"SELECT rowid AS r, {', '.join(COLUMNS)} FROM events",
                       filter_columns=["customer_id", "event_type", "item_id", "category"])
    plain.set_filter(words)
    plain.set_sort("r")
    return [row[1:] for row in plain.fetch(0, 10**9)]


@pytest.mark.parametrize("words", ["C000123", "dairy", "dairy C00012", "zz-no-such-value", "a", "SKU 1"])
def test_value_lists_filter_the_same_rows_as_a_scan(demo_project, monkeypatch, words):
    monkeypatch.setattr(value_lists, "MIN_ROWS", 0)
    monkeypatch.setattr(value_lists, "MAX_MATCHES", 50)   # "a" matches more: that column is scanned
    q = PagedQuery.for_table(demo_project, "events", COLUMNS)
    assert q.build_value_lists() and q.has_value_lists()
    q.set_filter(words)
    q.set_sort("customer_id")
    expected = sorted(_scan_result(demo_project, words), key=lambda r: r[0])
    assert q.count() == len(expected)
    assert sorted(q.fetch(0, 10**9)) == sorted(expected)


def test_value_lists_are_used_and_never_stale(demo_project, monkeypatch):
    monkeypatch.setattr(value_lists, "MIN_ROWS", 0)
    q = PagedQuery.for_table(demo_project, "events", COLUMNS)
    q.build_value_lists()
    q.set_filter("C000123")
    clauses, params = q._where()
    assert "ILIKE" not in clauses[0] and ["C000123"] in params   # the list, not a scan
    q.set_filter("zz-no-such-value")
    assert q._where()[0] == ["(FALSE)"]
    # new data: the lists are of the old version, so the filter scans until they are rebuilt
    demo_project.cursor().execute("INSERT INTO events (customer_id, ts, event_type, quantity, import_id) "
                         "VALUES ('zz-new', TIMESTAMP '2025-01-01', 'view', 1, 1)")
    q.invalidate()
    assert not q.has_value_lists()
    q.set_filter("zz-new")
    assert q.count() == 1
    assert q.build_value_lists()
    assert q.count() == 1 and "ILIKE" not in q._where()[0][0]
    # another query on the same table takes the lists over: this one scans again, rightly
    other = PagedQuery.for_table(demo_project, "events", COLUMNS)
    other.build_value_lists()
    q.set_filter("C000123")
    assert "ILIKE" in q._where()[0][0]
    assert q.count() == demo_project.scalar("SELECT count(*) FROM events WHERE customer_id = 'C000123'")


def test_small_tables_get_no_value_lists(demo_project):
    q = PagedQuery.for_table(demo_project, "events", COLUMNS)
    assert not q.build_value_lists() and not q.has_value_lists()


@pytest.mark.parametrize("make", ["table_rowid", "arbitrary_sql"])
@pytest.mark.parametrize("column", ["amount", "category", "customer"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("text", ["", "cat 1"])
def test_deep_pages_before_anchors_match_plain_offset(tied_project, monkeypatch, make, column, descending, text):
    """Before the anchors exist a deep page is read between two keys found from a sample: the same rows."""
    from engine.read import deep_paging

    plain, deep = _tied_queries(tied_project, make, column, descending, text)
    total = plain.count()
    expected = plain.fetch(0, total)
    # a small sample over a small table: brackets are exercised, and some miss (then OFFSET is used)
    monkeypatch.setattr(deep_paging, "BRACKET_MIN_OFFSET", 1)
    monkeypatch.setattr(deep_paging, "BRACKET_SAMPLE", 200)
    used = []
    real = PagedQuery._bracket
    monkeypatch.setattr(PagedQuery, "_bracket", lambda self, *a: used.append(real(self, *a)) or used[-1])
    for start in (1, STEP, 3 * STEP - 1, total // 2 + 17, total - 5, total - STEP + 3):
        assert deep.fetch(start, STEP) == expected[start:start + STEP], start
    assert _all_pages(deep, total, 50) == expected
    assert deep.fetch(total + 10, STEP) == []
    assert any(b is not None for b in used) and not deep.has_anchors()

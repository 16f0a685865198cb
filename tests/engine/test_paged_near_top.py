"""A sorted page near the top of a filter many rows match, found among the sort's first rows
(:data:`engine.read.deep_paging.NEAR_TOP`, made small here): the same rows as a plain top-N."""

from __future__ import annotations

import pytest

from engine.read import deep_paging, value_lists
from engine.read.paged_query import PagedQuery
from engine.store import create_project

COLUMNS = ["customer_id", "category", "amount"]


@pytest.fixture
def project(tmp_path):
    p = create_project(tmp_path / "near.shiftwise")
    # amounts repeat (ties broken by row id) and some are NULL (sorted last)
    p.cursor().execute("""
        INSERT INTO events (customer_id, ts, event_type, category, amount, import_id)
        SELECT 'C' || lpad(CAST(i % 97 AS VARCHAR), 3, '0'), TIMESTAMP '2025-01-01', 'purchase',
               CASE WHEN i % 10 = 0 THEN 'rare' WHEN i % 3 = 0 THEN 'dairy' ELSE 'bakery' END,
               CASE WHEN i % 17 = 0 THEN NULL ELSE (i * 7919) % 50 END, 1
        FROM range(600) t(i)""")
    yield p
    p.close()


def _expected(project, words: list[str], desc: bool) -> list[tuple]:
    rows = project.query("SELECT rowid, customer_id, category, amount FROM events")
    hit = [r for r in rows if all(any(w.lower() in str(v).lower() for v in r[1:] if v is not None) for w in words)]
    present = sorted((r for r in hit if r[3] is not None), key=lambda r: (-r[3] if desc else r[3], r[0]))
    return [r[1:] for r in present + sorted((r for r in hit if r[3] is None), key=lambda r: r[0])]


# (words, common: matches are common among the table's first stored rows)
@pytest.mark.parametrize("words, common", [("bakery", True), ("dairy", True), ("rare", True), ("C001", False),
                                           ("rare C001", False), ("nothing", False)])
@pytest.mark.parametrize("desc", [True, False])
def test_pages_near_the_top_match_the_plain_order(project, monkeypatch, words, common, desc):
    monkeypatch.setattr(deep_paging, "NEAR_TOP", (40, 320))
    tried = []
    first_keys = PagedQuery._first_keys
    monkeypatch.setattr(PagedQuery, "_first_keys", lambda self, cur, n: tried.append(n) or first_keys(self, cur, n))
    q = PagedQuery.for_table(project, "events", COLUMNS)
    q.set_sort("amount", descending=desc)
    q.set_filter(words)
    expected = _expected(project, words.split(), desc)
    assert q.fetch(0, 5) == expected[:5]
    assert q.fetch(2, 3) == expected[2:5]
    assert bool(tried) == common   # a rare match is a plain top-N of the filtered rows
    assert q.count() == len(expected)


def test_first_keys_kept_for_the_next_filter_until_the_data_changes(project, monkeypatch):
    monkeypatch.setattr(deep_paging, "NEAR_TOP", (40, 320))
    q = PagedQuery.for_table(project, "events", COLUMNS)
    q.set_sort("amount", descending=True)
    q.set_filter("bakery")
    q.fetch(0, 5)
    kept = q._top
    q.set_filter("dairy")
    assert q.fetch(0, 5) == _expected(project, ["dairy"], True)[:5]
    assert q._top is kept
    project.cursor().execute("UPDATE events SET amount = 1000 WHERE rowid = 3")
    q.invalidate()
    assert q.fetch(0, 1) == _expected(project, ["dairy"], True)[:1] == [("C003", "dairy", 1000.0)]
    assert q._top is not kept


def test_rare_matches_no_sort_and_no_filter_take_the_plain_path(project, monkeypatch):
    monkeypatch.setattr(deep_paging, "NEAR_TOP", (40, 320))
    monkeypatch.setattr(value_lists, "MIN_ROWS", 0)
    monkeypatch.setattr(PagedQuery, "_first_keys", lambda *a: pytest.fail("looked among the first rows"))
    q = PagedQuery.for_table(project, "events", COLUMNS)
    q.set_filter("dairy")
    assert len(q.fetch(0, 5)) == 5          # unsorted: the scan stops at the first matches anyway
    q.set_sort("amount", descending=True)
    q.set_filter("")
    assert len(q.fetch(0, 5)) == 5          # no filter: a plain top-N
    assert q.build_value_lists()
    q.set_filter("C001")                    # rare: a top-N of the rows the lists find
    assert q.fetch(0, 5) == _expected(project, ["C001"], True)[:5]

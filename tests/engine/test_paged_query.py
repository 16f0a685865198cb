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

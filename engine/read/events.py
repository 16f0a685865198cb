"""The project's events and categories, as the Data page and the commands show them."""

from __future__ import annotations

from engine.read.paged_query import PagedQuery
from engine.store.project import Project

EVENTS_SQL = """
    SELECT customer_id, ts, event_type, order_id, item_id, item_name, category, quantity, amount
    FROM events"""


def events_query(project: Project) -> PagedQuery:
    return PagedQuery(project, EVENTS_SQL)


def categories(project: Project) -> set[str]:
    """Every category an event carries."""
    return {r[0] for r in project.query("SELECT DISTINCT category FROM events WHERE category IS NOT NULL")}

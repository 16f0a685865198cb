"""The project's events and categories, as the Data page and the commands show them."""

from __future__ import annotations

from engine.read.paged_query import PagedQuery
from engine.store.project import Project

#: The events table's columns, paged by the table's rowid (deep sorted pages are seeks).
EVENT_COLUMNS = ("customer_id", "ts", "event_type", "order_id", "item_id", "item_name", "category",
                 "quantity", "amount")


def events_query(project: Project) -> PagedQuery:
    """Every event, newest first (the import appends in no order: rows of a file in parallel blocks)."""
    query = PagedQuery.for_table(project, "events", EVENT_COLUMNS)
    query.set_sort("ts", descending=True)
    return query


def categories(project: Project) -> set[str]:
    """Every category an event carries."""
    return {r[0] for r in project.query("SELECT DISTINCT category FROM events WHERE category IS NOT NULL")}

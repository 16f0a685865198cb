"""Product groups and their items, as the groups review shows them."""

from __future__ import annotations

from engine.catalog.derive import GROUPS_SQL, ITEMS_SQL
from engine.read.paged_query import PagedQuery
from engine.store.project import Project


def groups_query(project: Project) -> PagedQuery:
    query = PagedQuery(project, GROUPS_SQL)
    query.set_sort("items", descending=True)
    return query


def group_items_query(project: Project, group: str) -> PagedQuery:
    query = PagedQuery(project, ITEMS_SQL, [group])
    query.set_sort("buyers", descending=True)
    return query

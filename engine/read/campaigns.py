"""Saved campaigns, newest first, as the Campaigns page lists them."""

from __future__ import annotations

from engine.read.paged_query import PagedQuery
from engine.store.project import Project

SAVED_SQL = """
    SELECT campaign_id AS id, name, category, CAST(campaign_date AS DATE) AS date, n_target AS targets,
           n_control AS control, round(expected_shifters, 1) AS expected_shifters, horizon_weeks AS weeks, status
    FROM campaigns"""


def saved_campaigns_query(project: Project) -> PagedQuery:
    query = PagedQuery(project, SAVED_SQL)
    query.set_sort("id", descending=True)
    return query

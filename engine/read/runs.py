"""Every model run, newest first, as the Runs page lists them."""

from __future__ import annotations

from engine.read.paged_query import PagedQuery
from engine.store.project import Project

RUNS_SQL = """
    SELECT run_id AS run, kind, status, as_of, started_at AS started, round(duration_s, 1) AS seconds,
           coalesce(message, json_extract_string(metrics_json, '$.verdict'), '') AS summary,
           data_fingerprint AS data
    FROM model_runs"""


def runs_query(project: Project) -> PagedQuery:
    query = PagedQuery(project, RUNS_SQL)
    query.set_sort("run", descending=True)
    return query

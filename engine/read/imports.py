"""The imports of a project and their rejected rows, as the Data page, the rejects dialog and
``import --rejects-out`` show them."""

from __future__ import annotations

from engine.ingest.rejects import reject_summary, rejects_query
from engine.read.paged_query import PagedQuery
from engine.store.project import Project

IMPORTS_SQL = """
    SELECT import_id AS id, file_name AS file, format, rows_loaded AS "rows", rows_rejected AS rejected,
           rows_duplicate AS duplicates, imported_at AS imported
    FROM imports"""


def imports_query(project: Project) -> PagedQuery:
    return PagedQuery(project, IMPORTS_SQL, default_sort="id")


def import_file_name(project: Project, import_id: int) -> str:
    return project.scalar("SELECT file_name FROM imports WHERE import_id = ?", [import_id]) or f"import {import_id}"


def rejects_reasons(project: Project, import_id: int) -> list[tuple[str, int]]:
    """Reasons and how many rows each, most frequent first."""
    return reject_summary(project.cursor(), import_id)


def rejects_paged(project: Project, import_ids: list[int]) -> PagedQuery:
    """The same rows as ``import --rejects-out`` writes (one query behind both)."""
    sql, params = rejects_query(import_ids)
    return PagedQuery(project, sql, params, filter_columns=["reason", "row_text"], default_sort="line")

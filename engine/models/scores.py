"""The shift scores a merchandiser acts on: the migration model's, with cold-start customers'
taken from the transfer run made for the same as-of date (already blended with their own
history there). One query, shared by campaigns and the shifts export."""

from __future__ import annotations

from typing import Any

from engine.store.project import Project
from engine.store.runs import latest_run


def current_runs(project: Project) -> tuple[int | None, int | None]:
    """(migration run, transfer run); the transfer run only if it scored the same as-of date."""
    migration = latest_run(project, "migration")
    if migration is None:
        return None, None
    transfer = latest_run(project, "transfer")
    if transfer is None or transfer.as_of != migration.as_of:
        return migration.run_id, None
    return migration.run_id, transfer.run_id


def current_scores_sql(migration_run: int, transfer_run: int | None) -> tuple[str, list[Any]]:
    """Rows of shift_scores: every customer once, from transfer if transfer scored them."""
    if transfer_run is None:
        return "SELECT * FROM shift_scores WHERE run_id = ?", [migration_run]
    return ("SELECT * FROM shift_scores WHERE run_id = ? "
            "UNION ALL BY NAME "
            "SELECT * FROM shift_scores WHERE run_id = ? AND customer_id NOT IN "
            "(SELECT customer_id FROM shift_scores WHERE run_id = ?)",
            [transfer_run, migration_run, transfer_run])

"""The shift scores a merchandiser acts on: the migration model's, with cold-start customers'
taken from the transfer run made for the same as-of date (already blended with their own
history there). One query, shared by campaigns and the shifts export."""

from __future__ import annotations

from typing import Any

from engine.store.project import Project
from engine.store.runs import get_run, latest_run

#: The run metric that keeps :func:`count_category_totals` (a migration run's, or a transfer run's).
CATEGORY_TOTALS = "category_totals"


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
    # the transfer run's customers once each: its rows are one a category (16M at wide 10^7), and the NOT IN's hash
    # over all of them took 0.73-0.79 s on one thread against 0.25 (the same rows)
    return ("SELECT * FROM shift_scores WHERE run_id = ? "
            "UNION ALL BY NAME "
            "SELECT * FROM shift_scores WHERE run_id = ? AND customer_id NOT IN "
            "(SELECT DISTINCT customer_id FROM shift_scores WHERE run_id = ?)",
            [transfer_run, migration_run, transfer_run])


def count_category_totals(cur, migration_run: int, transfer_run: int | None) -> dict[str, Any]:
    """Per category of the current scores (:func:`current_scores_sql`): candidates, expected shifters, and of
    them the new customers the transfer run ranks (candidates, expected); most expected first. As a run metric
    (:data:`CATEGORY_TOTALS`): the runs that make a pair count it as they finish, on their own cursor, and the
    Migration and Campaigns pages read it (counted as they opened, 1.2 and 1.7 s of the window's thread at
    wide 10^7)."""
    scores, params = current_scores_sql(migration_run, transfer_run)
    rows = cur.execute(
        f"SELECT category, count(*), sum(score), count(*) FILTER (WHERE run_id <> ?), "
        f"coalesce(sum(score) FILTER (WHERE run_id <> ?), 0) FROM ({scores}) "
        "GROUP BY category ORDER BY sum(score) DESC, category", [migration_run, migration_run, *params]).fetchall()
    return {"migration_run": migration_run, "transfer_run": transfer_run,
            "rows": [[c, int(n), float(e), int(n_new), float(e_new)] for c, n, e, n_new, e_new in rows]}


def category_totals(project: Project, migration_run: int, transfer_run: int | None
                    ) -> list[tuple[str, int, float, int, float]]:
    """:func:`count_category_totals` of the pair, as one of its runs kept it (counted now for runs from before
    session 37, or a pair neither run saw)."""
    for run_id in (transfer_run, migration_run):
        run = get_run(project, run_id) if run_id is not None else None
        kept = run.metrics.get(CATEGORY_TOTALS) if run is not None else None
        if kept and kept["migration_run"] == migration_run and kept["transfer_run"] == transfer_run:
            return [tuple(r) for r in kept["rows"]]
    return [tuple(r) for r in count_category_totals(project.cursor(), migration_run, transfer_run)["rows"]]


def current_transfer_for(project: Project, as_of) -> int | None:
    """The transfer run :func:`current_runs` pairs with a migration run of ``as_of``."""
    transfer = latest_run(project, "transfer")
    return transfer.run_id if transfer is not None and transfer.as_of == as_of else None


def current_migration_for(project: Project, as_of) -> int | None:
    """The migration run :func:`current_runs` pairs with a transfer run of ``as_of`` (the latest, when of it)."""
    migration = latest_run(project, "migration")
    return migration.run_id if migration is not None and migration.as_of == as_of else None

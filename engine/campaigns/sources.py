"""Where a campaign's inputs come from: the latest finished run of each model.

Shift scores (migration) are required; tiers and clusters (segments) and lapse
risk (decay) are optional, and a filter whose model has no run is unavailable,
with a reason the builder shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.features.current_attributes import ROLES, stored_roles_sql
from engine.messages import Message, msg
from engine.models.scores import category_totals, current_runs, current_scores_sql
from engine.store.project import Project
from engine.store.runs import latest_run

TRAIN_HINT = {kind: msg(f"campaign.hint.{kind}") for kind in ("migration", "segments", "decay", "customers")}


@dataclass
class ModelSources:
    migration_run: int | None
    segments_run: int | None
    decay_run: int | None
    data_end: dt.datetime | None
    unavailable: dict[str, Message] = field(default_factory=dict)  # filter -> why
    #: the transfer run for the migration run's as-of date: its cold-start scores replace the model's
    transfer_run: int | None = None
    #: the customers run behind the "lapsing" and "high-value" targets
    customers_run: int | None = None

    def scores_sql(self) -> tuple[str, list]:
        """The shift scores lists are built from (migration, with transfer for cold-start customers)."""
        if self.migration_run is None:
            raise ValueError("no migration run")
        return current_scores_sql(self.migration_run, self.transfer_run)

    @property
    def ready(self) -> bool:
        return self.migration_run is not None

    def runs(self) -> dict[str, int | None]:
        return {"migration": self.migration_run, "segments": self.segments_run, "decay": self.decay_run}


def model_sources(project: Project) -> ModelSources:
    runs = {kind: latest_run(project, kind) for kind in ("migration", "segments", "decay")}
    end = project.cursor().execute("SELECT max(ts) FROM events").fetchall()[0][0]
    unavailable = {}
    if runs["migration"] is None:
        unavailable["category"] = TRAIN_HINT["migration"]
    if runs["segments"] is None:
        unavailable["tier"] = unavailable["cluster"] = TRAIN_HINT["segments"]
    if runs["decay"] is None:
        unavailable["lapse"] = TRAIN_HINT["decay"]
    _, transfer_run = current_runs(project)
    customers = latest_run(project, "customers")
    return ModelSources(*(r.run_id if r else None for r in runs.values()), data_end=end, unavailable=unavailable,
                        transfer_run=transfer_run, customers_run=customers.run_id if customers else None)


def categories(project: Project, sources: ModelSources) -> list[tuple[str, int, float, int, float]]:
    """Categories with shift scores: (category, candidates, expected shifters, and of them the new customers the
    transfer run ranks: candidates, expected), most expected first."""
    if sources.migration_run is None:
        return []
    return category_totals(project, sources.migration_run, sources.transfer_run)


def tiers(project: Project, sources: ModelSources) -> list[str]:
    if sources.segments_run is None:
        return []
    order = {"heavy": 0, "medium": 1, "light": 2}
    names = [r[0] for r in project.cursor().execute(
        "SELECT DISTINCT tier FROM segment_assignments WHERE run_id = ?", [sources.segments_run]).fetchall()]
    return sorted(names, key=lambda t: (order.get(t, 9), t))


def clusters(project: Project, sources: ModelSources) -> list[tuple[int, str]]:
    """(cluster, label) of the latest segments run; -1 (a shop without categories: no clusters) is left out."""
    if sources.segments_run is None:
        return []
    rows = project.cursor().execute(
        "SELECT a.cluster, coalesce(any_value(c.label), 'Cluster ' || a.cluster) "
        "FROM (SELECT DISTINCT cluster FROM segment_assignments WHERE run_id = ? AND cluster >= 0) a "
        "LEFT JOIN segment_clusters c ON c.run_id = ? AND c.cluster = a.cluster "
        "GROUP BY a.cluster ORDER BY a.cluster", [sources.segments_run, sources.segments_run]).fetchall()
    return [(int(c), str(label)) for c, label in rows]


def attributes(project: Project) -> list[str]:
    """Customer attributes a user can add to an export (age band, region...)."""
    counts = project.cursor().execute(stored_roles_sql()).fetchall()[0]
    return sorted(r for r, n in zip(ROLES, counts) if n)

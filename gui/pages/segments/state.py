"""What the Segments page shows of the latest segmentation, as plain data read from the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine.messages import stored
from engine.models.segments import queries
from engine.models.segments.params import SegmentParams
from engine.store import Project
from engine.store.runs import RunInfo
from engine.read.paged_query import PagedQuery
from gui.i18n.engine_text import engine_text, locale_number
from gui.widgets.sql_table_model import read_ahead

#: Parameters a stored run may carry that this version still knows (older runs may have others).
PARAM_NAMES = set(SegmentParams.__dataclass_fields__)


@dataclass(frozen=True)
class SegmentsState:
    run: RunInfo
    params: SegmentParams              # the run's own: labels (movement weeks, window) come from them
    tier_cards: list[dict[str, Any]]
    movements: dict[str, Any]
    k_scores: list[list[float]]        # per candidate k: k, silhouette[, stability, min share]
    chosen_k: int | None
    k_rule: str
    clusters_skipped: str | None       # why there are no interest clusters (tiers only)
    profiles: dict[str, Any] | None
    headline: str
    first_members: PagedQuery | None = None   # the tier the page opens on (FIRST_TIER), its first page read ahead


#: The tier whose members the page lists as it opens.
FIRST_TIER = "heavy"


def run_params(run: RunInfo) -> SegmentParams:
    return SegmentParams.from_dict({k: v for k, v in run.params.items() if k in PARAM_NAMES})


def read_state(project: Project) -> SegmentsState | None:
    run = queries.latest(project)
    if run is None:
        return None
    params, m = run_params(run), run.metrics
    candidates = m.get("k_candidates")
    scores = ([[c["k"], c["silhouette"], c["stability"], c["min_share"]] for c in candidates]
              if candidates is not None else [[int(k), v] for k, v in m.get("silhouette_by_k", {}).items()])
    head = QCoreApplication.translate("SegmentsPage", "{customers} customers active in the {weeks} weeks before "
                                                      "{date}").format(
        customers=locale_number(m.get("n_customers", 0), ","), weeks=params.window_weeks, date=f"{run.as_of:%Y-%m-%d}")
    skipped = engine_text(stored(m.get("clusters_skipped"), m.get("clusters_skipped_message"))) or None
    k_rule = engine_text(stored(m.get("k_rule", ""), m.get("k_rule_message")))
    if skipped:
        headline = QCoreApplication.translate("SegmentsPage", "{active} · tiers only: {reason} · run {run}").format(
            active=head, reason=skipped, run=run.run_id)
    else:
        # how k was chosen is said by its chart's tab (its tooltip): in the status line it took a second line
        headline = QCoreApplication.translate("SegmentsPage", "{active} · {k} interest clusters · run {run}").format(
            active=head, k=m.get("k", 0), run=run.run_id)
    return SegmentsState(run, params, queries.tier_cards(project, run.run_id),
                         queries.movement_matrix(project, run.run_id), scores, m.get("k") or None,
                         k_rule, skipped,
                         None if skipped else queries.cluster_profiles(project, run.run_id), headline,
                         read_ahead(queries.members_query(project, run.run_id, tier=FIRST_TIER)))

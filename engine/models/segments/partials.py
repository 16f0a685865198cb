"""What a segmentation run reports while it works (``progress(..., partial=SegmentsPartial)``).

Each report carries everything known so far, so a view that redraws only the latest one
(the pages' throttled redraw) misses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, NamedTuple


class KScore(NamedTuple):
    """One candidate number of clusters, as the k rule saw it."""

    k: int
    silhouette: float
    stability: float        # agreement across seeds
    min_share: float        # the smallest cluster's share of customers


@dataclass(frozen=True)
class SegmentsPartial:
    stage: str                                  # tiers, movements, k_search, profiles, done
    tiers: Mapping[str, int]                    # customers per tier
    movements: Mapping[str, Any] | None = None  # {"from": [...], "to": [...], "counts": matrix}
    k_scores: tuple[KScore, ...] = ()           # candidates tried so far, in order
    profiles: Mapping[str, Any] | None = None   # {"categories": [...], "clusters": [...]}

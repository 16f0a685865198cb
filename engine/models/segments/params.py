"""The parameters of a segmentation run: plain values, stored with the run (strict, like every model's)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from engine.features.customer_features import DEFAULT_EVENT_WEIGHTS
from engine.messages import msg
from engine.models.base import params_from_dict
from engine.models.segments.tiers import DEFAULT_SHARES, DEFAULT_WEIGHTS, EngagementTiers
from engine.store.errors import ProjectError


@dataclass
class SegmentParams:
    window_weeks: int = 52          # activity counted in the year before the as-of date
    movement_weeks: int = 13        # tiers compared with a quarter earlier
    trend_weeks: int = 13           # weeks of history on a tier card
    max_categories: int = 100       # categories with their own share; the rest is "other"
    tier_shares: tuple = DEFAULT_SHARES
    tier_weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    event_weights: dict = field(default_factory=lambda: dict(DEFAULT_EVENT_WEIGHTS))
    k_min: int = 5                  # the floor: fewer groups tell a merchandiser nothing
    k_max: int = 12
    min_cluster_share: float = 0.03  # a usable k has every cluster at least this share of customers
    min_stability: float = 0.8      # ... and this adjusted Rand between seeds' clusterings
    silhouette_tolerance: float = 0.01  # ... and the fewest clusters within this of the best silhouette
    stability_seeds: int = 3
    components: int = 8             # principal axes of the (square-rooted) mixes that k-means sees
    fit_sample: int = 50_000
    silhouette_sample: int = 5_000
    n_init: int = 10
    seed: int = 0

    @classmethod
    def from_dict(cls, values: dict[str, Any] | None) -> "SegmentParams":
        out = params_from_dict(cls, values, "segments")
        out.tier_shares = tuple(float(s) for s in out.tier_shares)
        out.validate()
        return out

    def validate(self) -> None:
        for name in ("window_weeks", "movement_weeks", "trend_weeks", "max_categories", "fit_sample",
                     "silhouette_sample", "n_init", "stability_seeds", "components"):
            if int(getattr(self, name)) < 1:
                raise ProjectError(msg("params.at_least_one", model="segments", name=name))
        if not 2 <= int(self.k_min) <= int(self.k_max):
            raise ProjectError(msg("segments.k_range"))
        if not 0.0 <= self.min_cluster_share < 0.5 or not -1.0 <= self.min_stability <= 1.0:
            raise ProjectError(msg("segments.share_range"))
        try:
            EngagementTiers(dict(self.tier_weights), self.tier_shares).check()
        except ValueError as exc:
            raise ProjectError(msg("segments.bad_params", detail=str(exc))) from None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["tier_shares"] = list(self.tier_shares)
        return out

"""The parameters of a segmentation run: plain values, stored with the run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from engine.features.customer_features import DEFAULT_EVENT_WEIGHTS
from engine.models.segments.tiers import DEFAULT_SHARES, DEFAULT_WEIGHTS


@dataclass
class SegmentParams:
    window_weeks: int = 52          # activity counted in the year before the as-of date
    movement_weeks: int = 13        # tiers compared with a quarter earlier
    trend_weeks: int = 13           # weeks of history on a tier card
    max_categories: int = 30        # categories with their own share; the rest is "other"
    tier_shares: tuple[float, float, float] = DEFAULT_SHARES
    tier_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    event_weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_EVENT_WEIGHTS))
    k_min: int = 2
    k_max: int = 10
    fit_sample: int = 50_000
    silhouette_sample: int = 5_000
    n_init: int = 3
    seed: int = 0

    @classmethod
    def from_dict(cls, params: dict[str, Any] | None) -> "SegmentParams":
        """Known keys are taken, others ignored (the CLI may pass one dict to every model)."""
        params = params or {}
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in params.items() if k in known}
        if "tier_shares" in values:
            values["tier_shares"] = tuple(float(s) for s in values["tier_shares"])
        out = cls(**values)
        out.validate()
        return out

    def validate(self) -> None:
        for name in ("window_weeks", "movement_weeks", "trend_weeks", "max_categories", "fit_sample",
                     "silhouette_sample", "n_init"):
            if int(getattr(self, name)) < 1:
                raise ValueError(f"segments parameter {name} must be at least 1")
        if not 2 <= int(self.k_min) <= int(self.k_max):
            raise ValueError("segments parameters need 2 <= k_min <= k_max")

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["tier_shares"] = list(self.tier_shares)
        return out

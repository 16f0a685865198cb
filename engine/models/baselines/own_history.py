"""The customer's own history: how often and how lately they bought or browsed the category."""

from __future__ import annotations

import numpy as np

from engine.features.sequences import FEATURE_NAMES, Samples

_DECAYED_BUYS = FEATURE_NAMES.index("decayed_purchases")
_DECAYED_VIEWS = FEATURE_NAMES.index("decayed_views")
_BUYS = FEATURE_NAMES.index("log_purchases")


class OwnHistoryBaseline:
    """Score = recency-weighted purchases and views of the category (8-week half-life) plus
    all-time purchases; popularity only breaks ties between customers with no history in it."""

    name = "own_history"

    def __init__(self, view_weight: float = 0.5, frequency_weight: float = 0.25) -> None:
        self.view_weight = view_weight
        self.frequency_weight = frequency_weight

    def partial_fit(self, s: Samples) -> "OwnHistoryBaseline":
        pos = (s.label & s.cand).sum(axis=0)
        n = s.cand.sum(axis=0)
        self.pos_ = getattr(self, "pos_", 0) + pos
        self.n_ = getattr(self, "n_", 0) + n
        return self

    def finish(self) -> "OwnHistoryBaseline":
        self.rate_ = (np.asarray(self.pos_, float) + 1e-3) / (np.asarray(self.n_, float) + 1.0)
        return self

    def score(self, s: Samples) -> np.ndarray:
        f = s.feats
        own = f[..., _DECAYED_BUYS] + self.view_weight * f[..., _DECAYED_VIEWS] + self.frequency_weight * f[..., _BUYS]
        return own.astype(np.float64) + 1e-3 * self.rate_ / max(self.rate_.max(), 1e-12)

    def to_dict(self) -> dict:
        return {"view_weight": self.view_weight, "frequency_weight": self.frequency_weight,
                "rate": self.rate_.tolist()}

"""Popularity: every candidate gets its category's shift rate in the training cuts."""

from __future__ import annotations

import numpy as np

from engine.features.sequences import Samples


class PopularityBaseline:
    name = "popularity"

    def __init__(self, prior: float = 1.0) -> None:
        self.prior = prior

    def partial_fit(self, s: Samples) -> "PopularityBaseline":
        pos = (s.label & s.cand).sum(axis=0)
        n = s.cand.sum(axis=0)
        if not hasattr(self, "pos_"):
            self.pos_ = np.zeros_like(pos, dtype=np.float64)
            self.n_ = np.zeros_like(n, dtype=np.float64)
        self.pos_ += pos
        self.n_ += n
        return self

    def finish(self) -> "PopularityBaseline":
        overall = self.pos_.sum() / max(self.n_.sum(), 1.0)
        # a little smoothing towards the overall rate: rare categories do not score 0 or 1
        self.rate_ = (self.pos_ + self.prior * overall) / (self.n_ + self.prior)
        return self

    def score(self, s: Samples) -> np.ndarray:
        return np.broadcast_to(self.rate_, s.cand.shape).astype(np.float64)

    def to_dict(self) -> dict:
        return {"rate": self.rate_.tolist()}

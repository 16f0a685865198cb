"""Category-to-category transitions: P(enter t in the next H weeks | bought s in the last L weeks).

A customer's score for t is the average of P(t | s) over the categories s they
bought lately, weighted by how much; customers who bought nothing lately use the
row of such customers. The lift P(t | s) / P(t) also feeds the reasons.
"""

from __future__ import annotations

import numpy as np

from engine.features.sequences import Samples


class MarkovBaseline:
    name = "markov"

    def __init__(self, smoothing: float = 20.0) -> None:
        self.smoothing = smoothing

    def partial_fit(self, s: Samples) -> "MarkovBaseline":
        k = s.cand.shape[1]
        src = self._sources(s)                               # [B, K+1]
        pos = (s.label & s.cand).astype(np.float64)
        cand = s.cand.astype(np.float64)
        if not hasattr(self, "pos_"):
            self.pos_ = np.zeros((k + 1, k))
            self.n_ = np.zeros((k + 1, k))
        self.pos_ += src.T @ pos
        self.n_ += src.T @ cand
        return self

    @staticmethod
    def _sources(s: Samples) -> np.ndarray:
        """Rows of 0/1 over the K categories bought lately, plus a last column for 'none'."""
        src = (s.buys_lookback > 0).astype(np.float64)
        none = (src.sum(axis=1, keepdims=True) == 0).astype(np.float64)
        return np.concatenate([src, none], axis=1)

    def finish(self) -> "MarkovBaseline":
        self.base_rate_ = (self.pos_.sum(axis=0) + 1e-3) / (self.n_.sum(axis=0) + 1.0)
        a = self.smoothing
        self.transition_ = (self.pos_ + a * self.base_rate_) / (self.n_ + a)
        self.lift_ = self.transition_ / self.base_rate_
        return self

    def score(self, s: Samples) -> np.ndarray:
        w = np.concatenate([s.buys_lookback.astype(np.float64),
                            (s.buys_lookback.sum(axis=1, keepdims=True) == 0).astype(np.float64)], axis=1)
        return (w @ self.transition_) / w.sum(axis=1, keepdims=True)

    def best_source(self, s: Samples) -> tuple[np.ndarray, np.ndarray]:
        """For each (customer, t): the recently bought s with the highest lift into t (-1 none), and that lift."""
        k = s.cand.shape[1]
        has = s.buys_lookback > 0                                   # [B, K]
        lift = np.where(has[:, :, None], self.lift_[None, :k, :], -np.inf)  # [B, S, T]
        best = lift.argmax(axis=1)                                  # [B, T]
        value = np.take_along_axis(lift, best[:, None, :], axis=1)[:, 0, :]
        none = ~has.any(axis=1)
        best = np.where(none[:, None], -1, best)
        value = np.where(none[:, None], np.nan, value)
        return best.astype(np.int32), value

    def to_dict(self) -> dict:
        return {"transition": self.transition_.tolist(), "base_rate": self.base_rate_.tolist()}

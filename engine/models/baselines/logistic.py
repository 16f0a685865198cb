"""Logistic regression on per-(customer, category) recency/frequency features and the category's base rate."""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from engine.features.sequences import Samples
from engine.jobs import CancelToken
from engine.models import cancellable_fit


class LogisticBaseline:
    """Fitted on at most ``max_rows`` candidate pairs (the first ones met; chunks are random customers)."""

    name = "logistic"

    def __init__(self, max_rows: int = 300_000, C: float = 1.0, random_state: int = 0) -> None:
        self.max_rows = max_rows
        self.C = C
        self.random_state = random_state

    def partial_fit(self, s: Samples) -> "LogisticBaseline":
        if not hasattr(self, "_x"):
            self._x, self._y, self._cat, self._n = [], [], [], 0
            self._pos = np.zeros(s.cand.shape[1])
            self._cnt = np.zeros(s.cand.shape[1])
        self._pos += (s.label & s.cand).sum(axis=0)
        self._cnt += s.cand.sum(axis=0)
        room = self.max_rows - self._n
        if room > 0:
            _, cat = np.nonzero(s.cand)
            self._x.append(s.feats[s.cand][:room])
            self._y.append(s.label[s.cand][:room])
            self._cat.append(cat[:room])
            self._n += len(self._y[-1])
        return self

    def finish(self, cancel: CancelToken | None = None) -> "LogisticBaseline":
        """The fit on the rows gathered; ``cancel`` stops it between two of its iterations."""
        self.rate_ = (self._pos + 1e-3) / (self._cnt + 1.0)
        x = np.concatenate(self._x).astype(np.float64)
        y = np.concatenate(self._y)
        x = np.concatenate([x, np.log(self.rate_)[np.concatenate(self._cat)][:, None]], axis=1)
        if y.any() and not y.all():
            model = cancellable_fit.fit(LogisticRegression(C=self.C, max_iter=500, random_state=self.random_state),
                                        x, y, cancel)
            self.coef_ = model.coef_[0].astype(np.float64)
            self.intercept_ = float(model.intercept_[0])
        else:  # nothing to learn from: fall back on the base rate alone
            self.coef_ = np.zeros(x.shape[1])
            self.coef_[-1] = 1.0
            self.intercept_ = 0.0
        del self._x, self._y, self._cat
        return self

    def score(self, s: Samples) -> np.ndarray:
        base = np.broadcast_to(np.log(self.rate_)[None, :, None], s.feats.shape[:2] + (1,))
        x = np.concatenate([s.feats.astype(np.float64), base], axis=2)
        z = x @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def to_dict(self) -> dict:
        return {"coef": self.coef_.tolist(), "intercept": self.intercept_, "rate": self.rate_.tolist()}

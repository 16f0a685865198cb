"""Interest clusters: k-means on the square roots of customers' category shares.

The square root (the Hellinger embedding of a composition) keeps a small share
in a niche category from being drowned by one big share, which on the demo shop
lifts the agreement with the planted groups from ARI ≈ 0.5 to ≈ 0.9.

Every quadratic or whole-data step is bounded: k is chosen by the silhouette on
at most ``silhouette_sample`` rows (5,000 by default: Orange3 crashed computing
it on all 23k rows, orange3#1502) of the ``fit_sample`` rows the candidate
models are fitted on; the chosen model then labels every customer in chunks.
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score

from engine.jobs import CancelToken


def embed(shares: np.ndarray) -> np.ndarray:
    return np.sqrt(np.clip(shares, 0.0, None, dtype=np.float32))


class InterestClusters:
    def __init__(self, k_min: int = 2, k_max: int = 10, fit_sample: int = 50_000,
                 silhouette_sample: int = 5_000, n_init: int = 3, seed: int = 0) -> None:
        self.k_min = k_min
        self.k_max = k_max
        self.fit_sample = fit_sample
        self.silhouette_sample = silhouette_sample
        self.n_init = n_init
        self.seed = seed

    def fit(self, X: np.ndarray, *, on_k: Callable[[int, float], None] | None = None,
            cancel: CancelToken | None = None) -> "InterestClusters":
        """Fit on ``X`` (rows already sampled to at most ``fit_sample``, in the clustering space)."""
        n = len(X)
        self.scores_: dict[int, float] = {}
        distinct = len(np.unique(X, axis=0))
        if distinct < 3:
            # too few distinct customers to compare two clusterings: everyone in one cluster
            self.k_, self.silhouette_, self.inertia_ = 1, 0.0, 0.0
            self.cluster_centers_ = X.astype(np.float64).mean(axis=0, keepdims=True)
            return self
        rng = np.random.default_rng(self.seed)
        sil_idx = np.sort(rng.choice(n, size=min(n, self.silhouette_sample), replace=False))
        k_hi = max(2, min(self.k_max, distinct - 1))
        best: MiniBatchKMeans | None = None
        for k in range(min(max(2, self.k_min), k_hi), k_hi + 1):
            if cancel is not None:
                cancel.raise_if_cancelled()
            with warnings.catch_warnings():
                # "fewer distinct clusters than k" on tiny shops: that k just scores low
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = MiniBatchKMeans(n_clusters=k, n_init=self.n_init, batch_size=2048,
                                        random_state=self.seed).fit(X)
            labels = model.labels_[sil_idx]
            score = (float(silhouette_score(X[sil_idx], labels, random_state=self.seed))
                     if 1 < len(np.unique(labels)) < len(sil_idx) else -1.0)
            self.scores_[k] = score
            if best is None or score > self.scores_[best.n_clusters]:
                best = model
            if on_k is not None:
                on_k(k, score)
        assert best is not None
        # a few full Lloyd steps from the mini-batch centres make them exact for the sample
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            polished = KMeans(n_clusters=best.n_clusters, init=best.cluster_centers_, n_init=1,
                              random_state=self.seed).fit(X)
        self.k_ = int(best.n_clusters)
        self.silhouette_ = self.scores_[self.k_]
        self.cluster_centers_ = polished.cluster_centers_.astype(np.float64)
        self.inertia_ = float(polished.inertia_)
        return self

    def predict(self, X: np.ndarray) -> np.ndarray:
        # |x - c|^2 = |x|^2 - 2 x.c + |c|^2; |x|^2 is the same for every c, so it drops out
        c = self.cluster_centers_
        d = (c * c).sum(axis=1)[None, :] - 2.0 * (np.asarray(X, dtype=np.float64) @ c.T)
        return d.argmin(axis=1).astype(np.int32)

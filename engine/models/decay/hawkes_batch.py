"""The Hawkes mixture's loss and exact gradient for several categories at once.

Each category keeps its own parameters (a, b, alpha, beta) and its own loss; their sequences are laid
out as one, so the compiled loops over sequences (:mod:`engine.models.decay.hawkes_likelihood`) run once
for the batch instead of once per category, and the per-category totals are sums by category
(``bincount``). With one category this is the loss of a fit on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.models.decay.hawkes_likelihood import kernel_sums, mixture, sequence_bounds

LN2 = math.log(2.0)
#: A branching ratio of 1 or more would be an explosive process.
MAX_BRANCHING = 0.95


@dataclass
class Sample:
    """One category's sequences for its fit (after the buyer sample): events sorted by (seq, t)."""

    seq: np.ndarray
    t: np.ndarray
    S: int              # sequences with events
    n_silent: int       # customers of the shop with no event in the category, at the sample's rate
    T: float            # the observation window's end (days)
    prior_half_life: float
    prior_log_sd: float

    @property
    def width(self) -> int:
        """The longest sequence's events."""
        return int(np.bincount(self.seq).max()) if self.seq.size else 0

    @property
    def cells(self) -> int:
        """Coefficients the polynomial's steps go through (its loss's work): L (L + 1) / 2 per sequence of L."""
        lengths = np.bincount(self.seq, minlength=self.S)
        return int((lengths * (lengths + 1) // 2).sum()) + self.S


def unpack(X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The optimiser's coordinates (log a, log b, logit of alpha / MAX_BRANCHING, log beta), one row each."""
    X = np.atleast_2d(X)
    return np.exp(X[:, 0]), np.exp(X[:, 1]), MAX_BRANCHING / (1.0 + np.exp(-X[:, 2])), np.exp(X[:, 3])


class Batch:
    """Several categories' samples as one layout; :meth:`loss` gives each one's loss and gradient."""

    def __init__(self, samples: list[Sample]) -> None:
        G = len(samples)
        sizes = np.array([s.S for s in samples], np.int64)
        first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        events = np.array([s.t.size for s in samples], np.int64)
        self.G = G
        self.ev = np.repeat(np.arange(G), events)
        seq = np.concatenate([s.seq + f for s, f in zip(samples, first)]) if G else np.zeros(0, np.int64)
        self.t = np.concatenate([s.t for s in samples]) if G else np.zeros(0)
        self.T = np.array([s.T for s in samples], np.float64)
        self.starts, self.lengths = sequence_bounds(seq, int(sizes.sum()))
        self.seq_group = np.repeat(np.arange(G), sizes)
        self.rest = self.T[self.ev] - self.t
        self.n = events.astype(np.float64)
        self.N = np.array([s.S + s.n_silent for s in samples], np.float64)
        self.prior_hl = np.array([s.prior_half_life for s in samples], np.float64)
        self.prior_sd = np.array([s.prior_log_sd for s in samples], np.float64)

    def _sum(self, by: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.bincount(by, values, self.G)

    def loss(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per category (row of X): the negative log-likelihood per event plus the half-life's prior,
        and its gradient in the optimiser's coordinates."""
        a, b, alpha, beta = unpack(X)
        T, n, N, ev = self.T, self.n, self.N, self.ev
        beta_ev = beta[ev]
        A, B = kernel_sums(self.starts, self.lengths, self.t, beta_ev)
        bT = b + T
        e_s = (alpha * beta * bT)[ev] * A
        log_m, u, d_a_seq = mixture(e_s, self.starts, self.lengths, self.seq_group, a)
        d_a = self._sum(self.seq_group, d_a_seq)
        decay = np.exp(-beta_ev * self.rest)
        mass = self._sum(ev, -np.expm1(-beta_ev * self.rest))
        log_b = np.log(b / bT)
        ll = self._sum(self.seq_group, log_m) - alpha * mass + N * a * log_b - n * np.log(bT)
        # a weak log-normal prior keeps a category with little evidence from drifting
        # to the bounds, where the likelihood is flat (MAP rather than pure MLE)
        z = (np.log(LN2 / beta) - np.log(self.prior_hl)) / self.prior_sd
        ue = self._sum(ev, u * e_s)
        g_loga = a * (d_a + N * log_b)
        g_logb = (ue - n) * b / bT + N * a * T / bT
        g_alpha = ue / alpha - mass
        g_beta = self._sum(ev, u * (alpha * bT)[ev] * (A - beta_ev * B)) - alpha * self._sum(ev, self.rest * decay)
        grad = -np.column_stack([g_loga, g_logb, g_alpha * alpha * (1.0 - alpha / MAX_BRANCHING),
                                 g_beta * beta + z / self.prior_sd])
        per = np.maximum(n, 1.0)
        return (-ll + 0.5 * z * z) / per, grad / per[:, None]

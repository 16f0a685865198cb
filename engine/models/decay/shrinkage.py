"""Each customer's own decay rate, shrunk towards the category's by how much evidence they have.

The evidence a customer gives about their own decay is the purchases that were
triggered by an earlier one: ``n_s`` of them (expected, from the fitted
process) with summed gaps ``D_s`` days. If triggered gaps were exponential with
rate ``beta_s``, and ``beta_s ~ Gamma(kappa, kappa / beta_c)`` around the
category's rate, the posterior mean is

    beta_s = (kappa + n_s) / (kappa / beta_c + D_s)

so the weight of the customer's own rate is ``n_s / (n_s + kappa)``: two
purchases give almost nothing (the category's half-life), fifty mostly their own.
``kappa`` is chosen by empirical Bayes (it maximises the marginal likelihood of
all customers' (n_s, D_s), a Lomax compound), capped at :data:`MAX_KAPPA`.

The window's right edge hides long gaps (a child after the as-of date is not
seen), which biases the raw ``n / D`` up. The gaps are rescaled so the pooled
raw rate equals the category's edge-corrected MLE, then shrunk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import gammaln


#: The category's rate counts as at most this many triggered purchases of evidence.
#: A single gamma prior fitted to a shop where most customers follow the category
#: and a few have a rhythm of their own says "shrink all the way"; the cap keeps
#: a customer with fifty purchases mostly their own, as the product promises.
MAX_KAPPA = 10.0


@dataclass
class Shrunk:
    beta: np.ndarray        # per customer, per day
    own_weight: np.ndarray  # n_s / (n_s + kappa)
    kappa: float


def shrink_rates(n_trig: np.ndarray, gap_trig: np.ndarray, beta_c: float,
                 kappa: float | None = None, max_kappa: float = MAX_KAPPA) -> Shrunk:
    n_trig = np.asarray(n_trig, dtype=np.float64)
    gap_trig = np.asarray(gap_trig, dtype=np.float64)
    total_n, total_d = float(n_trig.sum()), float(gap_trig.sum())
    if total_n > 0 and total_d > 0:
        gap_trig = gap_trig * (total_n / total_d) / beta_c  # pooled raw rate == beta_c
    if kappa is None:
        kappa = min(fit_kappa(n_trig, gap_trig, beta_c), max_kappa)
    beta = (kappa + n_trig) / (kappa / beta_c + gap_trig)
    return Shrunk(beta, n_trig / (n_trig + kappa), float(kappa))


def fit_kappa(n_trig: np.ndarray, gap_trig: np.ndarray, beta_c: float) -> float:
    """Empirical Bayes strength of the prior, in pseudo-purchases (bounded to [0.5, 500])."""
    has = n_trig > 1e-6
    if has.sum() < 10:
        return 20.0
    n, d = n_trig[has], gap_trig[has]

    def neg(log_k: float) -> float:
        k = math.exp(log_k)
        rate = k / beta_c
        ll = gammaln(k + n) - gammaln(k) + k * math.log(rate) - (k + n) * np.log(rate + d)
        return -float(ll.sum())

    res = minimize_scalar(neg, bounds=(math.log(0.5), math.log(500.0)), method="bounded")
    return float(math.exp(res.x))

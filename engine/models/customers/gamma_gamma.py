"""Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"), fitted by maximum likelihood.

A customer's spend per purchase occasion is Gamma(p, ν) with ν ~ Gamma(q, v) across customers;
given x occasions with mean m, the expected spend per future occasion is p (v + x m) / (p x + q − 1).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln


class GammaGammaModel:
    def __init__(self, penalizer: float = 0.0) -> None:
        self.penalizer = penalizer

    @staticmethod
    def _log_lik(theta: np.ndarray, x: np.ndarray, m: np.ndarray,
                 counts: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Per-customer log-likelihood; ``counts`` (distinct x, each row's index) as in BG/NBD:
        the gamma functions run once per distinct number of orders, the values unchanged."""
        p, q, v = np.exp(theta)
        px = p * x
        ux, at = counts if counts is not None else (x, slice(None))
        pux = p * ux
        g_pxq, g_px, log_x = gammaln(pux + q)[at], gammaln(pux)[at], np.log(ux)[at]
        return (g_pxq - g_px - gammaln(q) + q * np.log(v) + (px - 1) * np.log(m)
                + px * log_x - (px + q) * np.log(x * m + v))

    def fit(self, x: np.ndarray, m: np.ndarray, start: dict[str, float] | None = None) -> "GammaGammaModel":
        """``start``: parameters to search from (a neighbouring cut's fit), as in BG/NBD."""
        x, m = np.asarray(x, np.float64), np.asarray(m, np.float64)
        keep = (x > 0) & (m > 0) & np.isfinite(m)
        x, m = x[keep], m[keep]
        if x.size < 3:
            raise ValueError("Gamma-Gamma needs at least three customers with a positive spend")
        scale = float(np.mean(m))
        counts = np.unique(x, return_inverse=True)

        def loss(theta: np.ndarray) -> float:
            return -float(np.mean(self._log_lik(theta, x, m, counts))) + self.penalizer * float(np.sum(np.exp(theta) ** 2))

        init = [2.0, 3.0, scale] if start is None else [start[k] for k in ("p", "q", "v")]
        res = minimize(loss, np.log(init), method="Nelder-Mead",
                       options={"maxiter": 4000, "xatol": 1e-6, "fatol": 1e-10})
        res = minimize(loss, res.x, method="L-BFGS-B")
        self.p_, self.q_, self.v_ = (float(v) for v in np.exp(res.x))
        self.mean_ = scale
        return self

    @property
    def params_(self) -> dict[str, float]:
        return {"p": self.p_, "q": self.q_, "v": self.v_}

    def expected_mean(self, x: np.ndarray, m: np.ndarray) -> np.ndarray:
        """Expected spend per future occasion; customers without a usable history get the population mean."""
        x, m = np.asarray(x, np.float64), np.asarray(m, np.float64)
        ok = (x > 0) & (m > 0) & np.isfinite(m)
        prior = self.p_ * self.v_ / (self.q_ - 1) if self.q_ > 1 else self.mean_
        with np.errstate(invalid="ignore", divide="ignore"):
            post = self.p_ * (self.v_ + x * m) / (self.p_ * x + self.q_ - 1)
        return np.where(ok & np.isfinite(post) & (post > 0), post, prior)


def simulate(p: float, q: float, v: float, x: np.ndarray, seed: int = 0) -> np.ndarray:
    """Mean spend per customer over x occasions, drawn from the model."""
    rng = np.random.default_rng(seed)
    x = np.asarray(x, np.int64)
    nu = rng.gamma(q, 1.0 / v, x.size)
    # the sum of x Gamma(p, ν) draws is Gamma(p x, ν)
    return rng.gamma(p * x, 1.0 / nu) / x

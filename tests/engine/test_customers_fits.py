"""Planted truth: BG/NBD and Gamma-Gamma fitted on data simulated from known parameters recover them."""

from __future__ import annotations

import numpy as np
import pytest

from engine.models.customers.bgnbd import BetaGeoModel, simulate as simulate_bgnbd
from engine.models.customers.gamma_gamma import GammaGammaModel, simulate as simulate_gg


def test_bgnbd_recovers_r_alpha_a_b():
    truth = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    T = np.random.default_rng(1).uniform(26, 52, 20_000)
    x, tx, T, _ = simulate_bgnbd(**truth, T=T, seed=2)
    fit = BetaGeoModel().fit(x, tx, T)
    for name, value in truth.items():
        assert fit.params_[name] == pytest.approx(value, rel=0.15), (name, fit.params_)


def test_bgnbd_predictions_match_the_simulated_future():
    truth = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}
    T_all = np.random.default_rng(3).uniform(20, 40, 20_000)
    x, tx, T, later = simulate_bgnbd(**truth, T=T_all, seed=3, future=8.0)
    model = BetaGeoModel().fit(x, tx, T)
    assert model.expected(8.0, x, tx, T).sum() == pytest.approx(later.sum(), rel=0.08)
    assert model.p_any(8.0, x, tx, T).mean() == pytest.approx((later > 0).mean(), abs=0.02)


def test_gamma_gamma_recovers_p_q_v():
    truth = {"p": 6.0, "q": 4.0, "v": 15.0}
    x = np.random.default_rng(4).integers(1, 12, 20_000)
    m = simulate_gg(**truth, x=x, seed=5)
    fit = GammaGammaModel().fit(x, m)
    for name, value in truth.items():
        assert fit.params_[name] == pytest.approx(value, rel=0.15), (name, fit.params_)
    # the posterior mean spend tracks each customer's true mean better than the raw average for x = 1
    assert np.all(fit.expected_mean(x, m) > 0)


def test_a_fit_on_a_sample_of_customers_predicts_like_the_fit_on_all():
    """fit_baseline beyond max_customers fits a seeded sample: the shop's predictions barely move."""
    from engine.models.customers.candidates import baseline_scores, fit_baseline

    T = np.random.default_rng(6).uniform(10, 52, 40_000)
    x, tx, T, later = simulate_bgnbd(r=0.8, alpha=6.0, a=0.9, b=3.0, T=T, seed=7, future=4.0)
    orders = x + 1
    data = {"x": x, "tx": tx, "T": T, "orders": orders,
            "spend_mean": simulate_gg(p=6.0, q=4.0, v=15.0, x=orders.astype(np.int64), seed=8)}
    whole = fit_baseline(data)
    sample = fit_baseline(data, max_customers=10_000, seed=0)
    assert fit_baseline(data, max_customers=10_000, seed=0).params == sample.params   # seeded
    for name, value in whole.params.items():
        assert sample.params[name] == pytest.approx(value, rel=0.15), (name, whole.params, sample.params)
    a, b = (baseline_scores(m, data, 4.0)["bgnbd"] for m in (whole, sample))
    assert np.corrcoef(a.p_buy_again, b.p_buy_again)[0, 1] > 0.999
    assert b.expected_orders.sum() == pytest.approx(a.expected_orders.sum(), rel=0.03)
    assert b.expected_spend.sum() == pytest.approx(a.expected_spend.sum(), rel=0.03)
    # the fit searched from a neighbouring cut's parameters lands on the same maximum
    near = fit_baseline(data, near=sample)
    for name, value in whole.params.items():
        assert near.params[name] == pytest.approx(value, rel=1e-3)

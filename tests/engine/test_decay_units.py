"""The decay model's parts on small synthetic data: the Hawkes fit, the exact lapse probability,
the shrinkage of customers' rates."""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import quad

from engine.models.decay.hawkes import ExpHawkesFit, posterior
from engine.models.decay.hawkes_likelihood import kernel_sums, mixture, rising, sequence_bounds
from engine.models.decay.shrinkage import shrink_rates


def _simulate(rng, n_seq: int, half_life: float, alpha: float, T: float, burn_in: float = 100.0):
    """Branching simulation: gamma baselines, exponential children; events in [0, T]."""
    beta = math.log(2) / half_life
    mu = rng.gamma(0.5, 2 * 0.004, n_seq)
    counts = rng.poisson(mu * (T + burn_in))
    seq = np.repeat(np.arange(n_seq), counts)
    t = rng.uniform(-burn_in, T, seq.size)
    all_seq, all_t = [seq], [t]
    while seq.size:
        k = rng.poisson(alpha, seq.size)
        seq = np.repeat(seq, k)
        t = np.repeat(t, k) + rng.exponential(1 / beta, seq.size)
        inside = t < T
        seq, t = seq[inside], t[inside]
        all_seq.append(seq)
        all_t.append(t)
    seq, t = np.concatenate(all_seq), np.concatenate(all_t)
    keep = t >= 0
    seq, t = seq[keep], t[keep]
    order = np.lexsort((t, seq))
    seq, t = seq[order], t[order]
    used, seq = np.unique(seq, return_inverse=True)
    return seq, t, n_seq - used.size


def test_hawkes_fit_recovers_a_simulated_half_life():
    rng = np.random.default_rng(3)
    for half_life in (12.0, 45.0):
        seq, t, silent = _simulate(rng, 4000, half_life, 0.65, 365.0)
        fit = ExpHawkesFit().fit(seq, t, 365.0, n_silent=silent)
        print(half_life, fit.half_life_, fit.alpha_)
        assert abs(fit.half_life_ / half_life - 1) < 0.3
        assert 0.45 < fit.alpha_ < 0.85


def test_kernel_sums_equal_the_sum_over_every_earlier_event_of_the_same_sequence():
    rng = np.random.default_rng(5)
    seq = np.sort(rng.integers(0, 7, 60))
    t = np.concatenate([np.sort(rng.uniform(0, 200, int((seq == s).sum()))) for s in range(7)])
    beta = 0.05
    A, B = kernel_sums(*sequence_bounds(seq, 7), t, beta)
    for i in range(t.size):
        lag = t[i] - t[:i][seq[:i] == seq[i]]
        assert abs(A[i] - np.exp(-beta * lag).sum()) < 1e-9
        assert abs(B[i] - (lag * np.exp(-beta * lag)).sum()) < 1e-9


def test_lapse_probability_is_the_exact_posterior_expectation():
    a, b, alpha, beta, T, H = 0.7, 150.0, 0.6, math.log(2) / 20, 300.0, 28.0
    t = np.array([100.0, 130.0, 280.0])
    seq = np.zeros(3, dtype=np.int64)
    post = posterior(seq, t, T, 1, a=a, b=b, alpha=alpha, beta=beta, horizon=H)
    e = np.array([0.0] + [alpha * beta * np.exp(-beta * (t[i] - t[:i])).sum() for i in (1, 2)])

    def unnorm(mu: float, extra: float = 0.0) -> float:
        return np.prod(mu + e) * mu ** (a - 1) * math.exp(-(b + T + extra) * mu)

    def integral(fn) -> float:
        return quad(fn, 0, np.inf, limit=500, epsabs=0, epsrel=1e-12)[0]

    z = integral(unnorm)
    base = integral(lambda m: unnorm(m, H)) / z
    pull = np.exp(-beta * (T - t)).sum()
    expected = base * math.exp(-alpha * pull * (1 - math.exp(-beta * H)))
    assert abs(post.p_quiet[0] - expected) < 1e-8
    mean = integral(lambda m: m * unnorm(m)) / z
    assert abs(post.mu_mean[0] / mean - 1) < 1e-6


def test_shrinkage_few_events_keep_the_category_rate_many_keep_their_own():
    rng = np.random.default_rng(5)
    beta_c = math.log(2) / 30
    own = beta_c * np.where(rng.random(400) < 0.5, 2.0, 0.5)  # half fade twice as fast, half half as fast
    n = np.where(np.arange(400) < 200, 2, 50).astype(np.float64)
    gaps = np.array([rng.exponential(1 / r, int(k)).sum() for r, k in zip(own, n)])
    shrunk = shrink_rates(n, gaps, beta_c)
    few, many = n == 2, n == 50
    print(f"kappa {shrunk.kappa:.2f}")
    # two triggered purchases: much nearer the category than their own rate (which is 2x away)
    dev_few = np.abs(np.log(shrunk.beta[few] / beta_c))
    assert np.median(dev_few) < 0.5 * math.log(2)
    assert np.all(shrunk.own_weight[few] < 0.5)
    assert np.allclose(shrunk.own_weight, n / (n + shrunk.kappa))
    # fifty: mostly their own
    assert np.all(shrunk.own_weight[many] > 0.8)
    err_own = np.abs(np.log(shrunk.beta[many] / own[many]))
    err_cat = np.abs(np.log(shrunk.beta[many] / beta_c))
    assert np.median(err_own) < 0.5 * np.median(err_cat)


def test_gradient_stays_finite_and_exact_on_long_sequences_with_strong_excitation():
    """Hundreds of purchases whose excitations span 14 orders of magnitude (long histories, as on a
    shop whose groups are bought every visit): the reverse pass once overflowed to inf and NaN here."""
    rng = np.random.default_rng(0)
    n_seq = 40
    seq = np.repeat(np.arange(n_seq), rng.integers(150, 300, n_seq))
    e = np.exp(rng.uniform(math.log(1e-3), math.log(1e11), seq.size))
    starts, lengths = sequence_bounds(seq, n_seq)
    group = np.zeros(n_seq, np.int64)
    with np.errstate(over="raise", invalid="raise"):
        _, d_e, _ = mixture(e, starts, lengths, group, 0.3)
    assert np.isfinite(d_e).all()
    h = 1e-4
    for i in (0, 5, 100, seq.size - 1):  # d log M / d log e_i against central differences
        up, down = e.copy(), e.copy()
        up[i] *= math.exp(h)
        down[i] *= math.exp(-h)
        numeric = (mixture(up, starts, lengths, group, 0.3, grad=False)[0].sum()
                   - mixture(down, starts, lengths, group, 0.3, grad=False)[0].sum()) / (2 * h)
        assert abs(numeric - d_e[i] * e[i]) < 1e-5 + 1e-4 * abs(numeric)


def test_mixture_is_the_polynomials_gamma_moments_and_its_exact_derivatives():
    """log M = log sum_j c_j (a)_j with c the coefficients of prod_i (x + e_i), multiplied out here by NumPy
    for short sequences (and one with no event, M = 1), two groups' a; the derivatives against differences."""
    rng = np.random.default_rng(8)
    lengths = np.array([3, 0, 1, 6, 2])
    seq = np.repeat(np.arange(lengths.size), lengths)
    starts, got_lengths = sequence_bounds(seq, lengths.size)
    assert got_lengths.tolist() == lengths.tolist()
    e = rng.gamma(1.0, 0.05, seq.size)
    group = np.array([0, 1, 1, 0, 1])
    a = np.array([0.6, 2.5])
    log_m, d_e, d_a = mixture(e, starts, lengths, group, a)
    for s in range(lengths.size):
        c = np.atleast_1d(np.poly(-e[starts[s]: starts[s] + lengths[s]]))[::-1]   # c_j: the coefficient of x^j
        expected = np.log(np.sum(c * np.exp(rising(a[group[s]], lengths[s])[0])))
        assert abs(log_m[s] - expected) < 1e-12 * max(1.0, abs(expected))
    h = 1e-6
    for i in range(e.size):
        up, down = e.copy(), e.copy()
        up[i] += h
        down[i] -= h
        numeric = (mixture(up, starts, lengths, group, a, grad=False)[0].sum()
                   - mixture(down, starts, lengths, group, a, grad=False)[0].sum()) / (2 * h)
        assert abs(numeric - d_e[i]) < 1e-6 * max(1.0, abs(numeric))
    for g in (0, 1):
        step = np.where(np.arange(2) == g, 1e-6, 0.0)
        numeric = (mixture(e, starts, lengths, group, a + step, grad=False)[0].sum()
                   - mixture(e, starts, lengths, group, a - step, grad=False)[0].sum()) / 2e-6
        assert abs(numeric - d_a[group == g].sum()) < 1e-6 * max(1.0, abs(numeric))
    assert log_m[1] == 0.0 and d_a[1] == 0.0


def test_grouped_logistic_fits_each_group_as_scikit_learn_does():
    from sklearn.linear_model import LogisticRegression

    from engine.models.decay.candidates import _grouped_logistic

    rng = np.random.default_rng(5)
    group = rng.integers(0, 4, 3000)
    x = rng.gamma(1.5, 1.0, group.size)
    y = (rng.random(group.size) < 1 / (1 + np.exp(-(0.5 - (0.3 + 0.4 * group) * x)))).astype(float)
    b, w = _grouped_logistic(x, y, group, 4)
    for g in range(4):
        rows = group == g
        ref = LogisticRegression(tol=1e-10, max_iter=1000).fit(x[rows, None], y[rows])
        assert abs(ref.intercept_[0] - b[g]) < 1e-5 and abs(ref.coef_[0, 0] - w[g]) < 1e-5


def test_interval_from_forward_differences_matches_the_central_one_and_warm_start_the_cold_fit():
    rng = np.random.default_rng(4)
    seq, t, silent = _simulate(rng, 1500, 30.0, 0.6, 365.0)
    cold = ExpHawkesFit(max_sequences=1500).fit(seq, t, 365.0, n_silent=silent)
    # the interval's width from four gradients (forward, at the optimum's own gradient) and from eight
    width = math.log(cold.half_life_interval_[1] / cold.half_life_interval_[0])
    from engine.models.decay import hawkes
    original = hawkes._log_beta_se

    def central(grad, x, n, g0=None):
        return original(grad, x, n)
    hawkes._log_beta_se = central
    try:
        ref = ExpHawkesFit(max_sequences=1500).fit(seq, t, 365.0, n_silent=silent)
    finally:
        hawkes._log_beta_se = original
    assert ref.half_life_ == cold.half_life_
    assert abs(width / math.log(ref.half_life_interval_[1] / ref.half_life_interval_[0]) - 1) < 0.02
    # a warm start from a nearby earlier answer lands on the same optimum in fewer evaluations
    warm = ExpHawkesFit(max_sequences=1500).fit(seq, t, 365.0, n_silent=silent,
                                                start=(cold.a_ * 1.2, cold.b_ * 1.2, cold.alpha_ * 0.9,
                                                       cold.beta_ * 1.15))
    assert abs(math.log(warm.half_life_ / cold.half_life_)) < 0.01
    assert abs(warm.alpha_ - cold.alpha_) < 0.01
    print(width, cold.n_eval_, warm.n_eval_, cold.half_life_, warm.half_life_)
    assert warm.n_eval_ < cold.n_eval_


def test_sequences_with_no_event_score_the_prior_and_leave_the_others_unchanged():
    """A sequence with no event is the gamma prior's mean and quiet chance, and adding empty sequences (a
    sampled cut's left-out buyers) changes no other sequence's figures, bit for bit."""
    from engine.models.decay.hawkes import posterior_many
    rng = np.random.default_rng(11)
    seq, t, _ = _simulate(rng, 300, 20.0, 0.5, 365.0)
    n_busy = int(seq.max()) + 1
    params = np.array([[0.7, 150.0, 0.6, math.log(2) / 20], [1.3, 90.0, 0.3, math.log(2) / 40]])
    T, H = 365.0, 28.0
    alone = posterior_many([(seq, t, n_busy), (seq[seq < 50], t[seq < 50], 50)], T, params, H)
    padded = posterior_many([(seq, t, n_busy + 500), (seq[seq < 50], t[seq < 50], 80)], T, params, H)
    for g, (n, extra) in enumerate(((n_busy, 500), (50, 30))):
        for field in ("mu_mean", "base_quiet", "p_quiet", "excitation", "n_triggered", "gap_triggered"):
            assert np.array_equal(getattr(alone[g], field), getattr(padded[g], field)[:n])
        a, b = params[g, :2]
        assert np.array_equal(padded[g].mu_mean[n:], np.full(extra, a / (b + T)))
        assert np.array_equal(padded[g].base_quiet[n:], np.full(extra, ((b + T) / (b + T + H)) ** a))
        assert np.all(padded[g].n_triggered[n:] == 0)

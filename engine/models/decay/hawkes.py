"""Maximum-likelihood fit of a self-exciting (Hawkes) process with an exponential kernel.

One category at a time: each customer's purchase occasions in the category form
one sequence on the observation window [0, T] (days). Its intensity is

    lambda_s(t) = mu_s + sum_{t_j < t} alpha * beta * exp(-beta * (t - t_j))

``alpha`` (branching ratio: purchases one purchase triggers) and ``beta`` (decay;
half-life ``ln 2 / beta``) are shared by the category. Customers differ in how
often they buy the category at all, so each has its own background rate ``mu_s``;
fitting one free ``mu_s`` per customer from three or four purchases would let
the baselines soak up the clustering that identifies the decay (the
incidental-parameter problem: half-lives came out 2-5x too short). Instead
``mu_s ~ Gamma(a, b)`` and is integrated out exactly.

Loss: the negative marginal log-likelihood over (a, b, alpha, beta),

    -sum_s log E_mu[ prod_i (mu + e_si) exp(-mu T) ] + alpha sum_i (1 - exp(-beta (T - t_i)))

where e_si is the excitation just before event i. The product is a polynomial
in mu whose gamma moments are rising factorials, so the expectation is exact:
a sum over the polynomial's coefficients. Customers of the shop who never
bought the category count as sequences with no events. The same mixture gives,
per customer, the posterior of mu and the exact probability of no purchase in
the next H days (see :func:`posterior`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from engine.models.decay.hawkes_batch import LN2, MAX_BRANCHING, Batch, Sample, unpack
from engine.models.decay.hawkes_likelihood import kernel_sums, mixture_moments, sequence_bounds
from engine.models.decay.lockstep import run_lockstep

#: Half-lives outside this range (days) are not plausible for shop interest.
MIN_HALF_LIFE, MAX_HALF_LIFE = 1.0, 1000.0


#: Step (in the optimiser's log/logit parameters) of the Hessian's forward differences.
HESSIAN_STEP = 0.01


def _log_beta_se(grad, x: np.ndarray, n: int, g0: np.ndarray | None = None, h: float = 0.05) -> float:
    """Standard error of log(beta) from the inverse Hessian of the total loss (inf if not defined).

    The Hessian is the difference of the exact gradient: central (eight gradients, step ``h``), or,
    given ``g0`` (the gradient at ``x``, which the optimiser has already computed), forward with a
    smaller step (:data:`HESSIAN_STEP`): four gradients. On the long 10^6 shop's categories the
    interval's log-width moved by 0.15% (median; 0.7% at the 90th percentile), more only where the
    Hessian is near singular and either difference is a guess.
    """
    k = x.size
    if g0 is not None:
        eye = np.eye(k) * HESSIAN_STEP
        hess = np.column_stack([(grad(x + eye[i]) - g0) / HESSIAN_STEP for i in range(k)])
    else:
        eye = np.eye(k) * h
        hess = np.column_stack([(grad(x + eye[i]) - grad(x - eye[i])) / (2 * h) for i in range(k)])
    hess = 0.5 * (hess + hess.T)
    # if the baselines' prior sits on a flat ridge the full matrix is not invertible: fall back
    # to the branching/decay block, then to the decay alone
    for keep in ([0, 1, 2, 3], [2, 3], [3]):
        block = hess[np.ix_(keep, keep)] * max(n, 1)
        if np.all(np.linalg.eigvalsh(block) > 1e-9):
            return math.sqrt(float(np.linalg.inv(block)[-1, -1]))
    return math.inf


def _unpack(x: np.ndarray) -> tuple[float, float, float, float]:
    a, b, alpha, beta = (float(v[0]) for v in unpack(x))
    return a, b, alpha, beta


#: Coefficients (see :attr:`Sample.cells`) of the categories fitted in one lockstep batch (plus the largest
#: category's, alone past it): a batched loss's multiply-adds, so a cancel is heard between two of them soon.
BATCH_CELLS = 6_000_000
#: Categories per lockstep batch (each runs its optimiser in a thread).
BATCH_CATEGORIES = 32


class ExpHawkesFit:
    """Exponential-kernel Hawkes process with gamma-distributed baselines, fitted by MLE.

    Parameters: ``init_half_life`` (days), ``max_sequences`` (a random sample of
    buyers bounds the fit's cost; scoring uses every customer), ``random_state``,
    ``prior_half_life``/``prior_log_sd``: a weak log-normal prior on the half-life
    (sd 1 in log days: 30 days, give or take a factor 2.7) added to the loss.
    Learned: ``a_``, ``b_`` (gamma prior of the baselines, per day), ``alpha_``,
    ``beta_``, ``half_life_``, ``half_life_interval_`` (95%), ``log_likelihood_``, ``n_eval_``,
    ``n_sequences_``.
    """

    def __init__(self, init_half_life: float = 30.0, max_sequences: int = 20_000, random_state: int = 0,
                 prior_half_life: float = 30.0, prior_log_sd: float = 1.0, interval: bool = True) -> None:
        self.interval = interval
        self.init_half_life = init_half_life
        self.prior_half_life = prior_half_life
        self.prior_log_sd = prior_log_sd
        self.max_sequences = max_sequences
        self.random_state = random_state

    def fit(self, seq: np.ndarray, t: np.ndarray, T: float, n_silent: int = 0,
            n_seq: int | None = None, checkpoint=None,
            start: tuple[float, float, float, float] | None = None) -> "ExpHawkesFit":
        """``checkpoint()`` is called before every evaluation of the loss (a cancel point);
        ``start``: (a, b, alpha, beta) to start the optimiser from, e.g. the same category's fit
        at an earlier date (a warm start: a few evaluations instead of dozens)."""
        fit_many([self], [(seq, t, T, n_silent, n_seq, start)], checkpoint)
        return self

    def sample(self, seq: np.ndarray, t: np.ndarray, T: float, n_silent: int = 0,
               n_seq: int | None = None) -> Sample:
        """The sequences this fit reads: a random sample of ``max_sequences`` buyers."""
        seq = np.asarray(seq, dtype=np.int64)
        t = np.asarray(t, dtype=np.float64)
        S = int(n_seq if n_seq is not None else seq.max() + 1)
        if S > self.max_sequences:
            # fit on a sample of buyers; the silent customers are sampled at the same rate
            rng = np.random.default_rng(self.random_state)
            chosen = np.zeros(S, dtype=bool)
            chosen[rng.choice(S, self.max_sequences, replace=False)] = True
            keep = chosen[seq]
            remap = np.cumsum(chosen) - 1
            seq, t = remap[seq[keep]], t[keep]
            n_silent = int(round(n_silent * self.max_sequences / S))
            S = self.max_sequences
        return Sample(seq, t, S, int(n_silent), float(T), self.prior_half_life, self.prior_log_sd)

    def task(self, data: Sample, start: tuple[float, float, float, float] | None):
        """The fit as a function of its loss (x -> (value, gradient)): L-BFGS-B, then the interval."""
        n = data.t.size
        mean_rate = n / max((data.S + data.n_silent) * data.T, 1e-9)
        x0 = np.array([0.0, math.log(1.0 / mean_rate), 0.0, math.log(LN2 / self.init_half_life)])
        bounds = [(-5, 8), (-3, 20), (-6, 6), (math.log(LN2 / MAX_HALF_LIFE), math.log(LN2 / MIN_HALF_LIFE))]
        if start is not None:
            a0, b0, alpha0, beta0 = start
            ratio = min(max(alpha0 / MAX_BRANCHING, 1e-6), 1 - 1e-6)
            x0 = np.clip([math.log(a0), math.log(b0), math.log(ratio / (1 - ratio)), math.log(beta0)],
                         [lo for lo, _ in bounds], [hi for _, hi in bounds])

        def run(nll_grad) -> "ExpHawkesFit":
            # the loss is per event: 1e-7 relative is far below what the data can tell apart
            res = minimize(nll_grad, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                           options={"maxiter": 200, "ftol": 1e-7, "gtol": 1e-5})
            self.a_, self.b_, self.alpha_, self.beta_ = _unpack(res.x)
            self.half_life_ = LN2 / self.beta_
            # the curvature of the loss at the optimum (a finite-difference Hessian over all four
            # parameters, so the trade-off between branching and decay widens the interval)
            # the optimiser's own gradient at its answer saves four of the Hessian's eight gradients
            g0 = res.get("jac")
            se = _log_beta_se(lambda x: nll_grad(x)[1], res.x, n,
                              g0=None if g0 is None else np.asarray(g0, np.float64)) if self.interval else math.inf
            self.half_life_interval_ = (self.half_life_ * math.exp(-1.96 * se),
                                        self.half_life_ * math.exp(1.96 * se))
            self.log_likelihood_ = -float(res.fun) * n
            self.n_eval_ = int(res.nfev)
            self.n_sequences_ = data.S
            self.n_events_ = n
            return self
        return run


def fit_many(models: list[ExpHawkesFit], data: list[tuple], checkpoint=None) -> list[ExpHawkesFit]:
    """Fit ``models[i]`` to ``data[i]`` = (seq, t, T, n_silent, n_seq, start) (see :meth:`ExpHawkesFit.fit`)
    in lockstep batches (:func:`fit_batches`)."""
    for _ in fit_batches(models, data, checkpoint):
        pass
    return models


def fit_batches(models: list[ExpHawkesFit], data: list[tuple], checkpoint=None):
    """:func:`fit_many` a batch at a time: yields each batch's indices once its models are fitted.

    The optimisers of a batch run in lockstep (:mod:`engine.models.decay.lockstep`), the batch's
    losses in one pass (:class:`~engine.models.decay.hawkes_batch.Batch`). A batch holds categories
    whose longest sampled sequences are alike (their fits take alike numbers of steps), up to
    :data:`BATCH_CATEGORIES` and :data:`BATCH_CELLS`. Each fit is the one it would be alone, up to
    rounding. ``checkpoint()`` runs before every batched loss."""
    samples = [m.sample(*d[:5]) for m, d in zip(models, data)]
    order = sorted(range(len(models)), key=lambda k: (samples[k].width, k))
    group: list[int] = []
    cells = 0
    for i in [*order, None]:
        if i is not None and (not group or (cells + samples[i].cells <= BATCH_CELLS
                                            and len(group) < BATCH_CATEGORIES)):
            group.append(i)
            cells += samples[i].cells
            continue
        if group:
            _fit_group([models[g] for g in group], [samples[g] for g in group], [data[g][5] for g in group],
                       checkpoint)
            yield group
        group, cells = ([i], samples[i].cells) if i is not None else ([], 0)


def _fit_group(models: list[ExpHawkesFit], samples: list[Sample], starts: list, checkpoint) -> None:
    cache: dict[str, object] = {"ids": None, "batch": None}

    def evaluate(ids: list[int], xs: list[np.ndarray]) -> list[tuple[float, np.ndarray]]:
        if checkpoint is not None:
            checkpoint()
        if cache["ids"] != ids:  # a category has finished: lay out the ones still running
            cache["ids"], cache["batch"] = list(ids), Batch([samples[i] for i in ids])
        f, g = cache["batch"].loss(np.array(xs))
        return [(float(f[k]), g[k]) for k in range(len(ids))]

    tasks = [m.task(s, st) for m, s, st in zip(models, samples, starts)]
    if len(tasks) == 1:  # nothing to wait for: no thread
        tasks[0](lambda x: evaluate([0], [x])[0])
        return
    run_lockstep(tasks, evaluate)


@dataclass
class Posterior:
    """What a fitted category says about each sequence at time T (arrays indexed by sequence)."""

    mu_mean: np.ndarray     # posterior mean background rate, per day
    excitation: np.ndarray  # sum_i exp(-beta (T - t_i)): the purchases' remaining pull
    base_quiet: np.ndarray  # E_mu[exp(-mu H)]: no background purchase in the horizon
    p_quiet: np.ndarray     # probability of no purchase in (T, T + horizon]
    n_triggered: np.ndarray  # expected purchases triggered by earlier ones
    gap_triggered: np.ndarray  # their expected summed gaps (days)


def posterior(seq: np.ndarray, t: np.ndarray, T: float, n_seq: int, *, a: float, b: float, alpha: float,
              beta: float, horizon: float) -> Posterior:
    """Score every sequence with the category's fitted parameters.

    P(no purchase in (T, T+H]) is exact for this model: with no new purchase the
    intensity is deterministic, so it is E_mu[exp(-mu H)] * exp(-alpha E (1 - e^{-beta H})),
    and mu's posterior is a mixture of Gamma(a + j, b + T).
    """
    return posterior_many([(seq, t, n_seq)], T, np.array([[a, b, alpha, beta]]), horizon)[0]


def posterior_many(parts: list[tuple[np.ndarray, np.ndarray, int]], T: float, params: np.ndarray,
                   horizon: float) -> list[Posterior]:
    """:func:`posterior` for several categories at once: ``parts[g]`` = (seq, t, n_seq) of category g,
    ``params[g]`` = its (a, b, alpha, beta). Their sequences are laid out as one, so the compiled loops over
    sequences run once for them all. A sequence with no event (the buyers a sample leaves out, the calibration
    split's and past cuts' later buyers) has the prior alone for its mixture: its mean is a / (b + T) and its
    quiet chance ratio^a."""
    G = len(parts)
    a, b, alpha, beta = (np.asarray(params, np.float64)[:, k] for k in range(4))
    sizes = np.array([int(p[2]) for p in parts], np.int64)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    seq = np.concatenate([np.asarray(p[0], np.int64) + f for p, f in zip(parts, first)])
    t = np.concatenate([np.asarray(p[1], np.float64) for p in parts])
    ev = np.repeat(np.arange(G), [np.asarray(p[1]).size for p in parts])
    n_all = int(sizes.sum())
    group = np.repeat(np.arange(G), sizes)
    beta_ev = beta[ev]
    starts, lengths = sequence_bounds(seq, n_all)
    A, B = kernel_sums(starts, lengths, t, beta_ev)
    e = (alpha * beta)[ev] * A
    bT = b + T
    # Gamma(a + j) mixture: mean sum_j w_j (a + j) / bT, quiet chance sum_j w_j ratio^(a + j)
    mean, base_quiet = mixture_moments(e * bT[ev], starts, lengths, group, a, bT / (bT + horizon))
    mu_mean = mean / bT[group]
    excitation = np.bincount(seq, weights=np.exp(-beta_ev * (T - t)), minlength=n_all)
    p_quiet = base_quiet * np.exp(-alpha[group] * excitation * (-np.expm1(-beta[group] * horizon)))
    # expected triggered events per sequence, for the customer's own decay
    # (the share of event i's intensity owed to each earlier event, summed, and weighted by the lag)
    lam = mu_mean[seq] + e
    share = np.divide((alpha * beta)[ev], lam, out=np.zeros_like(lam), where=lam > 0)
    n_trig = np.bincount(seq, weights=share * A, minlength=n_all)
    gap_trig = np.bincount(seq, weights=share * B, minlength=n_all)
    return [Posterior(*(x[f: f + n] for x in (mu_mean, excitation, base_quiet, p_quiet, n_trig, gap_trig)))
            for f, n in zip(first, sizes)]

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
from scipy.special import digamma, gammaln

LN2 = math.log(2.0)
#: Half-lives outside this range (days) are not plausible for shop interest.
MIN_HALF_LIFE, MAX_HALF_LIFE = 1.0, 1000.0
#: Rows of the polynomial are rescaled every few steps (the factors stay far from overflow).
RESCALE_EVERY = 4
#: A polynomial coefficient below this (rows are scaled to a maximum of 1) is a term that weighs nothing:
#: the gradient drops it, so its factor 1 / coefficient stays far from overflow (issue #13).
TINY_TERM = 1e-290
#: A branching ratio of 1 or more would be an explosive process.
MAX_BRANCHING = 0.95
#: The kernel sums run along the rows of a (sequences, longest length) grid when it has at most this
#: many cells (16 MB a grid), else position by position (a Python loop, the cost of a long tail).
DENSE_KERNEL_CELLS = 2_000_000
#: ... and when exp(beta * time since a sequence's first event) stays below exp(MAX_GROWTH): its running
#: sums over a thousand positions stay far from overflow, exp(-MAX_GROWTH) far from underflow.
MAX_GROWTH = 600.0


@dataclass
class Steps:
    """The events of sequences sorted by (seq, t), visited by position within their sequence.

    ``rows[k]`` are the events that are the k-th of their sequence (k >= 1), ``gap[k]`` their
    distance in days to the event before. The exponential kernel's sums over earlier events
    then follow one recursion per position, so no list of event pairs (quadratic in a
    sequence's length) is ever built.
    """

    rows: list[np.ndarray]
    gap: list[np.ndarray]
    n: int
    #: each event's (sequence row, position) in a dense grid and its time since its sequence's first
    #: event, when the grid is small enough (:data:`DENSE_KERNEL_CELLS`), else None
    grid: tuple[np.ndarray, np.ndarray, tuple[int, int]] | None = None
    since_first: np.ndarray | None = None

    @classmethod
    def of(cls, seq: np.ndarray, t: np.ndarray) -> "Steps":
        n = int(t.size)
        if n == 0:
            return cls([], [], 0)
        first = np.r_[True, seq[1:] != seq[:-1]]
        starts = np.flatnonzero(first)
        pos = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
        order = np.argsort(pos, kind="stable")
        bounds = np.searchsorted(pos[order], np.arange(1, int(pos.max()) + 2))
        rows = [order[bounds[k]: bounds[k + 1]] for k in range(bounds.size - 1)]
        shape = (int(starts.size), int(pos.max()) + 1)
        grid, since_first = None, None
        if shape[0] * shape[1] <= DENSE_KERNEL_CELLS:
            grid = (np.cumsum(first) - 1, pos, shape)
            since_first = t - np.repeat(t[starts], np.diff(np.r_[starts, n]))
        return cls(rows, [t[r] - t[r - 1] for r in rows], n, grid, since_first)

    def kernel_sums(self, beta: float, with_lags: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Per event i: A_i = sum_{j<i} exp(-beta (t_i - t_j)) and, if asked,
        B_i = sum_{j<i} (t_i - t_j) exp(-beta (t_i - t_j)), over earlier events of its sequence."""
        if self.grid is not None and beta * float(self.since_first.max(initial=0.0)) <= MAX_GROWTH:
            return self._kernel_sums_dense(beta, with_lags)
        A = np.zeros(self.n)
        B = np.zeros(self.n) if with_lags else None
        for r, d in zip(self.rows, self.gap):
            dec = np.exp(-beta * d)
            prev = A[r - 1] + 1.0
            A[r] = dec * prev
            if B is not None:
                B[r] = dec * (B[r - 1] + d * prev)
        return A, B

    def _kernel_sums_dense(self, beta: float, with_lags: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """The same sums without a loop over positions: A_i = exp(-beta u_i) sum_{j<i} exp(beta u_j)
        with u the time since the sequence's first event (a running sum along each row of a grid).
        The running sums are exclusive by construction, never a total minus the latest term (which
        dominates it), and their terms stay below exp(MAX_GROWTH), so nothing overflows or cancels
        but B's u_i sum - sum u_j (relative error 1e-16 times u_i over the latest gap)."""
        row, pos, shape = self.grid
        u = self.since_first
        grow = np.exp(beta * u)
        W = np.zeros(shape)
        W[row, pos] = grow
        S = np.zeros(shape)
        np.cumsum(W[:, :-1], axis=1, out=S[:, 1:])
        earlier = S[row, pos]
        fade = np.exp(-beta * u)
        A = fade * earlier
        if not with_lags:
            return A, None
        W[row, pos] = u * grow
        np.cumsum(W[:, :-1], axis=1, out=S[:, 1:])
        # sum_{j<i} (u_i - u_j) e^{beta u_j} >= 0: a rounding below 0 is clipped
        return A, np.maximum(fade * (u * earlier - S[row, pos]), 0.0)


@dataclass
class Layout:
    """Sequences ordered longest first, so step k of the polynomial touches a prefix of rows."""

    order: np.ndarray     # sequence ids, longest first
    starts: np.ndarray    # first event of each ordered sequence
    lengths: np.ndarray
    counts: np.ndarray    # counts[k]: sequences with more than k events
    #: events in step order: the k-th events of the ordered sequences are ``by_step[offsets[k]:offsets[k + 1]]``,
    #: so a step reads and writes a slice (the loops are bound by NumPy's per-call cost, not arithmetic)
    by_step: np.ndarray
    offsets: list[int]
    m: list[int]          # counts as Python ints

    @classmethod
    def of(cls, seq: np.ndarray, n_seq: int) -> "Layout":
        lengths_all = np.bincount(seq, minlength=n_seq)
        starts_all = np.concatenate([[0], np.cumsum(lengths_all)[:-1]])
        order = np.argsort(-lengths_all, kind="stable")
        lengths = lengths_all[order]
        width = int(lengths.max()) if lengths.size else 0
        counts = np.searchsorted(-lengths, -np.arange(width), side="left")
        starts = starts_all[order]
        m = [int(x) for x in counts]
        by_step = np.concatenate([starts[:mk] + k for k, mk in enumerate(m)]) if m else np.zeros(0, np.int64)
        return cls(order, starts, lengths, counts, by_step, [0, *np.cumsum(m).tolist()], m)


def _mixture(e_scaled: np.ndarray, lay: Layout, a: float,
             history: list[np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per sequence: log sum_j c_j (a)_j and the normalised weights of the j terms.

    c_j are the coefficients of prod_i (x + e_i); (a)_j the rising factorial, the
    j-th moment of the scaled gamma. Rows are rescaled every few steps (the log is kept).
    ``history`` (a list) receives the coefficients before each step, for :func:`_mixture_grad`.
    """
    S = lay.order.size
    width = lay.counts.size
    coef = np.zeros((S, width + 1))
    coef[:, 0] = 1.0
    log_scale = np.zeros(S)
    e_steps = e_scaled[lay.by_step][:, None]
    off = lay.offsets
    for k, m in enumerate(lay.m):
        c = coef[:m, : k + 2]
        # the coefficients before the step: the shifted term of the product and the gradient's history
        before = coef[:m, : k + 1].copy()
        if history is not None:
            history.append(before)
        np.multiply(before, e_steps[off[k]: off[k + 1]], out=c[:, : k + 1])
        c[:, 1:] += before
        if k % RESCALE_EVERY == RESCALE_EVERY - 1 or k == width - 1:
            top = c.max(axis=1)
            c /= top[:, None]
            log_scale[:m] += np.log(top)
    rising = gammaln(a + np.arange(width + 1)) - gammaln(a)
    if history is not None:
        history.append(coef)
    log_m = np.zeros(S)
    w = np.zeros_like(coef)
    for r0, r1, cols in _row_blocks(lay.lengths):
        # the same floor as the gradient's (TINY_TERM), so the loss and its gradient drop the same terms
        block = coef[r0:r1, :cols]
        with np.errstate(divide="ignore"):
            z = np.log(np.where(block >= TINY_TERM, block, 0.0)) + rising[None, :cols]
        z_max = z.max(axis=1)
        wb = np.exp(z - z_max[:, None])
        total = wb.sum(axis=1)
        log_m[r0:r1] = log_scale[r0:r1] + z_max + np.log(total)
        w[r0:r1, :cols] = wb / total[:, None]
    return log_m, w


def _row_blocks(lengths: np.ndarray):
    """(first row, end row, columns) of blocks of rows (sorted longest first) whose lengths are within
    a factor 2 of the block's first: the dense (rows, width + 1) arrays are mostly zeros past each
    row's length, and logs and exponentials over them cost more than the polynomial's steps."""
    r0, S = 0, lengths.size
    while r0 < S:
        cols = int(lengths[r0]) + 1
        r1 = int(np.searchsorted(-lengths, -(cols // 2), side="left")) if cols > 2 else S
        r1 = max(r1, r0 + 1)
        yield r0, r1, cols
        r0 = r1


def _mixture_grad(e_scaled: np.ndarray, lay: Layout, a: float, w: np.ndarray,
                  history: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """Gradient of sum_s log M_s (from :func:`_mixture`) in each event's scaled excitation and in a.

    Reverse mode through the polynomial's steps: g (the derivative of M in step k's
    coefficients, kept only up to a per-row scale) runs backwards from the rising factorials;
    d log M / d e_k = P / (e_k P + Q) with P = <g[:k+1], c_k>, Q = <g[1:k+2], c_k>, a ratio
    in which g's scale cancels, so g is renormalised freely against overflow.
    """
    width = lay.counts.size
    d_e = np.zeros(e_scaled.size)
    j = np.arange(width + 1)
    d_a = float((w * (digamma(a + j) - digamma(a))[None, :]).sum())
    if width == 0:
        return d_e, d_a
    rising = gammaln(a + j) - gammaln(a)
    # each row starts from (a)_j scaled so that its terms c_j (a)_j are at most 1. After every
    # step <g, c> = 1 with no negative term, so g_j <= 1 / c_j: a coefficient below TINY_TERM is a
    # term that weighs nothing (the forward pass loses it to underflow too) and its g_j is set to 0.
    # Unbounded, such g_j reached e^700 and g_j * e_k overflowed to inf, then NaN in the gradient.
    g = np.zeros_like(history[-1])
    for r0, r1, cols in _row_blocks(lay.lengths):
        last = history[-1][r0:r1, :cols]
        kept = last >= TINY_TERM
        with np.errstate(divide="ignore"):
            z_max = np.where(kept, np.log(np.where(kept, last, 1.0)) + rising[None, :cols], -np.inf).max(axis=1)
        g[r0:r1, :cols] = np.where(kept, np.exp(np.where(kept, rising[None, :cols] - z_max[:, None], 0.0)), 0.0)
    g[j[None, :] > lay.lengths[:, None]] = 0.0
    # g of the next step back is written to a second buffer, then the two swap (lo and hi overlap in
    # g): rows the step leaves alone keep the starting values that both buffers hold
    spare = g.copy()
    e_steps = e_scaled[lay.by_step]
    d_steps = np.zeros(e_steps.size)
    off = lay.offsets
    for k in range(width - 1, -1, -1):
        m = lay.m[k]
        c = history[k]
        e = e_steps[off[k]: off[k + 1]]
        lo, hi = g[:m, : k + 1], g[:m, 1: k + 2]
        P = np.einsum("ij,ij->i", lo, c)
        Q = np.einsum("ij,ij->i", hi, c)
        total = e * P + Q   # <g, c> one step back: kept at 1, so g never drifts to 0 or inf
        ok = total > 0
        np.divide(P, total, out=d_steps[off[k]: off[k + 1]], where=ok)
        step = np.multiply(lo, e[:, None], out=spare[:m, : k + 1])
        step += hi
        step /= np.where(ok, total, 1.0)[:, None]
        np.putmask(step, c < TINY_TERM, 0.0)
        g, spare = spare, g
    d_e[lay.by_step] = d_steps
    return d_e, d_a


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
    a, b = math.exp(x[0]), math.exp(x[1])
    alpha = MAX_BRANCHING / (1.0 + math.exp(-x[2]))
    beta = math.exp(x[3])
    return a, b, alpha, beta


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
        steps = Steps.of(seq, t)
        lay = Layout.of(seq, S)
        rest = T - t
        n = t.size

        N = S + n_silent

        def nll_grad(x: np.ndarray) -> tuple[float, np.ndarray]:
            """The loss and its exact gradient (a finite-difference gradient cost five losses)."""
            if checkpoint is not None:
                checkpoint()
            a, b, alpha, beta = _unpack(x)
            A, B = steps.kernel_sums(beta, with_lags=True)
            scale = alpha * beta * (b + T)
            e_s = scale * A
            history: list[np.ndarray] = []
            log_m, w = _mixture(e_s, lay, a, history)
            u, d_a = _mixture_grad(e_s, lay, a, w, history)
            decay = np.exp(-beta * rest)
            mass = float((-np.expm1(-beta * rest)).sum())
            ll = log_m.sum() - alpha * mass + N * a * math.log(b / (b + T)) - n * math.log(b + T)
            # a weak log-normal prior keeps a category with little evidence from drifting
            # to the bounds, where the likelihood is flat (MAP rather than pure MLE)
            z = (math.log(LN2 / beta) - math.log(self.prior_half_life)) / self.prior_log_sd
            ue = float(u @ e_s)
            g_loga = a * (d_a + N * math.log(b / (b + T)))
            g_logb = (ue - n) * b / (b + T) + N * a * T / (b + T)
            g_alpha = ue / alpha - mass
            g_beta = float(u @ (alpha * (b + T) * (A - beta * B))) - alpha * float((rest * decay).sum())
            grad = -np.array([g_loga, g_logb, g_alpha * alpha * (1.0 - alpha / MAX_BRANCHING),
                              g_beta * beta + z / self.prior_log_sd])
            return (-ll + 0.5 * z * z) / max(n, 1), grad / max(n, 1)


        mean_rate = n / max((S + n_silent) * T, 1e-9)
        x0 = np.array([0.0, math.log(1.0 / mean_rate), 0.0, math.log(LN2 / self.init_half_life)])
        bounds = [(-5, 8), (-3, 20), (-6, 6), (math.log(LN2 / MAX_HALF_LIFE), math.log(LN2 / MIN_HALF_LIFE))]
        if start is not None:
            a0, b0, alpha0, beta0 = start
            ratio = min(max(alpha0 / MAX_BRANCHING, 1e-6), 1 - 1e-6)
            x0 = np.clip([math.log(a0), math.log(b0), math.log(ratio / (1 - ratio)), math.log(beta0)],
                         [lo for lo, _ in bounds], [hi for _, hi in bounds])
        # the loss is per event: 1e-7 relative is far below what the data can tell apart
        res = minimize(nll_grad, x0, jac=True, method="L-BFGS-B", bounds=bounds,
                       options={"maxiter": 200, "ftol": 1e-7, "gtol": 1e-5})
        self.a_, self.b_, self.alpha_, self.beta_ = _unpack(res.x)
        self.half_life_ = LN2 / self.beta_
        # the curvature of the loss at the optimum (a finite-difference Hessian over all four
        # parameters, so the trade-off between branching and decay widens the interval)
        # the optimiser's own gradient at its answer saves four of the Hessian's eight gradients
        g0 = res.get("jac")
        se = _log_beta_se(lambda x: nll_grad(x)[1], res.x, n, g0=None if g0 is None else np.asarray(g0, np.float64)) \
            if self.interval else math.inf
        self.half_life_interval_ = (self.half_life_ * math.exp(-1.96 * se), self.half_life_ * math.exp(1.96 * se))
        self.log_likelihood_ = -float(res.fun) * n
        self.n_eval_ = int(res.nfev)
        self.n_sequences_ = S
        self.n_events_ = n
        return self


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
              beta: float, horizon: float, chunk: int = 50_000) -> Posterior:
    """Score every sequence with the category's fitted parameters.

    P(no purchase in (T, T+H]) is exact for this model: with no new purchase the
    intensity is deterministic, so it is E_mu[exp(-mu H)] * exp(-alpha E (1 - e^{-beta H})),
    and mu's posterior is a mixture of Gamma(a + j, b + T).
    """
    seq = np.asarray(seq, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    mu_mean = np.zeros(n_seq)
    base_quiet = np.zeros(n_seq)
    A, B = Steps.of(seq, t).kernel_sums(beta, with_lags=True)
    e = alpha * beta * A
    lengths = np.bincount(seq, minlength=n_seq)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    ratio = (b + T) / (b + T + horizon)
    order = np.argsort(-lengths, kind="stable")
    for lo in range(0, n_seq, chunk):
        ids = order[lo: lo + chunk]
        # a chunk's sequences are laid out afresh so its events are contiguous
        idx = _gather(starts[ids], lengths[ids])
        sub_seq = np.repeat(np.arange(ids.size), lengths[ids])
        lay = Layout.of(sub_seq, ids.size)
        _, w = _mixture(e[idx] * (b + T), lay, a)
        j = np.arange(w.shape[1])
        mu_mean[ids[lay.order]] = (w * (a + j)[None, :]).sum(axis=1) / (b + T)
        base_quiet[ids[lay.order]] = (w * ratio ** (a + j)[None, :]).sum(axis=1)
    excitation = np.bincount(seq, weights=np.exp(-beta * (T - t)), minlength=n_seq)
    p_quiet = base_quiet * np.exp(-alpha * excitation * (-math.expm1(-beta * horizon)))
    # expected triggered events per sequence, for the customer's own decay
    # (the share of event i's intensity owed to each earlier event, summed, and weighted by the lag)
    lam = mu_mean[seq] + e
    share = np.divide(alpha * beta, lam, out=np.zeros_like(lam), where=lam > 0)
    return Posterior(mu_mean, excitation, base_quiet, p_quiet,
                     np.bincount(seq, weights=share * A, minlength=n_seq),
                     np.bincount(seq, weights=share * B, minlength=n_seq))


def _gather(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ranges [starts[i], starts[i] + lengths[i]) without a Python loop."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return np.arange(total) + offsets

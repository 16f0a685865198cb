"""The Hawkes mixture's likelihood over each customer's events: the kernel sums, the polynomial in the
background rate that a sequence's events multiply out to, and its exact gradient.

:mod:`engine.models.decay.hawkes` fits and reads the model; this module holds the arithmetic its loss repeats at
every optimiser step. The loops run sequence by sequence in compiled code (numba, the interpreter lock released):
a sequence of L events costs L^2 / 2 multiply-adds and nothing else. In NumPy the same loops ran over positions
within every sequence at once, bound by NumPy's per-call cost and holding the lock, so the decay's category fits
were one core's work (31.5 s of the decay's 67 at long 10^7, session 59) and the polynomial's history for the
gradient was a (sequences x longest length) array per batch. Here it is one sequence's triangle at a time.

Events are sorted by (sequence, time) and each sequence's are contiguous: sequence s holds the events
``starts[s] : starts[s] + lengths[s]``.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from scipy.special import digamma, gammaln

#: Rows of the polynomial are rescaled every few steps (the factors stay far from overflow).
RESCALE_EVERY = 4
#: A polynomial coefficient below this (a sequence's are scaled to a maximum of 1) is a term that weighs nothing:
#: the gradient drops it, so its factor 1 / coefficient stays far from overflow (issue #13).
TINY_TERM = 1e-290


def _c(x, dtype=np.float64) -> np.ndarray:
    """A C-contiguous, writable array of ``dtype``: one compiled signature per loop (a column view, an int32
    or a read-only array would each compile another at run time: ~1 s of a decay run at long 10^7 went to them)."""
    out = np.ascontiguousarray(x, dtype)
    return out if out.flags.writeable else out.copy()


def sequence_bounds(seq: np.ndarray, n_seq: int) -> tuple[np.ndarray, np.ndarray]:
    """Each sequence's first event and its number of events (``seq`` sorted, ids below ``n_seq``)."""
    lengths = np.bincount(seq, minlength=n_seq).astype(np.int64)
    starts = np.zeros(n_seq, np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    return starts, lengths


def kernel_sums(starts: np.ndarray, lengths: np.ndarray, t: np.ndarray,
                beta: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per event i: A_i = sum_{j<i} exp(-beta (t_i - t_j)) and B_i = sum_{j<i} (t_i - t_j) exp(-beta (t_i - t_j)),
    over earlier events of its sequence. ``beta``: one decay, or one per event (several categories at once)."""
    t = _c(t)
    A, B = np.empty(t.size), np.empty(t.size)
    _compiled()[0](_c(starts, np.int64), _c(lengths, np.int64), t, _c(np.broadcast_to(beta, t.shape)), A, B)
    return A, B


def rising(a: float | np.ndarray, width: int) -> np.ndarray:
    """log (a)_j for j = 0..width, one row per group's a."""
    a = np.atleast_1d(np.asarray(a, np.float64))[:, None]
    return gammaln(a + np.arange(width + 1)[None, :]) - gammaln(a)


def mixture(e_scaled: np.ndarray, starts: np.ndarray, lengths: np.ndarray, group: np.ndarray,
            a: np.ndarray, grad: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per sequence: log M = log sum_j c_j (a)_j, with c_j the coefficients of prod_i (x + e_i) over its events
    and (a)_j the rising factorial (the j-th moment of the scaled gamma); ``a`` per group, ``group`` per sequence.

    Returns (log M per sequence, d log M / d e per event, d log M / d a per sequence); with ``grad`` False
    the two derivatives are zeros."""
    width = int(lengths.max()) if lengths.size else 0
    a = np.atleast_1d(np.asarray(a, np.float64))
    rise = rising(a, width)
    moments = digamma(a[:, None] + np.arange(width + 1)[None, :]) - digamma(a)[:, None]
    log_m, d_a = np.empty(lengths.size), np.zeros(lengths.size)
    d_e = np.zeros(e_scaled.size)
    _compiled()[1](_c(e_scaled), _c(starts, np.int64), _c(lengths, np.int64), _c(group, np.int64), _c(rise),
                   _c(moments), bool(grad), log_m, d_e, d_a)
    return log_m, d_e, d_a


def mixture_moments(e_scaled: np.ndarray, starts: np.ndarray, lengths: np.ndarray, group: np.ndarray,
                    a: np.ndarray, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sequence, the mixture's weights w_j (mu's posterior is sum_j w_j Gamma(a + j, b + T)) read as
    sum_j w_j (a + j) and sum_j w_j ratio^(a + j); ``a`` and ``ratio`` per group, ``group`` per sequence."""
    width = int(lengths.max()) if lengths.size else 0
    a = np.atleast_1d(np.asarray(a, np.float64))
    mean, quiet = np.empty(lengths.size), np.empty(lengths.size)
    _compiled()[2](_c(e_scaled), _c(starts, np.int64), _c(lengths, np.int64), _c(group, np.int64), _c(a),
                   _c(np.atleast_1d(ratio)), _c(rising(a, width)), mean, quiet)
    return mean, quiet


@cache
def _compiled():
    """The compiled loops (numba, imported on first use like the boosters' walk: engine.models.leaf_masks)."""
    import numba

    njit = numba.njit(nogil=True, cache=True)

    @njit
    def sums(starts, lengths, t, beta, A, B):
        for s in range(starts.size):
            st = starts[s]
            a_prev = 0.0
            b_prev = 0.0
            if lengths[s] > 0:
                A[st] = 0.0
                B[st] = 0.0
            for k in range(1, lengths[s]):
                i = st + k
                d = t[i] - t[i - 1]
                dec = math.exp(-beta[i] * d)
                prev = a_prev + 1.0
                b_prev = dec * (b_prev + d * prev)
                a_prev = dec * prev
                A[i] = a_prev
                B[i] = b_prev

    @njit
    def forward(e, st, L, c, hist, keep):
        """The polynomial's coefficients into c[:L + 1] (scaled, the log of the scale returned); with ``keep``,
        each step's coefficients before it into ``hist`` (step k's k + 1 at k (k + 1) / 2)."""
        c[0] = 1.0
        log_scale = 0.0
        off = 0
        for k in range(L):
            ek = e[st + k]
            if keep:
                for j in range(k + 1):
                    hist[off + j] = c[j]
                off += k + 1
            c[k + 1] = c[k]
            for j in range(k, 0, -1):
                c[j] = c[j] * ek + c[j - 1]
            c[0] = c[0] * ek
            if k % RESCALE_EVERY == RESCALE_EVERY - 1 or k == L - 1:
                top = 0.0
                for j in range(k + 2):
                    top = max(top, c[j])
                for j in range(k + 2):
                    c[j] /= top
                log_scale += math.log(top)
        return log_scale

    @njit
    def weights(c, L, rise_row, w):
        """w[:L + 1] = c_j (a)_j, each divided by the largest (terms below TINY_TERM are 0): their log-sum's
        largest log and sum."""
        z_max = -np.inf
        for j in range(L + 1):
            if c[j] >= TINY_TERM:
                z_max = max(z_max, math.log(c[j]) + rise_row[j])
        total = 0.0
        for j in range(L + 1):
            w[j] = math.exp(math.log(c[j]) + rise_row[j] - z_max) if c[j] >= TINY_TERM else 0.0
            total += w[j]
        return z_max, total

    @njit
    def mix(e, starts, lengths, group, rise, moments, grad, log_m, d_e, d_a):
        top = 0
        for s in range(lengths.size):
            top = max(top, lengths[s])
        c = np.empty(top + 2)
        w = np.empty(top + 2)
        g = np.empty(top + 2)
        hist = np.empty(top * (top + 1) // 2 + 1 if grad else 1)
        for s in range(lengths.size):
            st, L, r = starts[s], lengths[s], group[s]
            log_scale = forward(e, st, L, c, hist, grad)
            z_max, total = weights(c, L, rise[r], w)
            log_m[s] = log_scale + z_max + math.log(total)
            if not grad:
                continue
            da = 0.0
            for j in range(L + 1):
                da += w[j] * moments[r, j]
            d_a[s] = da / total
            # reverse mode through the steps: g (the derivative of M in a step's coefficients, up to a scale)
            # starts from the rising factorials scaled so that every term c_j (a)_j is at most 1. After every
            # step <g, c> = 1 with no negative term, so g_j <= 1 / c_j: a coefficient below TINY_TERM is a term
            # that weighs nothing (the forward pass loses it to underflow too) and its g_j is 0. Unbounded, such
            # g_j reached e^700 and g_j * e_k overflowed to inf, then NaN in the gradient.
            # d log M / d e_k = P / (e_k P + Q), P = <g[:k+1], c_k>, Q = <g[1:k+2], c_k>: g's scale cancels.
            for j in range(L + 1):
                g[j] = math.exp(rise[r, j] - z_max) if c[j] >= TINY_TERM else 0.0
            off = L * (L - 1) // 2
            for k in range(L - 1, -1, -1):
                ek = e[st + k]
                P = 0.0
                Q = 0.0
                for j in range(k + 1):
                    P += g[j] * hist[off + j]
                    Q += g[j + 1] * hist[off + j]
                total = ek * P + Q
                if total > 0:
                    d_e[st + k] = P / total
                else:
                    total = 1.0
                for j in range(k + 1):
                    g[j] = (g[j] * ek + g[j + 1]) / total if hist[off + j] >= TINY_TERM else 0.0
                off -= k

    @njit
    def moments_of(e, starts, lengths, group, a, ratio, rise, mean, quiet):
        top = 0
        for s in range(lengths.size):
            top = max(top, lengths[s])
        c = np.empty(top + 2)
        w = np.empty(top + 2)
        hist = np.empty(1)
        for s in range(lengths.size):
            L, r = lengths[s], group[s]
            forward(e, starts[s], L, c, hist, False)
            _, total = weights(c, L, rise[r], w)
            m = 0.0
            q = 0.0
            power = ratio[r] ** a[r]
            for j in range(L + 1):
                m += w[j] * (a[r] + j)
                q += w[j] * power
                power *= ratio[r]
            mean[s] = m / total
            quiet[s] = q / total

    return sums, mix, moments_of


def compile_kernels() -> None:
    """The loops compiled (or read from numba's cache) on one small sequence, before a fit needs them."""
    starts, lengths = np.zeros(1, np.int64), np.ones(1, np.int64)
    A, _ = kernel_sums(starts, lengths, np.zeros(1), 0.1)
    mixture(A + 1.0, starts, lengths, np.zeros(1, np.int64), np.ones(1))
    mixture_moments(A + 1.0, starts, lengths, np.zeros(1, np.int64), np.ones(1), np.full(1, 0.5))

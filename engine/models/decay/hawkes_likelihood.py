"""The Hawkes mixture's likelihood over event steps: the kernel sums, the polynomial in the
background rate that each customer's events multiply out to, and its exact gradient.

:mod:`engine.models.decay.hawkes` fits and reads the model; this module holds the arithmetic
its loss repeats at every optimiser step (its cost is NumPy's per-call overhead, so the loops
here run over positions and row blocks, never over customers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import digamma, gammaln

#: Rows of the polynomial are rescaled every few steps (the factors stay far from overflow).
RESCALE_EVERY = 4
#: A polynomial coefficient below this (rows are scaled to a maximum of 1) is a term that weighs nothing:
#: the gradient drops it, so its factor 1 / coefficient stays far from overflow (issue #13).
TINY_TERM = 1e-290
#: The kernel sums run along the rows of a (sequences, longest length) grid when it has at most this
#: many cells (16 MB a grid), else position by position (a Python loop, the cost of a long tail).
DENSE_KERNEL_CELLS = 2_000_000
#: ... and at most this many cells per event: a grid of mostly empty cells (several categories laid
#: out as one, whose longest sequence sets every row's width) cost more than the loop's calls.
DENSE_FILL = 4
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
        if shape[0] * shape[1] <= min(DENSE_KERNEL_CELLS, DENSE_FILL * n):
            grid = (np.cumsum(first) - 1, pos, shape)
            since_first = t - np.repeat(t[starts], np.diff(np.r_[starts, n]))
        return cls(rows, [t[r] - t[r - 1] for r in rows], n, grid, since_first)

    def kernel_sums(self, beta: float | np.ndarray, with_lags: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """Per event i: A_i = sum_{j<i} exp(-beta (t_i - t_j)) and, if asked,
        B_i = sum_{j<i} (t_i - t_j) exp(-beta (t_i - t_j)), over earlier events of its sequence.
        ``beta``: one decay, or one per event (several categories' sequences laid out as one)."""
        per_event = np.ndim(beta) > 0
        if self.grid is not None and float(np.max(beta * self.since_first, initial=0.0)) <= MAX_GROWTH:
            return self._kernel_sums_dense(beta, with_lags)
        A = np.zeros(self.n)
        B = np.zeros(self.n) if with_lags else None
        for r, d in zip(self.rows, self.gap):
            dec = np.exp(-(beta[r] if per_event else beta) * d)
            prev = A[r - 1] + 1.0
            A[r] = dec * prev
            if B is not None:
                B[r] = dec * (B[r - 1] + d * prev)
        return A, B

    def _kernel_sums_dense(self, beta: float | np.ndarray, with_lags: bool) -> tuple[np.ndarray, np.ndarray | None]:
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


def _by_row(table: np.ndarray, row_group: np.ndarray | None, r0: int, r1: int, cols: int) -> np.ndarray:
    """Rows r0:r1 of a per-group table of j terms (one group: its single row, broadcast)."""
    if row_group is None:
        return table[0, None, :cols]
    return table[row_group[r0:r1], :cols]


def _rising(a: float | np.ndarray, width: int) -> np.ndarray:
    """log (a)_j for j = 0..width, one row per group's a."""
    a = np.atleast_1d(np.asarray(a, np.float64))[:, None]
    return gammaln(a + np.arange(width + 1)[None, :]) - gammaln(a)


def _mixture(e_scaled: np.ndarray, lay: Layout, a: float | np.ndarray,
             history: list[np.ndarray] | None = None,
             row_group: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per sequence: log sum_j c_j (a)_j and the normalised weights of the j terms.

    c_j are the coefficients of prod_i (x + e_i); (a)_j the rising factorial, the
    j-th moment of the scaled gamma. Rows are rescaled every few steps (the log is kept).
    ``history`` (a list) receives the coefficients before each step, for :func:`_mixture_grad`.
    Several categories at once: ``a`` per group and ``row_group`` the group of each layout row.
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
    rising = _rising(a, width)
    if history is not None:
        history.append(coef)
    log_m = np.zeros(S)
    w = np.zeros_like(coef)
    for r0, r1, cols in _row_blocks(lay.lengths):
        # the same floor as the gradient's (TINY_TERM), so the loss and its gradient drop the same terms
        block = coef[r0:r1, :cols]
        with np.errstate(divide="ignore"):
            z = np.log(np.where(block >= TINY_TERM, block, 0.0)) + _by_row(rising, row_group, r0, r1, cols)
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


def _mixture_grad(e_scaled: np.ndarray, lay: Layout, a: float | np.ndarray, w: np.ndarray,
                  history: list[np.ndarray], row_group: np.ndarray | None = None
                  ) -> tuple[np.ndarray, float | np.ndarray]:
    """Gradient of sum_s log M_s (from :func:`_mixture`) in each event's scaled excitation and in a.

    Reverse mode through the polynomial's steps: g (the derivative of M in step k's
    coefficients, kept only up to a per-row scale) runs backwards from the rising factorials;
    d log M / d e_k = P / (e_k P + Q) with P = <g[:k+1], c_k>, Q = <g[1:k+2], c_k>, a ratio
    in which g's scale cancels, so g is renormalised freely against overflow.
    With ``row_group`` (see :func:`_mixture`) the derivative in a is one per group.
    """
    width = lay.counts.size
    d_e = np.zeros(e_scaled.size)
    j = np.arange(width + 1)
    a_col = np.atleast_1d(np.asarray(a, np.float64))[:, None]
    moments = digamma(a_col + j[None, :]) - digamma(a_col)
    per_row = np.zeros(w.shape[0])
    for r0, r1, cols in _row_blocks(lay.lengths):  # w is 0 past a block's columns
        per_row[r0:r1] = (w[r0:r1, :cols] * _by_row(moments, row_group, r0, r1, cols)).sum(axis=1)
    d_a = float(per_row.sum()) if row_group is None else np.bincount(row_group, per_row, a_col.shape[0])
    if width == 0:
        return d_e, d_a
    rising = _rising(a, width)
    # each row starts from (a)_j scaled so that its terms c_j (a)_j are at most 1. After every
    # step <g, c> = 1 with no negative term, so g_j <= 1 / c_j: a coefficient below TINY_TERM is a
    # term that weighs nothing (the forward pass loses it to underflow too) and its g_j is set to 0.
    # Unbounded, such g_j reached e^700 and g_j * e_k overflowed to inf, then NaN in the gradient.
    # g and its spare are read and written only inside the row blocks (a row's step never reaches past
    # its length): the cells past them are left unset, not filled (the dense (rows, width + 1) arrays
    # of a lockstep batch are several times the blocks' cells, and filling them showed in the profile)
    g = np.empty_like(history[-1])
    spare = np.empty_like(g)
    for r0, r1, cols in _row_blocks(lay.lengths):
        last = history[-1][r0:r1, :cols]
        kept = last >= TINY_TERM
        rise = _by_row(rising, row_group, r0, r1, cols)
        with np.errstate(divide="ignore"):
            z_max = np.where(kept, np.log(np.where(kept, last, 1.0)) + rise, -np.inf).max(axis=1)
        block = np.where(kept, np.exp(np.where(kept, rise - z_max[:, None], 0.0)), 0.0)
        block[j[None, :cols] > lay.lengths[r0:r1, None]] = 0.0
        g[r0:r1, :cols] = block
        # g of the next step back is written to a second buffer, then the two swap (lo and hi overlap
        # in g): rows the step leaves alone keep the starting values that both buffers hold
        spare[r0:r1, :cols] = block
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


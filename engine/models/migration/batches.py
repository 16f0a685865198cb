"""Chunks of customers read from DuckDB, kept in memory while they fit, and cut into samples."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from engine.features.sequences import Samples, SequenceSource, samples_at
from engine.models.migration.cell_sums import CellSums
from engine.models.migration.week_sums import weeks_read

#: Cells (customers x weeks x categories) of the prefix sums built at a time: about 45 MB of them (they are
#: about ten arrays the size of the weeks read, so a whole chunk's would be ~250 MB next to the fit's own arrays).
STATS_CELLS = 1_000_000


class ChunkReader:
    """Serves the samples of chunks of customers; keeps up to ``cache_mb`` of them, rebuilds the rest.

    For a small shop every chunk's samples stay cached after the first epoch; for a
    large one memory is bounded by the cache plus one chunk being built.
    """

    def __init__(self, source: SequenceSource, chunk_customers: int, cache_mb: int) -> None:
        self.source = source
        self.chunk_customers = max(1, chunk_customers)
        self.cache_bytes = cache_mb * 1024 * 1024
        self._cache: dict[tuple, Samples | None] = {}
        self._bytes = 0
        self._cells: tuple[tuple[int, int], tuple] | None = None
        self.stats_cells = STATS_CELLS

    def ranges(self, limit: int | None = None) -> list[tuple[int, int]]:
        n = self.source.n_customers if limit is None else min(limit, self.source.n_customers)
        return [(lo, min(lo + self.chunk_customers, n)) for lo in range(0, n, self.chunk_customers)]

    def cells(self, lo: int, hi: int) -> tuple:
        """The current chunk's written cells (one chunk kept: consecutive calls reuse it)."""
        if self._cells is None or self._cells[0] != (lo, hi):
            self._cells = None  # free the old chunk before reading the new one
            self._cells = ((lo, hi), self.source.cells(lo, hi))
        return self._cells[1]

    def samples(self, lo: int, hi: int, shifts: list[int], with_labels: bool = True,
                customers: np.ndarray | None = None) -> Samples | None:
        """The samples of the chunk's customers at these cuts (by cut, then customer); with ``customers`` (sorted
        cids of the chunk), theirs only: the rows the whole chunk's samples have for them, built for them alone
        (every sample is one customer's) and not kept (a scoring cut's customers are read once)."""
        key = (lo, hi, tuple(shifts), with_labels)
        if customers is None and key in self._cache:
            return self._cache[key]
        # prefix sums only over the weeks these cuts read (their labels to their oldest history week):
        # a scoring cut reads 56 of the cube's weeks, and the sums restart there without changing a sample
        first, spec = min(shifts), self.source.spec
        if customers is None:
            row, week, cat, vals = self.cells(lo, hi)
            n = hi - lo
        else:
            # a subset never reads the kept whole chunk (training's last): freed first, not held beside the subset's
            self._cells = None
            row, week, cat, vals = self.source.cells(lo, hi, customers)
            n = len(customers)
        # the cube's weeks [first, first + w) (cube[:, first:max(shifts) + H + history]), by customer then week
        start = min(first, self.source.weeks)
        w = max(0, min(max(shifts) + spec.horizon + spec.history_weeks, self.source.weeks) - start)
        ok = (week >= start) & (week < start + w)
        row, week, cat, vals = row[ok], week[ok] - start, cat[ok], vals[ok]
        order = np.lexsort((week, row))
        row, week, cat, vals = row[order], week[order], cat[order], vals[order]
        step = max(1, self.stats_cells // max(1, w * (self.source.k + 1)))
        # every sample is one customer's: samples of consecutive slices of customers, joined in order,
        # are those of the whole chunk (by cut, then customer)
        per_shift: list[list[Samples]] = [[] for _ in shifts]
        weeks = weeks_read([shift - first for shift in shifts], spec, w)
        for a in range(0, n, step):
            b, e = np.searchsorted(row, [a, a + step])
            st = CellSums(min(step, n - a), w, self.source.k, (row[b:e] - a, week[b:e], cat[b:e], vals[b:e]), weeks)
            for i, shift in enumerate(shifts):
                s = samples_at(st, lo + a if customers is None else 0, shift - first, spec, self.source.k,
                               with_labels)
                if s is not None:
                    if customers is not None:
                        s.cid = np.asarray(customers, np.int64)[a + s.cid]
                    per_shift[i].append(s)
            del st
        parts = [s for p in per_shift for s in p]   # one copy into the joined arrays, not one per level
        out = concat(parts) if parts else None
        if customers is not None:
            return out
        size = 0 if out is None else sum(getattr(out, f.name).nbytes for f in fields(Samples))
        if self._bytes + size <= self.cache_bytes:
            self._cache[key] = out
            self._bytes += size
        return out

    def forget_training(self, keep: tuple[int, ...]) -> None:
        """Drops the cached samples of other training cut sets (a fit never reads another fit's set again),
        so the next fit's epochs are served from memory instead of rebuilt each epoch."""
        for key in [k for k in self._cache if len(k[2]) > 1 and k[2] != keep]:
            out = self._cache.pop(key)
            self._bytes -= 0 if out is None else sum(getattr(out, f.name).nbytes for f in fields(Samples))

    def release(self) -> None:
        self._cache.clear()
        self._bytes = 0
        self._cells = None


def concat(parts: list[Samples]) -> Samples:
    if len(parts) == 1:
        return parts[0]
    return Samples(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Samples)})


def take(s: Samples, index: np.ndarray) -> Samples:
    return Samples(**{f.name: getattr(s, f.name)[index] for f in fields(Samples)})

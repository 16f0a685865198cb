"""Chunks of customers read from DuckDB, kept in memory while they fit, and cut into samples."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from engine.features.sequences import ChunkStats, Samples, SequenceSource, samples_at


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
        self._stats: tuple[tuple[int, int], ChunkStats] | None = None

    def ranges(self, limit: int | None = None) -> list[tuple[int, int]]:
        n = self.source.n_customers if limit is None else min(limit, self.source.n_customers)
        return [(lo, min(lo + self.chunk_customers, n)) for lo in range(0, n, self.chunk_customers)]

    def stats(self, lo: int, hi: int) -> ChunkStats:
        """The current chunk's prefix sums (one chunk kept: consecutive calls reuse it)."""
        if self._stats is None or self._stats[0] != (lo, hi):
            self._stats = None  # free the old chunk before reading the new one
            self._stats = ((lo, hi), ChunkStats(self.source.chunk(lo, hi), self.source.k))
        return self._stats[1]

    def samples(self, lo: int, hi: int, shifts: list[int], with_labels: bool = True) -> Samples | None:
        key = (lo, hi, tuple(shifts), with_labels)
        if key in self._cache:
            return self._cache[key]
        st = self.stats(lo, hi)
        parts = [s for s in (samples_at(st, lo, shift, self.source.spec, self.source.k, with_labels)
                             for shift in shifts) if s is not None]
        out = concat(parts) if parts else None
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
        self._stats = None


def concat(parts: list[Samples]) -> Samples:
    if len(parts) == 1:
        return parts[0]
    return Samples(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Samples)})


def take(s: Samples, index: np.ndarray) -> Samples:
    return Samples(**{f.name: getattr(s, f.name)[index] for f in fields(Samples)})

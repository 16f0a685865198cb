"""The LSTM's chunk reader builds prefix sums for a slice of customers at a time (memory): the samples
are those of the whole chunk, in the same order."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import numpy as np

from engine.features.sequences import ChunkStats, Samples, SequenceSource, SequenceSpec, samples_at
from engine.models.migration.batches import ChunkReader, concat


def test_prefix_sums_in_slices_give_the_samples_of_the_whole_chunk(demo_project):
    spec = SequenceSpec(top_k=1000, horizon=4, lookback=8, max_shift=14)
    source = SequenceSource(demo_project.cursor(), datetime(2026, 7, 1), spec)
    reader = ChunkReader(source, 1024, 0)
    lo, hi = reader.ranges()[0]
    whole_stats = ChunkStats(source.chunk(lo, hi), source.k)
    shifts = [8, 10, 12]
    whole = concat([s for s in (samples_at(whole_stats, lo, shift, spec, source.k) for shift in shifts)
                    if s is not None])
    reader.stats_customers = 7
    assert hi - lo > 3 * reader.stats_customers
    sliced = reader.samples(lo, hi, shifts)
    for f in fields(Samples):
        np.testing.assert_array_equal(getattr(sliced, f.name), getattr(whole, f.name), err_msg=f.name)

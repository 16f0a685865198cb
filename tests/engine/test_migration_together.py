"""Learner sets scored on one cut together (its chunks read once, the LSTMs sharing each chunk's sequence
samples) give the very scores each gets alone: the backtest scores its cuts that way (issue #13)."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import numpy as np

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.migration.ladder import Ladder, ScoredCut
from engine.models.migration import lstm_candidate
from engine.models.migration.lstm_candidate import LstmSequences
from engine.models.migration.params import MigrationParams
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12, 16]
#: small chunks, so that ladder chunks end inside sequence chunks (the reused straddled samples)
P = MigrationParams.from_dict({"epochs": 1, "max_train_customers": 60, "score_chunk_pairs": 700,
                               "chunk_customers": 16, "cache_mb": 0, "train_cuts": 2})


def test_cuts_scored_together_are_those_scored_alone(tmp_path, grocery_slice_file, monkeypatch):
    project = open_copy(grocery_slice_file, tmp_path)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        seqs = LstmSequences(cur, AS_OF, GRID, P)
        ladder = Ladder(cur, P, seqs)
        both = [ladder.fit([8, 12]), ladder.fit([12, 16])]
        assert all(f.lstm is not None for f in both)
        together = ladder.scored_together(both, 4)
        for learners, got in zip(both, together):
            want = Ladder(cur, P, seqs).scored(learners, 4)        # a fresh ladder: nothing cached
            _same(got, want)
        assert ladder.scored(both[1], 4) is together[1]              # kept for the origins to read
        # every scored customer went through each network once, the ones of a sequence chunk two ladder chunks
        # share included (each ladder chunk runs its own customers of it)
        calls: dict[int, list[np.ndarray]] = {}
        real = lstm_candidate.predict_logits
        monkeypatch.setattr(lstm_candidate, "predict_logits",
                            lambda net, smp: calls.setdefault(id(net), []).append(smp.cid.copy()) or real(net, smp))
        fresh = LstmSequences(cur, AS_OF, GRID, P)
        scored = Ladder(cur, P, fresh).scored_together(both, 8)[0]
        size = fresh.reader.chunk_customers
        seq = fresh.cust[scored.cid]
        spans = [set((seq[(scored.cid >= lo) & (scored.cid < hi) & (seq >= 0)] // size).tolist())
                 for lo, hi in Ladder(cur, P, fresh).chunks(8, hi=int(scored.cid.max()) + 1)]
        assert any(a & b for a, b in zip(spans, spans[1:]))          # a sequence chunk two ladder chunks share
        assert sorted(calls) == sorted(id(f.lstm.net) for f in both)
        for runs in calls.values():
            assert np.array_equal(np.sort(np.concatenate(runs)), np.unique(seq[seq >= 0]))
    project.close()


def _same(got: ScoredCut, want: ScoredCut) -> None:
    for f in fields(ScoredCut):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if f.name == "scores":
            assert list(a) == list(b) and "lstm" in a
            for n in b:
                np.testing.assert_array_equal(a[n], b[n], err_msg=n)
        elif isinstance(b, np.ndarray):
            np.testing.assert_array_equal(a, b, err_msg=f.name)
        else:
            assert a == b, f.name

"""The LSTM scores only the customers whose pairs it is asked for (issue #13: at wide 10^7 whole sequence chunks
scored ~1M customers for ~325k with pairs), and gives them the logits the whole chunk's pass gives."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from engine.features.shift_graph import build_graph_scores
from engine.features.shift_pairs import build_pairs, build_weekly
from engine.jobs import CancelToken
from engine.models.migration import lstm_candidate
from engine.models.migration.cut_reads import load_cut
from engine.models.migration.lstm_candidate import LstmSequences
from engine.models.migration.params import MigrationParams
from engine.models.migration.trainer import deterministic, predict_logits
from tests.conftest import open_copy

AS_OF = datetime(2017, 8, 28)
GRID = [0, 4, 8, 12, 16]
P = MigrationParams.from_dict({"epochs": 2, "max_train_customers": 200, "chunk_customers": 16, "cache_mb": 0})


def test_the_pairs_customers_alone_are_scored_and_get_their_logits_of_the_whole_chunk(
        tmp_path, grocery_slice_file, monkeypatch):
    project = open_copy(grocery_slice_file, tmp_path)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        seqs = LstmSequences(cur, AS_OF, GRID, P)
        fits = [seqs.fit([8, 12]), seqs.fit([4, 8])]
        for s in (0, 4):
            d = load_cut(cur, s)
            some = (d.cid % 3 == 1)                       # a third of the customers, in every sequence chunk
            cid, cat = d.cid[some], d.cat[some]
            runs: list[np.ndarray] = []
            real = lstm_candidate.predict_logits
            monkeypatch.setattr(lstm_candidate, "predict_logits",
                                lambda net, smp: runs.append(smp.cid.copy()) or real(net, smp))
            got, have = seqs.known_logits(fits, s, cid, cat)
            monkeypatch.undo()
            # each network ran on these customers, once each, and on no other
            wanted = np.unique(seqs.cust[cid])
            assert have.all() and len(wanted) > 20
            ran = np.sort(np.concatenate(runs))
            assert np.array_equal(ran, np.sort(np.concatenate([wanted] * len(fits))))
            # the same per-row arithmetic, save MKL's: a Linear to one output (the head's last layer, the skip
            # path; rows = customers x categories) rounds the last rows of some batch sizes otherwise, by an ulp
            # of its sum, and the LSTM a batch of one. So nearly every logit is the very one, the others an ulp
            # off (here 1 of ~6,000, by 4.8e-7; a whole run at wide 10^6: 1 of 4.9M, by 9.5e-7)
            for g, w in zip(got, _whole_chunks(seqs, fits, s, cid, cat)):
                np.testing.assert_allclose(g, w, rtol=0, atol=1e-5)
                assert np.mean(g == w) > 0.99
    project.close()


def _whole_chunks(seqs: LstmSequences, fits, s: int, cid: np.ndarray, cat: np.ndarray) -> list[np.ndarray]:
    """The logits as every customer of each sequence chunk run through the networks together give them."""
    qc, qk = seqs.cust[cid], seqs.cat[cat]
    out = [np.full(len(cid), np.nan) for _ in fits]
    with deterministic(P.n_threads(), P.seed):
        for lo, hi in seqs.reader.ranges():
            smp = seqs.reader.samples(lo, hi, [s], with_labels=False)
            rows = np.flatnonzero((qc >= lo) & (qc < hi))
            if smp is None or not len(rows):
                continue
            pos = np.searchsorted(smp.cid, qc[rows])
            for fit, o in zip(fits, out):
                o[rows] = predict_logits(fit.net, smp)[pos, qk[rows]]
    return out


def test_range_groups_hold_at_most_a_chunk_of_customers_over_a_few_chunks():
    from engine.models.migration.lstm_candidate import range_groups

    cust = np.array([0, 1, 2, 17, 18, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 130, 131, 131])
    # chunks of 16: 0 (3 customers), 1 (2), 2 (8), 3 (5), 8 (2)
    assert range_groups(cust, 16, 4) == [[0, 1, 2], [3], [8]]        # 3 + 2 + 8; then 5 more would pass 16
    assert range_groups(cust, 16, 1) == [[0], [1], [2], [3], [8]]
    assert range_groups(cust, 16, 2) == [[0, 1], [2, 3], [8]]
    assert range_groups(cust[:0], 16, 4) == []


def test_grouped_sequence_chunks_give_the_logits_and_the_batches_of_one_chunk_at_a_time(
        tmp_path, grocery_slice_file, monkeypatch):
    """The samples of a few sequence chunks' customers are built together, and each chunk's run through the
    networks on its own: every network sees the very batches it saw a chunk at a time, so the logits are the
    same to the last bit."""
    project = open_copy(grocery_slice_file, tmp_path)
    with project.interruptible(CancelToken()) as cur:
        build_weekly(cur, AS_OF, 52)
        build_pairs(cur, GRID, lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=None)
        k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
        build_graph_scores(cur, GRID, k, horizon=4, max_reference=40)
        seqs = LstmSequences(cur, AS_OF, GRID, P)
        fits = [seqs.fit([8, 12])]
        d = load_cut(cur, 4)
        some = d.cid % 3 == 1
        cid, cat = d.cid[some], d.cat[some]
        real = lstm_candidate.predict_logits
        results, batches, built = [], [], []
        real_samples = seqs.reader.samples
        for merge in (1, lstm_candidate.MERGE_RANGES):
            runs: list[np.ndarray] = []
            calls: list[int] = []
            monkeypatch.setattr(lstm_candidate, "MERGE_RANGES", merge)
            monkeypatch.setattr(lstm_candidate, "predict_logits",
                                lambda net, smp, runs=runs: runs.append(smp.cid.copy()) or real(net, smp))
            monkeypatch.setattr(seqs.reader, "samples",
                                lambda *a, calls=calls, **kw: calls.append(1) or real_samples(*a, **kw))
            results.append(seqs.known_logits(fits, 4, cid, cat))
            batches.append(runs)
            built.append(len(calls))
            monkeypatch.undo()
        (one, have_one), (grouped, have_grouped) = results
        assert np.array_equal(have_one, have_grouped) and have_one.all()
        assert np.array_equal(one[0], grouped[0])                   # bit for bit (NaN-free: every pair has one)
        assert len(batches[0]) == len(batches[1]) > 5
        assert all(np.array_equal(a, b) for a, b in zip(*batches))
        assert built[1] < built[0]                                   # fewer sample builds
    project.close()

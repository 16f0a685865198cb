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

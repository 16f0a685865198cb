"""A migration run on two threads (the learner sets' fits side by side, each chunk's last step and rows written
behind the next chunk's scoring) writes what a run on one thread writes: the same fits, scores, ranks and
metrics, every row in the same order."""

from __future__ import annotations

import json

import pytest

import engine.models.migration.service as service
import engine.models.side_by_side as side_by_side
from engine.models.migration.service import train_migration
from engine.models.scores import CATEGORY_TOTALS
from tests.conftest import open_copy
from tests.engine.test_migration import REAL

#: small chunks: the writing thread has many chunks to write behind the scoring
PARAMS = {**REAL, "score_chunk_pairs": 400}


def comparable(metrics: dict) -> str:
    """A run's metrics as text, less its timings and its own run id (in the per-category figures it keeps)."""
    m = {k: v for k, v in metrics.items() if k not in ("stage_seconds", "stage_cpu_seconds")}
    m[CATEGORY_TOTALS] = {k: v for k, v in m[CATEGORY_TOTALS].items() if k != "migration_run"}
    return json.dumps(m, sort_keys=True, default=str)


@pytest.fixture(scope="module")
def real_slice(tmp_path_factory, grocery_slice_file):
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("threads_slice"))
    yield project
    project.close()


def test_a_run_on_two_threads_writes_what_a_run_on_one_writes(real_slice, monkeypatch):
    runs = {}
    for threads in (1, 2):
        monkeypatch.setattr(service, "prediction_threads", lambda: threads)
        monkeypatch.setattr(side_by_side, "prediction_threads", lambda: threads)
        runs[threads] = train_migration(real_slice, params=PARAMS)
    cols = ("customer_id, category, score, rank, reason, source, views_recent, bought_before, weeks_since_bought, "
            "from_category, from_buys, transition_lift")
    rows = {t: real_slice.query(f"SELECT {cols} FROM shift_scores WHERE run_id = ? ORDER BY rowid", [r.run_id])
            for t, r in runs.items()}
    assert len(rows[1]) == runs[1].metrics["pairs_written"] > 1000
    assert rows[1] == rows[2]
    assert comparable(runs[1].metrics) == comparable(runs[2].metrics)


def test_the_backtest_memos_let_go_before_writing_change_nothing(real_slice, monkeypatch):
    """The writing stage drops the backtest's memos and caches no sequence samples (peak memory at 10^7):
    the rows and metrics are those of a run that keeps them."""
    from engine.models.migration.ladder import Ladder

    kept_after = []
    runs = {}
    for let_go in (False, True):
        if not let_go:
            monkeypatch.setattr(Ladder, "keep_only_shipping", lambda self: None)
        else:
            monkeypatch.undo()
            original = Ladder.keep_only_shipping

            def spy(self):
                original(self)
                kept_after.append((len(self._train) + len(self._scored) + len(self._fits), self.seqs.reader.cache_bytes))

            monkeypatch.setattr(Ladder, "keep_only_shipping", spy)
        runs[let_go] = train_migration(real_slice, params=PARAMS)
    assert kept_after == [(0, 0)]
    cols = "customer_id, category, score, rank, reason, source, views_recent, bought_before, weeks_since_bought"
    rows = {k: real_slice.query(f"SELECT {cols} FROM shift_scores WHERE run_id = ? ORDER BY rowid", [r.run_id])
            for k, r in runs.items()}
    assert len(rows[True]) > 1000 and rows[True] == rows[False]
    assert comparable(runs[False].metrics) == comparable(runs[True].metrics)

"""The migration fit's share of DuckDB's memory (issue #13): derived from the project's cap, put back
after the run, and without effect on the scores (DuckDB spills its tables; the fit reads the same rows)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.models.migration import service
from engine.models.migration.service import train_migration
from engine.store import memory_share, open_project
from engine.store.connection import MIN_MEMORY_BYTES, memory_bytes

from tests.engine.test_migration import REAL, _scores


def _copy(project_file, tmp_path, name):
    path = tmp_path / f"{name}.shiftwise"
    shutil.copy(project_file, path)
    return path


class _Spy:
    """Records DuckDB's memory limit and spilled bytes when the LSTM's sequences are built (the fit stage)."""

    def __init__(self, monkeypatch) -> None:
        self.limits: list[str] = []
        self.spilled: list[int] = []
        real = service.LstmSequences

        def spy(cur, *args, **kwargs):
            self.limits.append(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
            self.spilled.append(int(cur.execute(
                "SELECT coalesce(sum(temporary_storage_bytes), 0) FROM duckdb_memory()").fetchall()[0][0]))
            return real(cur, *args, **kwargs)

        monkeypatch.setattr(service, "LstmSequences", spy)


@pytest.mark.parametrize("cap", ["1GB", "2GB", "3GB"])
def test_the_fit_stage_limit_is_a_share_of_the_projects_cap(grocery_slice_file, tmp_path, monkeypatch, cap):
    spy = _Spy(monkeypatch)
    project = open_project(_copy(grocery_slice_file, tmp_path, cap), memory_limit=cap)
    try:
        before = project.scalar("SELECT current_setting('memory_limit')")
        train_migration(project, params=REAL)
        after = project.scalar("SELECT current_setting('memory_limit')")
    finally:
        project.close()
    expected = max(MIN_MEMORY_BYTES, int(memory_bytes(cap) * service.FIT_MEMORY_SHARE))
    # DuckDB reads a limit back rounded to 0.1 MiB
    assert len(spy.limits) == 1 and memory_bytes(spy.limits[0]) == pytest.approx(expected, abs=0.06 * 2**20)
    assert memory_bytes(spy.limits[0]) < memory_bytes(before)
    assert after == before   # the cap is the user's: it is put back when the run ends


def test_the_cap_is_put_back_after_a_cancel(grocery_slice_file, tmp_path, monkeypatch):
    project = open_project(_copy(grocery_slice_file, tmp_path, "cancel"), memory_limit="2GB")
    cancel = CancelToken()

    def cancel_at_sequences(cur, *args, **kwargs):
        cancel.cancel()
        cancel.raise_if_cancelled()

    monkeypatch.setattr(service, "LstmSequences", cancel_at_sequences)
    try:
        before = project.scalar("SELECT current_setting('memory_limit')")
        with pytest.raises(JobCancelled):
            train_migration(project, params=REAL, cancel=cancel)
        assert project.scalar("SELECT current_setting('memory_limit')") == before
    finally:
        project.close()


def test_scores_do_not_depend_on_the_memory_cap(grocery_slice_file, tmp_path, monkeypatch):
    """With the fit's share so small that DuckDB spills its pair tables to the temp directory, the
    backtest and the shift scores are those of a run that keeps them in memory."""
    runs = []
    for name, share, floor in (("spilled", 1e-9, 32 * 1000**2), ("in_memory", 1.0, MIN_MEMORY_BYTES)):
        spy = _Spy(monkeypatch)
        monkeypatch.setattr(service, "FIT_MEMORY_SHARE", share)
        monkeypatch.setattr(memory_share, "MIN_MEMORY_BYTES", floor)
        path = _copy(grocery_slice_file, tmp_path, name)
        project = open_project(path, memory_limit="1GB")
        try:
            # small write chunks: DuckDB's working memory for each stays within the spilled run's limit
            result = train_migration(project, params={**REAL, "score_chunk_pairs": 2000})
            runs.append((result, _scores(project, result.run_id), spy))
        finally:
            project.close()
        # the spilled tables lived in the project's temp folder, and go with the connection
        assert not path.with_name(path.name + ".tmp").exists()
    (small, a, spilled), (one, b, kept) = runs
    assert memory_bytes(spilled.limits[0]) < 33 * 1000**2 and spilled.spilled[0] > 0
    assert kept.spilled[0] == 0
    for name, c in one.metrics["candidates"].items():
        for metric in ("auc", "ndcg@10"):
            assert small.metrics["candidates"][name][metric]["per_cut"] == pytest.approx(
                c[metric]["per_cut"], abs=1e-6), (name, metric)
    assert len(a) == len(b) == one.metrics["pairs_written"] > 1000
    assert [r[:2] + r[3:] for r in a] == [r[:2] + r[3:] for r in b]
    np.testing.assert_allclose([r[2] for r in a], [r[2] for r in b], rtol=1e-5, atol=1e-7)

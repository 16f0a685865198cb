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
    """Records DuckDB's memory limit, spilled bytes and table pages in memory when the LSTM's sequences are built (the fit stage)."""

    def __init__(self, monkeypatch) -> None:
        self.limits: list[str] = []
        self.spilled: list[int] = []
        self.held: list[int] = []       # bytes of table pages in memory (the pair tables are a scratch file's)
        real = service.LstmSequences

        def spy(cur, *args, **kwargs):
            self.limits.append(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
            self.held.append(int(cur.execute(
                "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
                "WHERE tag IN ('IN_MEMORY_TABLE', 'BASE_TABLE')").fetchall()[0][0]))
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


@pytest.mark.parametrize("arrays,lowered", [(service.GRAPH_ARRAYS, False), (10**9, True)])
def test_the_graph_stage_keeps_the_cap_unless_its_arrays_are_large(grocery_slice_file, tmp_path, monkeypatch, arrays,
                                                                   lowered):
    """The graph stage's [K+1, K] arrays grow with the square of the categories (0.76 GB at 2,757): when they would
    hold more than the fits' share of the cap, DuckDB gives its memory back before the stage (the slice's few
    categories are made to look that many here); a shop of a few hundred keeps the whole cap, which is faster."""
    limits = []
    real = service.build_graph_scores

    def spy(cur, *args, **kwargs):
        limits.append(memory_bytes(cur.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]))
        return real(cur, *args, **kwargs)

    monkeypatch.setattr(service, "build_graph_scores", spy)
    monkeypatch.setattr(service, "GRAPH_ARRAYS", arrays)
    project = open_project(_copy(grocery_slice_file, tmp_path, "graph"), memory_limit="2GB")
    try:
        cap = memory_bytes(project.scalar("SELECT current_setting('memory_limit')"))
        train_migration(project, params=REAL)
    finally:
        project.close()
    share = max(MIN_MEMORY_BYTES, int(memory_bytes("2GB") * service.FIT_MEMORY_SHARE))
    assert len(limits) == 1
    assert limits[0] == (pytest.approx(share, abs=0.06 * 2**20) if lowered else cap)


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
    """With the fit's share so small that DuckDB lets go of its pair tables, the backtest and the shift
    scores are those of a run that keeps them in memory."""
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
    # the limit took: DuckDB let go of the tables (their pages are the scratch file's: dropped, not spilled)
    assert memory_bytes(spilled.limits[0]) < 33 * 1000**2 and spilled.held[0] <= memory_bytes(spilled.limits[0])
    assert kept.spilled[0] == 0
    for name, c in one.metrics["candidates"].items():
        for metric in ("auc", "ndcg@10"):
            assert small.metrics["candidates"][name][metric]["per_cut"] == pytest.approx(
                c[metric]["per_cut"], abs=1e-6), (name, metric)
    assert len(a) == len(b) == one.metrics["pairs_written"] > 1000
    assert [r[:2] + r[3:] for r in a] == [r[:2] + r[3:] for r in b]
    np.testing.assert_allclose([r[2] for r in a], [r[2] for r in b], rtol=1e-5, atol=1e-7)


def _scratch_files(path):
    folder = path.with_name(path.name + ".tmp")
    return sorted(f.name for f in folder.glob("sp_scratch_*")) if folder.exists() else []


def test_the_pair_tables_can_leave_memory_once_built(grocery_slice_file, tmp_path):
    """After the pairs and graph stages nothing of them is pinned in memory (issue #13: 331 MB of TEMP
    tables at wide 10^7 kept DuckDB from lowering its limit for the fits): the tables the fits read are
    pages of a scratch database file, the stage's own steps are dropped."""
    from engine.features.shift_graph import build_graph_scores
    from engine.features.shift_pairs import build_pairs, build_weekly
    from engine.store.scratch import scratch_tables, settle
    from datetime import datetime

    path = _copy(grocery_slice_file, tmp_path, "evict")
    project = open_project(path, memory_limit="1GB")
    try:
        with project.interruptible(CancelToken()) as cur, scratch_tables(cur):
            build_weekly(cur, datetime(2017, 8, 28), 52)
            build_pairs(cur, [0, 4, 8, 12], lookback=8, horizon=4, min_buyers=5, history_weeks=52, keep_pairs=300)
            k = cur.execute("SELECT count(*) FROM sp_cat").fetchall()[0][0]
            build_graph_scores(cur, [0, 4, 8, 12], k, horizon=4, max_reference=40)
            assert cur.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()[0][0] == 0
            tables = dict(cur.execute("SELECT table_name, database_name FROM duckdb_tables() "
                                      "WHERE table_name LIKE 'sp_%'").fetchall())
            assert set(tables) == {"sp_cat", "sp_cust", "sp_hist", "sp_bought", "sp_cat_units", "sp_pairs",
                                   "sp_pair_cust", "sp_pair_cat", "sp_keep", "sp_thin", "sp_graph"}
            assert len(set(tables.values())) == 1 and next(iter(tables.values())).startswith("sp_scratch_")
            assert _scratch_files(path)
            settle(cur)
            # far below the tables' size: DuckDB drops their pages rather than refusing
            cur.execute("SET memory_limit = '4MB'")
            held = cur.execute("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() "
                               "WHERE tag IN ('IN_MEMORY_TABLE', 'BASE_TABLE')").fetchall()[0][0]
            assert held <= 4 * 1000**2
            cur.execute("SET memory_limit = '1GB'")
            # and read back from the file when a query needs them
            n = cur.execute("SELECT count(*) FROM sp_pairs p JOIN sp_graph g USING (s, cid, cat)").fetchall()[0][0]
            assert n == cur.execute("SELECT count(*) FROM sp_pairs").fetchall()[0][0] > 1000
        assert project.scalar("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'sp_scratch_%'") == 0
        assert _scratch_files(path) == []
    finally:
        project.close()


def test_the_scratch_database_goes_after_a_run_and_after_a_cancel(grocery_slice_file, tmp_path, monkeypatch):
    path = _copy(grocery_slice_file, tmp_path, "scratch")
    project = open_project(path, memory_limit="1GB")
    cancel = CancelToken()

    def cancel_at_sequences(cur, *args, **kwargs):
        assert cur.execute("SELECT count(*) FROM sp_pairs").fetchall()[0][0] > 0
        assert _scratch_files(path)
        cancel.cancel()
        cancel.raise_if_cancelled()

    try:
        with monkeypatch.context() as m:
            m.setattr(service, "LstmSequences", cancel_at_sequences)
            with pytest.raises(JobCancelled):
                train_migration(project, params=REAL, cancel=cancel)
        assert project.scalar("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'sp_scratch_%'") == 0
        assert _scratch_files(path) == []
        train_migration(project, params=REAL)
        assert project.scalar("SELECT count(*) FROM duckdb_databases() WHERE database_name LIKE 'sp_scratch_%'") == 0
        assert _scratch_files(path) == []
    finally:
        project.close()

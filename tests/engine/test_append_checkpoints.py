"""Checkpoints between the chunks of a long append (engine.store.checkpoints): the close's checkpoint has no
row groups left to merge, the writer is idle when one is taken, and a migration run that fails after some
leaves no rows (its transaction semantics are model_run's, checkpoints or not)."""

from __future__ import annotations

import threading

import duckdb
import pytest

from engine.models.migration import pair_scoring, service
from engine.models.migration.service import train_migration
from engine.store import checkpoints as checkpoints_mod
from engine.store.checkpoints import AppendCheckpoints
from engine.store.runs import get_run
from engine.work_ahead import written_behind
from tests.conftest import open_copy
from tests.engine.test_migration import REAL

#: migration's chunk at wide 10^7 wrote ~276k rows: two full row groups (122,880 rows) and a part of one
CHUNK = 276_740


def _row_groups(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('t')").fetchall()[0][0]


def _append_chunks(path, every: int | None) -> tuple[int, int, int]:
    """Five chunks appended (checkpointed every ``every`` rows, or not at all); the row groups before and after
    the checkpoint closing the file would take, and the checkpoints taken."""
    con = duckdb.connect(str(path), config={"threads": 2})
    con.execute("CREATE TABLE t (a BIGINT, reason TEXT)")
    con.execute("CHECKPOINT")
    taken = AppendCheckpoints(con, every) if every else None
    for i in range(5):
        n = con.execute("INSERT INTO t SELECT range, 'bought ' || (range % 97) || ' units lately' FROM range(?, ?)",
                        [i * CHUNK, (i + 1) * CHUNK]).fetchall()[0][0]
        if taken:
            taken.appended(n)
    if taken:
        taken.checkpoint()
    before = _row_groups(con)
    con.execute("CHECKPOINT")
    after = _row_groups(con)
    assert con.execute("SELECT count(*), sum(a) FROM t").fetchall()[0] == (5 * CHUNK, sum(range(5 * CHUNK)))
    con.close()
    return before, after, taken.taken if taken else 0


def test_checkpoints_between_chunks_leave_the_last_checkpoint_nothing_to_merge(tmp_path):
    # without them the last checkpoint merges every chunk's partly filled row group (at wide 10^7: +830 MB)
    before, after, _ = _append_chunks(tmp_path / "once.duckdb", None)
    assert after < before
    before, after, taken = _append_chunks(tmp_path / "parts.duckdb", CHUNK)
    assert taken == 5 and after == before == -(-5 * CHUNK // 122_880)


def test_a_checkpoint_every_so_many_rows():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a INTEGER)")
    taken = AppendCheckpoints(con, 1000)
    for rows in (400, 400, 400, 999, 1):
        taken.appended(rows)
    assert taken.taken == 2 and taken.pending == 0
    taken.checkpoint()                     # nothing appended since the last one
    assert taken.taken == 2
    taken.appended(5)
    taken.checkpoint()
    assert taken.taken == 3


def test_between_runs_on_the_calling_thread_while_no_chunk_is_written():
    writing = threading.Event()
    seen: list[tuple[int, bool, bool]] = []

    def write(d, prob):
        writing.set()
        try:
            return len(d)
        finally:
            writing.clear()

    def between(rows):
        seen.append((rows, writing.is_set(), threading.current_thread() is threading.main_thread()))

    chunks = [(list(range(n)), None) for n in (3, 1, 4, 1, 5)]
    for threads in (1, 2):
        seen.clear()
        assert written_behind(write, iter(chunks), threads, between=between) == 14
        assert seen == [(n, False, True) for n in (3, 1, 4, 1, 5)]


@pytest.fixture(scope="module")
def slice_project(tmp_path_factory, grocery_slice_file):
    """100 customers of the real grocery file (a copy of the session's import)."""
    project = open_copy(grocery_slice_file, tmp_path_factory.mktemp("append_checkpoints"))
    yield project
    project.close()


#: chunks of a few customers, a checkpoint after each of them; small fits (the rows, not their quality, matter here)
PARAMS = {**REAL, "score_chunk_pairs": 150, "lstm": False, "gbm_iterations": 10, "stacker_iterations": 10}


def _every_chunk_checkpointed(monkeypatch) -> list[AppendCheckpoints]:
    """From now on every written chunk is checkpointed; the checkpoints of each run that follows."""
    runs: list[AppendCheckpoints] = []

    class Counted(AppendCheckpoints):
        def __init__(self, cur, every=None):
            super().__init__(cur, every)
            runs.append(self)

    monkeypatch.setattr(checkpoints_mod, "CHECKPOINT_ROWS", 1)
    monkeypatch.setattr(service, "AppendCheckpoints", Counted)
    return runs


def _rows(project, run_id: int) -> list[tuple]:
    return project.query("SELECT * EXCLUDE (run_id) FROM shift_scores WHERE run_id = ? ORDER BY ALL", [run_id])


def test_a_run_checkpointed_as_it_writes_keeps_its_rows(slice_project, monkeypatch):
    plain = train_migration(slice_project, params=PARAMS)
    runs = _every_chunk_checkpointed(monkeypatch)
    parts = train_migration(slice_project, params=PARAMS)
    assert len(runs) == 1 and runs[0].taken > 10
    assert len(_rows(slice_project, plain.run_id)) == parts.metrics["pairs_written"] > 1000
    assert _rows(slice_project, parts.run_id) == _rows(slice_project, plain.run_id)


def test_a_run_that_fails_after_checkpoints_leaves_no_rows(slice_project, monkeypatch):
    runs = _every_chunk_checkpointed(monkeypatch)
    write = pair_scoring.ScoreWriter.write
    calls: list[int] = []

    def failing(self, d, prob):
        calls.append(len(d.cid))
        if len(calls) == 4:
            raise OSError("disk full")
        return write(self, d, prob)

    monkeypatch.setattr(pair_scoring.ScoreWriter, "write", failing)
    with pytest.raises(OSError, match="disk full"):
        train_migration(slice_project, params=PARAMS)
    failed = max(r[0] for r in slice_project.query("SELECT run_id FROM model_runs"))
    assert get_run(slice_project, failed).status == "failed"
    assert runs[0].taken >= 2            # chunks of the run were on file before it failed
    assert slice_project.query("SELECT count(*) FROM shift_scores WHERE run_id = ?", [failed])[0][0] == 0


def test_a_value_read_leaves_no_transaction_open_to_stop_the_merge(tmp_path):
    # the command line's thread reads the as-of date (Project.scalar) before migration writes: a result left half
    # read kept its transaction open, and every checkpoint of the run skipped the merge, left to the close's
    from engine.store import open_project
    from engine.store.project import create_project

    create_project(tmp_path / "p.shiftwise").close()
    project = open_project(tmp_path / "p.shiftwise")
    try:
        assert project.scalar("SELECT count(*) FROM events") == 0
        cur = project.new_cursor()
        cur.execute("CREATE TABLE t (a BIGINT, reason TEXT)")
        taken = AppendCheckpoints(cur, CHUNK)
        for i in range(5):
            taken.appended(cur.execute("INSERT INTO t SELECT range, 'bought ' || range FROM range(?, ?)",
                                       [i * CHUNK, (i + 1) * CHUNK]).fetchall()[0][0])
        assert taken.taken == 5 and _row_groups(cur) == -(-5 * CHUNK // 122_880)
        project.release(cur)
    finally:
        project.close()

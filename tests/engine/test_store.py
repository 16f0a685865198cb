import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from engine.jobs import CancelToken, JobCancelled
from engine.store import (SCHEMA_VERSION, NotAProjectError, ProjectLockedError, ProjectTooNewError, create_project,
                          open_project)
from engine.store.runs import latest_run, load_blob, model_run, save_blob
from tests.cancel_points import sql_hook
from tests.waits import HANG_S


def test_new_project_has_schema_and_version(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        assert p.schema_version == SCHEMA_VERSION
        tables = {r[0] for r in p.query("SELECT table_name FROM information_schema.tables")}
        for t in ("events", "imports", "rejected_rows", "customer_attributes", "model_runs", "model_blobs",
                  "shift_scores", "decay_scores", "segment_assignments", "campaigns", "campaign_members"):
            assert t in tables
    with open_project(tmp_path / "p.shiftwise") as p:
        assert p.schema_version == SCHEMA_VERSION


def test_a_new_project_gets_its_schema_whole_or_not_at_all(tmp_path, monkeypatch):
    """A new project's schema versions land in one transaction: one failing leaves no file behind (it left one
    with the versions before it, which the next try refused as a project that exists)."""
    from engine.store import migrations

    def broken(cur):
        raise RuntimeError("the last version fails")

    path = tmp_path / "p.shiftwise"
    monkeypatch.setitem(migrations.MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(RuntimeError, match="the last version fails"):
        create_project(path)
    assert not path.exists()
    monkeypatch.undo()
    with create_project(path) as p:
        assert p.schema_version == SCHEMA_VERSION


def test_threads_and_memory_are_capped(tmp_path):
    with create_project(tmp_path / "p.shiftwise", threads=1, memory_limit="1GB") as p:
        assert p.scalar("SELECT current_setting('threads')") == 1
        assert p.scalar("SELECT current_setting('memory_limit')") == "953.6 MiB"  # 1 GB in DuckDB's units


def test_newer_project_is_refused_with_clear_message(tmp_path):
    path = tmp_path / "p.shiftwise"
    with create_project(path) as p:
        p.set_meta("schema_version", str(SCHEMA_VERSION + 5))
    with pytest.raises(ProjectTooNewError, match="newer version of Shiftwise"):
        open_project(path)


def test_older_project_is_migrated_forward(tmp_path):
    path = tmp_path / "old.shiftwise"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    con.close()
    with open_project(path) as p:
        assert p.schema_version == SCHEMA_VERSION
        assert p.scalar("SELECT count(*) FROM events") == 0


def _long_attributes(p, version: int) -> None:
    """customer_attributes as versions 1-4 (no ts) or 5 kept it: a row per customer, attribute and import."""
    p.con.execute("DROP TABLE customer_attributes")
    p.con.execute("CREATE TABLE customer_attributes (customer_id TEXT NOT NULL, attribute TEXT NOT NULL, value TEXT, "
                  "import_id INTEGER NOT NULL" + (", ts TIMESTAMP)" if version >= 5 else ")"))
    p.set_meta("schema_version", str(version))


def test_a_version_4_project_keeps_its_attributes_without_times(tmp_path):
    """Version 5 adds customer_attributes.ts, version 6 a column per attribute: the rows already there stay,
    with no time."""
    from engine.features.current_attributes import ATTRIBUTE_ROWS

    path = tmp_path / "v4.shiftwise"
    with create_project(path) as p:
        _long_attributes(p, 4)
        p.con.execute("INSERT INTO customer_attributes VALUES ('C1', 'region', 'North', 1)")
    with open_project(path) as p:
        assert p.schema_version == SCHEMA_VERSION >= 6
        assert p.query(f"SELECT customer_id, attribute, value, import_id, ts FROM {ATTRIBUTE_ROWS}") == [
            ("C1", "region", "North", 1, None)]


def test_a_version_5_project_keeps_every_value_and_its_time_in_a_row_per_customer_and_import(tmp_path):
    """Version 6: a row per (customer, import) holding each attribute's value and time; blank values, never read,
    are not carried over, and a customer with only blanks has no row."""
    from engine.features.current_attributes import ATTRIBUTE_ROWS, CURRENT_ATTRIBUTES

    path = tmp_path / "v5.shiftwise"
    rows = [("C1", "region", "North", 1, "2024-01-01"), ("C1", "age_band", "25-34", 1, "2024-01-02"),
            ("C1", "region", "South", 2, "2023-06-01"), ("C2", "channel", "web", 2, None),
            ("C2", "gender", "", 2, "2024-01-01"), ("C3", "member_level", "", 1, "2024-01-01")]
    with create_project(path) as p:
        _long_attributes(p, 5)
        p.con.executemany("INSERT INTO customer_attributes VALUES (?, ?, ?, ?, ?::TIMESTAMP)", rows)
    with open_project(path) as p:
        assert p.schema_version == SCHEMA_VERSION >= 6
        assert p.scalar("SELECT count(*) FROM customer_attributes") == 3
        assert p.query(f"SELECT customer_id, attribute, value, import_id, ts::VARCHAR FROM {ATTRIBUTE_ROWS} "
                       "ORDER BY ALL") == [
            ("C1", "age_band", "25-34", 1, "2024-01-02 00:00:00"), ("C1", "region", "North", 1, "2024-01-01 00:00:00"),
            ("C1", "region", "South", 2, "2023-06-01 00:00:00"), ("C2", "channel", "web", 2, None)]
        # the older export imported later does not win
        assert p.query(f"SELECT * FROM {CURRENT_ATTRIBUTES} ORDER BY ALL") == [
            ("C1", "age_band", "25-34"), ("C1", "region", "North"), ("C2", "channel", "web")]


def test_foreign_duckdb_file_is_not_a_project(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INT)")
    con.close()
    with pytest.raises(NotAProjectError):
        open_project(path)


def test_garbage_file_gives_clear_message(tmp_path):
    path = tmp_path / "junk.shiftwise"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(NotAProjectError, match="junk.shiftwise"):
        open_project(path)


def test_project_held_by_another_process_names_it(tmp_path):
    path = tmp_path / "p.shiftwise"
    create_project(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "sys.stdin.read()", str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(ProjectLockedError) as info:
            open_project(path)
        assert "open in another program" in str(info.value)
        assert str(holder.pid) in str(info.value)
    finally:
        holder.kill()
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()


def test_each_thread_gets_its_own_cursor(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        cursors = []
        t = threading.Thread(target=lambda: cursors.append(p.cursor()))
        t.start()
        t.join()
        assert p.cursor() is p.cursor()
        assert cursors[0] is not p.cursor()


def test_transaction_rolls_back_on_error(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        with pytest.raises(RuntimeError):
            with p.transaction() as cur:
                cur.execute("INSERT INTO events (customer_id, ts, event_type, import_id) VALUES ('a', now(), 'view', 1)")
                raise RuntimeError("boom")
        assert p.scalar("SELECT count(*) FROM events") == 0


def test_interruptible_query_stops_on_cancel(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        token = CancelToken()
        # the cancel comes from inside the running query, so it can land neither before nor after it
        with sql_hook(p.cursor(), token.cancel) as hook:
            with pytest.raises(JobCancelled):
                with p.interruptible(token) as cur:
                    cur.execute(f"SELECT count(*) FROM range(1000000000000) a WHERE {hook}(a.range::VARCHAR)"
                                ).fetchall()
        # the query would run for hours: ending at all means the interrupt stopped it
        assert p.scalar("SELECT 42") == 42   # and the project still answers


def test_reads_through_the_threads_cursor_stop_on_cancel_inside_interruptible_reads(tmp_path):
    """A page's reads use ``project.cursor()``; as a job they run inside ``interruptible_reads``, which a cancel
    stops (a newer read, another project opened)."""
    with create_project(tmp_path / "p.shiftwise") as p:
        token = CancelToken()
        own = p.cursor()
        with sql_hook(own, token.cancel) as hook:
            with pytest.raises(JobCancelled):
                with p.interruptible_reads(token):
                    assert p.cursor() is not own
                    p.query(f"SELECT count(*) FROM range(1000000000000) a WHERE {hook}(a.range::VARCHAR)")
        # ending at all means the interrupt stopped it; the thread's own cursor is back and answers
        assert p.cursor() is own and p.scalar("SELECT 42") == 42


def test_runs_record_outcome_and_clean_up_cancelled_results(tmp_path):
    with create_project(tmp_path / "p.shiftwise") as p:
        with model_run(p, "segments", as_of=None, params={"k": 3}) as run:
            save_blob(p, run.run_id, "weights", b"\x00\x01")
            run.metrics["silhouette"] = 0.5
        good = run.run_id
        with pytest.raises(JobCancelled):
            with model_run(p, "segments", as_of=None, params={}) as run2:
                save_blob(p, run2.run_id, "weights", b"half")
                raise JobCancelled()
        latest = latest_run(p, "segments")
        assert latest.run_id == good and latest.metrics == {"silhouette": 0.5} and latest.params == {"k": 3}
        assert load_blob(p, run2.run_id, "weights") is None
        assert p.scalar("SELECT status FROM model_runs WHERE run_id = ?", [run2.run_id]) == "cancelled"
        assert load_blob(p, good, "weights") == b"\x00\x01"


def test_a_run_out_of_duckdbs_memory_is_said_as_the_limit_to_raise(tmp_path):
    """Any model's run: no cap lets every shop train, so the user reads the limit to raise (issue #13), not
    DuckDB's allocation error; the run is recorded as failed with that sentence."""
    from engine.store import ProjectError

    with create_project(tmp_path / "p.shiftwise", threads=1, memory_limit="32MB") as p:
        with pytest.raises(ProjectError, match=r"DuckDB's limit \(32MB\).*Settings") as caught:
            with model_run(p, "migration", as_of=None, params={}) as run:
                # a list's state is never spilled: 50M integers cannot fit 32 MB
                p.cursor().execute("SELECT len(list(i)) FROM range(50000000) r(i)")
        assert type(caught.value.__cause__) is duckdb.OutOfMemoryException
        status, message = p.query("SELECT status, message FROM model_runs WHERE run_id = ?", [run.run_id])[0]
        assert status == "failed" and "DuckDB's limit (32MB)" in message


def test_missing_project_is_an_error(tmp_path):
    from engine.store import ProjectError

    with pytest.raises(ProjectError, match="No project"):
        open_project(Path(tmp_path) / "nothing.shiftwise")


def test_closing_while_other_threads_query_is_clean(tmp_path):
    """DuckDB 2.0 refuses two calls at once on a connection: closing must not collide with
    threads making cursors, and those threads then get a clear 'closed' error."""
    from engine.store import ProjectError

    p = create_project(tmp_path / "p.shiftwise")
    stop = threading.Event()
    closing = threading.Event()
    unexpected = []
    queried = [threading.Event() for _ in range(4)]

    def worker(ready: threading.Event):
        while not stop.is_set():
            try:
                with p.interruptible(None) as cur:
                    cur.execute("SELECT count(*) FROM range(1000)").fetchall()
                p.cursor().execute("SELECT 1").fetchall()
                ready.set()
            except ProjectError:
                return  # the project closed under us: said plainly
            except duckdb.Error as exc:
                if not closing.is_set():  # once the project closes, a query in flight may end any way
                    unexpected.append(exc)
                return

    threads = [threading.Thread(target=worker, args=(ready,)) for ready in queried]
    for t in threads:
        t.start()
    for ready in queried:      # every thread is in its loop of queries when the project closes
        assert ready.wait(HANG_S)
    closing.set()
    p.close()
    stop.set()
    for t in threads:
        t.join(HANG_S)
        assert not t.is_alive()   # (a thread still querying could yet add to ``unexpected``)
    assert unexpected == []
    assert p.closed

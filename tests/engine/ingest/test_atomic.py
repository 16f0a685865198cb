"""An import lands whole or not at all: a cancel mid-read or a killed process leaves the project as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from engine.ingest import import_file
from engine.jobs import CancelToken, JobCancelled
from engine.store import create_project, open_project
from tests.cancel_points import hook_the_read, sql_hook
from tests.waits import HANG_S
from tests.fixtures.ingest.build import write_all

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.csv"
    duckdb.connect().execute(f"""
        COPY (SELECT 'C' || (i % 5000) AS customer_id, TIMESTAMP '2025-01-01' + to_seconds(i) AS ts,
                     'purchase' AS event_type, 'O' || i AS order_id, 'I' || (i % 97) AS item_id,
                     1 AS quantity, 9.5 AS amount, ['A', 'B'][1 + i % 2] AS region
              FROM range(400000) r(i)) TO '{path}' (HEADER)""")
    return path


@pytest.fixture
def project_with_data(tmp_path):
    files = write_all(tmp_path / "files")
    path = tmp_path / "p.shiftwise"
    with create_project(path) as p:
        import_file(p, files["generic.csv"])
    return path


def _state(path: Path) -> tuple:
    with open_project(path) as p:
        return (p.scalar("SELECT count(*) FROM events"), p.scalar("SELECT count(*) FROM imports"),
                p.scalar("SELECT count(*) FROM rejected_rows"), p.scalar("SELECT count(*) FROM customer_attributes"),
                # the read adds a column per attribute to events (region here) for the pass only
                p.con.execute("SELECT list(column_name ORDER BY column_index) FROM duckdb_columns() "
                              "WHERE table_name = 'events'").fetchall()[0][0])


def test_cancel_during_read_rolls_back(project_with_data, big_csv, monkeypatch):
    """The cancel comes from inside the statement that reads the file into events (a SQL hook
    called by it), so it lands mid-read on any machine; a progress poll could miss it."""
    before = _state(project_with_data)
    token = CancelToken()
    hook = "cancel_mid_read"
    statements = hook_the_read(monkeypatch, hook)
    with open_project(project_with_data) as p, sql_hook(p.cursor(), token.cancel, hook):
        with pytest.raises(JobCancelled) as info:
            import_file(p, big_csv, cancel=token)
    assert len(statements) == 1
    assert isinstance(info.value.__cause__, duckdb.InterruptException)   # stopped inside the read
    assert _state(project_with_data) == before


def test_killed_process_leaves_project_as_it_was(project_with_data, big_csv):
    before = _state(project_with_data)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from engine.ingest import import_file
        from engine.store import open_project
        p = open_project({str(project_with_data)!r})
        def progress(done, total, message="", partial=None):
            if str(message) == "Checking rows":   # rows appended, transaction still open
                print("inside", flush=True)
                sys.stdin.read()                # held here until killed
        import_file(p, {str(big_csv)!r}, progress=progress)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "inside"
        proc.kill()
    finally:
        proc.wait(HANG_S)
        proc.stdin.close()
        proc.stdout.close()
    assert _state(project_with_data) == before
    with open_project(project_with_data) as p:   # and the project still imports
        assert import_file(p, big_csv).rows_loaded == 400000

"""Which opens of a project are alive, and what becomes of runs whose process is gone.

A model run records the session (one per open of the project), process and host
that run it. DuckDB lets only one process at a time hold a project file, so when
a project opens, a run still marked 'running' belongs either to a session of this
very process (a live one) or to a process that was killed or crashed: that run is
marked 'interrupted' and its partial results are removed.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid

import duckdb

INTERRUPTED_MESSAGE = "Interrupted: Shiftwise stopped (closed, killed or crashed) before this run finished"

_live: set[str] = set()
_lock = threading.Lock()


def start_session() -> str:
    session = uuid.uuid4().hex
    with _lock:
        _live.add(session)
    return session


def end_session(session: str) -> None:
    with _lock:
        _live.discard(session)


def owner() -> tuple[int, str]:
    """This process's id and host, as recorded on a run."""
    return os.getpid(), socket.gethostname()


def result_tables(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table that holds results under a run id, found from the schema."""
    return [r[0] for r in cur.execute("""
        SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'main' AND column_name = 'run_id' AND table_name <> 'model_runs'
        ORDER BY table_name""").fetchall()]


def mark_interrupted(cur: duckdb.DuckDBPyConnection) -> list[int]:
    """Mark 'running' runs of dead sessions as 'interrupted' and drop their partial results; returns their ids."""
    with _lock:
        live = sorted(_live)
    marks = ", ".join("?" for _ in live) or "NULL"
    ids = [int(r[0]) for r in cur.execute(
        f"SELECT run_id FROM model_runs WHERE status = 'running' "
        f"AND (session_id IS NULL OR session_id NOT IN ({marks}))", live).fetchall()]
    if not ids:
        return []
    id_marks = ", ".join("?" for _ in ids)
    cur.execute("BEGIN TRANSACTION")
    try:
        for table in result_tables(cur):
            cur.execute(f'DELETE FROM "{table}" WHERE run_id IN ({id_marks})', ids)
        cur.execute(
            f"UPDATE model_runs SET status = 'interrupted', message = ?, "
            f"finished_at = coalesce(finished_at, current_localtimestamp()) WHERE run_id IN ({id_marks})",
            [INTERRUPTED_MESSAGE, *ids])
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return ids

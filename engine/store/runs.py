"""Model runs: every training or backtest is a row in ``model_runs`` with its parameters,
metrics, data fingerprint and outcome; its results hang off the run id."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator

import duckdb

from engine.jobs import JobCancelled
from engine.messages import Message, msg, stored, with_message
from engine.store.errors import ProjectError, TooLittleData
from engine.store.project import Project
from engine.store.sessions import owner
from engine.store.sessions import result_tables as _result_tables


@dataclass
class RunInfo:
    run_id: int
    kind: str
    status: str
    as_of: datetime | None
    params: dict[str, Any]
    metrics: dict[str, Any]
    data_fingerprint: str | None
    started_at: datetime
    finished_at: datetime | None
    duration_s: float | None
    message: str | None = None


def data_fingerprint(project: Project) -> str:
    """Changes whenever the events change: imports add rows or ids move."""
    n, max_import, lo, hi = project.cursor().execute(
        "SELECT count(*), coalesce(max(import_id), 0), min(ts), max(ts) FROM events").fetchall()[0]
    return f"events={n};imports={max_import};span={lo}..{hi}"


def _json_default(value: Any) -> Any:
    if isinstance(value, Message):  # metrics keep the English text; with_message() adds the id beside it
        return value.text()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, sort_keys=True)


@dataclass
class RunHandle:
    """What a model gets while it runs: its id, and a place to put metrics."""

    project: Project
    run_id: int
    metrics: dict[str, Any] = field(default_factory=dict)

    def save_metrics(self) -> None:
        self.project.cursor().execute(
            "UPDATE model_runs SET metrics_json = ? WHERE run_id = ?", [dumps(self.metrics), self.run_id])


@contextmanager
def model_run(project: Project, kind: str, *, as_of: datetime | None, params: dict[str, Any]) -> Iterator[RunHandle]:
    """Record a run: 'running' at start; 'done', 'cancelled', 'skipped' (the data cannot train it:
    :class:`~engine.store.errors.TooLittleData`, whose reason is its summary) or 'failed' at the end
    ('interrupted' when the process dies first: see :mod:`engine.store.sessions`).

    On cancel or failure the run's result rows are deleted (the caller writes them
    under the run id), so a cancelled run never leaves half a result, and the
    previous finished run stays the latest one.
    """
    cur = project.cursor()
    run_id = cur.execute("SELECT nextval('run_id_seq')").fetchall()[0][0]
    pid, host = owner()
    cur.execute(
        "INSERT INTO model_runs (run_id, kind, status, as_of, params_json, data_fingerprint, session_id, pid, host) "
        "VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)",
        [run_id, kind, as_of, dumps(params), data_fingerprint(project), project.session_id, pid, host])
    handle = RunHandle(project, int(run_id))
    started = time.perf_counter()
    try:
        yield handle
    except (JobCancelled, KeyboardInterrupt):  # Ctrl-C on the command line is the user's cancel too
        _finish(project, handle, "cancelled", started, "Cancelled by the user")
        raise
    except TooLittleData as exc:
        # a known condition, not a fault: the Runs page reads the reason, translated, not "NoDataError: ..."
        handle.metrics.update(with_message("summary", exc.message))
        _finish(project, handle, "skipped", started, None)
        raise
    except duckdb.OutOfMemoryException as exc:
        # said as the limit to raise, the user's (Settings, or SHIFTWISE_MEMORY_LIMIT), not as DuckDB's
        # allocation error: no cap lets every shop train, whatever its size (issue #13)
        said = ProjectError(msg("run.out_of_memory", limit=project.memory_limit))
        _finish(project, handle, "failed", started, f"{type(said).__name__}: {said}")
        raise said from exc
    except BaseException as exc:
        _finish(project, handle, "failed", started, f"{type(exc).__name__}: {exc}")
        raise
    else:
        _finish(project, handle, "done", started, None)


def record_summary(project: Project, run_id: int, message: Message | str) -> None:
    """Keep a finished run's one-line message in its metrics (``summary``, and ``summary_message``
    for the GUI to translate)."""
    cur = project.cursor()
    row = cur.execute("SELECT metrics_json FROM model_runs WHERE run_id = ?", [run_id]).fetchall()
    if not row:
        return
    metrics = {**json.loads(row[0][0] or "{}"), **with_message("summary", message)}
    cur.execute("UPDATE model_runs SET metrics_json = ? WHERE run_id = ?", [dumps(metrics), run_id])


def result_tables(project: Project) -> list[str]:
    """Every table that holds results under a run id: found from the schema, so a model's
    new table is cleaned up on cancel without anyone keeping a list."""
    return _result_tables(project.cursor())


def _finish(project: Project, handle: RunHandle, status: str, started: float, message: str | None) -> None:
    cur = project.cursor()
    if status != "done":
        for table in result_tables(project):
            cur.execute(f'DELETE FROM "{table}" WHERE run_id = ?', [handle.run_id])
    cur.execute(
        "UPDATE model_runs SET status = ?, metrics_json = ?, finished_at = current_localtimestamp(), "
        "duration_s = ?, message = ? WHERE run_id = ?",
        [status, dumps(handle.metrics), time.perf_counter() - started, message, handle.run_id])


def _row_to_info(row: tuple) -> RunInfo:
    (run_id, kind, status, as_of, params, metrics, fp, started, finished, duration, message) = row
    return RunInfo(int(run_id), kind, status, as_of, json.loads(params or "{}"), json.loads(metrics or "{}"),
                   fp, started, finished, duration, message)


_RUN_COLUMNS = ("run_id, kind, status, as_of, params_json, metrics_json, data_fingerprint, "
                "started_at, finished_at, duration_s, message")


def latest_run(project: Project, kind: str) -> RunInfo | None:
    """The newest finished run of a kind, or None."""
    rows = project.query(
        f"SELECT {_RUN_COLUMNS} FROM model_runs WHERE kind = ? AND status = 'done' "
        "ORDER BY run_id DESC LIMIT 1", [kind])
    return _row_to_info(rows[0]) if rows else None


def skip_reason(project: Project, kind: str) -> Message | str | None:
    """Why the newest run of a kind was skipped (the data could not train it: too little history, too many
    categories), when no run of it has finished since; None otherwise. A model page that has nothing to show says
    it, as the run said it (until session 47 it said "press Train" on reopening, though Train would stop again)."""
    rows = project.query("SELECT status, metrics_json FROM model_runs WHERE kind = ? AND status IN ('done', 'skipped') "
                         "ORDER BY run_id DESC LIMIT 1", [kind])
    if not rows or rows[0][0] != "skipped":
        return None
    metrics = json.loads(rows[0][1] or "{}")
    return stored(metrics.get("summary"), metrics.get("summary_message")) or None


def get_run(project: Project, run_id: int) -> RunInfo | None:
    rows = project.query(f"SELECT {_RUN_COLUMNS} FROM model_runs WHERE run_id = ?", [run_id])
    return _row_to_info(rows[0]) if rows else None


def list_runs(project: Project, kind: str | None = None) -> list[RunInfo]:
    where, params = ("WHERE kind = ?", [kind]) if kind else ("", [])
    return [_row_to_info(r) for r in project.query(
        f"SELECT {_RUN_COLUMNS} FROM model_runs {where} ORDER BY run_id DESC", params)]


def save_blob(project: Project, run_id: int, name: str, data: bytes, fmt: str = "safetensors") -> None:
    cur = project.cursor()
    cur.execute("DELETE FROM model_blobs WHERE run_id = ? AND name = ?", [run_id, name])
    cur.execute("INSERT INTO model_blobs VALUES (?, ?, ?, ?)", [run_id, name, fmt, data])


def load_blob(project: Project, run_id: int, name: str) -> bytes | None:
    value = project.scalar("SELECT data FROM model_blobs WHERE run_id = ? AND name = ?", [run_id, name])
    return None if value is None else bytes(value)

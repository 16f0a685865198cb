"""The project: one DuckDB file that holds imports, events, model runs, scores and campaigns."""

from __future__ import annotations

import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb

from engine.jobs import CancelToken, JobCancelled
from engine.messages import msg
from engine.store import sessions
from engine.store.data_guard import DataGuard
from engine.store.connection import (connect, current_limits, default_memory_limit, default_threads,  # noqa: F401
                                     foreign_kind)
from engine.store.errors import (DamagedJournalError, DamagedProjectError, NotAProjectError, ProjectError,
                                 ProjectLockedError, ProjectTooNewError)
from engine.store import integrity
from engine.store.integrity import check_size
from engine.store.migrations import MIGRATIONS, SCHEMA_VERSION

PROJECT_SUFFIX = ".shiftwise"
APP_ID = "shiftwise"


class Project:
    """An open project file.

    One DuckDB connection per project; each thread works through its own cursor
    (:meth:`cursor`), which DuckDB requires for concurrent use.
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False,
                 threads: int | None = None, memory_limit: str | None = None, check_tables: bool = True) -> None:
        """``check_tables=False`` leaves reading each table's first rows to :meth:`check_tables` (the window
        runs it as a job before it shows the project), unless the schema must be migrated first."""
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(msg("project.missing", path=str(self.path)))
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        had_journal = journal_path(self.path).exists()
        made = create and not self.path.exists()
        self._con = _connect(self.path)
        # DuckDB 2.0 refuses (rather than queues) two calls at once on one connection:
        # every call on the main connection (making a cursor, closing) takes this lock
        self._con_lock = threading.RLock()
        #: cursors handed out and not yet released: interrupted when the project closes
        self._open: set[duckdb.DuckDBPyConnection] = set()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._cursor_lock = threading.Lock()
        self._closed = False
        #: model runs read the shop's data unchanged; imports, removals and grouping change it alone
        self.data_guard = DataGuard()
        #: DuckDB's memory cap of this project, as given (a stage that lowers the limit puts this back)
        self.memory_limit: str = memory_limit or str(current_limits().config()["memory_limit"])
        #: this open of the project; a run records it so a run whose process died is found on open
        self.session_id = sessions.start_session()
        try:
            if not create:
                check_size(self._con, self.path, had_journal=had_journal)
                if check_tables or self._needs_migration():
                    # a migration may read and rewrite any table: never over a damaged one
                    integrity.check_tables(self._con, self.path)
            tmp = self.path.with_name(self.path.name + ".tmp")
            # explicit limits win over the process's (connect applied those: the user's settings)
            if threads:
                self._con.execute(f"SET threads = {int(threads)}")
            if memory_limit:
                self._con.execute(f"SET memory_limit = '{_sql_str(memory_limit)}'")
            self._con.execute(f"SET temp_directory = '{_sql_str(str(tmp))}'")
            # DuckDB draws its own progress bar on stdout; ours are the GUI's and the CLI's
            self._con.execute("SET enable_progress_bar = false")
            self._migrate(create)
            #: runs found 'running' from a process that is gone, now marked 'interrupted'
            self.interrupted_runs = sessions.mark_interrupted(self._con)
        except BaseException:
            sessions.end_session(self.session_id)
            self._con.close()
            if made:
                # a project that could not be made leaves no file behind to refuse the next try
                for leftover in (self.path, journal_path(self.path)):
                    leftover.unlink(missing_ok=True)
            raise

    # -- connection management -------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The main connection. Use only from the thread that opened the project."""
        self._check_open()
        return self._con

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """A fresh cursor, safe to make from any thread; give it back with :meth:`release`."""
        with self._con_lock:
            self._check_open()
            cur = self._con.cursor()
            self._open.add(cur)
            return cur

    def release(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Close a cursor from :meth:`new_cursor`."""
        with self._con_lock:
            self._open.discard(cur)
        try:
            cur.close()
        except duckdb.Error:
            pass

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's own cursor (created on first use, closed with the project)."""
        self._check_open()
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self.new_cursor()
            self._local.cursor = cur
            with self._cursor_lock:
                self._cursors.append(cur)
        return cur

    @contextmanager
    def interruptible(self, cancel: CancelToken | None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor whose running query is interrupted when ``cancel`` fires.

        A DuckDB interrupt surfaces as :class:`JobCancelled`, so callers treat a
        cancelled query like any other cancel point.
        """
        cur = self.new_cursor()
        try:
            if cancel is None:
                yield cur
            else:
                cancel.raise_if_cancelled()
                with cancel.on_cancel(cur.interrupt):
                    try:
                        yield cur
                    except duckdb.InterruptException as exc:
                        raise JobCancelled() from exc
                    except duckdb.Error as exc:
                        if cancel.cancelled and "interrupt" in str(exc).lower():
                            raise JobCancelled() from exc
                        raise
        finally:
            self.release(cur)

    @contextmanager
    def interruptible_reads(self, cancel: CancelToken | None) -> Iterator[None]:
        """This thread's reads through :meth:`cursor` go through an :meth:`interruptible` cursor for the block:
        a cancel stops whatever read is under way (a page's reads as a job)."""
        with self.interruptible(cancel) as cur:
            before = getattr(self._local, "cursor", None)
            self._local.cursor = cur
            try:
                yield
            finally:
                self._local.cursor = before

    @contextmanager
    def transaction(self, cur: duckdb.DuckDBPyConnection | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: commits on success, rolls back on any exception (cancel included)."""
        cur = cur or self.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        else:
            cur.execute("COMMIT")

    def close(self) -> None:
        with self._con_lock:
            if self._closed:
                return
            self._closed = True
            sessions.end_session(self.session_id)
            with self._cursor_lock:
                self._cursors = []
            cursors, self._open = list(self._open), set()
            # a query still running on another thread is stopped, not waited for
            for cur in cursors:
                try:
                    cur.interrupt()
                except duckdb.Error:
                    pass
            for cur in cursors:
                try:
                    cur.close()
                except duckdb.Error:
                    pass
            # drop every thread's reference to its (closed) cursor, not only this thread's
            self._local = threading.local()
            # DuckDB refuses to close while a cursor of it is still unwinding an interrupted query
            for _ in range(50):
                try:
                    self._con.close()
                    return
                except duckdb.ResourceInUseException:
                    time.sleep(0.05)
            self._con.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def hand_back_memory(self) -> None:
        """DuckDB hands back to the system what its queries freed, now rather than over the seconds its
        allocator's background threads take: any memory limit set ends with a flush of its allocator, and the
        limit set to the one it has evicts nothing, so a query running beside it keeps its memory. The next
        model of a ``train`` or of the window's "Train all" started on top of it: after segments at wide 10^7
        the process held 1,008 MB, 447 MB once flushed (one run, session 54); every model in one process peaked
        at 2,057 MB, 1,819 with this and transfer's share (tests/bench/bench_models_one_process.py)."""
        if self._closed:
            return
        try:
            cur = self.new_cursor()
        except ProjectError:    # closed meanwhile (the window closing during a job)
            return
        try:
            cur.execute(f"SET memory_limit = '{_sql_str(self.memory_limit)}'")
        except duckdb.Error:
            pass
        finally:
            self.release(cur)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise ProjectError(msg("project.closed", name=self.path.name))

    # -- small query helpers ------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        return self.cursor().execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """The first value of a one-row query."""
        # every row fetched: a result read with fetchone() stays open, and with it its transaction until the cursor's
        # next statement; a checkpoint then skips merging row groups (engine.store.checkpoints)
        rows = self.cursor().execute(sql, params or []).fetchall()
        return rows[0][0] if rows else None

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", [key])
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        self.cursor().execute(
            "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    @property
    def schema_version(self) -> int:
        return int(self.get_meta("schema_version", "0") or 0)

    @property
    def name(self) -> str:
        return self.path.stem

    def check_tables(self, progress: Any = None, cancel: CancelToken | None = None) -> None:
        """Raise :class:`DamagedProjectError` when a table's first rows cannot be read (what opening checks unless
        told not to); a job's function (``progress`` unused), on a cursor of its own."""
        with self.interruptible(cancel) as cur:
            integrity.check_tables(cur, self.path, cancel)

    # -- schema -------------------------------------------------------------------
    def _needs_migration(self) -> bool:
        """True unless the file holds this version's schema or a newer one (or its version cannot be read: the
        tables' check then says why)."""
        try:
            if not self._con.execute("SELECT count(*) FROM information_schema.tables "
                                     "WHERE table_schema = 'main' AND table_name = 'meta'").fetchall()[0][0]:
                return True
            row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            return not row or int(row[0][0]) < SCHEMA_VERSION
        except (duckdb.Error, ValueError):
            return True

    def _migrate(self, create: bool) -> None:
        con = self._con
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if "meta" not in tables:
            if tables:
                raise NotAProjectError(msg("project.not_duckdb_project", name=self.path.name))
            if not create and self.path.stat().st_size > 0 and not _looks_empty(con):
                raise NotAProjectError(msg("project.not_project", name=self.path.name))
            current = 0
        else:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
            current = int(row[0][0]) if row else 0
        if current > SCHEMA_VERSION:
            raise ProjectTooNewError(
                f"{self.path.name} was saved by a newer version of Shiftwise (schema {current}; "
                f"this version reads up to {SCHEMA_VERSION}). Update Shiftwise to open it."
            )
        # a new project's schema is one transaction (a commit a version cost making one 13 ms of its 59, connection
        # included); a project that exists moves a version at a time, each step kept as it lands
        steps = ([range(1, SCHEMA_VERSION + 1)] if current == 0 else
                 [range(v, v + 1) for v in range(current + 1, SCHEMA_VERSION + 1)])
        for versions in steps:
            con.execute("BEGIN TRANSACTION")
            try:
                for version in versions:
                    MIGRATIONS[version](con)
                con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [str(versions[-1])])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise


def _looks_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return not con.execute("SELECT count(*) FROM duckdb_tables() WHERE NOT internal").fetchall()[0][0]


def _sql_str(value: str) -> str:
    return value.replace("'", "''")


_LOCK_RE = re.compile(r"Conflicting lock is held in (?P<proc>.+?) \(PID (?P<pid>\d+)\)")


def journal_path(path: Path) -> Path:
    """DuckDB's write-ahead journal of a project: changes since the last checkpoint."""
    return path.with_name(path.name + ".wal")


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    kind = foreign_kind(path) if path.exists() else None
    if kind is not None:
        raise NotAProjectError(msg("project.kind_not_project", name=path.name, kind=kind))
    try:
        return connect(path)
    except duckdb.IOException as exc:
        text = str(exc)
        if _is_journal_failure(text):
            raise _journal_error(path) from None
        if "could not read enough bytes" in text.lower():
            raise DamagedProjectError(msg("project.cut_short", name=path.name)) from None
        match = _LOCK_RE.search(text)
        if match:
            proc = Path(match["proc"]).name
            raise ProjectLockedError(msg("project.locked_by", name=path.name, program=proc, pid=match["pid"])) from None
        if "lock" in text.lower():
            raise ProjectLockedError(msg("project.locked", name=path.name)) from None
        raise NotAProjectError(msg("project.cannot_open", name=path.name, detail=_first_line(text))) from None
    except duckdb.Error as exc:
        text = str(exc)
        if _is_journal_failure(text):
            raise _journal_error(path) from None
        if "version" in text.lower():
            raise ProjectTooNewError(msg("project.too_new", name=path.name)) from None
        raise NotAProjectError(msg("project.cannot_open", name=path.name, detail=_first_line(text))) from None


def _is_journal_failure(text: str) -> bool:
    low = text.lower()
    return "wal file" in low or "replaying wal" in low


def _journal_error(path: Path) -> DamagedJournalError:
    return DamagedJournalError(msg("project.bad_journal", name=path.name, journal=journal_path(path).name,
                                   path=str(path)))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"


def create_project(path: str | os.PathLike[str], **kw: Any) -> Project:
    path = Path(path)
    if path.exists():
        raise ProjectError(msg("project.exists", name=path.name))
    return Project(path, create=True, **kw)


def open_project(path: str | os.PathLike[str], **kw: Any) -> Project:
    return Project(path, **kw)

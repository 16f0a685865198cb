"""Run engine functions off the GUI thread, on superqt's worker.

A job is ``fn(*args, progress=..., cancel=..., **kwargs)``. Its signals arrive
on the GUI thread in a fixed order: ``started``, then any number of
``progress``/``partial``, then exactly one of ``returned``/``errored``/``cancelled``,
then ``finished``. Widgets are only touched in slots on the GUI thread.
"""

from __future__ import annotations

import logging
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, QThreadPool, Signal
from superqt.utils import WorkerBase

from engine.jobs import CancelToken, JobCancelled, Progress

log = logging.getLogger(__name__)

#: Threads the pool gains while jobs that are not listed (pages' reads) run: they never wait behind the listed
#: ones, and six pages reading at once after an import take no more than these from the window's thread.
EXTRA_THREADS = 2
#: Progress reports closer together than this are dropped (the last one always gets through).
PROGRESS_INTERVAL_S = 0.05


class _JobSignals(QObject):
    """What a job reports besides superqt's own worker signals (started, returned, errored, finished):
    beside them, not a subclass of superqt's private signals class."""

    progress = Signal(object)
    partial = Signal(object)


class _JobWorker(WorkerBase):
    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, token: CancelToken) -> None:
        super().__init__()
        self.job_signals = _JobSignals()   # made on the GUI thread, like self.signals
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._token = token
        self._last_emit = 0.0

    def _report(self, done: float, total: float, message: str = "", partial: Any = None) -> None:
        now = time.monotonic()
        if partial is not None:
            self.job_signals.partial.emit(partial)
        if now - self._last_emit >= PROGRESS_INTERVAL_S or (total and done >= total):
            self._last_emit = now
            self.job_signals.progress.emit(Progress(float(done), float(total), message))

    def work(self) -> Any:
        return self._fn(*self._args, progress=self._report, cancel=self._token, **self._kwargs)


class Job(QObject):
    started = Signal()
    progress = Signal(object)   # engine.jobs.Progress
    partial = Signal(object)
    returned = Signal(object)
    errored = Signal(object)    # the exception; its __traceback__ is kept
    cancelled = Signal()
    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.token = CancelToken()
        self.state = "queued"      # queued, running, done, failed, cancelled
        self.last_progress = Progress(0, 0, "")
        self.result: Any = None
        self.error: BaseException | None = None
        #: Errors the starter shows itself, in words (a known condition, not a crash): no dialog.
        self.expected: tuple[type[BaseException], ...] = ()
        #: Shown in the jobs panel. A page reading what it shows is not (a row per page at each project opened),
        #: and never waits for a thread behind the listed ones (:meth:`JobRunner.start`).
        self.listed = True
        self._worker: _JobWorker | None = None

    @property
    def is_running(self) -> bool:
        return self.state in ("queued", "running")

    def cancel(self) -> None:
        self.token.cancel()

    def pause(self) -> None:
        self.token.pause()

    def resume(self) -> None:
        self.token.resume()

    @property
    def paused(self) -> bool:
        return self.token.paused

    # slots, on the GUI thread
    def _on_started(self) -> None:
        self.state = "running"
        self.started.emit()

    def _on_progress(self, p: Progress) -> None:
        self.last_progress = p
        self.progress.emit(p)

    def _on_returned(self, value: Any) -> None:
        self.state = "done"
        self.result = value
        self.returned.emit(value)

    def _on_errored(self, exc: BaseException) -> None:
        if isinstance(exc, JobCancelled) or (self.token.cancelled and _is_interrupt(exc)):
            self.state = "cancelled"
            self.cancelled.emit()
            return
        self.state = "failed"
        self.error = exc
        if isinstance(exc, self.expected):
            log.info("Job %r stopped: %s", self.name, exc)
            self.errored.emit(exc)
            return
        log.error("Job %r failed:\n%s", self.name,
                  "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        self.errored.emit(exc)

    def _on_finished(self) -> None:
        if self.state in ("queued", "running"):
            # cancelled before the function could notice, or the worker died
            self.state = "cancelled" if self.token.cancelled else "done"
        self.finished.emit()


def _fit_pool() -> None:
    # from the pool's own default (a thread a core), not from its count now
    extra = min(JobRunner._unlisted, EXTRA_THREADS)
    QThreadPool.globalInstance().setMaxThreadCount(QThread.idealThreadCount() + extra)


def _unlisted_ended() -> None:
    JobRunner._unlisted -= 1
    _fit_pool()


def _is_interrupt(exc: BaseException) -> bool:
    return "interrupt" in type(exc).__name__.lower() or "interrupt" in str(exc).lower()


class JobRunner(QObject):
    #: Jobs not listed running, of every runner (the pool is the process's): see :data:`EXTRA_THREADS`.
    _unlisted = 0
    #: A job was started (the jobs panel shows it).
    job_started = Signal(object)
    #: A job failed with an exception the user must see.
    job_failed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []

    def start(self, name: str, fn: Callable[..., Any], *args: Any, listed: bool = True, **kwargs: Any) -> Job:
        """Run ``fn(*args, progress=, cancel=, **kwargs)`` on a worker thread (``listed``: in the jobs panel)."""
        job = Job(name, self)
        job.listed = listed
        worker = _JobWorker(fn, args, kwargs, job.token)
        job._worker = worker
        worker.signals.started.connect(job._on_started)
        worker.job_signals.progress.connect(job._on_progress)
        worker.job_signals.partial.connect(job.partial)
        worker.signals.returned.connect(job._on_returned)
        worker.signals.errored.connect(job._on_errored)
        worker.signals.finished.connect(job._on_finished)
        job.errored.connect(lambda exc, j=job: isinstance(exc, j.expected) or self.job_failed.emit(j, exc))
        job.finished.connect(lambda j=job: self._forget(j))
        self._jobs.append(job)
        self.job_started.emit(job)
        if not listed:
            # a page's read must not wait behind long jobs for one of the pool's threads (as many as cores: two
            # trainings hold a laptop's for minutes): the pool has one more thread while it runs (EXTRA_THREADS at most)
            JobRunner._unlisted += 1
            _fit_pool()
            job.finished.connect(_unlisted_ended)
        worker.start()
        return job

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        job._worker = None

    @staticmethod
    def unlisted_running() -> int:
        """Jobs not listed (pages' reads, their counts) running now, in every runner."""
        return JobRunner._unlisted

    def running(self) -> list[Job]:
        return [j for j in self._jobs if j.is_running]

    def cancel_all(self, wait_ms: int = 5000) -> bool:
        """Cancel every job and wait for the threads; True if all stopped in time."""
        for job in list(self._jobs):
            job.cancel()
        return QThreadPool.globalInstance().waitForDone(wait_ms)

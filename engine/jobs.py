"""How long engine work reports progress and is cancelled.

Every long engine function has the signature ``fn(..., progress=None, cancel=None)``:

* ``progress(done, total, message="", partial=None)`` — ``done`` out of ``total``
  units (``total`` 0 means unknown); ``message`` is a :class:`engine.messages.Message` (the GUI
  translates it, ``str()`` is English) or a plain string; ``partial`` carries an intermediate result
  (a half-built chart) that a live view may draw: a small frozen dataclass, the model's
  own (``engine/models/<name>/partials.py``).
* ``cancel`` is a :class:`CancelToken`; the function calls
  ``cancel.raise_if_cancelled()`` at safe points and registers interruptible
  resources (DuckDB cursors) with :meth:`CancelToken.on_cancel` so a cancel
  stops a running query at once, not at the next checkpoint.

The engine knows nothing about threads or Qt: the GUI's job runner and the CLI's
progress bar both drive engine functions through these two arguments.
"""

from __future__ import annotations

import threading
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol, TypeVar

T = TypeVar("T")


class JobCancelled(Exception):
    """Raised inside a job when its cancel token was triggered."""

    def __init__(self, message: str = "Cancelled") -> None:
        super().__init__(message)


class ProgressCallback(Protocol):
    def __call__(self, done: float, total: float, message: str = "", partial: Any = None) -> None: ...


def no_progress(done: float, total: float, message: str = "", partial: Any = None) -> None:
    """The progress callback used when the caller does not want reports."""


@dataclass(frozen=True)
class Progress:
    """One progress report, as the GUI and CLI receive it."""

    done: float
    total: float
    message: Any = ""   # a Message or a string

    @property
    def fraction(self) -> float | None:
        if self.total <= 0:
            return None
        return max(0.0, min(1.0, self.done / self.total))


class CancelToken:
    """A thread-safe cancel flag with callbacks that fire once on cancel."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._running = threading.Event()  # cleared while paused
        self._running.set()
        self._lock = threading.Lock()
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._next_id = 0

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            self._running.set()
            callbacks = list(self._callbacks.values())
        for callback in callbacks:
            try:
                callback()
            except Exception:  # a failing interrupt must not stop the others
                pass

    def raise_if_cancelled(self) -> None:
        """A checkpoint: raises if cancelled; while paused, waits here (still cancellable)."""
        while not self._running.is_set() and not self._event.is_set():
            self._running.wait()  # resume and cancel both set it
        if self._event.is_set():
            raise JobCancelled()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def pause(self) -> None:
        """Hold the job at its next checkpoint until :meth:`resume` or :meth:`cancel`."""
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if cancelled meanwhile."""
        return self._event.wait(seconds)

    @contextmanager
    def on_cancel(self, callback: Callable[[], None]) -> Iterator[None]:
        """Run ``callback`` if the token is cancelled while the block runs."""
        with self._lock:
            key = self._next_id
            self._next_id += 1
            self._callbacks[key] = callback
            already = self._event.is_set()
        try:
            if already:
                callback()
            yield
        finally:
            with self._lock:
                self._callbacks.pop(key, None)



def result_or_cancel(future: Future[T], cancel: CancelToken | None) -> T:
    """``future.result()``, or :class:`JobCancelled` as soon as ``cancel`` comes, the work under way left to stop
    at its own next checkpoint (or to finish, unread): a fit on a worker thread may be inside work without
    one (a boosting fit's binning, ~1 s of 600k rows), and a wait on its result could not be cancelled."""
    if cancel is None:
        return future.result()
    stop: Future[None] = Future()
    with cancel.on_cancel(lambda: stop.set_result(None)):
        wait([future, stop], return_when=FIRST_COMPLETED)
    cancel.raise_if_cancelled()
    return future.result()


def ensure(progress: ProgressCallback | None, cancel: CancelToken | None) -> tuple[ProgressCallback, CancelToken]:
    """Fill in the defaults for a function's optional progress and cancel arguments."""
    return (progress or no_progress), (cancel or CancelToken())


class SubProgress:
    """Maps a step's own 0..total onto a slice [start, stop] of a parent's progress."""

    def __init__(self, parent: ProgressCallback, start: float, stop: float, total: float = 100.0) -> None:
        self._parent = parent
        self._start = start
        self._stop = stop
        self._total = total

    def __call__(self, done: float, total: float, message: str = "", partial: Any = None) -> None:
        frac = (done / total) if total > 0 else 0.0
        value = self._start + (self._stop - self._start) * max(0.0, min(1.0, frac))
        self._parent(value, self._total, message, partial)

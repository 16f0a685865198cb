"""Model runs read the shop's data unchanged; imports, removals and grouping change it one at a time.

The window runs jobs side by side. A model that trained while an import landed read the events of
both states (its statements before the import's commit saw one shop, those after it another), and a
removal could take rows out from under a model half way through its run. One guard per open project:
any number of model runs read together; a change waits until they have ended, and a run asked for
while a change runs or waits waits for it (a waiting change goes first, or a stream of runs would hold
it off for ever). Waiting says so through the job's progress and ends at once on cancel.

One thread nests freely: Train all's models read inside its own read, an import's grouping changes
inside the import. A change asked for inside a model run is a mistake in the code (it would wait for
itself) and raises.

Quick edits on the window's thread (renaming a group) do not wait: :meth:`DataGuard.change_now`
refuses with a message while a job holds or awaits the data.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from engine.jobs import CancelToken, JobCancelled, ProgressCallback, ensure
from engine.messages import msg
from engine.store.errors import ProjectError


class DataGuard:
    """Many readers (model runs) or one writer (a change of the shop's data), writers first."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer: int | None = None      # the changing thread's ident
        self._writers_waiting = 0
        self._local = threading.local()      # this thread's depth of reads

    def _read_depth(self) -> int:
        return getattr(self._local, "reads", 0)

    def _wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    @staticmethod
    def _stop_if_cancelled(cancel: CancelToken) -> None:
        """Asked with the lock held, before each wait: a cancel that came before the wait (its wake found no one
        waiting) ends it here; one during the wait wakes it (the token's callback needs the lock, which the wait
        gives up). Not the token's checkpoint, which would hold the lock through a pause."""
        if cancel.cancelled:
            raise JobCancelled()

    def _held(self) -> bool:
        return bool(self._readers or self._writer is not None or self._writers_waiting)

    @property
    def busy(self) -> bool:
        """Some job reads or changes the data, or waits to change it."""
        with self._cond:
            return self._held()

    @contextmanager
    def reading(self, progress: ProgressCallback | None = None,
                cancel: CancelToken | None = None) -> Iterator[None]:
        """Hold the data unchanged for the block (a model run); waits while a change runs or waits."""
        progress, cancel = ensure(progress, cancel)
        if self._read_depth() or self._writer == threading.get_ident():
            yield from self._nested_read()
            return
        with cancel.on_cancel(self._wake), self._cond:
            said = False
            while self._writer is not None or self._writers_waiting:
                self._stop_if_cancelled(cancel)
                if not said:
                    progress(0, 100, msg("progress.waiting.change"))
                    said = True
                self._cond.wait()
            self._readers += 1
        self._local.reads = 1
        try:
            yield
        finally:
            self._local.reads = 0
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def _nested_read(self) -> Iterator[None]:
        self._local.reads = self._read_depth() + 1
        try:
            yield
        finally:
            self._local.reads -= 1

    @contextmanager
    def changing(self, progress: ProgressCallback | None = None,
                 cancel: CancelToken | None = None) -> Iterator[None]:
        """Change the data in the block, alone (an import, a removal, grouping); waits for the model runs."""
        progress, cancel = ensure(progress, cancel)
        if self._writer == threading.get_ident():
            yield
            return
        if self._read_depth():
            raise RuntimeError("the shop's data cannot change inside a model run that reads it")
        with cancel.on_cancel(self._wake), self._cond:
            self._writers_waiting += 1
            try:
                said = False
                while self._writer is not None or self._readers:
                    self._stop_if_cancelled(cancel)
                    if not said:
                        progress(0, 100, msg("progress.waiting.models" if self._readers else "progress.waiting.change"))
                        said = True
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
                # runs held back for this change may go if it gave up
                self._cond.notify_all()
            self._writer = threading.get_ident()
        yield from self._written()

    def _written(self) -> Iterator[None]:
        try:
            yield
        finally:
            with self._cond:
                self._writer = None
                self._cond.notify_all()

    @contextmanager
    def change_now(self) -> Iterator[None]:
        """:meth:`changing` without waiting (a quick edit on the window's thread): a ProjectError saying why
        when a job reads or changes the data, or waits to change it."""
        if self._writer == threading.get_ident():
            with self.changing():
                yield
            return
        with self._cond:
            if self._held() or self._read_depth():
                raise ProjectError(msg("data.busy"))
            self._writer = threading.get_ident()
        yield from self._written()

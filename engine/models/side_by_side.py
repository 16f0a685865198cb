"""Independent pieces of a model's work run at once on Python threads, each on one OpenMP thread.

A boosted fit's numbers hang on its own thread count (the sums at each tree's root are parallel), so
fits keep one OpenMP thread wherever they run; but two fits that do not share anything can run at the
same time, one per core, and each gives the numbers it gives alone. scikit-learn's histograms, splits,
k-means and tree walks, and numpy's products and sorts, release the interpreter lock, so the threads
use both cores. The number at once is the process's thread budget
(:func:`~engine.models.prediction_threads.prediction_threads`): every core unless the user set fewer;
at one thread the jobs run one after another.
"""

from __future__ import annotations

import sys
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Iterator, Sequence, TypeVar

from threadpoolctl import ThreadpoolController

from engine.jobs import JobCancelled
from engine.models.prediction_threads import prediction_threads

T = TypeVar("T")


_controller: tuple[int, ThreadpoolController] | None = None


def _threadpools() -> ThreadpoolController:
    """The process's thread pools, found once while no module is imported: finding them walks every
    loaded library (0.8 ms, against 0.01 ms to set a limit), and transfer's search runs ~1,000 jobs.
    A new import may load another OpenMP (torch's), so they are found again after one."""
    global _controller
    if _controller is None or _controller[0] != len(sys.modules):
        _controller = (len(sys.modules), ThreadpoolController())
    return _controller[1]


def one_thread(job: Callable[[], T]) -> T:
    """``job()`` with OpenMP at one thread on the calling thread (the setting is per thread): on a busy
    machine the boosting's own thread pool spun for many times the CPU it needed on small tables."""
    with _threadpools().limit(limits=1, user_api="openmp"):
        return job()


def openmp_threads() -> int | None:
    """The calling thread's OpenMP thread count (the setting is per thread; None: no OpenMP loaded)."""
    info = _threadpools().select(user_api="openmp").info()
    return min(i["num_threads"] for i in info) if info else None


def at_openmp_threads(threads: int | None, job: Callable[[], T]) -> T:
    """``job()`` with OpenMP at ``threads`` on the calling thread (as it is when None): a fit moved to a worker
    thread keeps the count it had on the thread that asked for it, so it gives the same numbers."""
    if threads is None:
        return job()
    with _threadpools().limit(limits=threads, user_api="openmp"):
        return job()


def side_by_side(jobs: Sequence[Callable[[], T]], threads: int | None = None) -> Iterator[T]:
    """Each job's result, in the jobs' order; up to ``threads`` (default: the thread budget) at once.

    A job's error is raised when its result is reached; the jobs not yet started are then dropped (a
    cancel raised by one job stops the rest), and the ones under way are waited for, but after a cancel:
    those stop at their own next checkpoint, and a boosting fit's binning has none (see
    :func:`engine.jobs.result_or_cancel`)."""
    threads = prediction_threads() if threads is None else int(threads)
    if threads <= 1 or len(jobs) < 2:
        for job in jobs:
            yield one_thread(job)
        return
    with Beside(threads, caller_works=False) as beside:
        for job in jobs:
            beside.submit(job)
        yield from beside.results()


class Beside:
    """Jobs started as the caller comes to them, while it goes on with its own work: :func:`side_by_side`
    for jobs not all known at once (the customers' boosters of a cut, started while the next cut's baselines
    are fitted on the caller's thread).

    The caller's work takes one of the ``threads`` (default: the thread budget) until :meth:`results` is
    asked for (with ``caller_works``); the jobs take the others, each on one OpenMP thread, so each gives what
    it gives alone, and they start in the order they came. At one thread the jobs run one after another on the
    caller's thread as their results are reached (a job's error then stops the ones after it). Leaving the block
    on an error drops the jobs not yet started and waits for the ones under way (not after a cancel), as
    :func:`side_by_side` does."""

    def __init__(self, threads: int | None = None, *, caller_works: bool = True) -> None:
        self.threads = prediction_threads() if threads is None else int(threads)
        self._caller = caller_works and self.threads > 1
        self._outs: list = []
        # jobs not yet handed to the pool: handed on in their order as a slot frees, so none overtakes another
        self._pending: deque[tuple[Callable[[], T], Future]] = deque()
        self._running = 0
        self._stopped = False
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> "Beside":
        return self

    def submit(self, job: Callable[[], T]) -> None:
        if self.threads <= 1:
            self._outs.append(_Later(job))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="side-by-side")
        out: Future = Future()
        self._outs.append(out)
        with self._lock:
            self._pending.append((job, out))
            self._hand_on()

    def _hand_on(self) -> None:
        """Under the lock: the next jobs to the pool while a slot is free (one is the caller's while it works)."""
        while self._pending and not self._stopped and self._running < self.threads - (1 if self._caller else 0):
            job, out = self._pending.popleft()
            self._running += 1
            self._pool.submit(self._run, job, out)

    def _run(self, job: Callable[[], T], out: Future) -> None:
        try:
            if out.set_running_or_notify_cancel():
                try:
                    out.set_result(one_thread(job))
                except BaseException as exc:     # noqa: BLE001  (raised where its result is reached)
                    out.set_exception(exc)
        finally:
            with self._lock:
                self._running -= 1
                self._hand_on()

    def results(self) -> Iterator[T]:
        """Each job's result in the order submitted; the caller's thread is the jobs' from now on."""
        with self._lock:
            self._caller = False
            self._hand_on()
        for out in self._outs:
            yield out.result()

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is None:
            return
        if error is not None:
            with self._lock:
                self._stopped = True
                for _, out in self._pending:
                    out.cancel()
                self._pending.clear()
        self._pool.shutdown(wait=not isinstance(error, JobCancelled))


class _Later:
    """A job of a one-thread :class:`Beside`, run on the caller's thread when its result is asked for."""

    def __init__(self, job: Callable[[], T]) -> None:
        self._job = job

    def result(self):
        return one_thread(self._job)

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
from concurrent.futures import ThreadPoolExecutor
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
    pool = ThreadPoolExecutor(min(threads, len(jobs)), thread_name_prefix="side-by-side")
    futures = [pool.submit(one_thread, job) for job in jobs]
    cancelled = False
    try:
        for future in futures:
            yield future.result()
    except JobCancelled:
        cancelled = True
        raise
    finally:
        pool.shutdown(wait=not cancelled, cancel_futures=True)

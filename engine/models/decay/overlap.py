"""One step of a pipeline run on a second thread while the first step makes the next item.

The decay fit makes a batch of fitted categories (the lockstep optimisers: one core's worth) and then
reads their posteriors (large NumPy passes, which release the interpreter lock); one after the other,
the second core idled through both. Here batch k's posteriors are worked out on one worker thread
while the fit of batch k+1 runs on the caller's. Each result is the one the same call gives alone:
the items and the work are the same, only their times overlap, and results come back in the items'
order.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ahead(items: Iterable[T], work: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """(item, work(item)) for each of ``items`` in order; ``work`` of one item runs on a worker thread
    while ``items`` makes the next. At most one item is worked on at a time and at most one waits
    done (memory: two items' results at most). An error in ``work`` is raised when its result is
    reached; one in ``items`` at once (the work under way is waited for, none is started after it)."""
    with ThreadPoolExecutor(1, thread_name_prefix="decay-ahead") as pool:
        pending: tuple[T, Future] | None = None
        try:
            for item in items:
                submitted = (item, pool.submit(work, item))
                if pending is not None:
                    yield pending[0], pending[1].result()
                pending = submitted
            if pending is not None:
                done, pending = pending, None
                yield done[0], done[1].result()
        finally:
            if pending is not None:
                pending[1].cancel()

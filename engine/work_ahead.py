"""Two halves of a model's loop on two cores: work worked out ahead of the caller, or written behind it.

Where a loop makes an item in DuckDB (a query, a part of customers) and then computes on it in numpy, the halves
can overlap: :func:`worked_ahead` computes item i on a thread of its own while the caller makes item i + 1 (the
graph stage's chunks, the customers' as-of parts, decay's fitted batches); :func:`written_behind` writes chunk i
on a thread of its own while the caller scores chunk i + 1 (migration's shift scores). Either way results come in
the items' order and at most one item is in flight, so memory holds two items' at most and the results are the
ones the loop would give inline. A failure, in either half, is raised to the caller once the item under way is
done (nothing is left running behind it). It gains where the work lets the interpreter lock go (the trees' walks,
matrix products, compiled loops): decay's batched Hawkes fits held it while they were NumPy, and overlapped they
gained ~3% of decay for more CPU (session 59); compiled (engine.models.decay.hawkes_likelihood), they let it go.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import Any, Callable, Iterable, Iterator, TypeVar

_In = TypeVar("_In")
_Out = TypeVar("_Out")


def worked_ahead(work: Callable[[_In], _Out], items: Iterable[_In], threads: int,
                 name: str = "work-ahead") -> Iterator[_Out]:
    """``work(item)`` of each item in order; with ``threads`` > 1, each on a worker thread (named ``name``) while
    the caller makes the next item and handles the previous result; inline with one thread."""
    if threads <= 1:
        for item in items:
            yield work(item)
        return
    with ThreadPoolExecutor(1, thread_name_prefix=name) as pool:
        running: Future | None = None
        try:
            for item in items:
                nxt = pool.submit(work, item)
                if running is not None:
                    yield running.result()
                running = nxt
            if running is not None:
                yield running.result()
                running = None
        finally:
            if running is not None:
                running.cancel()
                with suppress(BaseException):
                    running.result()


def written_behind(write: Callable[[_In, Any], int], scored: Iterable[tuple[_In, Any]], threads: int,
                   between: Callable[[int], None] | None = None, name: str = "shift-writer") -> int:
    """Rows ``write`` wrote of every scored chunk; with ``threads`` > 1 each chunk is written on a thread of
    its own while the next one is scored (at most one chunk waits: memory stays two chunks'). Chunks are
    written in order, so the table is the one written inline.

    ``between`` gets each chunk's rows written, on the calling thread, once that chunk's write is done and while
    neither thread runs a query (the next chunk is scored, its write not started): where a checkpoint finds no
    other transaction open (:class:`engine.store.checkpoints.AppendCheckpoints`)."""
    done = between or (lambda rows: None)
    if threads <= 1:
        total = 0
        for d, prob in scored:
            n = write(d, prob)
            total += n
            done(n)
        return total
    total = 0
    pending: Future | None = None
    with ThreadPoolExecutor(1, thread_name_prefix=name) as pool:
        for d, prob in scored:
            if pending is not None:
                n = pending.result()
                total += n
                done(n)
            pending = pool.submit(write, d, prob)
        if pending is not None:
            n = pending.result()
            total += n
            done(n)
    return total

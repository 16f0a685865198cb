"""A sequence of items, each one's result worked out on a thread of its own while the caller makes the next.

Where a model's loop makes an item (a fit, a query) and then works on it (numpy that releases the interpreter
lock), the two halves can overlap on two cores: the caller makes item i + 1 while a worker works on item i.
Results come back in the items' order and at most one item is worked on ahead, so memory holds two items' at
most and the results are the ones the loop would give inline. A failure, in the work or in making the items,
is raised to the caller once the item under way is done (nothing is left running behind it).
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from typing import Callable, Iterable, Iterator, TypeVar

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

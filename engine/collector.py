"""Python's cyclic garbage collector: paused across a stretch of work, and told what lives for good.

A full collection walks every tracked object with the interpreter lock held, on whichever
thread happens to allocate. Once torch, sympy and scikit-learn are imported that is millions
of objects: single collections of over 700 ms were measured while the model libraries
loaded in the background, the window frozen meanwhile (issue #13's start-up stall).

:func:`paused` switches the collector off for a stretch (re-entrant across threads: it comes
back on when the last pause ends, and only if it was on before the first).
:func:`freeze_long_lived` moves every object alive now into the permanent generation
(``gc.freeze``), so later full collections walk only what was made since.
"""

from __future__ import annotations

import atexit
import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def freeze_long_lived() -> None:
    """Freeze every object alive now (a splice of the collector's lists, whatever their size).

    Call it inside :func:`paused`: after a pause every object made during it is still in the
    youngest generation, and the first collection once the pause ends walks them all
    (566-653 ms measured after the warm-up); so would a collection here.
    Cyclic garbage among them is frozen with the rest and never freed: a bounded, one-off
    cost against a stall at every later full collection.
    """
    gc.freeze()
    # at exit the frozen objects go back to the collector, so the interpreter's last collection
    # frees them as it would have (native bindings report objects still alive then as leaks)
    atexit.unregister(gc.unfreeze)
    atexit.register(gc.unfreeze)

"""Memory a finished model freed, handed back to the system before the next model starts.

Training every model in one process (the window, ``train`` with several models) ran migration on
top of what decay had freed but the C allocator kept: at long 10^7 (decay, then migration) the
process peaked at 1,966 MB against 1,798 MB for migration alone, and 1,891 MB with this step
between the two (tests/bench/bench_memory_steps.py, session 13). Python's cycle collector frees
what the model's objects still held; glibc's ``malloc_trim`` returns the free pages at the top of
its heaps and arenas. Other C libraries (macOS, Windows, musl) have no such call: there it is the
collection alone. The project's DuckDB flushes its own allocator (jemalloc on Linux) too
(:meth:`engine.store.project.Project.hand_back_memory`): its background threads return what a model's queries
freed over seconds, and the next model started on top of it (after segments at wide 10^7: 1,008 -> 447 MB,
one run, session 54). pyarrow's allocator (mimalloc in its wheels) keeps the pages of the buffers it freed until
asked: after decay at long 10^7, 92 MB of them, with nothing allocated; every model in one process there peaked
at 1,961 / 1,956 MB without releasing them, 1,891 / 1,874 with (migration; two alternated pairs, session 55:
tests/bench/results/models_one_process_s55.json).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from functools import cache
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from engine.store.project import Project


@cache
def _trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def hand_back_freed_memory(project: "Project | None" = None) -> bool:
    """Collect cycles, then give free heap pages back to the system (``project``'s DuckDB its own allocator's
    too, pyarrow its pool's where a model loaded it); False where the C library cannot."""
    gc.collect()
    if project is not None:
        project.hand_back_memory()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True

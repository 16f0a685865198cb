"""Import the heavy model libraries ahead of time.

Their first import holds the interpreter lock for up to a few hundred milliseconds at a
time (torch loads torch._dynamo and sympy lazily on a first optimizer step). Done
during a training, that freezes the window's live plots; done once right after
start-up, in the background, nobody notices.

Most of that hold is the dynamic loader: ``import torch`` maps libtorch_cpu (400 MB),
relocates it and runs its static constructors, all under the interpreter lock (an
extension module is loaded with the lock held), which froze the window for over a second
at start-up. :func:`preload_native` first loads the libraries those imports depend on
through libc's ``dlopen``, called by ctypes with the lock released; the imports then
find them loaded. Only plain C/C++ libraries are preloaded (none that calls into
Python, none of torch's test-op libraries, whose loading registers operators).

The rest of the stalls were the cyclic garbage collector: the imports make millions of
objects, and full collections over them held the lock for up to 740 ms. The collector is
paused while the modules load (they make no garbage worth collecting) and what they made
is then frozen (:mod:`engine.collector`), so no later collection walks it either.
"""

from __future__ import annotations

import ctypes
import os
import threading
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import Iterator

from engine import collector
from engine.jobs import CancelToken, JobCancelled, ProgressCallback, ensure
from engine.messages import msg

#: pyarrow.compute: loaded by the first model's query (engine.store.matrix_fetch), 20 ms of CPU under the lock
HEAVY_MODULES = ("pyarrow.compute", "scipy.optimize", "sklearn.cluster", "sklearn.linear_model", "torch",
                 "torch._dynamo", "safetensors.torch", "numba")


#: Per top-level package: the native libraries its import loads, relative to the package
#: directory, in dependency order ("../<dir>/*" globs a wheel's vendored-library folder).
NATIVE_LIBRARIES = {
    "scipy": ("../scipy.libs/*",),
    "sklearn": ("../scikit_learn.libs/*",),
    "torch": ("lib/libgomp.so.1", "lib/libc10.so", "lib/libtorch_cpu.so", "lib/libtorch.so", "lib/libshm.so"),
    "llvmlite": ("binding/libllvmlite.so",),
}


#: Packages whose native libraries another's import loads.
_ALSO_LOADS = {"numba": ("llvmlite",)}

#: What the command line loads beside a training of several models (:func:`warmed_up_beside`): not torch, whose
#: ~250 MB resident moved into decay's peak when loaded beside the first models (long 10^7: the path's peak 1,824 ->
#: 1,943 MB, decay's 1,644 -> 1,931; results/scale_s62_long7_one_train_torch_beside.json); migration loads it as
#: it starts, as before.
BESIDE_MODULES = tuple(m for m in HEAVY_MODULES if m.split(".")[0] not in ("torch", "safetensors"))


def _packages(modules: tuple[str, ...]) -> tuple[str, ...]:
    """The packages of :data:`NATIVE_LIBRARIES` that loading ``modules`` loads."""
    tops = {m.split(".")[0] for m in modules}
    tops |= {also for top in tops for also in _ALSO_LOADS.get(top, ())}
    return tuple(p for p in NATIVE_LIBRARIES if p in tops)


def native_libraries(package: str) -> list[Path]:
    """The files of :data:`NATIVE_LIBRARIES` that exist for ``package`` (none when it is not installed)."""
    spec = find_spec(package)   # a top-level package: found without importing it
    if spec is None or not spec.submodule_search_locations:
        return []
    root = Path(next(iter(spec.submodule_search_locations)))
    found: list[Path] = []
    for pattern in NATIVE_LIBRARIES.get(package, ()):
        if "*" in pattern:
            found += sorted(p for p in root.glob(pattern) if ".so" in p.name)
        elif (root / pattern).exists():
            found.append(root / pattern)
    return found


def preload_native(packages: tuple[str, ...] = tuple(NATIVE_LIBRARIES)) -> int:
    """dlopen the packages' native libraries with the interpreter lock released; how many loaded.

    A library that fails to load is left to the import (which then reports it as it always did).
    """
    if os.name != "posix":
        return 0
    libc = ctypes.CDLL(None)
    dlopen = libc.dlopen   # a foreign call through ctypes.CDLL releases the lock while it runs
    dlopen.restype, dlopen.argtypes = ctypes.c_void_p, (ctypes.c_char_p, ctypes.c_int)
    loaded = 0
    for package in packages:
        for path in native_libraries(package):
            # RTLD_NOW: relocations now, not lazily later under the lock; never closed: the import reuses it
            loaded += bool(dlopen(os.fsencode(path), os.RTLD_NOW | os.RTLD_LOCAL))
    return loaded


def warm_up(progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
            modules: tuple[str, ...] = HEAVY_MODULES) -> list[str]:
    progress, cancel = ensure(progress, cancel)
    # torch's libraries take most of the preload, when it is loaded
    first = "torch" if "torch" in modules else modules[0].split(".")[0]
    progress(0, len(modules), msg("progress.loading", name=first))
    preload_native(_packages(modules))
    with collector.paused():
        for i, name in enumerate(modules):
            cancel.raise_if_cancelled()
            progress(i, len(modules), msg("progress.loading", name=name.split('.')[0]))
            import_module(name)
        # the boosters' compiled tree walk, read from numba's cache (or compiled) now, not in a training's first walk
        from engine.models.leaf_masks import compile_walks
        compile_walks()
        # and the decay's likelihood loops (engine.models.decay.hawkes_likelihood)
        from engine.models.decay.hawkes_likelihood import compile_kernels
        compile_kernels()
        # before the collector is back: its first run would walk every object the imports made
        collector.freeze_long_lived()
    progress(len(modules), len(modules), msg("progress.libraries_ready"))
    return list(modules)


@contextmanager
def warmed_up_beside(cancel: CancelToken | None = None) -> Iterator[None]:
    """:func:`warm_up` of :data:`BESIDE_MODULES` on a thread of its own while the block runs, joined as it ends: the
    command line's training of several models loads scikit-learn, numba and the compiled loops while the first
    models train (as the window loads every library after start-up), not on the main thread when a model first
    needs them. A module the main thread imports meanwhile waits for the thread's import of it (Python's import
    locks). A library that fails to load here fails again, with its error, where the model imports it; a cancel
    stops the loading at its next module."""
    thread = threading.Thread(target=_warm_up_quietly, args=(cancel,), name="warm-up")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _warm_up_quietly(cancel: CancelToken | None) -> None:
    try:
        warm_up(cancel=cancel, modules=BESIDE_MODULES)
    except (ImportError, OSError, JobCancelled):
        pass

"""Import the heavy model libraries ahead of time.

Their first import holds the interpreter lock for up to a few hundred milliseconds at a
time (torch loads torch._dynamo and sympy lazily on a first optimizer step). Done
during a training, that freezes the window's live plots; done once right after
start-up, in the background, nobody notices.
"""

from __future__ import annotations

from importlib import import_module

from engine.jobs import CancelToken, ProgressCallback, ensure
from engine.messages import msg

HEAVY_MODULES = ("scipy.optimize", "sklearn.cluster", "sklearn.linear_model", "torch", "torch._dynamo",
                 "safetensors.torch")


def warm_up(progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> list[str]:
    progress, cancel = ensure(progress, cancel)
    for i, name in enumerate(HEAVY_MODULES):
        cancel.raise_if_cancelled()
        progress(i, len(HEAVY_MODULES), msg("progress.loading", name=name.split('.')[0]))
        import_module(name)
    progress(len(HEAVY_MODULES), len(HEAVY_MODULES), msg("progress.libraries_ready"))
    return list(HEAVY_MODULES)

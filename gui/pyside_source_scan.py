"""PySide6's scan of every imported module, without keeping the modules' sources in memory.

Once PySide6 is loaded, its import hook asks of every module imported after it whether its source
mentions "PySide6" (to switch its optional ``__feature__`` syntax on per module), and asks through
``inspect.getsource``, which leaves every line of every source in ``linecache`` for the life of the
process. The model libraries the window loads after Qt (torch above all) are 2,253 modules: their
sources took ~130 MB of the window's memory that a command-line process, without PySide6, does not
hold (issue #13: the window went over 2 GB at 10^7 events). The same question answered from the file's
bytes keeps nothing. PySide6 offers no switch for this, so its one function is wrapped (as other
PySide6 apps do); where it is missing (another PySide6 version), nothing changes.
"""

from __future__ import annotations

import sys
from typing import Callable

import PySide6.QtCore  # noqa: F401  (loads shiboken6's import hook and the module it calls)

_HOOK_MODULE = "shibokensupport.feature"
_HOOK = "_mod_uses_pyside"


def _from_bytes(original: Callable[[object], bool]) -> Callable[[object], bool]:
    def uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.__wrapped__ = original  # type: ignore[attr-defined]
    return uses_pyside


def scan_without_keeping_sources() -> bool:
    """Answer PySide6's per-import question from the module file's bytes; False when PySide6 has no
    such hook here (or it is already wrapped)."""
    hook_module = sys.modules.get(_HOOK_MODULE)
    original = getattr(hook_module, _HOOK, None)
    if original is None or hasattr(original, "__wrapped__"):
        return False
    setattr(hook_module, _HOOK, _from_bytes(original))
    return True

"""The temp folders an import writes its prepared copies in (the platform's temp folder), named with
the process's pid so that one left by a killed import is recognised and removed by the next."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

TMP_PREFIX = "shiftwise-import-"


def new_temp_folder(root: Path | None) -> Path:
    """A fresh folder in the platform's temp folder (``root`` only in tests), named with our pid so
    that one left by a killed import is recognised and removed by the next."""
    sweep_stale_temps(Path(root) if root else None)
    return Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=str(root) if root else None))


def sweep_stale_temps(root: Path | None = None, *, beside: Path | None = None) -> int:
    """Remove temp folders of imports whose process is gone; ``beside`` also sweeps a project's
    folder, where versions before 0.9 put them. Returns how many were removed."""
    removed = 0
    for folder in {Path(root or tempfile.gettempdir()), *([beside] if beside else [])}:
        try:
            candidates = list(folder.glob(f"{TMP_PREFIX}*"))
        except OSError:
            continue
        for tmp in candidates:
            pid = tmp.name[len(TMP_PREFIX):].split("-", 1)[0]
            if tmp.is_dir() and not (pid.isdigit() and _alive(int(pid))):
                shutil.rmtree(tmp, ignore_errors=True)
                removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True

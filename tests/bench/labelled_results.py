"""Results files that keep one entry per run label (a before and an after side by side), written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path


def save_labelled(path: str | Path, label: str, out: dict) -> None:
    """``out`` under ``label`` in the JSON file at ``path``; the other labels stay as they were."""
    path = Path(path)
    results = json.loads(path.read_text()) if path.exists() else {}
    results[label] = out
    part = path.with_suffix(".json.part")
    part.write_text(json.dumps(results, indent=1, sort_keys=True))
    part.replace(path)

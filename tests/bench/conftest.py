"""Benchmarks: run on demand (`python -m pytest tests/bench -s`), never in CI.
Each writes its figures to tests/bench/results/<name>.json."""

from __future__ import annotations

import json
import os
import platform
import resource
from pathlib import Path

import pytest

RESULTS = Path(__file__).parent / "results"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture
def record_figures():
    def write(name: str, figures: dict) -> Path:
        RESULTS.mkdir(exist_ok=True)
        figures = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()}, **figures}
        path = RESULTS / f"{name}.json"
        path.write_text(json.dumps(figures, indent=2, default=str))
        print(json.dumps(figures, indent=2, default=str))
        return path

    return write
